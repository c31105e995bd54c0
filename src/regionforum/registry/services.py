"""Writes to the registry besides the import: agreements as people enter them, review, merges.

Importing sheets is the pipeline in `registry.imports`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from regionforum.registry.audit import audit_fields
from regionforum.registry.errors import FieldsRejected, RegistryError, RowError
from regionforum.registry.models import (
    Agreement,
    Money,
    Organisation,
    OrganisationAlias,
    Party,
    ReviewItem,
    ReviewStatus,
    SourceRecord,
)
from regionforum.registry.naming import (
    organisation_names,
    organisation_names_fill,
    organisation_names_seen,
)
from regionforum.registry.selectors import organisation_index

if TYPE_CHECKING:
    from regionforum.accounts.models import User
    from regionforum.money import RateTable


# Review and organisation merges ---------------------------------------------------------


@transaction.atomic
def agreement_merge(*, agreement: Agreement, into: Agreement, user: User | None = None) -> None:
    """Fold one agreement into another: its sources, parties and missing fields move over."""
    if agreement.pk == into.pk:
        raise RegistryError(_("An agreement cannot be merged into itself."))
    reason = _("Merged by %(user)s from agreement %(id)s.") % {
        "user": user.get_username() if user else _("the secretariat"),
        "id": agreement.pk,
    }
    for source in SourceRecord.all_objects.filter(agreement=agreement):
        source.agreement = into
        source.match_reason = f"{source.match_reason} {reason}".strip()
        source.save(update_fields=["agreement", "match_reason"])
    present = set(into.parties.values_list("organisation_id", flat=True))
    order = len(present)
    for party in agreement.parties.exclude(organisation_id__in=present):
        order += 1
        _save_as(
            Party(
                agreement=into, organisation_id=party.organisation_id, order=order, role=party.role
            ),
            user,
        )
    if not Money.objects.filter(agreement=into).exists():
        for money in Money.objects.filter(agreement=agreement):
            money.agreement = into
            _save_as(money, user, update_fields=["agreement"])
    if into.forum_id is None and agreement.forum_id is not None:
        into.forum_id = agreement.forum_id
    if not into.sector:
        into.sector = agreement.sector
    into._change_reason = reason  # type: ignore[attr-defined]
    _save_as(into, user)
    for item in ReviewItem.objects.filter(candidate=agreement):
        item.candidate = into
        _save_as(item, user, update_fields=["candidate"])
    for item in ReviewItem.objects.filter(agreement=agreement):
        item.agreement = into
        _save_as(item, user, update_fields=["agreement"])
    # What the deletion would cascade to goes first, one by one, so that its history rows
    # name the user too.
    for dependant in [*agreement.parties.all(), *Money.objects.filter(agreement=agreement)]:
        dependant._history_user = user  # type: ignore[attr-defined]
        dependant.delete()
    agreement._history_user = user  # type: ignore[attr-defined]
    agreement.delete()


def _save_as(instance: Any, user: User | None, **save: Any) -> None:
    """Save, with the history row naming `user` as who made the change."""
    instance._history_user = user
    instance.save(**save)


@transaction.atomic
def review_decide(*, item: ReviewItem, merge: bool, user: User | None = None) -> ReviewItem:
    """Merge the pair, or record that they are two agreements; either way the item is closed."""
    if item.status != ReviewStatus.OPEN:
        raise RegistryError(_("This pair has already been decided."))
    if merge:
        if item.agreement is None or item.candidate is None:
            raise RegistryError(_("One of the two agreements no longer exists."))
        agreement_merge(agreement=item.agreement, into=item.candidate, user=user)
        item.refresh_from_db()
        item.status = ReviewStatus.MERGED
    else:
        item.status = ReviewStatus.KEPT_APART
    item.decided_by = user
    item.decided_at = timezone.now()
    _save_as(item, user)
    return item


@transaction.atomic
def organisation_merge(
    *, organisation: Organisation, into: Organisation, user: User | None = None
) -> Organisation:
    """Make `organisation` a name of `into`: its parties move over and its names become aliases;
    its names per language fill those `into` lacks.

    The merged organisation stays, marked with `merged_into`, so that its history and any link
    to it can still be followed.
    """
    if organisation.pk == into.pk:
        raise RegistryError(_("An organisation cannot be merged into itself."))
    if organisation.region_id != into.region_id:
        raise RegistryError(_("Only organisations of the same region can be merged."))
    for party in Party.objects.filter(organisation=organisation).select_related("agreement"):
        party._history_user = user  # type: ignore[attr-defined]
        if Party.objects.filter(agreement=party.agreement, organisation=into).exists():
            party.delete()
        else:
            party.organisation = into
            party.save(update_fields=["organisation"])
    names = [(organisation.name, organisation.key)] + [
        (alias.name, alias.key) for alias in organisation.aliases.all()
    ]
    OrganisationAlias.objects.bulk_create(
        [OrganisationAlias(organisation=into, name=name, key=key) for name, key in names],
        ignore_conflicts=True,
    )
    gained = [
        f"name_{code}"
        for code, name in organisation_names(organisation).items()
        if name and not getattr(into, f"name_{code}")
    ]
    if gained:
        for field in gained:
            setattr(into, field, getattr(organisation, field))
        into._history_user = user  # type: ignore[attr-defined]
        into.save(update_fields=gained)
    organisation.merged_into = into
    organisation._history_user = user  # type: ignore[attr-defined]
    organisation.save(update_fields=["merged_into"])
    earlier = list(Organisation.objects.filter(merged_into=organisation))
    for merged in earlier:
        merged.merged_into = into
    bulk_update_with_history(
        earlier,
        Organisation,
        ["merged_into"],
        default_user=user,
        custom_historical_attrs=audit_fields(),
    )
    return into


# --- Single agreements, as the API writes them ------------------------------------------------


class AgreementExists(RegistryError):
    """The agreement is in the registry already; `agreement_id` names it."""

    def __init__(self, agreement_id: int) -> None:
        super().__init__(_("This agreement is in the registry already."))
        self.agreement_id = agreement_id


@dataclass(frozen=True, slots=True)
class PartySpec:
    """A party named by its organisation's name and its region's code."""

    organisation: str
    region: str


def organisation_resolve(*, name: str, region_code: str) -> Organisation:
    """The organisation of that name (or alias) in the region, created when there is none."""
    from regionforum.gazetteer.models import Region
    from regionforum.names import organisation_key

    key = (organisation_key(name) or name.casefold())[:500]  # as the import stores keys
    found = organisation_index(regions={region_code}).get((region_code, key))
    if found is not None:
        organisation_names_fill(seen={found: [name]})
        return Organisation.objects.get(pk=found)
    try:
        region = Region.objects.get(code=region_code)
    except Region.DoesNotExist:
        raise RegistryError(_("Unknown region code %(code)s.") % {"code": region_code}) from None
    return Organisation.objects.create(
        name=name[:500],
        region=region,
        key=key,
        **organisation_names_seen(name, region_code=region_code),
    )


def _agreement_fields(fields: dict[str, Any]) -> dict[str, Any]:
    from regionforum.forums.models import Forum
    from regionforum.registry.models import AgreementKind, AgreementStatus

    checked = dict(fields)
    for name in ("sector", "notes"):
        if name in checked and checked[name] is None:
            checked[name] = ""
    if "signed_on" in checked and checked["signed_on"] is None:
        raise RegistryError(_("An agreement needs a signing date."))
    if "kind" in checked and checked["kind"] not in AgreementKind.values:
        raise RegistryError(
            _("Unknown kind %(kind)s; use one of %(kinds)s.")
            % {"kind": checked["kind"], "kinds": ", ".join(AgreementKind.values)}
        )
    if "status" in checked and checked["status"] not in AgreementStatus.values:
        raise RegistryError(
            _("Unknown status %(status)s; use one of %(statuses)s.")
            % {"status": checked["status"], "statuses": ", ".join(AgreementStatus.values)}
        )
    if "title" in checked and not (checked["title"] or "").strip():
        raise RegistryError(_("An agreement needs a title."))
    if "forum" in checked:
        number = checked.pop("forum")
        if number is None:
            checked["forum"] = None
        else:
            forum = Forum.objects.filter(number=number).first()
            if forum is None:
                raise RegistryError(_("There is no forum %(number)s.") % {"number": number})
            checked["forum"] = forum
    return checked


def _agreement_parties(agreement: Agreement, parties: list[PartySpec], user: User | None) -> None:
    if len(parties) < 2:
        raise RegistryError(_("An agreement needs at least two parties."))
    organisations = [
        organisation_resolve(name=party.organisation, region_code=party.region.upper())
        for party in parties
    ]
    if len({organisation.pk for organisation in organisations}) < len(organisations):
        raise RegistryError(_("The same organisation is named twice among the parties."))
    agreement.parties.all().delete()
    bulk_create_with_history(
        [
            Party(agreement=agreement, organisation=organisation, order=order)
            for order, organisation in enumerate(organisations, start=1)
        ],
        Party,
        default_user=user,
        custom_historical_attrs=audit_fields(),
    )


def money_values(amount: Any, value_date: date, conversion: Any) -> dict[str, Any]:
    """A Money row's fields: `amount` (a money.Money) and its USD `conversion`, if any."""
    fields: dict[str, Any] = {
        "value": amount.value,
        "currency": amount.currency,
        "value_date": value_date,
        "usd": None,
        "rate": None,
        "rate_date": None,
        "rate_source": "",
    }
    if conversion is not None:
        fields.update(
            usd=conversion.usd.quantize(Decimal("0.01")),
            rate=conversion.rate,
            rate_date=conversion.rate_date,
            rate_source=conversion.source[:200],
        )
    return fields


def _agreement_money(agreement: Agreement, amount: Any | None, rates: RateTable) -> None:
    """Replace the agreement's amount; `amount` is a money.Money or None for no amount."""
    Money.objects.filter(agreement=agreement).delete()
    if amount is None:
        return
    if amount.value < 0:
        raise RegistryError(_("An amount cannot be negative."))
    conversion = rates.convert(amount, agreement.signed_on)
    Money.objects.create(
        agreement=agreement, **money_values(amount, agreement.signed_on, conversion)
    )


@transaction.atomic
def agreement_create(
    *,
    user: User | None,
    fields: dict[str, Any],
    parties: list[PartySpec],
    amount: Any | None,
) -> Agreement:
    """One agreement with its parties and amount (a money.Money), as a person enters it."""
    from regionforum.registry.rates import rate_table

    agreement = Agreement(**_agreement_fields(fields))
    agreement._history_user = user  # type: ignore[attr-defined]
    agreement.save()
    _agreement_parties(agreement, parties, user)
    twin = (
        Agreement.objects.filter(
            signed_on=agreement.signed_on, kind=agreement.kind, title__iexact=agreement.title
        )
        .exclude(pk=agreement.pk)
        .filter(parties__organisation__in=agreement.organisations.all())
        .annotate(shared=Count("parties", distinct=True))
        .filter(shared=len(parties))
        .first()
    )
    if twin is not None:
        raise AgreementExists(twin.pk)
    _agreement_money(agreement, amount, rate_table())
    return agreement


_UNSET: Any = object()


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    user: User | None,
    fields: dict[str, Any],
    parties: list[PartySpec] | None = None,
    amount: Any = _UNSET,
) -> Agreement:
    """Change the given fields; parties and amount are replaced only when given."""
    from regionforum.registry.rates import rate_table

    for name, value in _agreement_fields(fields).items():
        setattr(agreement, name, value)
    agreement._history_user = user  # type: ignore[attr-defined]
    agreement.save()
    if parties is not None:
        _agreement_parties(agreement, parties, user)
    current = getattr(agreement, "money", None)
    if amount is _UNSET and "signed_on" in fields and current is not None:
        from regionforum.money import Money as Amount

        # The same amount, converted again at the rate of the new signing date.
        amount = Amount(value=current.value, currency=current.currency)
    if amount is not _UNSET:
        _agreement_money(agreement, amount, rate_table())
    return agreement


# --- Drafts: deals recorded at business meetings -----------------------------------------------


@dataclass(frozen=True, slots=True)
class DraftSource:
    """Where a draft came from, kept as a source row: `origin` and `number` say what and which
    (for example "business programme" and the meeting's number), `ref` how people cite it."""

    origin: str
    number: int
    ref: str
    details: dict[str, Any]


@transaction.atomic
def agreement_draft_create(
    *,
    user: User | None,
    fields: dict[str, Any],
    organisations: list[Organisation],
    source: DraftSource,
) -> Agreement:
    """A draft agreement between organisations already in the registry; it counts nowhere until
    `agreement_draft_confirm`. Its source row records where it came from."""
    import hashlib

    if len(organisations) < 2:
        raise RegistryError(_("An agreement needs at least two parties."))
    if len({organisation.pk for organisation in organisations}) < len(organisations):
        raise RegistryError(_("The same organisation is named twice among the parties."))
    checked = _agreement_fields(fields)
    checked["is_draft"] = True
    agreement = Agreement(**checked)
    agreement._history_user = user  # type: ignore[attr-defined]
    agreement._change_reason = source.ref  # type: ignore[attr-defined]
    agreement.save()
    bulk_create_with_history(
        [
            Party(agreement=agreement, organisation=organisation, order=order)
            for order, organisation in enumerate(organisations, start=1)
        ],
        Party,
        default_user=user,
        custom_historical_attrs=audit_fields(),
    )
    digest = hashlib.sha256(f"{source.origin}\n{source.number}".encode()).hexdigest()
    SourceRecord.objects.create(
        agreement=agreement,
        file_name=source.origin[:300],
        row=source.number,
        ref=source.ref[:200],
        raw=source.details,
        row_hash=digest,
        match_reason=source.ref,
    )
    return agreement


@transaction.atomic
def agreement_draft_confirm(
    *,
    agreement: Agreement,
    user: User | None,
    fields: dict[str, Any],
    amount: Any | None,
) -> Agreement:
    """Complete a draft (kind, signing date, title…) with its amount, and make it count."""
    if not agreement.is_draft:
        raise RegistryError(_("This agreement is not a draft; it has been confirmed already."))
    agreement._change_reason = _("Draft confirmed")  # type: ignore[attr-defined]
    return agreement_update(
        agreement=agreement, user=user, fields={**fields, "is_draft": False}, amount=amount
    )


@transaction.atomic
def agreement_draft_discard(*, agreement: Agreement) -> None:
    """Remove a draft that its meeting no longer stands behind; a confirmed one stays."""
    if not agreement.is_draft:
        raise RegistryError(_("A confirmed agreement cannot be discarded as a draft."))
    SourceRecord.all_objects.filter(agreement=agreement).delete()
    agreement.delete()


# --- Corrections on the web, checked as the import checks a row ------------------------------

CORRECTED_FIELDS = ("kind", "title", "signed_on", "status", "sector", "forum", "notes")


def agreement_row_values(agreement: Agreement) -> dict[str, str]:
    """The agreement as a sheet's row would give it: the text a correction form starts from."""
    from regionforum.registry.imports.rows import cell_text

    money = getattr(agreement, "money", None)
    values = {
        "kind": agreement.kind,
        "title": agreement.title,
        "signed_on": agreement.signed_on.isoformat(),
        "status": agreement.status,
        "sector": agreement.sector,
        "forum": str(agreement.forum.number) if agreement.forum else "",
        "notes": agreement.notes,
        "amount": cell_text(money.value) if money is not None else "",
        "currency": money.currency if money is not None else "",
    }
    for number, party in enumerate(agreement.parties.all(), start=1):
        values[f"party_{number}"] = party.organisation.name
        values[f"region_{number}"] = party.organisation.region.code
    return values


@transaction.atomic
def agreement_correct(
    *, agreement: Agreement, user: User | None, values: dict[str, str], reporter: str = ""
) -> Agreement:
    """Correct an agreement's fields and amount from text, read as the import reads a row:
    the parties stay. Raises FieldsRejected naming each field that fails."""
    from regionforum.registry.errors import FieldsRejected
    from regionforum.registry.imports.pipeline import row_check

    current = agreement_row_values(agreement)
    given = {
        name: values.get(name, current.get(name, ""))
        for name in [*CORRECTED_FIELDS, "amount", "currency"]
    }
    parties = {
        name: value for name, value in current.items() if name.startswith(("party_", "region_"))
    }
    parsed = row_check(values={**given, **parties}, reporter=reporter)
    if parsed.errors:
        raise FieldsRejected(parsed.errors)
    fields = {
        "kind": parsed.kind,
        "title": parsed.title,
        "signed_on": parsed.signed_on,
        "status": parsed.status,
        "sector": parsed.sector,
        "forum": parsed.forum,
        "notes": parsed.notes,
    }
    changed = {
        name: value for name, value in fields.items() if value != _current_field(agreement, name)
    }
    money = getattr(agreement, "money", None)
    same_amount = (money is None and parsed.money is None) or (
        money is not None
        and parsed.money is not None
        and (money.value, money.currency) == (parsed.money.value, parsed.money.currency)
    )
    extra = {} if same_amount else {"amount": parsed.money}
    return agreement_update(agreement=agreement, user=user, fields=changed, **extra)


def _current_field(agreement: Agreement, name: str) -> Any:
    if name == "forum":
        return agreement.forum.number if agreement.forum else None
    return getattr(agreement, name)


class OrganisationExists(RegistryError):
    """The region has an organisation of that name (or alias) already; `organisation_id`
    names it."""

    def __init__(self, organisation_id: int) -> None:
        super().__init__(_("The region has an organisation of this name already."))
        self.organisation_id = organisation_id


def _organisation_fields(
    *, name: str, kind: str, names: dict[str, str] | None
) -> tuple[str, dict[str, str]]:
    """The name and the names per language, stripped and held to the import's limits."""
    from regionforum.names.languages import LANGUAGES
    from regionforum.registry.models import OrganisationKind
    from regionforum.safetext import text_limit, text_problem

    name = name.strip()
    if not name:
        raise RegistryError(_("An organisation needs a name."))
    if problem := text_problem(name, limit=text_limit("party")):
        raise RegistryError(problem)
    per_language = {code: text.strip() for code, text in (names or {}).items()}
    if unknown := per_language.keys() - set(LANGUAGES):
        raise RegistryError(_("Unknown language %(code)s.") % {"code": ", ".join(sorted(unknown))})
    rejected = [
        RowError(file="", row=0, column=f"name_{code}", value=text, message=problem)
        for code, text in per_language.items()
        if text and (problem := text_problem(text, limit=text_limit("party")))
    ]
    if rejected:
        raise FieldsRejected(rejected)
    if kind not in OrganisationKind.values:
        raise RegistryError(
            _("Unknown kind %(kind)s; use one of %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(OrganisationKind.values)}
        )
    return name, per_language


@transaction.atomic
def organisation_create(
    *,
    user: User | None,
    name: str,
    region_code: str,
    kind: str,
    names: dict[str, str] | None = None,
) -> Organisation:
    """Add an organisation to a region; refused when the region has one of that name or
    alias (the import would take both for one). Names per language not given are filled from
    the name as the import fills them."""
    from regionforum.gazetteer.models import Region
    from regionforum.names import organisation_key

    name, per_language = _organisation_fields(name=name, kind=kind, names=names)
    try:
        region = Region.objects.get(code=region_code)
    except Region.DoesNotExist:
        raise RegistryError(_("Unknown region code %(code)s.") % {"code": region_code}) from None
    key = (organisation_key(name) or name.casefold())[:500]
    found = organisation_index(regions={region_code}).get((region_code, key))
    if found is not None:
        raise OrganisationExists(found)
    seen = organisation_names_seen(name, region_code=region_code)
    organisation = Organisation(
        name=name,
        region=region,
        key=key,
        kind=kind,
        **{**seen, **{f"name_{code}": text for code, text in per_language.items() if text}},
    )
    organisation._history_user = user  # type: ignore[attr-defined]
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    user: User | None,
    name: str,
    kind: str,
    names: dict[str, str] | None = None,
) -> Organisation:
    """Correct an organisation's name, kind or names per language (`names`, by language code;
    a blank one says the registry has no name in that language). Each name is held to the
    import's limits."""
    from regionforum.names import organisation_key

    name, per_language = _organisation_fields(name=name, kind=kind, names=names)
    if name != organisation.name:
        OrganisationAlias.objects.get_or_create(
            organisation=organisation, key=organisation.key, defaults={"name": organisation.name}
        )
        organisation.name = name
        organisation.key = (organisation_key(name) or name.casefold())[:500]
    organisation.kind = kind
    for code, text in per_language.items():
        setattr(organisation, f"name_{code}", text)
    organisation._history_user = user  # type: ignore[attr-defined]
    organisation.save()
    return organisation
