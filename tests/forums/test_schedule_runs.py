import pytest
from django.core.management import call_command

from regionforum.forums.errors import ProgrammeError, ScheduleRunSuperseded
from regionforum.forums.models import Meeting, ScheduleRun
from regionforum.forums.programme import programme_publish, programme_schedule
from regionforum.forums.requests import request_accept, request_create
from regionforum.forums.schedule_runs import (
    _Recorder,
    programme_schedule_start,
    schedule_run_create,
    schedule_run_execute,
)
from regionforum.scheduling.progress import Progress
from tests.factories import ForumFactory
from tests.forums.factories import ParticipantFactory, programme, two_finished_runs

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _forum_with_meetings(count=5):
    forum = ForumFactory(number=8)
    programme(forum, slots=4, tables=2)
    a, b, c, d = (ParticipantFactory(forum=forum) for _ in range(4))
    for x, y in ((a, b), (a, c), (a, d), (b, c), (c, d))[:count]:
        request_accept(request=request_create(requester=x, invitee=y, priority="would"), by=y)
    return forum


@pytest.mark.django_db
def test_schedule_start_runs_the_task_and_records_the_result(django_capture_on_commit_callbacks):
    forum = _forum_with_meetings()

    with django_capture_on_commit_callbacks(execute=True):
        start = programme_schedule_start(forum=forum, user=None, time_limit=5)

    run = ScheduleRun.objects.get(pk=start.run.pk)
    assert start.created is True
    assert (run.status, run.phase, run.progress, run.error) == ("done", "done", 1.0, "")
    assert (run.meetings, run.placed) == (5, 5)
    assert run.best_breaks == run.result["breaks"]
    assert run.bound == run.result["bound"]
    assert run.bound is not None and run.bound <= run.best_breaks
    assert run.result["scheduled"] == 5 and run.result["unscheduled"] == []
    assert run.task_id != ""
    assert run.started_at is not None and run.finished_at >= run.started_at
    # The run is a draft: the meetings take its places only when it is published.
    assert Meeting.objects.filter(forum=forum, slot__isnull=False).count() == 0
    programme_publish(run=run)
    assert Meeting.objects.filter(forum=forum, slot__isnull=False).count() == 5


@pytest.mark.django_db
def test_schedule_start_while_a_run_is_active_returns_that_run():
    forum = _forum_with_meetings()
    active = ScheduleRun.objects.create(forum=forum, status="running")

    start = programme_schedule_start(forum=forum, user=None, time_limit=5)

    assert (start.run.pk, start.created) == (active.pk, False)
    assert ScheduleRun.objects.filter(forum=forum).count() == 1


@pytest.mark.django_db
def test_schedule_start_after_a_finished_run_creates_a_new_one():
    forum = _forum_with_meetings()
    done = ScheduleRun.objects.create(forum=forum, status="done")

    start = schedule_run_create(forum=forum, user=None, time_limit=5)

    assert start.created is True and start.run.pk != done.pk
    assert start.run.status == "queued"


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [0, 0.5, 601, float("nan"), float("inf")])
def test_schedule_start_refuses_a_time_limit_out_of_range(limit):
    forum = _forum_with_meetings()
    with pytest.raises(ProgrammeError, match="between 1 and 600 seconds"):
        schedule_run_create(forum=forum, user=None, time_limit=limit)
    assert ScheduleRun.objects.count() == 0


@pytest.mark.django_db
def test_schedule_run_without_a_programme_fails_with_the_reason():
    forum = ForumFactory(number=9)
    run = schedule_run_create(forum=forum, user=None, time_limit=5).run

    run = schedule_run_execute(run_id=run.pk)

    assert run.status == "failed"
    assert run.error == "Forum 9 has no slots or no tables yet; add its programme first."
    assert run.finished_at is not None


@pytest.mark.django_db
def test_schedule_run_on_an_unexpected_error_fails_and_leaves_the_meetings(monkeypatch):
    forum = _forum_with_meetings()
    run = schedule_run_create(forum=forum, user=None, time_limit=5).run

    def broken(**_kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr("regionforum.forums.programme.programme_schedule", broken)
    with pytest.raises(RuntimeError, match="solver crashed"):
        schedule_run_execute(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error.startswith("The scheduler stopped on an unexpected error; nothing was")
    assert Meeting.objects.filter(forum=forum, slot__isnull=False).count() == 0


@pytest.mark.django_db
def test_schedule_run_that_already_ran_is_not_run_again():
    forum = _forum_with_meetings()
    run = ScheduleRun.objects.create(forum=forum, status="done", result={"scheduled": 3})

    again = schedule_run_execute(run_id=run.pk)

    assert (again.status, again.result) == ("done", {"scheduled": 3})
    assert Meeting.objects.filter(forum=forum, slot__isnull=False).count() == 0


@pytest.mark.django_db
def test_recorder_keeps_the_figures_of_the_scheduler_reports():
    run = ScheduleRun.objects.create(forum=ForumFactory(number=8), status="running")
    record = _Recorder(run.pk)

    # The messages are deliberately unlike the scheduler's: only the figures count.
    for report in (
        Progress("first", bound=4),
        Progress("second", placed=3000, best_breaks=11),
        Progress("third", bound=6),
        Progress("fourth", best_breaks=9),
        Progress("fifth", best_breaks=13, bound=0),
        Progress("sixth", placed=4000),
        Progress("seventh, 99 breaks; bound 99"),
    ):
        record(0.5, "scheduling", report)
    record(0.9, "writing", None)

    run.refresh_from_db()
    assert (run.phase, run.progress) == ("writing", 0.9)
    assert (run.best_breaks, run.bound, run.placed) == (9, 6, 4000)
    assert run.stage == "seventh, 99 breaks; bound 99"


@pytest.mark.django_db
def test_recorder_figures_of_a_real_schedule_come_from_its_reports():
    forum = ForumFactory(number=9)
    programme(forum, slots=6, tables=1)
    people = [ParticipantFactory(forum=forum) for _ in range(5)]
    # One table for ten meetings in six slots: the scheduler must leave gaps, so it searches.
    for i, x in enumerate(people):
        for y in people[i + 1 :]:
            request_accept(request=request_create(requester=x, invitee=y, priority="must"), by=y)
    run = ScheduleRun.objects.create(forum=forum, status="running")
    record = _Recorder(run.pk)
    reports: list[Progress] = []

    def spy(share, phase, solver):
        if solver is not None:
            reports.append(solver)
        record(share, phase, solver)

    programme_schedule(forum=forum, time_limit=5, progress=spy)

    run.refresh_from_db()
    bounds = [r.bound for r in reports if r.bound is not None]
    breaks = [r.best_breaks for r in reports if r.best_breaks is not None]
    placed = [r.placed for r in reports if r.placed is not None]
    assert reports and bounds and breaks, reports
    assert run.bound == (max(bounds) if bounds else None)
    assert run.best_breaks == (min(breaks) if breaks else None)
    assert run.placed == (placed[-1] if placed else None)
    assert run.stage == reports[-1].message
    assert run.phase == "done"


@pytest.mark.django_db(transaction=True)
def test_schedule_run_through_the_database_backend_and_its_worker(settings):
    settings.TASKS = DATABASE_BACKEND
    from django_tasks_db.models import DBTaskResult

    forum = _forum_with_meetings()

    start = programme_schedule_start(forum=forum, user=None, time_limit=5)

    run = ScheduleRun.objects.get(pk=start.run.pk)
    assert (run.status, run.phase) == ("queued", "queued")
    task = DBTaskResult.objects.get(pk=run.task_id)
    assert (task.status, task.args_kwargs["args"]) == ("READY", [run.pk])

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    run.refresh_from_db()
    task.refresh_from_db()
    assert (run.status, run.placed, run.meetings) == ("done", 5, 5)
    assert (task.status, task.return_value) == ("SUCCESSFUL", "done")
    assert Meeting.objects.filter(forum=forum, slot__isnull=False).count() == 0
    programme_publish(run=run)
    assert Meeting.objects.filter(forum=forum, slot__isnull=False).count() == 5


@pytest.mark.django_db(transaction=True)
def test_schedule_run_that_no_backend_takes_is_marked_failed(settings):
    settings.TASKS = {"default": {"BACKEND": "regionforum.no_such_backend.Backend"}}
    forum = _forum_with_meetings()

    start = programme_schedule_start(forum=forum, user=None, time_limit=5)

    run = ScheduleRun.objects.get(pk=start.run.pk)
    assert run.status == "failed"
    assert run.error == "The run could not be handed to a worker; nothing was changed. Try again."
    assert Meeting.objects.filter(forum=forum, slot__isnull=False).count() == 0


@pytest.mark.django_db
def test_schedule_start_replaces_a_run_whose_worker_died(django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    forum = _forum_with_meetings()
    started = timezone.now() - timedelta(seconds=2 * 30 + 601)
    lost = ScheduleRun.objects.create(
        forum=forum, status="running", time_limit=30, started_at=started
    )
    recent = ForumFactory(number=9)
    busy = ScheduleRun.objects.create(
        forum=recent,
        status="running",
        time_limit=30,
        started_at=timezone.now() - timedelta(minutes=5),
    )

    with django_capture_on_commit_callbacks(execute=True):
        start = programme_schedule_start(forum=forum, user=None, time_limit=5)

    lost.refresh_from_db()
    assert (lost.status, lost.error) == (
        "failed",
        "The run stopped without finishing (its worker was stopped); nothing was changed.",
    )
    assert start.created is True and start.run.pk != lost.pk
    assert ScheduleRun.objects.get(pk=start.run.pk).status == "done"
    assert programme_schedule_start(forum=recent, user=None, time_limit=5).created is False
    busy.refresh_from_db()
    assert busy.status == "running"


def _places(forum):
    return list(Meeting.objects.filter(forum=forum).order_by("pk").values_list("slot", "table"))


@pytest.mark.django_db
def test_publish_refuses_a_run_older_than_the_published_one():
    forum = _forum_with_meetings(count=2)
    older, newer = two_finished_runs(forum)
    programme_publish(run=newer)
    published = _places(forum)

    with pytest.raises(ScheduleRunSuperseded) as refused:
        programme_publish(run=older)

    assert (refused.value.run, refused.value.newer_run) == (older.pk, newer.pk)
    assert refused.value.message.startswith(
        f"Schedule run {older.pk} is older than run {newer.pk}, whose schedule was published on "
    )
    assert _places(forum) == published
    assert [p[1:3] for p in newer.placements] == [list(place) for place in published]
    older.refresh_from_db()
    assert older.published_at is None


@pytest.mark.django_db
def test_publish_of_an_older_run_on_purpose_puts_its_schedule_back():
    forum = _forum_with_meetings(count=2)
    older, newer = two_finished_runs(forum)
    programme_publish(run=newer)

    programme_publish(run=older, replace_newer=True)

    assert _places(forum) == [tuple(p[1:3]) for p in older.placements]
    older.refresh_from_db()
    assert older.published_at is not None


@pytest.mark.django_db
def test_publish_of_an_older_run_is_allowed_while_the_newer_one_is_a_draft():
    forum = _forum_with_meetings(count=2)
    older, _newer = two_finished_runs(forum)

    programme_publish(run=older)

    assert _places(forum) == [tuple(p[1:3]) for p in older.placements]
