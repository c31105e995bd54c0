"""Imports over the API: upload a sheet, follow its check, read its rejected rows, import it,
and decide the pairs the import was not sure of. The same services as the import pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from regionforum.api.auth import TokenAuth
from regionforum.api.pagination import Id, Page, page_of
from regionforum.api.schemas import ErrorOut
from regionforum.registry.imports import (
    import_job_commit_valid,
    import_job_create,
    import_job_stage,
)
from regionforum.registry.models import ImportJob, ImportJobStatus, ReviewItem, ReviewStatus
from regionforum.registry.selectors import import_job_list, review_get, review_list
from regionforum.registry.services import review_decide
from regionforum.registry.tasks import import_job_check, import_job_commit

router = Router(tags=["imports"], auth=TokenAuth())

COUNTS = ("rows", "created", "merged", "unchanged", "updated", "review", "rejected", "removed")
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ImportCounts(Schema):
    rows: int
    created: int
    merged: int
    unchanged: int
    updated: int
    review: int
    rejected: int
    removed: int


class ImportOut(Schema):
    id: int
    file: str
    reporter: str
    status: str
    progress: int
    partial: bool
    created_at: datetime
    counts: ImportCounts | None
    failure: str | None
    warnings: list[str]
    waiting: bool = Field(description="Whether the import waits for another one to finish.")
    stage: str = Field(description="What the import is doing, when progress alone does not tell.")


class ImportPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ImportOut]


class RowErrorOut(Schema):
    file: str
    row: int
    column: str
    value: str
    message: str


class RowErrorPage(Schema):
    count: int
    page: int
    pages: int
    results: list[RowErrorOut]


class ReviewOut(Schema):
    id: int
    agreement: int | None
    agreement_title: str
    candidate: int | None
    candidate_title: str
    score: float
    evidence: str
    reasons: list[Any]
    status: str


class ReviewPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ReviewOut]


class DecisionIn(Schema):
    decision: Literal["merge", "keep"]


def import_data(job: ImportJob) -> dict[str, Any]:
    result = job.result or {}
    stage = import_job_stage(job=job)
    return {
        "id": job.pk,
        "file": job.file_name,
        "reporter": job.reporter,
        "status": job.status,
        "progress": job.progress,
        "partial": job.partial,
        "created_at": job.created_at,
        "counts": {key: result[key] for key in COUNTS} if "rows" in result else None,
        "failure": result.get("failure"),
        "warnings": result.get("warnings", []),
        "waiting": bool(stage),
        "stage": stage,
    }


def review_data(item: ReviewItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "agreement": item.agreement_id,
        "agreement_title": item.agreement.title if item.agreement else "",
        "candidate": item.candidate_id,
        "candidate_title": item.candidate.title if item.candidate else "",
        "score": item.score,
        "evidence": item.evidence,
        "reasons": item.reasons,
        "status": item.status,
    }


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied(_("Your role may not do this."))


def _own_job(request: HttpRequest, job_id: int) -> ImportJob:
    _require(request, "registry.import_file")
    job = import_job_list(fetched_by=request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404(_("You have no import %(id)s.") % {"id": job_id})
    return job


@router.post("/imports", response={202: ImportOut, **ERRORS})
def import_upload(
    request: HttpRequest, file: File[UploadedFile], reporter: Form[str] = ""
) -> Status:
    """Upload a sheet (CSV, XLSX or ODS) as `multipart/form-data`. It is checked in the
    background; follow `GET /imports/{id}` until its status is `previewed` (or `failed`)."""
    _require(request, "registry.import_file")
    job = import_job_create(
        file_name=file.name or "upload",
        chunks=file.chunks(),
        reporter=reporter,
        user=request.user,
    )
    import_job_check.enqueue(job.pk)
    job.refresh_from_db()
    return Status(202, import_data(job))


@router.get("/imports", response={200: ImportPage, **ERRORS})
def import_list(request: HttpRequest, page: Page = 1) -> dict[str, Any]:
    """Your own uploads, newest first, 50 a page."""
    _require(request, "registry.import_file")
    return page_of(import_job_list(fetched_by=request.user), page=page, render=import_data)


@router.get("/imports/{job_id}", response={200: ImportOut, **ERRORS})
def import_status(request: HttpRequest, job_id: Id) -> dict[str, Any]:
    """An upload's status (`uploaded`, `previewed`, `running`, `done`, `failed`), its progress
    in per cent, and what it did or, once checked, would do."""
    return import_data(_own_job(request, job_id))


@router.get("/imports/{job_id}/errors", response={200: RowErrorPage, **ERRORS})
def import_errors(request: HttpRequest, job_id: Id, page: Page = 1) -> dict[str, Any]:
    """Every rejected cell, by row as a spreadsheet numbers it (the header is row 1)."""
    errors = (_own_job(request, job_id).result or {}).get("errors", [])
    return page_of(errors, page=page, render=dict)


@router.post("/imports/{job_id}/commit", response={202: ImportOut, 409: ErrorOut, **ERRORS})
def import_commit(request: HttpRequest, job_id: Id) -> Status:
    """Import a checked upload: its valid rows go in, and the rejected ones stay out."""
    job = _own_job(request, job_id)
    if job.status != ImportJobStatus.PREVIEWED:
        raise HttpError(
            409,
            _("Import %(id)s is %(status)s; only a checked upload can be imported.")
            % {"id": job.pk, "status": job.get_status_display()},
        )
    import_job_commit_valid(job=job)
    import_job_commit.enqueue(job.pk)
    job.refresh_from_db()
    return Status(202, import_data(job))


@router.get("/reviews", response={200: ReviewPage, **ERRORS})
def reviews(request: HttpRequest, page: Page = 1) -> dict[str, Any]:
    """The pairs of agreements an import was not sure were one, most likely first."""
    _require(request, "registry.review_match")
    return page_of(review_list(), page=page, render=review_data)


@router.post("/reviews/{item_id}", response={200: ReviewOut, 409: ErrorOut, **ERRORS})
def review_decision(request: HttpRequest, item_id: Id, payload: DecisionIn) -> dict[str, Any]:
    """Decide a pair: `merge` makes the two one agreement, `keep` keeps them apart."""
    _require(request, "registry.review_match")
    try:
        item = review_get(item_id=item_id)
    except ReviewItem.DoesNotExist:
        raise Http404(_("No review item %(id)s.") % {"id": item_id}) from None
    if item.status != ReviewStatus.OPEN:
        raise HttpError(409, _("This pair has already been decided."))
    review_decide(item=item, merge=payload.decision == "merge", user=request.user)
    return review_data(review_get(item_id=item_id))
