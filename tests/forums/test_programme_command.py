import json

import pytest

from regionforum.forums.models import Meeting, ScheduleRun, Slot, Unavailability
from regionforum.forums.requests import request_accept, request_create
from tests.cli import run
from tests.factories import ForumFactory
from tests.forums.factories import ParticipantFactory, programme

# Each command closes the database connections as it ends.
pytestmark = pytest.mark.django_db(transaction=True)


def _meet(a, b):
    request_accept(request=request_create(requester=a, invitee=b, priority="would"), by=b)


def _forum():
    forum = ForumFactory(number=8)
    programme(forum, slots=2, tables=1)
    a, b, c = (ParticipantFactory(forum=forum, ref=ref) for ref in ("A", "B", "C"))
    first, second = Slot.objects.order_by("starts_at")
    Unavailability.objects.create(participant=a, starts_at=first.starts_at, ends_at=first.ends_at)
    Unavailability.objects.create(participant=b, starts_at=second.starts_at, ends_at=second.ends_at)
    _meet(a, b)
    _meet(a, c)
    return forum


def test_programme_schedule_json_schedules_and_publishes(capsys):
    forum = _forum()

    code, out, err = run(
        capsys, "programme", "schedule", "--forum", "8", "--time-limit", "5", "--json"
    )

    assert (code, err) == (0, "")
    result = json.loads(out)
    assert {k: result[k] for k in ("meetings", "scheduled", "unscheduled", "breaks", "bound")} == {
        "meetings": 2,
        "scheduled": 1,
        "unscheduled": [{"from": "A", "to": "B", "reason": "no slot in which both are available"}],
        "breaks": 0,
        "bound": 0,
    }
    assert result["status"] == "optimal"
    assert isinstance(result["seconds"], float)
    run_ = ScheduleRun.objects.get(forum=forum)
    assert (run_.status, run_.placed, run_.meetings) == ("done", 1, 2)
    assert run_.published_at is not None
    assert Meeting.objects.get(request__invitee__ref="C").slot_id is not None


def test_programme_schedule_prints_sentences(capsys):
    _forum()

    code, out, _err = run(capsys, "programme", "schedule", "--forum", "8", "--time-limit", "5")

    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Forum 8: 1 of 2 accepted meetings scheduled (optimal) in ")
    assert lines[1:] == [
        "Breaks: 0; the lower bound is 0.",
        "Not scheduled: A ↔ B: no slot in which both are available.",
        "The schedule is published: every participant has an agenda.",
    ]


def test_programme_schedule_unknown_forum_exits_2(capsys):
    code, out, err = run(capsys, "programme", "schedule", "--forum", "42")
    assert (code, out) == (2, "")
    assert "42" in err and "Traceback" not in err


def test_programme_schedule_bad_time_limit_exits_2(capsys):
    _forum()
    code, _out, err = run(capsys, "programme", "schedule", "--forum", "8", "--time-limit", "0")
    assert code == 2
    assert "The time limit must be between 1 and 600 seconds." in err
    assert ScheduleRun.objects.count() == 0


def test_programme_schedule_while_a_run_is_active_exits_1(capsys):
    forum = _forum()
    active = ScheduleRun.objects.create(forum=forum, status="running")

    code, _out, err = run(capsys, "programme", "schedule", "--forum", "8")

    assert code == 1
    assert f"Forum 8 already has a schedule run under way (run {active.pk})." in err
    assert Meeting.objects.filter(slot__isnull=False).count() == 0


def test_programme_schedule_without_a_programme_exits_1_with_the_reason(capsys):
    ForumFactory(number=9)

    code, out, err = run(capsys, "programme", "schedule", "--forum", "9", "--json")

    assert (code, out) == (1, "")
    assert "Forum 9 has no slots or no tables yet; add its programme first." in err
    assert ScheduleRun.objects.get().status == "failed"
