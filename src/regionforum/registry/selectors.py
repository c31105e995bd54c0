"""Reads of the import side of the registry."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from regionforum.registry.models import (
    Agreement,
    ImportJob,
    Organisation,
    OrganisationAlias,
    Party,
    ReviewItem,
    ReviewStatus,
    SourceRecord,
)


def _review_items() -> QuerySet[ReviewItem]:
    agreements = Agreement.objects.select_related("money", "forum").prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organisation__region")),
        Prefetch("sources", queryset=SourceRecord.objects.order_by("file_name", "row")),
    )
    return ReviewItem.objects.prefetch_related(
        Prefetch("agreement", queryset=agreements), Prefetch("candidate", queryset=agreements)
    )


def review_list(*, status: str = ReviewStatus.OPEN) -> QuerySet[ReviewItem]:
    """Review items with both agreements, their parties and sources fetched up front."""
    return (
        _review_items()
        .filter(status=status)
        # A pair with a withdrawn agreement waits until that agreement is restored.
        .exclude(agreement__withdrawn=True)
        .exclude(candidate__withdrawn=True)
        .order_by("-score", "id")
    )


def review_get(*, item_id: int) -> ReviewItem:
    """One review item, open or decided, fetched as `review_list` fetches them."""
    return _review_items().select_related("decided_by").get(pk=item_id)


def agreement_titles(*, ids: set[int]) -> dict[int, str]:
    """The titles of the agreements an import check points at, in one query."""
    return dict(Agreement.objects.filter(pk__in=ids).values_list("id", "title"))


def import_job_list(*, fetched_by: Any) -> QuerySet[ImportJob]:
    """A user's own uploads, newest first."""
    return ImportJob.objects.filter(created_by=fetched_by).order_by("-created_at")


def organisation_list(*, region: str = "", kind: str = "", q: str = "") -> QuerySet[Organisation]:
    """Organisations that were not merged into another, by name, each with the number of
    agreements it is a party to. `region` is a region code, or a country code for all of its
    regions; `q` is found in the name, a name per language or an alias."""
    counted = Q(agreements__withdrawn=False, agreements__is_draft=False)
    organisations = Organisation.objects.filter(merged_into=None).select_related("region")
    if region:
        code = region.strip().upper()
        if len(code) == 2:
            organisations = organisations.filter(region__country__code=code)
        else:
            organisations = organisations.filter(region__code=code)
    if kind:
        organisations = organisations.filter(kind=kind)
    if q:
        named = (
            Q(name__icontains=q)
            | Q(name_ru__icontains=q)
            | Q(name_be__icontains=q)
            | Q(name_en__icontains=q)
            | Q(aliases__name__icontains=q)
        )
        organisations = organisations.filter(pk__in=Organisation.objects.filter(named).values("pk"))
    return organisations.annotate(
        agreement_count=Count("agreements", filter=counted, distinct=True)
    ).order_by("name", "id")


def organisation_get(*, organisation_id: int) -> Organisation:
    """One organisation, as `organisation_list` gives them, merged or not, with its aliases."""
    return (
        Organisation.objects.select_related("region", "merged_into")
        .prefetch_related("aliases")
        .annotate(
            agreement_count=Count(
                "agreements",
                filter=Q(agreements__withdrawn=False, agreements__is_draft=False),
                distinct=True,
            )
        )
        .get(pk=organisation_id)
    )


def organisation_index(*, regions: set[str]) -> dict[tuple[str, str], int]:
    """(region code, matching key) → organisation, through names and aliases, after merges."""
    index: dict[tuple[str, str], int] = {}
    survivors: dict[int, int] = {}
    # The demo's synthetic organisations are never given a real row.
    for organisation_id, code, key, merged_into in Organisation.objects.filter(
        region__code__in=regions, is_synthetic=False
    ).values_list("id", "region__code", "key", "merged_into_id"):
        survivors[organisation_id] = merged_into or organisation_id
        index.setdefault((code, key), organisation_id)
    for organisation_id, code, key in OrganisationAlias.objects.filter(
        organisation__region__code__in=regions, organisation__is_synthetic=False
    ).values_list("organisation_id", "organisation__region__code", "key"):
        index.setdefault((code, key), organisation_id)
    for place, organisation_id in index.items():
        seen = 0
        while survivors.get(organisation_id, organisation_id) != organisation_id and seen < 20:
            organisation_id = survivors[organisation_id]
            seen += 1
        index[place] = organisation_id
    return index
