"""The headline figures, computed from the registry.

Every figure is an aggregate over one queryset of agreements (`agreement_scope`), so a number on
a page or in the CLI can always be traced to the agreements behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from regionforum.forums.models import Forum
from regionforum.registry.models import Agreement, Money, Party

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ForumFigures:
    forum: int
    year: int
    agreements: int
    total_usd: Decimal
    share_of_total: float


@dataclass(frozen=True, slots=True)
class UnconvertedAmount:
    currency: str
    amount: Decimal


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
                }
                for row in self.by_forum
            ],
            "partner_regions": self.partner_regions,
            "organisations": self.organisations,
        }


def agreement_scope(
    *,
    forums: tuple[int, int] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Agreement]:
    """The agreements that a set of figures counts: within a range of forums and of dates."""
    condition = Q()
    if forums is not None:
        condition &= Q(forum__number__gte=forums[0], forum__number__lte=forums[1])
    if date_from is not None:
        condition &= Q(signed_on__gte=date_from)
    if date_to is not None:
        condition &= Q(signed_on__lte=date_to)
    return Agreement.objects.filter(condition)


def figures_get(
    *,
    forums: tuple[int, int] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Figures:
    scope = agreement_scope(forums=forums, date_from=date_from, date_to=date_to)
    ids = scope.values("id")
    agreements = scope.count()
    money = Money.objects.filter(agreement__in=ids)
    totals = money.aggregate(with_amount=Count("id"), total=Sum("usd"))
    total_usd = (totals["total"] or Decimal(0)).quantize(CENT)
    unconverted = [
        UnconvertedAmount(currency=row["currency"], amount=row["amount"])
        for row in money.filter(usd__isnull=True)
        .values("currency")
        .annotate(amount=Sum("value"))
        .order_by("currency")
    ]
    by_forum = []
    for row in (
        scope.filter(forum__isnull=False)
        .values("forum__number", "forum__year")
        .annotate(count=Count("id"), usd=Sum("money__usd"))
        .order_by("forum__number")
    ):
        forum_usd = (row["usd"] or Decimal(0)).quantize(CENT)
        by_forum.append(
            ForumFigures(
                forum=row["forum__number"],
                year=row["forum__year"],
                agreements=row["count"],
                total_usd=forum_usd,
                share_of_total=round(float(forum_usd / total_usd), 4) if total_usd else 0.0,
            )
        )
    parties = Party.objects.filter(agreement__in=ids)
    partner_regions = {"BY": 0, "RU": 0}
    for row in parties.values("organisation__region__country__code").annotate(
        regions=Count("organisation__region", distinct=True)
    ):
        partner_regions[row["organisation__region__country__code"]] = row["regions"]
    organisations = parties.values("organisation").distinct().count()
    return Figures(
        agreements=agreements,
        with_amount=totals["with_amount"],
        total_usd=total_usd,
        unconverted=unconverted,
        by_forum=by_forum,
        partner_regions=partner_regions,
        organisations=organisations,
        forums=forums,
        date_from=date_from,
        date_to=date_to,
    )


def forum_list_with_figures() -> QuerySet[Forum]:
    return Forum.objects.annotate(
        agreement_count=Count("agreements", distinct=True),
        total_usd=Sum("agreements__money__usd"),
    ).order_by("number")
