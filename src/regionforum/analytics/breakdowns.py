"""The reads behind the figures pages: one scope's figures, its breakdowns by year, sector and
kind, how complete its data is, and the agreement list's query that lists the agreements behind
each figure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from regionforum.analytics.selectors import (
    CENT,
    Figures,
    RateBasis,
    Scope,
    UnconvertedAmount,
    agreement_scope,
    figures_get,
)
from regionforum.registry.models import Agreement


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a breakdown: a key (a year, a sector, a kind) and its agreements and USD."""

    key: str
    agreements: int
    total_usd: Decimal
    # The agreement list's parameters for this line's agreements, beyond the scope's own.
    narrowing: dict[str, str]


@dataclass(frozen=True, slots=True)
class Completeness:
    """How much of a scope's data the figures can use."""

    agreements: int
    without_amount: int
    without_sector: int
    unconverted: list[UnconvertedAmount]
    basis: RateBasis


@dataclass(frozen=True, slots=True)
class ScopeReport:
    scope: Scope
    figures: Figures
    completeness: Completeness
    by_year: list[Line]
    by_sector: list[Line]
    by_kind: list[Line]
    # The agreement list's query for the whole scope.
    query: dict[str, str]


def scope_query(scope: Scope) -> dict[str, str]:
    """The agreement list's parameters that list exactly a scope's agreements."""
    query: dict[str, str] = {}
    if scope.forums is not None:
        first, last = scope.forums
        if first == last:
            query["forum"] = str(first)
        else:
            query["forums"] = f"{first}-{last}"
    if scope.date_from is not None:
        query["from"] = scope.date_from.isoformat()
    if scope.date_to is not None:
        query["to"] = scope.date_to.isoformat()
    if scope.pair is not None:
        query["region"], query["partner"] = scope.pair
    elif scope.region:
        query["region"] = scope.region
    if scope.sector:
        query["sector"] = scope.sector
    if scope.kind:
        query["kind"] = scope.kind
    if scope.party_type:
        query["party_type"] = scope.party_type
    return query


def _lines(scope_set: QuerySet[Agreement], field: str, parameter: str) -> list[Line]:
    rows = (
        scope_set.order_by()
        .values(field)
        .annotate(count=Count("id"), usd=Sum("money__usd"))
        .order_by("-count", field)
    )
    return [
        Line(
            key=str(row[field]),
            agreements=row["count"],
            total_usd=(row["usd"] or Decimal(0)).quantize(CENT),
            narrowing={parameter: str(row[field])} if row[field] != "" else {},
        )
        for row in rows
    ]


def by_year(scope_set: QuerySet[Agreement]) -> list[Line]:
    """Agreements and USD by the year of signing, oldest first: a timeline."""
    rows = (
        scope_set.order_by()
        .annotate(signed_year=ExtractYear("signed_on"))
        .values("signed_year")
        .annotate(count=Count("id"), usd=Sum("money__usd"))
        .order_by("signed_year")
    )
    return [
        Line(
            key=str(row["signed_year"]),
            agreements=row["count"],
            total_usd=(row["usd"] or Decimal(0)).quantize(CENT),
            narrowing={"year": str(row["signed_year"])},
        )
        for row in rows
    ]


def completeness_get(*, scope_set: QuerySet[Agreement], figures: Figures) -> Completeness:
    counts = scope_set.order_by().aggregate(
        without_sector=Count("id", filter=Q(sector="")),
    )
    return Completeness(
        agreements=figures.agreements,
        without_amount=figures.agreements - figures.with_amount,
        without_sector=counts["without_sector"],
        unconverted=figures.unconverted,
        basis=figures.basis,
    )


def scope_report_get(*, scope: Scope) -> ScopeReport:
    """A scope's figures with its breakdowns and completeness."""
    figures = figures_get(scope=scope)
    scope_set = agreement_scope(scope=scope)
    return ScopeReport(
        scope=scope,
        figures=figures,
        completeness=completeness_get(scope_set=scope_set, figures=figures),
        by_year=by_year(scope_set),
        by_sector=_lines(scope_set, "sector", "sector"),
        by_kind=_lines(scope_set, "kind", "kind"),
        query=scope_query(scope),
    )
