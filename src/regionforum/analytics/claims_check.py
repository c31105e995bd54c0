"""A statement's figures judged against the registry: the read behind `claims` and `/claims/`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Max

from regionforum.analytics.claims import Claim, Scope, parse_claims, verdict
from regionforum.analytics.selectors import Figures, figures_get
from regionforum.analytics.selectors import Scope as FiguresScope
from regionforum.gazetteer.selectors import region_resolver
from regionforum.registry.models import Agreement


@dataclass(frozen=True, slots=True)
class ClaimResult:
    claim: Claim
    actual: Decimal
    verdict: str
    # The agreement list's query parameters for the agreements behind the figure.
    query: dict[str, str]

    def as_json(self) -> dict[str, object]:
        return {
            "text": self.claim.text,
            "measure": self.claim.measure,
            "stated": _plain(self.claim.stated),
            "qualifier": self.claim.qualifier,
            "scope": self.claim.scope.as_json() if self.claim.scope else None,
            "actual": _plain(self.actual),
            "verdict": self.verdict,
        }


def claims_at_forum_default() -> int:
    """The forum a statement is taken to be made at: the one after the latest in the registry."""
    latest = Agreement.objects.aggregate(latest=Max("forum__number"))["latest"]
    return (latest or 0) + 1


def claim_list(*, text: str, at_forum: int) -> list[ClaimResult]:
    """Each figure stated in `text`, set against the registry within the scope it speaks of."""
    cache: dict[Scope | None, Figures] = {}

    def figures(scope: Scope | None) -> Figures:
        if scope not in cache:
            cache[scope] = figures_get(scope=_figures_scope(scope))
        return cache[scope]

    resolver = region_resolver()

    def find_region(phrase: str) -> tuple[str | None, float]:
        found = resolver.resolve(phrase)
        return found.code, found.confidence

    results = []
    for claim in parse_claims(text, at_forum=at_forum, find_region=find_region):
        actual = _actual(claim, figures)
        results.append(
            ClaimResult(
                claim=claim,
                actual=actual,
                verdict=verdict(qualifier=claim.qualifier, stated=claim.stated, actual=actual),
                query=_query(claim.scope),
            )
        )
    return results


def _figures_scope(scope: Scope | None) -> FiguresScope:
    """The registry's scope for a claim's: its forums, or the dates of its calendar year."""
    if scope is None:
        return FiguresScope()
    region = scope.region or ""
    if scope.year is not None:
        return FiguresScope(
            date_from=date(scope.year, 1, 1), date_to=date(scope.year, 12, 31), region=region
        )
    if scope.first is None or scope.last is None:
        return FiguresScope(region=region)
    return FiguresScope(forums=(scope.first, scope.last), region=region)


def _query(scope: Scope | None) -> dict[str, str]:
    """The agreement list's parameters for a claim's scope."""
    if scope is None:
        return {}
    query = {"region": scope.region} if scope.region else {}
    if scope.year is not None:
        query["year"] = str(scope.year)
    elif scope.first is not None and scope.first == scope.last:
        query["forum"] = str(scope.first)
    elif scope.first is not None:
        query["forums"] = f"{scope.first}-{scope.last}"
    return query


def _actual(claim: Claim, figures) -> Decimal:
    scoped = figures(claim.scope)
    if claim.measure == "agreements":
        return Decimal(scoped.agreements)
    if claim.measure == "total_usd":
        return scoped.total_usd
    if claim.measure == "partner_regions":
        return Decimal(scoped.partner_regions.get(claim.country or "RU", 0))
    if not scoped.total_usd:
        return Decimal(0)
    if claim.share_of is not None:
        part = figures(claim.share_of).total_usd
    elif scoped.by_forum:
        part = scoped.by_forum[-1].total_usd
    else:
        part = Decimal(0)
    return (part / scoped.total_usd).quantize(Decimal("0.0001"))


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
