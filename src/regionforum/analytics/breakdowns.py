"""The reads behind the figures pages: one scope's figures, its breakdowns by year, sector and
kind, how complete its data is, and the agreement list's query that lists the agreements behind
each figure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear

from regionforum.analytics.cache import cached
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


def _grouped(scope_set: QuerySet[Agreement]) -> list[dict[str, Any]]:
    """The scope's agreements and USD by year of signing, sector and kind: one grouped pass,
    from which each breakdown and the count without a sector follow."""
    return list(
        scope_set.order_by()
        .annotate(signed_year=ExtractYear("signed_on"))
        .values("signed_year", "sector", "kind")
        .annotate(count=Count("id"), usd=Sum("money__usd"))
    )


def _fold(
    rows: list[dict[str, Any]], field: str, parameter: str, *, by_key: bool = False
) -> list[Line]:
    """One breakdown from the grouped rows: most agreements first, or by key (a timeline)."""
    totals: dict[str, tuple[int, Decimal]] = {}
    for row in rows:
        key = str(row[field])
        count, usd = totals.get(key, (0, Decimal(0)))
        totals[key] = (count + int(row["count"]), usd + Decimal(row["usd"] or 0))
    order = sorted(totals) if by_key else sorted(totals, key=lambda key: (-totals[key][0], key))
    return [
        Line(
            key=key,
            agreements=totals[key][0],
            total_usd=totals[key][1].quantize(CENT),
            narrowing={parameter: key} if key != "" else {},
        )
        for key in order
    ]


def completeness_get(*, figures: Figures, without_sector: int) -> Completeness:
    return Completeness(
        agreements=figures.agreements,
        without_amount=figures.agreements - figures.with_amount,
        without_sector=without_sector,
        unconverted=figures.unconverted,
        basis=figures.basis,
    )


def scope_report_get(*, scope: Scope) -> ScopeReport:
    """A scope's figures with its breakdowns and completeness, cached under the registry's
    version (`analytics.cache`)."""
    return cached("scope_report", scope, lambda: _scope_report_compute(scope))


def _scope_report_compute(scope: Scope) -> ScopeReport:
    figures = figures_get(scope=scope)
    rows = _grouped(agreement_scope(scope=scope))
    by_sector = _fold(rows, "sector", "sector")
    return ScopeReport(
        scope=scope,
        figures=figures,
        completeness=completeness_get(
            figures=figures,
            without_sector=next((line.agreements for line in by_sector if line.key == ""), 0),
        ),
        by_year=_fold(rows, "signed_year", "year", by_key=True),
        by_sector=by_sector,
        by_kind=_fold(rows, "kind", "kind"),
        query=scope_query(scope),
    )
