"""A forum's schedule runs over the API, as the programme page's Schedule and Publish buttons:
start a run (a background task), follow its progress, and publish it. The secretariat only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from regionforum.api.auth import TokenAuth
from regionforum.api.pagination import Id, Number
from regionforum.api.schemas import ErrorOut
from regionforum.forums.errors import ProgrammeError, ScheduleRunSuperseded
from regionforum.forums.models import Forum, ScheduleRun
from regionforum.forums.programme import programme_publish
from regionforum.forums.schedule_runs import programme_schedule_start
from regionforum.forums.selectors import forum_get

router = Router(tags=["programme"], auth=TokenAuth())

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class RunIn(Schema):
    time_limit: float = Field(30.0, description="Seconds the scheduler may search (1 to 600).")


class RunOut(Schema):
    id: int
    forum: int
    status: str
    phase: str
    progress: float
    stage: str
    meetings: int | None
    placed: int | None
    best_breaks: int | None
    bound: int | None
    time_limit: float
    error: str
    created_at: datetime
    finished_at: datetime | None
    published_at: datetime | None
    result: dict[str, Any]


def run_data(run: ScheduleRun, *, forum: Forum) -> dict[str, Any]:
    return {
        "id": run.pk,
        "forum": forum.number,
        "status": run.status,
        "phase": run.phase,
        "progress": run.progress,
        "stage": run.stage,
        "meetings": run.meetings,
        "placed": run.placed,
        "best_breaks": run.best_breaks,
        "bound": run.bound,
        "time_limit": run.time_limit,
        "error": run.error,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "published_at": run.published_at,
        "result": run.result,
    }


def _scheduler_forum(request: HttpRequest, number: int) -> Forum:
    try:
        forum = forum_get(number=number)
    except ProgrammeError as exc:
        raise Http404(exc.message) from None
    if not request.user.has_perm("forums.schedule_programme"):
        raise PermissionDenied(_("Only the secretariat may schedule the programme."))
    return forum


def _run(forum: Forum, run_id: int) -> ScheduleRun:
    run = ScheduleRun.objects.filter(forum=forum, pk=run_id).first()
    if run is None:
        raise Http404(
            _("Forum %(forum)s has no schedule run %(run)s.")
            % {"forum": forum.number, "run": run_id}
        )
    return run


@router.post("/forums/{number}/schedule-runs", response={202: RunOut, 200: RunOut, **ERRORS})
def schedule_run_post(request: HttpRequest, number: Number, payload: RunIn) -> Status:
    """Start a run over the accepted meetings: 202 with the new run, or 200 with the run that
    is already queued or running (two organisers who press at once get one run)."""
    forum = _scheduler_forum(request, number)
    start = programme_schedule_start(forum=forum, user=request.user, time_limit=payload.time_limit)
    start.run.refresh_from_db()
    return Status(202 if start.created else 200, run_data(start.run, forum=forum))


@router.get("/forums/{number}/schedule-runs/{run_id}", response={200: RunOut, **ERRORS})
def schedule_run_get(request: HttpRequest, number: Number, run_id: Id) -> dict[str, Any]:
    """A run's status and progress; a finished run is a draft until it is published."""
    forum = _scheduler_forum(request, number)
    return run_data(_run(forum, run_id), forum=forum)


@router.post(
    "/forums/{number}/schedule-runs/{run_id}/publish",
    response={200: RunOut, 409: ErrorOut, **ERRORS},
)
def schedule_run_publish(
    request: HttpRequest, number: Number, run_id: Id, replace_newer: bool = False
) -> dict[str, Any]:
    """Publish a finished run: its placements become the meetings' places and agendas.

    A run older than a published one is refused (409, with `extra.newer_run`), since it would
    put an older schedule back; `replace_newer=true` publishes it on purpose."""
    forum = _scheduler_forum(request, number)
    try:
        run = programme_publish(run=_run(forum, run_id), replace_newer=replace_newer)
    except ScheduleRunSuperseded:
        raise
    except ProgrammeError as exc:
        raise HttpError(409, exc.message) from None
    return run_data(run, forum=forum)
