"""A forum's schedule run: started once, run by `forums.tasks.schedule_forum`, followed by its page.

`programme_schedule_start` creates the run (a partial unique constraint allows one queued or
running run per forum, so two organisers who press the button at once share one) and enqueues
the task once the run is committed. With the default ImmediateBackend the task runs inside the
request; with the database backend a `regionforum db_worker` process runs it elsewhere.
`schedule_run_execute` runs `programme_schedule` and records its progress on the run as it
goes: phase, accepted meetings, meetings placed, best breaks so far and the proven bound. The
run ends as a draft: its placements change no agenda until `programme_publish`.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regionforum.forums.errors import ProgrammeError
from regionforum.forums.models import RunPhase, RunStatus, ScheduleRun

if TYPE_CHECKING:
    from regionforum.accounts.models import User
    from regionforum.forums.models import Forum
    from regionforum.scheduling.progress import Progress

logger = logging.getLogger(__name__)

TIME_LIMIT_MAX = 600.0
ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)
# Progress is written at most this often (seconds), and always when the phase changes.
_WRITE_EVERY = 0.5
# Beyond twice its time limit, reading and writing a large forum take well under this.
_GRACE = 600.0


@dataclass(slots=True)
class RunStart:
    run: ScheduleRun
    created: bool


def schedule_run_create(*, forum: Forum, user: User | None, time_limit: float) -> RunStart:
    """A new queued run, or the forum's run already queued or running (`created` False)."""
    if not math.isfinite(time_limit) or not 1 <= time_limit <= TIME_LIMIT_MAX:
        raise ProgrammeError(
            _("The time limit must be between 1 and %(most)s seconds.")
            % {"most": int(TIME_LIMIT_MAX)}
        )
    for _attempt in range(2):
        try:
            with transaction.atomic():
                run = ScheduleRun.objects.create(
                    forum=forum,
                    requested_by=user if user is not None and user.is_authenticated else None,
                    time_limit=time_limit,
                )
            return RunStart(run=run, created=True)
        except IntegrityError:
            active = ScheduleRun.objects.filter(forum=forum, status__in=ACTIVE).first()
            if active is not None and not _abandoned(active):
                return RunStart(run=active, created=False)
            # The active run finished between our insert and this read, or its worker died
            # with it: try once more.
    raise ProgrammeError(_("Another schedule run is starting; try again in a moment."))


def _abandoned(run: ScheduleRun) -> bool:
    """A running run far past its time limit lost its worker (killed, or its machine gone):
    it is marked failed so that it no longer blocks the forum's next run."""
    if run.status != RunStatus.RUNNING or run.started_at is None:
        return False
    overdue = timezone.now() - run.started_at > timedelta(seconds=2 * run.time_limit + _GRACE)
    if overdue:
        ScheduleRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            error=_(
                "The run stopped without finishing (its worker was stopped); nothing was changed."
            ),
        )
    return overdue


def programme_schedule_start(*, forum: Forum, user: User | None, time_limit: float) -> RunStart:
    """Start scheduling the forum in the background (the Schedule button)."""
    start = schedule_run_create(forum=forum, user=user, time_limit=time_limit)
    if start.created:
        run = start.run
        transaction.on_commit(lambda: _enqueue(run))
    return start


def _enqueue(run: ScheduleRun) -> None:
    from regionforum.forums.tasks import schedule_forum

    try:
        result = schedule_forum.enqueue(run.pk)
    except Exception:
        logger.exception("schedule run %s could not be enqueued", run.pk)
        _finish(
            run.pk,
            status=RunStatus.FAILED,
            error=_("The run could not be handed to a worker; nothing was changed. Try again."),
        )
        return
    ScheduleRun.objects.filter(pk=run.pk).update(task_id=str(result.id))


class _Recorder:
    """Keeps a run's latest progress and writes it to the database now and then.

    Only the thread that made it writes: the solver also reports from its own threads, whose
    figures are kept and written by the next report on this thread, or at the end."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.thread = threading.get_ident()
        self.lock = threading.Lock()
        self.fields: dict[str, Any] = {}
        self.written: dict[str, Any] = {}
        self.last_write = 0.0

    def __call__(self, share: float, phase: str, solver: Progress | None) -> None:
        with self.lock:
            self.fields.update(progress=round(share, 3), phase=phase)
            if solver is not None:
                self._read(solver)
            due = (
                phase != self.written.get("phase")
                or time.monotonic() - self.last_write >= _WRITE_EVERY
            )
            if threading.get_ident() == self.thread and due:
                self._write()

    def _read(self, solver: Progress) -> None:
        """The report's figures: the highest bound proven and the fewest breaks found so far."""
        self.fields["stage"] = solver.message[:200]
        if solver.bound is not None:
            self.fields["bound"] = max(solver.bound, self.fields.get("bound") or 0)
        if solver.best_breaks is not None:
            best = self.fields.get("best_breaks")
            self.fields["best_breaks"] = (
                solver.best_breaks if best is None else min(best, solver.best_breaks)
            )
        if solver.placed is not None:
            self.fields["placed"] = solver.placed

    def _write(self) -> None:
        changed = {k: v for k, v in self.fields.items() if self.written.get(k) != v}
        if changed:
            ScheduleRun.objects.filter(pk=self.run_id).update(**changed)
            self.written.update(changed)
        self.last_write = time.monotonic()


def _finish(run_id: int, **fields: Any) -> None:
    ScheduleRun.objects.filter(pk=run_id).update(finished_at=timezone.now(), **fields)


def schedule_run_execute(*, run_id: int) -> ScheduleRun:
    """Run a queued run to its end: done with its result, or failed with the reason."""
    from regionforum.forums.programme import programme_schedule

    run = ScheduleRun.objects.select_related("forum").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        # A task delivered twice runs once.
        return run
    meetings = run.forum.meetings.count()
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING,
        phase=RunPhase.READING,
        started_at=timezone.now(),
        meetings=meetings,
    )
    recorder = _Recorder(run.pk)
    try:
        result = programme_schedule(forum=run.forum, time_limit=run.time_limit, progress=recorder)
    except ProgrammeError as error:
        _finish(run.pk, status=RunStatus.FAILED, error=error.message)
    except Exception:
        logger.exception("schedule run %s failed", run.pk)
        _finish(
            run.pk,
            status=RunStatus.FAILED,
            error=_(
                "The scheduler stopped on an unexpected error; nothing was changed. The "
                "administrator can find the details in the log."
            ),
        )
        raise
    else:
        _finish(
            run.pk,
            status=RunStatus.DONE,
            phase=RunPhase.DONE,
            progress=1.0,
            meetings=result.meetings,
            placed=result.scheduled,
            best_breaks=result.breaks,
            bound=result.bound,
            result=result.as_dict(),
            placements=[list(placement) for placement in result.placements],
        )
    run.refresh_from_db()
    return run
