"""Reads of the import side of the registry."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from regionforum.registry.models import Agreement, Party, ReviewItem, ReviewStatus, SourceRecord


def review_list(*, status: str = ReviewStatus.OPEN) -> QuerySet[ReviewItem]:
    """Review items with both agreements, their parties and sources fetched up front."""
    agreements = Agreement.objects.select_related("money", "forum").prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organisation__region")),
        Prefetch("sources", queryset=SourceRecord.objects.order_by("file_name", "row")),
    )
    return (
        ReviewItem.objects.filter(status=status)
        .prefetch_related(
            Prefetch("agreement", queryset=agreements), Prefetch("candidate", queryset=agreements)
        )
        .order_by("-score", "id")
    )
