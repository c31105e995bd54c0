"""The shared factories, plus what the page tests need beyond them: sources, milestones, two
named regions, and agreements with money in a given currency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from regionforum.accounts.models import User
from regionforum.gazetteer.models import Region
from regionforum.registry.models import Agreement, Milestone, SourceRecord
from tests.factories import (
    AgreementFactory,
    CountryFactory,
    ForumFactory,
    MoneyFactory,
    OrganisationFactory,
    PartyFactory,
    RegionFactory,
    UserFactory,
)

__all__ = [
    "AgreementFactory",
    "CountryFactory",
    "ForumFactory",
    "MilestoneFactory",
    "MoneyFactory",
    "OrganisationFactory",
    "PartyFactory",
    "RegionFactory",
    "SourceRecordFactory",
    "UserFactory",
    "agreement_between",
    "region_minsk",
    "region_smolensk",
    "user_with_role",
]


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    agreement = factory.SubFactory(AgreementFactory)
    title = "Joint venture registered"
    due_on = dt.date(2022, 1, 31)


class SourceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceRecord

    agreement = factory.SubFactory(AgreementFactory)
    file_name = "minsk-2021.xlsx"
    row = factory.Sequence(lambda n: n + 2)
    ref = factory.Sequence(lambda n: f"MN-{n}")
    reporter = "BY-MI"
    raw = factory.LazyAttribute(lambda o: {"ref": o.ref, "title": o.agreement.title})
    row_hash = factory.Sequence(lambda n: f"{n:064x}")
    match_reason = "new agreement"


def user_with_role(role: str, *, username: str = "", regions: tuple[Region, ...] = ()) -> User:
    """A user whose password ("correct horse battery") is saved, so that logging in and the
    session's auth hash both work; the shared UserFactory sets it after saving."""
    fields = {"username": username} if username else {}
    user = UserFactory(role=role, regions=list(regions), **fields)
    user.save()
    return user


def region_minsk() -> Region:
    return RegionFactory(
        code="BY-MI", name_en="Minsk Region", name_ru="Минская область", name_be="Мінская вобласць"
    )


def region_smolensk() -> Region:
    return RegionFactory(
        code="RU-SMO",
        name_en="Smolensk Oblast",
        name_ru="Смоленская область",
        name_be="Смаленская вобласць",
    )


def agreement_between(
    first: Region,
    second: Region,
    *,
    usd: Decimal | None = None,
    money: tuple[Decimal, str] | None = None,
    **fields: object,
) -> Agreement:
    """An agreement between an organisation in each region, outside any forum unless one is
    given, with an amount in USD or one in another currency that was not converted."""
    fields.setdefault("forum", None)
    agreement = AgreementFactory(**fields)
    PartyFactory(agreement=agreement, organisation=OrganisationFactory(region=first), order=1)
    PartyFactory(agreement=agreement, organisation=OrganisationFactory(region=second), order=2)
    if usd is not None:
        MoneyFactory(agreement=agreement, value=usd, currency="USD")
    elif money is not None:
        MoneyFactory(
            agreement=agreement,
            value=money[0],
            currency=money[1],
            rate=None,
            rate_date=None,
            rate_source="",
        )
    return agreement
