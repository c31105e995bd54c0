"""Factories shared by the test suite."""

from datetime import date
from decimal import Decimal

import factory

from regionforum.accounts.models import Role, User
from regionforum.forums.models import Forum
from regionforum.gazetteer.models import Country, Region
from regionforum.registry.models import Agreement, AgreementKind, Money, Organisation, Party


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = "BY"
    name_en = factory.LazyAttribute(lambda c: {"BY": "Belarus", "RU": "Russia"}.get(c.code, c.code))
    name_ru = factory.LazyAttribute(
        lambda c: {"BY": "Беларусь", "RU": "Россия"}.get(c.code, c.code)
    )


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "BY-HO"
    country = factory.LazyAttribute(lambda r: CountryFactory(code=r.code[:2]))
    name_en = factory.LazyAttribute(lambda r: f"Region {r.code}")
    name_ru = factory.LazyAttribute(lambda r: f"Регион {r.code}")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum
        django_get_or_create = ["number"]

    number = 8
    year = factory.LazyAttribute(lambda f: 2013 + f.number)
    starts_on = factory.LazyAttribute(lambda f: date(f.year, 6, 29))
    ends_on = factory.LazyAttribute(lambda f: date(f.year, 6, 30))
    host_cities = "Minsk"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    key = factory.LazyAttribute(lambda o: o.name.casefold())
    region = factory.SubFactory(RegionFactory)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    kind = AgreementKind.AGREEMENT
    title = factory.Sequence(lambda n: f"Agreement {n}")
    signed_on = date(2021, 6, 30)
    forum = factory.SubFactory(ForumFactory)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    agreement = factory.SubFactory(AgreementFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    order = 1


class MoneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Money

    agreement = factory.SubFactory(AgreementFactory)
    value = Decimal("1000000.00")
    currency = "USD"
    value_date = factory.LazyAttribute(lambda m: m.agreement.signed_on)
    usd = factory.LazyAttribute(lambda m: m.value if m.currency == "USD" else None)
    rate = Decimal("1")
    rate_date = factory.LazyAttribute(lambda m: m.agreement.signed_on)
    rate_source = "test"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.ANALYST
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # The password is set after the first save; keep it.
        if create:
            instance.save()


def agreement_between(*regions: Region, **fields) -> Agreement:
    """An agreement with one party in each of the given regions."""
    agreement = AgreementFactory(**fields)
    for order, region in enumerate(regions, start=1):
        PartyFactory(
            agreement=agreement, organisation=OrganisationFactory(region=region), order=order
        )
    return agreement
