"""The import pages: upload, check (preview with errors by row), import with progress, review."""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from regionforum.registry.errors import RegistryError
from regionforum.registry.imports import (
    import_job_commit_valid,
    import_job_create,
    import_job_stage,
)
from regionforum.registry.imports.rows import field_label
from regionforum.registry.imports.uploads import UploadRefused, upload_size_check
from regionforum.registry.models import ImportJob, ImportJobStatus, ReviewItem
from regionforum.registry.selectors import (
    agreement_titles,
    import_job_list,
    review_get,
    review_list,
)
from regionforum.registry.services import review_decide
from regionforum.registry.tasks import import_job_check, import_job_commit
from regionforum.safetext import TextCheckedForm

# What a multipart body holds beside the file's bytes: the other fields, headers, boundaries.
MULTIPART_ALLOWANCE = 64 * 1024


class UploadForm(TextCheckedForm, forms.Form):
    file = forms.FileField(label=gettext_lazy("Sheet (CSV, XLSX or ODS)"))
    reporter = forms.CharField(
        label=gettext_lazy("Sent by (BY, RU or a region code)"), required=False, max_length=12
    )


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _require(request, "registry.import_file")
    jobs = import_job_list(fetched_by=request.user)[:20]
    try:
        # The declared size refuses a file too large before Django reads it to disk; the form's
        # other fields and the multipart framing are allowed for, and the stored bytes are
        # counted exactly by import_job_create.
        upload_size_check(size=int(request.META.get("CONTENT_LENGTH") or 0) - MULTIPART_ALLOWANCE)
    except UploadRefused as exc:
        context = {"form": UploadForm(), "jobs": jobs, "refused": exc.message}
        return render(request, "registry/upload.html", context, status=413)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            job = import_job_create(
                file_name=uploaded.name,
                chunks=uploaded.chunks(),
                reporter=form.cleaned_data["reporter"],
                user=request.user,
            )
        except UploadRefused as exc:
            form.add_error("file", exc.message)
        except RegistryError as exc:
            form.add_error("reporter", exc.message)
        else:
            import_job_check.enqueue(job.pk)
            return redirect("registry:job", job_id=job.pk)
    return render(request, "registry/upload.html", {"form": form, "jobs": jobs})


def _own_job(request: HttpRequest, job_id: int) -> ImportJob:
    _require(request, "registry.import_file")
    return get_object_or_404(ImportJob, pk=job_id, created_by=request.user)


OUTCOMES = {
    "new": gettext_lazy("new agreement"),
    "merged": gettext_lazy("merged"),
    "review": gettext_lazy("to review"),
    "updated": gettext_lazy("updated"),
}


# Rows past the first ones are listed when something other than a new agreement comes of them,
# up to this many: the page stays readable for a sheet of a hundred thousand rows.
LISTED_OUTCOMES = 1000


def _job_rows(result: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """The rows the check page lists, in sheet order, and how many new rows it leaves out.

    Those are the rows read for the preview (the first ones and every rejected one) and every
    row that merges, goes to review or updates; each with its outcome and the agreement it
    points at.
    """
    outcomes: dict[str, dict[str, Any]] = result.get("outcomes", {})
    preview = {str(entry["row"]): entry for entry in result.get("preview", [])}
    further = [
        number
        for number, outcome in outcomes.items()
        if number not in preview and outcome["outcome"] != "new"
    ][:LISTED_OUTCOMES]
    listed = [*preview, *further]
    ids = {
        outcome[key]
        for number in listed
        for key in ("agreement", "pair_agreement")
        if (outcome := outcomes.get(number)) and outcome.get(key)
    }
    titles = agreement_titles(ids=ids)
    rows = []
    for number in sorted(listed, key=int):
        entry = preview.get(number, {"row": int(number), "cells": {}, "errors": []})
        outcome = dict(outcomes.get(number, {}))
        for key in ("agreement", "pair_agreement"):
            if outcome.get(key):
                outcome[f"{key}_title"] = titles.get(outcome[key], "")
        rows.append(
            {
                "row": entry["row"],
                "cells": [(field_label(name), value) for name, value in entry["cells"].items()],
                "errors": entry["errors"],
                "outcome": "rejected" if entry["errors"] else outcome,
            }
        )
    new_listed = sum(1 for number in listed if outcomes.get(number, {}).get("outcome") == "new")
    new_total = sum(1 for outcome in outcomes.values() if outcome["outcome"] == "new")
    return rows, new_total - new_listed


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _own_job(request, job_id)
    result = job.result or {}
    rows, new_unlisted = _job_rows(result)
    valid = result.get("rows", 0) - result.get("rejected", 0)
    return render(
        request,
        "registry/job.html",
        {
            "job": job,
            "result": result,
            "rows": rows,
            "new_unlisted": new_unlisted,
            "outcome_labels": OUTCOMES,
            "valid_rows": valid,
            "can_commit": job.status == ImportJobStatus.PREVIEWED and valid > 0,
            "stage": import_job_stage(job=job),
        },
    )


@login_required
@require_POST
def job_commit(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _own_job(request, job_id)
    if job.status == ImportJobStatus.PREVIEWED:
        import_job_commit_valid(job=job)
        import_job_commit.enqueue(job.pk)
    return redirect("registry:job", job_id=job.pk)


@login_required
def job_progress(request: HttpRequest, job_id: int) -> JsonResponse:
    job = _own_job(request, job_id)
    stage = import_job_stage(job=job)
    return JsonResponse(
        {"status": job.status, "progress": job.progress, "waiting": bool(stage), "stage": stage}
    )


@login_required
def job_errors(request: HttpRequest, job_id: int) -> HttpResponse:
    """Every rejected cell as CSV, for the sender to correct their sheet."""
    from regionforum.analytics.exports import neutralise

    job = _own_job(request, job_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="errors-{job.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("file"), _("row"), _("column"), _("value"), _("message")])
    for error in (job.result or {}).get("errors", []):
        writer.writerow(
            [
                neutralise(str(error["file"])),
                error["row"],
                neutralise(str(error["column"])),
                neutralise(str(error["value"])),
                neutralise(str(error["message"])),
            ]
        )
    return response


def _first_row(agreement: Any) -> dict[str, str]:
    sources = list(agreement.sources.all()) if agreement is not None else []
    return sources[0].raw if sources else {}


def _side_by_side(item: ReviewItem) -> list[dict[str, Any]]:
    """The two agreements' first rows as read, field by field, with the differences marked."""
    left, right = _first_row(item.agreement), _first_row(item.candidate)
    names = [name for name in left if name in right or left[name]]
    names += [name for name in right if name not in left and right[name]]
    return [
        {
            "label": field_label(name),
            "left": left.get(name, ""),
            "right": right.get(name, ""),
            "differs": " ".join(str(left.get(name, "")).casefold().split())
            != " ".join(str(right.get(name, "")).casefold().split()),
        }
        for name in names
    ]


@login_required
def review(request: HttpRequest) -> HttpResponse:
    _require(request, "registry.review_match")
    items = [{"item": item, "fields": _side_by_side(item)} for item in review_list()]
    return render(request, "registry/review.html", {"items": items})


@login_required
@require_http_methods(["GET", "POST"])
def review_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """One pair on a page of its own (GET), and the decision on it (POST)."""
    _require(request, "registry.review_match")
    try:
        item = review_get(item_id=item_id)
    except ReviewItem.DoesNotExist:
        raise Http404 from None
    if request.method == "GET":
        entry = {"item": item, "fields": _side_by_side(item)}
        return render(request, "registry/review_item.html", {"entry": entry})
    merge = request.POST.get("decision") == "merge"
    pair = {"left": item.agreement_id, "right": item.candidate_id}
    try:
        review_decide(item=item, merge=merge, user=request.user)
    except RegistryError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Merged: agreement #%(left)s is now part of #%(right)s.") % pair
            if merge
            else _("Kept apart: #%(left)s and #%(right)s stay two agreements.") % pair,
        )
    return redirect("registry:review")
