"""Reads of the import side of the registry."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from regionforum.registry.models import (
    Agreement,
    ImportJob,
    Party,
    ReviewItem,
    ReviewStatus,
    SourceRecord,
)


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


def import_job_list(*, fetched_by: Any) -> QuerySet[ImportJob]:
    """A user's own uploads, newest first."""
    return ImportJob.objects.filter(created_by=fetched_by).order_by("-created_at")
