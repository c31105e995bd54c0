"""Reads of the import side of the registry: review queue, imports, an agreement's sources."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from regionforum.registry.models import (
    Agreement,
    ImportBatch,
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


def source_list(*, agreement: Agreement) -> QuerySet[SourceRecord]:
    """The rows an agreement was built from, and why each was matched."""
    return SourceRecord.objects.filter(agreement=agreement).order_by("id")


def import_batch_list() -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("imported_by").order_by("-created_at")


def import_job_get(*, job_id: int) -> ImportJob:
    return ImportJob.objects.get(pk=job_id)
