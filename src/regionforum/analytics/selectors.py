"""The headline figures, computed from the registry.

Every figure is an aggregate over one queryset of agreements (`agreement_scope`), so a number on
a page or in the CLI can always be traced to the agreements behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from regionforum.analytics.cache import cached
from regionforum.forums.models import Forum
from regionforum.gazetteer.models import Region
from regionforum.registry.models import (
    Agreement,
    AgreementStatus,
    Money,
    Organisation,
    Party,
    RateLoad,
    SourceRecord,
)
from regionforum.registry.sectors import sector_code

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ForumFigures:
    forum: int
    year: int
    agreements: int
    total_usd: Decimal
    share_of_total: float
    # Against the previous forum in the same scope, as a fraction (0.25 is 25% more); None for
    # the first forum, or when the previous one had none.
    agreements_growth: float | None = None
    usd_growth: float | None = None


@dataclass(frozen=True, slots=True)
class PartnerRegion:
    """A region with a party to agreements in scope: how many, and their USD, each once."""

    code: str
    name_en: str
    name_ru: str
    name_be: str
    agreements: int
    total_usd: Decimal


@dataclass(frozen=True, slots=True)
class Target:
    """What a forum's organisers announced, against what the registry holds for it."""

    forum: int
    agreements: int | None
    value: Decimal | None
    currency: str
    # The announced value in USD at the rate of the forum's first day; None without a rate.
    value_usd: Decimal | None
    source: str
    # The registry's figure as a fraction of the announced one; None when nothing was announced.
    agreements_progress: float | None
    value_progress: float | None


@dataclass(frozen=True, slots=True)
class UnconvertedAmount:
    currency: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class LoadedRates:
    """A loaded file's rates of one currency, used alone from `first` to `last`."""

    currency: str
    first: date
    last: date
    rates: int
    file: str
    source: str


@dataclass(frozen=True, slots=True)
class RateBasis:
    """The rates the figures' USD values were converted at: the shipped table, replaced over
    the loaded spans; and the sources of the rates the amounts in scope were converted at."""

    loaded: list[LoadedRates]
    used: list[tuple[str, int]]

    def as_json(self) -> dict[str, object]:
        return {
            "table": "loaded" if self.loaded else "shipped",
            "shipped": SHIPPED_TABLE,
            "loaded": [
                {
                    "currency": item.currency,
                    "from": item.first.isoformat(),
                    "to": item.last.isoformat(),
                    "rates": item.rates,
                    "file": item.file,
                    "source": item.source,
                }
                for item in self.loaded
            ],
            "rates_used": [{"source": source, "amounts": count} for source, count in self.used],
        }


SHIPPED_TABLE = (
    "approximate monthly averages of the official rates (Bank of Russia, National Bank of the "
    "Republic of Belarus, ECB), shipped with regionforum"
)


def rate_basis_get(*, money: QuerySet[Money] | None = None) -> RateBasis:
    """The rate basis of a set of amounts (every amount when `money` is None)."""
    amounts = Money.objects.all() if money is None else money
    used = [
        (row["rate_source"], row["count"])
        for row in amounts.filter(usd__isnull=False)
        .values("rate_source")
        .annotate(count=Count("id"))
        .order_by("-count", "rate_source")
    ]
    return RateBasis(loaded=_loaded_rates(), used=used)


def _loaded_rates() -> list[LoadedRates]:
    return [
        LoadedRates(
            currency=load.currency,
            first=load.first,
            last=load.last,
            rates=load.rates,
            file=load.file_name,
            source=load.source,
        )
        for load in RateLoad.objects.order_by("currency", "first")
    ]


@dataclass(frozen=True, slots=True)
class Figures:
    agreements: int
    with_amount: int
    total_usd: Decimal
    unconverted: list[UnconvertedAmount]
    by_forum: list[ForumFigures]
    partner_regions: dict[str, int]
    organisations: int
    forums: tuple[int, int] | None
    date_from: date | None
    date_to: date | None
    basis: RateBasis
    # How many agreements are in each status: the implementation rate.
    by_status: dict[str, int]
    # The narrowings beyond forums and dates (`Scope.narrowed`).
    narrowed: dict[str, str]
    # The partner regions on each side, most agreements first.
    partners: dict[str, list[PartnerRegion]] = field(default_factory=dict)
    # A single forum's announced target; None over several forums or with no forum.
    target: Target | None = None

    @property
    def implementation(self) -> dict[str, float]:
        """Each status's share of the agreements: the implementation rate."""
        return {
            status: round(count / self.agreements, 4) if self.agreements else 0.0
            for status, count in self.by_status.items()
        }

    def as_json(self) -> dict[str, object]:
        return {
            "agreements": self.agreements,
            "with_amount": self.with_amount,
            "total_usd": float(self.total_usd),
            "unconverted": [
                {"currency": item.currency, "amount": float(item.amount)}
                for item in self.unconverted
            ],
            "by_forum": [
                {
                    "forum": row.forum,
                    "year": row.year,
                    "agreements": row.agreements,
                    "total_usd": float(row.total_usd),
                    "share_of_total": row.share_of_total,
                    "agreements_growth": row.agreements_growth,
                    "usd_growth": row.usd_growth,
                }
                for row in self.by_forum
            ],
            "partner_regions": self.partner_regions,
            "organisations": self.organisations,
            "basis": self.basis.as_json(),
            "by_status": self.by_status,
            "scope": self.narrowed,
            "implementation": self.implementation,
            "partners": {
                country: [
                    {
                        "region": region.code,
                        "name": region.name_en,
                        "agreements": region.agreements,
                        "total_usd": float(region.total_usd),
                    }
                    for region in regions
                ]
                for country, regions in self.partners.items()
            },
            "target": _target_json(self.target),
        }


def _target_json(target: Target | None) -> dict[str, object] | None:
    if target is None:
        return None
    return {
        "forum": target.forum,
        "agreements": target.agreements,
        "value": float(target.value) if target.value is not None else None,
        "currency": target.currency,
        "value_usd": float(target.value_usd) if target.value_usd is not None else None,
        "source": target.source,
        "agreements_progress": target.agreements_progress,
        "value_progress": target.value_progress,
    }


@dataclass(frozen=True, slots=True)
class Scope:
    """What a set of figures counts. Each field narrows it; None or "" leaves it open."""

    forums: tuple[int, int] | None = None
    date_from: date | None = None
    date_to: date | None = None
    # A region (ISO 3166-2) or a country (ISO 3166-1) that a party is in.
    region: str = ""
    # Two regions (or countries), each with a party: a pair's agreements.
    pair: tuple[str, str] | None = None
    sector: str = ""
    kind: str = ""
    # The type of organisation (`OrganisationKind`) that at least one party is.
    party_type: str = ""

    def narrowed(self) -> dict[str, str]:
        """The narrowings beyond forums and dates, as the figures' JSON and sentences state."""
        found = {
            "region": self.region,
            "pair": ",".join(self.pair) if self.pair else "",
            "sector": self.sector,
            "kind": self.kind,
            "party_type": self.party_type,
        }
        return {name: value for name, value in found.items() if value}


def agreement_scope(
    *,
    forums: tuple[int, int] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    scope: Scope | None = None,
) -> QuerySet[Agreement]:
    """The agreements that a set of figures counts: within a range of forums and of dates, and
    narrowed by `scope`'s region, pair, sector, kind and party type."""
    scope = scope or Scope(forums=forums, date_from=date_from, date_to=date_to)
    condition = Q()
    if scope.forums is not None:
        condition &= Q(forum__number__gte=scope.forums[0], forum__number__lte=scope.forums[1])
    if scope.date_from is not None:
        condition &= Q(signed_on__gte=scope.date_from)
    if scope.date_to is not None:
        condition &= Q(signed_on__lte=scope.date_to)
    if scope.region:
        condition &= Q(_party_in_region(scope.region))
    if scope.pair is not None:
        first, second = scope.pair
        condition &= _parties_in_both(first, second)
        if first == second:
            # "BY-HO,BY-HO": two parties of that region, not one.
            condition &= Q(_parties_in_region(first, at_least=2))
    if scope.sector:
        condition &= _sector_is(scope.sector)
    if scope.kind:
        condition &= Q(kind=scope.kind)
    if scope.party_type:
        condition &= Q(
            Exists(
                Party.objects.filter(agreement=OuterRef("pk"), organisation__kind=scope.party_type)
            )
        )
    return Agreement.objects.filter(condition)


def figures_get(
    *,
    forums: tuple[int, int] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    scope: Scope | None = None,
) -> Figures:
    """A scope's figures, cached under the registry's version (`analytics.cache`)."""
    scope = scope or Scope(forums=forums, date_from=date_from, date_to=date_to)
    return cached("figures", scope, lambda: _figures_compute(scope))


def _figures_compute(scope: Scope) -> Figures:
    forums, date_from, date_to = scope.forums, scope.date_from, scope.date_to
    scope_set = agreement_scope(scope=scope)
    ledger = _ledger(scope_set)
    agreements = sum(row.count for row in ledger)
    with_amount = sum(row.count for row in ledger if row.currency is not None)
    total_usd = sum((row.usd for row in ledger), Decimal(0)).quantize(CENT)
    unconverted_by_currency: dict[str, Decimal] = {}
    used: dict[str, int] = {}
    by_status = {status: 0 for status in AgreementStatus.values}
    for row in ledger:
        by_status[row.status] = by_status.get(row.status, 0) + row.count
        if row.currency is None:
            continue
        if row.converted:
            used[row.rate_source] = used.get(row.rate_source, 0) + row.count
        else:
            unconverted_by_currency[row.currency] = (
                unconverted_by_currency.get(row.currency, Decimal(0)) + row.value
            )
    unconverted = [
        UnconvertedAmount(currency=currency, amount=amount)
        for currency, amount in sorted(unconverted_by_currency.items())
    ]
    by_forum = _by_forum(ledger, total_usd)
    partners = partner_regions_get(agreements=scope_set)
    partner_regions = {country: len(regions) for country, regions in partners.items()}
    organisations = organisation_count(agreements=scope_set)
    return Figures(
        agreements=agreements,
        with_amount=with_amount,
        total_usd=total_usd,
        unconverted=unconverted,
        by_forum=by_forum,
        partner_regions=partner_regions,
        organisations=organisations,
        forums=forums,
        date_from=date_from,
        date_to=date_to,
        basis=RateBasis(
            loaded=_loaded_rates(),
            used=sorted(used.items(), key=lambda item: (-item[1], item[0])),
        ),
        by_status=by_status,
        narrowed=scope.narrowed(),
        partners=partners,
        target=(
            forum_target_get(number=forums[0])
            if forums is not None and forums[0] == forums[1]
            else None
        ),
    )


def _growth(current: Decimal | int, previous: Decimal | int | None) -> float | None:
    if not previous:
        return None
    return round(float((Decimal(current) - Decimal(previous)) / Decimal(previous)), 4)


def _by_forum(ledger: list[LedgerRow], total_usd: Decimal) -> list[ForumFigures]:
    """Each forum's agreements and USD within the scope, and the growth on the forum before."""
    counted: dict[tuple[int, int], tuple[int, Decimal]] = {}
    for row in ledger:
        if row.forum is not None and row.year is not None:
            count, usd = counted.get((row.forum, row.year), (0, Decimal(0)))
            counted[row.forum, row.year] = (count + row.count, usd + row.usd)
    rows: list[ForumFigures] = []
    for (number, year), (count, usd) in sorted(counted.items()):
        forum_usd = usd.quantize(CENT)
        previous = rows[-1] if rows else None
        rows.append(
            ForumFigures(
                forum=number,
                year=year,
                agreements=count,
                total_usd=forum_usd,
                share_of_total=round(float(forum_usd / total_usd), 4) if total_usd else 0.0,
                agreements_growth=_growth(count, previous.agreements if previous else None),
                usd_growth=_growth(forum_usd, previous.total_usd if previous else None),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One group of a scope's agreements: those of one forum and status whose amount is in one
    currency, converted at one source's rate or not at all (currency None: no amount)."""

    forum: int | None
    year: int | None
    status: str
    currency: str | None
    rate_source: str
    converted: bool
    count: int
    usd: Decimal
    value: Decimal


def _ledger(scope_set: QuerySet[Agreement]) -> list[LedgerRow]:
    """The scope's agreements grouped by forum, status, currency and rate: one pass over the
    agreements and their money, from which the counts, totals, the unconverted amounts, the
    forums and the rate basis all follow (a few hundred groups, not a row an agreement)."""
    rows = (
        scope_set.order_by()
        .annotate(converted=ExpressionWrapper(Q(money__usd__isnull=False), BooleanField()))
        .values(
            "forum__number",
            "forum__year",
            "status",
            "money__currency",
            "money__rate_source",
            "converted",
        )
        .annotate(count=Count("id"), usd=Sum("money__usd"), value=Sum("money__value"))
    )
    return [
        LedgerRow(
            forum=row["forum__number"],
            year=row["forum__year"],
            status=row["status"],
            currency=row["money__currency"],
            rate_source=row["money__rate_source"] or "",
            converted=bool(row["converted"]),
            count=row["count"],
            usd=Decimal(row["usd"] or 0),
            value=Decimal(row["value"] or 0),
        )
        for row in rows
    ]


def organisation_count(*, agreements: QuerySet[Agreement]) -> int:
    """The organisations with a party to `agreements`: a semi-join from the organisations, which
    the database answers by probing each organisation's parties until one is in scope, rather
    than a COUNT(DISTINCT) that sorts every party (at 1,000,000 agreements on PostgreSQL, 0.17 s
    against 5 s)."""
    in_scope = Party.objects.filter(agreement__in=agreements.order_by().values("id"))
    return Organisation.objects.filter(pk__in=in_scope.values("organisation_id")).count()


def partner_regions_get(*, agreements: QuerySet[Agreement]) -> dict[str, list[PartnerRegion]]:
    """The regions of each country with a party to `agreements`: each region's count of
    agreements and their USD, an agreement counted once per region however many of its parties
    are there. One grouped query in the database: each party counts for its region unless an
    earlier party of the same agreement is in that region too. That anti-join is a hash join the
    database runs in parallel, where a DISTINCT over every (agreement, region) spilled to disk (at
    1,000,000 agreements on PostgreSQL, about half the time)."""
    scope_sql, scope_params = agreements.order_by().values("id").query.sql_with_params()
    party = Party._meta.db_table
    organisation = Organisation._meta.db_table
    money = Money._meta.db_table
    sql = f"""
        SELECT o.region_id, COUNT(*), SUM(m.usd)
        FROM {party} p
        JOIN {organisation} o ON o.id = p.organisation_id
        LEFT JOIN {money} m ON m.agreement_id = p.agreement_id
        WHERE p.agreement_id IN ({scope_sql})
        AND NOT EXISTS (
            SELECT 1 FROM {party} earlier
            JOIN {organisation} eo ON eo.id = earlier.organisation_id
            WHERE earlier.agreement_id = p.agreement_id AND earlier.id < p.id
            AND eo.region_id = o.region_id
        )
        GROUP BY o.region_id
    """  # noqa: S608 - the table names are the models' own, the scope's values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, scope_params)
        counted = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    found: dict[str, list[PartnerRegion]] = {"BY": [], "RU": []}
    for region in Region.objects.select_related("country").filter(pk__in=counted):
        count, usd = counted[region.pk]
        found.setdefault(region.country.code, []).append(
            PartnerRegion(
                code=region.code,
                name_en=region.name_en,
                name_ru=region.name_ru,
                name_be=region.name_be,
                agreements=count,
                total_usd=Decimal(usd or 0).quantize(CENT),
            )
        )
    for regions in found.values():
        regions.sort(key=lambda region: (-region.agreements, -region.total_usd, region.code))
    return found


def forum_target_get(*, number: int) -> Target | None:
    """A forum's announced target set against the registry's figures for it; None when there
    is no such forum or nothing was announced."""
    forum = Forum.objects.filter(number=number).first()
    if forum is None or (forum.announced_agreements is None and forum.announced_value is None):
        return None
    scope = Agreement.objects.filter(forum=forum)
    held = scope.count()
    usd = Money.objects.filter(agreement__in=scope.values("id")).aggregate(total=Sum("usd"))
    held_usd = usd["total"] or Decimal(0)
    value_usd = None
    if forum.announced_value is not None:
        value_usd = _announced_usd(
            forum.announced_value, forum.announced_currency or "USD", forum.starts_on
        )
    return Target(
        forum=forum.number,
        agreements=forum.announced_agreements,
        value=forum.announced_value,
        currency=forum.announced_currency,
        value_usd=value_usd,
        source=forum.source,
        agreements_progress=(
            round(held / forum.announced_agreements, 4) if forum.announced_agreements else None
        ),
        value_progress=round(float(held_usd / value_usd), 4) if value_usd else None,
    )


def _announced_usd(value: Decimal, currency: str, on: date | None) -> Decimal | None:
    if currency == "USD":
        return value.quantize(CENT)
    if on is None:
        return None
    from regionforum.money import Money as Amount
    from regionforum.registry.rates import rate_table

    conversion = rate_table().convert(Amount(value=value, currency=currency), on)
    return conversion.usd if conversion is not None else None


def forum_list_with_figures() -> QuerySet[Forum]:
    # A join does not go through Agreement.objects: leave out here what it leaves out (the
    # withdrawn agreements, and the drafts not yet confirmed).
    counted = Q(agreements__withdrawn=False, agreements__is_draft=False)
    return Forum.objects.annotate(
        agreement_count=Count("agreements", filter=counted, distinct=True),
        total_usd=Sum("agreements__money__usd", filter=counted),
    ).order_by("number")


def forum_list_with_figures_cached() -> list[Forum]:
    """`forum_list_with_figures()` as a list, cached under the registry's version: the forums
    page, where the counts are a pass over every agreement."""
    return cached("forum_list", None, lambda: list(forum_list_with_figures()))


# --- Page reads -------------------------------------------------------------------------------
# The web pages read through these. Each fetches its related rows up front, so a page runs the
# same number of queries whether it shows one agreement or a hundred.


@dataclass(frozen=True, slots=True)
class AgreementFilters:
    """What an agreement list is narrowed to; None or "" means no narrowing on that field."""

    forum: int | None = None
    # A range of forums, first to last, as a figure over several forums links to.
    forums: tuple[int, int] | None = None
    region: str = ""
    year: int | None = None
    kind: str = ""
    status: str = ""
    sector: str = ""
    q: str = ""
    # With `region`, a pair's agreements: a party in each of the two.
    partner: str = ""
    party_type: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _spellings(text: str) -> set[str]:
    """The usual spellings of a text. SQLite folds the case of ASCII letters only, so a
    case-insensitive match on "соглашение" would miss "Соглашение"; matching each spelling as
    well works on every database."""
    return {text, text.lower(), text.capitalize(), text.upper()}


def _sector_is(sector: str) -> Q:
    """A sector in any case, or the vocabulary's sector that the text names."""
    code = sector_code(sector)
    condition = Q(sector=code) if code else Q()
    for spelling in _spellings(sector):
        condition |= Q(sector__iexact=spelling)
    return condition


def _region_field(code: str) -> dict[str, str]:
    field = "organisation__region__code" if "-" in code else "organisation__region__country__code"
    return {field: code.upper()}


def _party_in_region(code: str) -> Q:
    """Agreements with a party in a region (an ISO 3166-2 code) or a country (ISO 3166-1).

    An IN over the region's parties, found through the region's and organisations' indexes,
    rather than EXISTS: the database probes a few thousand parties instead of testing every
    agreement in turn (at 100,000 agreements on SQLite, 9 ms against 70 ms)."""
    return Q(pk__in=Party.objects.filter(**_region_field(code)).values("agreement_id"))


def _parties_in_both(first: str, second: str) -> Q:
    """Agreements with a party in each of two regions (or countries): the first region's
    parties narrowed to the agreements with a party in the second, on the parties' index of
    (organisation, agreement) alone, so that the database looks up only the pair's agreements
    rather than every agreement of the larger region (at 1,000,000 on PostgreSQL, a pair's page
    of agreements in 0.13 s against 1.7 s)."""
    second_side = Party.objects.filter(**_region_field(second)).values("agreement_id")
    both = Party.objects.filter(agreement_id__in=second_side, **_region_field(first))
    return Q(pk__in=both.values("agreement_id"))


def _parties_in_region(code: str, *, at_least: int) -> Exists:
    """Agreements with at least that many parties in a region or a country."""
    parties = (
        Party.objects.filter(agreement=OuterRef("pk"), **_region_field(code))
        .values("agreement")
        .annotate(count=Count("id"))
        .filter(count__gte=at_least)
    )
    return Exists(parties)


def agreement_list(*, filters: AgreementFilters, published: bool = True) -> QuerySet[Agreement]:
    """The agreements that match; with `published=False`, drafts and withdrawn ones too."""
    condition = Q()
    if filters.forum is not None:
        condition &= Q(forum__number=filters.forum)
    if filters.forums is not None:
        condition &= Q(forum__number__gte=filters.forums[0], forum__number__lte=filters.forums[1])
    if filters.region and not filters.partner:
        condition &= _party_in_region(filters.region)
    if filters.year is not None:
        condition &= Q(signed_on__year=filters.year)
    if filters.kind:
        condition &= Q(kind=filters.kind)
    if filters.status:
        condition &= Q(status=filters.status)
    if filters.sector:
        condition &= _sector_is(filters.sector)
    if filters.partner:
        condition &= (
            _parties_in_both(filters.region, filters.partner)
            if filters.region
            else _party_in_region(filters.partner)
        )
        if filters.partner == filters.region:
            condition &= _parties_in_region(filters.partner, at_least=2)
    if filters.party_type:
        condition &= Q(
            Exists(
                Party.objects.filter(
                    agreement=OuterRef("pk"), organisation__kind=filters.party_type
                )
            )
        )
    if filters.date_from is not None:
        condition &= Q(signed_on__gte=filters.date_from)
    if filters.date_to is not None:
        condition &= Q(signed_on__lte=filters.date_to)
    if filters.q:
        titled = Q()
        named = Q()
        for spelling in _spellings(filters.q):
            titled |= Q(title__icontains=spelling)
            for field in ("name", "name_ru", "name_be", "name_en"):
                named |= Q(**{f"organisation__{field}__icontains": spelling})
        named_party = Party.objects.filter(named, agreement=OuterRef("pk"))
        referenced = SourceRecord.objects.filter(agreement=OuterRef("pk"), ref__iexact=filters.q)
        condition &= titled | Q(Exists(named_party)) | Q(Exists(referenced))
    manager = Agreement.objects if published else Agreement.all_objects
    return (
        manager.filter(condition)
        .select_related("forum", "money")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=Party.objects.select_related("organisation__region__country"),
            )
        )
        .order_by("-signed_on", "id")
    )


def agreement_count(*, filters: AgreementFilters) -> int:
    """How many published agreements match, cached under the registry's version: a list's
    page count, which is a pass over every match."""
    return cached("agreement_count", filters, lambda: agreement_list(filters=filters).count())


# A pair's agreements up to this many are listed by their ids (see agreement_list_in_scope).
PAIR_IDS_LIMIT = 5000


def agreement_list_in_scope(*, scope: Scope) -> QuerySet[Agreement]:
    """A figures scope's agreements, for a list under its figures.

    The database can't tell how few agreements two regions share, and would sort the whole
    registry for a pair's first page (7 s at 1,000,000 agreements on PostgreSQL). The pair's
    ids come from the parties' index instead, cached under the registry's version, and a page
    is then that many rows looked up by primary key."""
    agreements = agreement_scope(scope=scope)
    if scope.pair is not None:
        ids = cached("pair_ids", scope, lambda: _pair_ids(agreements))
        if ids is not None:
            agreements = Agreement.objects.filter(pk__in=ids)
    return (
        agreements.select_related("forum", "money")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=Party.objects.select_related("organisation__region__country"),
            )
        )
        .order_by("-signed_on", "id")
    )


def _pair_ids(agreements: QuerySet[Agreement]) -> list[int] | None:
    """The agreements' ids, or None when there are more than PAIR_IDS_LIMIT."""
    ids = list(agreements.order_by().values_list("id", flat=True)[: PAIR_IDS_LIMIT + 1])
    return ids if len(ids) <= PAIR_IDS_LIMIT else None


@dataclass(frozen=True, slots=True)
class AgreementFilterOptions:
    """The values an agreement list can be narrowed to, for a filter form's choices."""

    forums: list[Forum]
    regions: list[Region]
    years: list[int]
    sectors: list[str]


def agreement_filter_options() -> AgreementFilterOptions:
    """The filter choices, cached under the registry's version: the years and the sectors are
    each a pass over every agreement."""
    return cached("filter_options", None, _filter_options_compute)


def _filter_options_compute() -> AgreementFilterOptions:
    return AgreementFilterOptions(
        forums=list(Forum.objects.order_by("number")),
        regions=list(Region.objects.select_related("country").order_by("country__code", "name_en")),
        years=[day.year for day in Agreement.objects.dates("signed_on", "year", order="DESC")],
        sectors=list(
            Agreement.objects.exclude(sector="")
            .order_by("sector")
            .values_list("sector", flat=True)
            .distinct()
        ),
    )


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    when: datetime
    user: str
    kind: str
    changes: list[FieldChange]
    via: str = ""
    # How a revert names the change (`agreement-42`).
    ref: str = ""


@dataclass(frozen=True, slots=True)
class AgreementDetail:
    agreement: Agreement
    history: list[HistoryEntry]


def agreement_get(*, agreement_id: int) -> AgreementDetail:
    """One agreement with its parties, money, milestones, sources and change history, published
    or not: the caller asks `registry.view_agreement` before showing it.

    Raises Agreement.DoesNotExist when there is no such agreement.
    """
    agreement = (
        Agreement.all_objects.select_related("forum", "money")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=Party.objects.select_related("organisation__region__country"),
            ),
            "milestones",
            "sources",
        )
        .get(pk=agreement_id)
    )
    records = list(agreement.history.select_related("history_user").order_by("-history_date"))
    diffs = [
        record.diff_against(older).changes if older is not None else []
        # An agreement written without its history (bulk_create, raw SQL) has no records.
        for record, older in zip(records, [*records[1:], None][: len(records)], strict=True)
    ]
    # The history holds the forum's id; one query names every forum it mentions.
    forum_ids = {
        value
        for changes in diffs
        for change in changes
        if change.field == "forum"
        for value in (change.old, change.new)
        if value is not None
    }
    forums = Forum.objects.in_bulk(forum_ids) if forum_ids else {}
    history = []
    for record, changes in zip(records, diffs, strict=True):
        shown = []
        for change in changes:
            field = Agreement._meta.get_field(change.field)
            shown.append(
                FieldChange(
                    field=str(field.verbose_name),
                    old=_history_value(field, change.old, forums),
                    new=_history_value(field, change.new, forums),
                )
            )
        history.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user.get_username() if record.history_user else "",
                kind=record.history_type,
                changes=shown,
                via=record.get_history_via_display(),
                ref=f"agreement-{record.history_id}",
            )
        )
    return AgreementDetail(agreement=agreement, history=history)


def _history_value(field: Any, value: object, forums: dict[int, Forum]) -> str:
    """A historical value as a person reads it: the forum's numeral, a choice's label."""
    if value is None or value == "":
        return "—"
    if field.name == "forum":
        forum = forums.get(value) if isinstance(value, int) else None
        return str(forum) if forum is not None else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _agreements_in_region(scope: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """`scope`'s agreements with a party in the outer query's region, each agreement once."""
    in_region = Party.objects.filter(
        agreement=OuterRef("pk"), organisation__region=OuterRef(OuterRef("pk"))
    )
    return scope.filter(Exists(in_region)).order_by()


def _with_region_totals(regions: QuerySet[Region], scope: QuerySet[Agreement]) -> QuerySet[Region]:
    """Annotate each region with the count and USD total of its agreements within `scope`.

    Both are subqueries over distinct agreements, so an agreement with two parties in one
    region is counted, and its money summed, once.
    """
    agreements = _agreements_in_region(scope)
    return regions.annotate(
        agreement_count=Subquery(
            agreements.annotate(n=Func(F("id"), function="COUNT")).values("n"),
            output_field=IntegerField(),
        ),
        total_usd=Subquery(
            agreements.annotate(usd=Func(F("money__usd"), function="SUM")).values("usd"),
            output_field=DecimalField(max_digits=24, decimal_places=2),
        ),
    )


def region_list_with_stats() -> QuerySet[Region]:
    """Every region of both countries, with its agreement count and USD total."""
    return _with_region_totals(
        Region.objects.select_related("country"), Agreement.objects.all()
    ).order_by("country__code", "name_en")


def region_list_with_stats_cached() -> list[Region]:
    """`region_list_with_stats()` as a list, cached under the registry's version: the regions
    page, where each region's count and total are a pass over its agreements."""
    return cached("region_list", None, lambda: list(region_list_with_stats()))


def registry_has_synthetic_data() -> bool:
    """Whether any counted agreement is synthetic, cached under the registry's version: every
    page asks, and the question is a pass over the agreements."""
    return cached("synthetic", None, Agreement.objects.filter(is_synthetic=True).exists)
