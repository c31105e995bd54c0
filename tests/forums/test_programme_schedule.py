import pytest

from regionforum.forums.models import Meeting, ScheduleRun, Slot, Unavailability
from regionforum.forums.programme import programme_publish, programme_schedule
from regionforum.forums.requests import meeting_book, request_accept, request_cancel, request_create
from tests.factories import ForumFactory
from tests.forums.factories import ParticipantFactory, programme

pytestmark = pytest.mark.django_db


def _meet(a, b, priority="would"):
    return request_accept(request=request_create(requester=a, invitee=b, priority=priority), by=b)


def _schedule(forum, **options):
    """Schedule and publish, as the command does: a run's draft reaches the meetings only then."""
    result = programme_schedule(forum=forum, time_limit=5, **options)
    run = ScheduleRun.objects.create(
        forum=forum, status="done", placements=[list(p) for p in result.placements]
    )
    programme_publish(run=run)
    return result


def _placements():
    return {m.pk: (m.slot_id, m.table_id) for m in Meeting.objects.all()}


def test_programme_schedule_places_every_meeting_without_clashes():
    forum = ForumFactory(number=8)
    programme(forum, slots=4, tables=2)
    a, b, c, d = (ParticipantFactory(forum=forum) for _ in range(4))
    for x, y in ((a, b), (a, c), (a, d), (b, c), (c, d)):
        _meet(x, y)
    result = _schedule(forum)

    assert (result.meetings, result.scheduled, result.unscheduled) == (5, 5, [])
    meetings = list(Meeting.objects.select_related("request"))
    assert all(m.slot_id and m.table_id for m in meetings)
    assert len({(m.slot_id, m.table_id) for m in meetings}) == 5
    seen = set()
    for m in meetings:
        for side in (m.request.requester_id, m.request.invitee_id):
            assert (side, m.slot_id) not in seen
            seen.add((side, m.slot_id))
    assert result.as_dict()["status"] in ("optimal", "feasible")


def test_programme_schedule_respects_unavailability_and_gives_a_reason():
    forum = ForumFactory(number=8)
    programme(forum, slots=2, tables=1)
    a, b, c = (ParticipantFactory(forum=forum) for _ in range(3))
    first, second = Slot.objects.order_by("starts_at")
    Unavailability.objects.create(participant=a, starts_at=first.starts_at, ends_at=first.ends_at)
    Unavailability.objects.create(participant=b, starts_at=second.starts_at, ends_at=second.ends_at)
    _meet(a, b)
    placed = _meet(a, c)
    result = _schedule(forum)

    assert [(u.requester, u.invitee, u.reason) for u in result.unscheduled] == [
        (a.ref, b.ref, "no slot in which both are available")
    ]
    placed.refresh_from_db()
    assert placed.slot_id == second.pk
    assert Meeting.objects.get(request__invitee=b).unscheduled_reason == (
        "no slot in which both are available"
    )


def test_programme_schedule_busy_in_every_common_slot_reason():
    forum = ForumFactory(number=8)
    programme(forum, slots=1, tables=2)
    a, b, c = (ParticipantFactory(forum=forum) for _ in range(3))
    _meet(a, b, "must")
    _meet(a, c)
    result = _schedule(forum)
    assert [(u.requester, u.invitee, u.reason) for u in result.unscheduled] == [
        (a.ref, c.ref, "both unavailable in every common free slot")
    ]


def test_programme_schedule_keeps_locked_meetings():
    forum = ForumFactory(number=8)
    programme(forum, slots=3, tables=2)
    a, b, c = (ParticipantFactory(forum=forum) for _ in range(3))
    last = Slot.objects.order_by("starts_at").last()
    table = forum.tables.order_by("number").last()
    locked = meeting_book(meeting=_meet(a, b), slot=last, table=table)
    _meet(a, c)
    _meet(b, c)
    _schedule(forum)
    locked.refresh_from_db()
    assert (locked.slot_id, locked.table_id, locked.locked) == (last.pk, table.pk, True)


def test_programme_schedule_after_publication_moves_only_what_must_move():
    forum = ForumFactory(number=8)
    programme(forum, slots=4, tables=2)
    people = [ParticipantFactory(forum=forum) for _ in range(6)]
    a, b, c, d, e, f = people
    for x, y in ((a, b), (c, d), (e, f), (a, c)):
        _meet(x, y)
    _schedule(forum)
    before = _placements()

    cancelled = Meeting.objects.get(request__requester=a, request__invitee=c)
    request_cancel(request=cancelled.request, by=a)
    ef = Meeting.objects.get(request__requester=e)
    Unavailability.objects.create(
        participant=e, starts_at=ef.slot.starts_at, ends_at=ef.slot.ends_at
    )
    _meet(b, d)
    result = _schedule(forum)

    after = _placements()
    ab = Meeting.objects.get(request__requester=a, request__invitee=b).pk
    cd = Meeting.objects.get(request__requester=c, request__invitee=d).pk
    assert after[ab] == before[ab]
    assert after[cd] == before[cd]
    assert after[ef.pk] != before[ef.pk]
    assert result.kept == 2
    assert result.scheduled == 4
    assert result.changed_participants == sorted([b.ref, d.ref, e.ref, f.ref])


def test_programme_publish_refuses_an_unfinished_run():
    from regionforum.forums.errors import ProgrammeError

    run = ScheduleRun.objects.create(forum=ForumFactory(number=8), status="running")
    with pytest.raises(ProgrammeError, match="finished"):
        programme_publish(run=run)


def test_programme_schedule_that_finds_nothing_in_time_changes_nothing(monkeypatch):
    from regionforum.forums.errors import ProgrammeError
    from regionforum.scheduling.problem import Schedule, Status

    forum = ForumFactory(number=8)
    programme(forum, slots=4, tables=2)
    a, b, c = (ParticipantFactory(forum=forum) for _ in range(3))
    _meet(a, b)
    _meet(a, c)
    _schedule(forum)
    before = _placements()

    def nothing_in_time(problem, **_options):
        return Schedule(
            status=Status.UNKNOWN,
            placements=(),
            unscheduled=tuple(m.id for m in problem.meetings),
            breaks=None,
            bound=0,
            seconds=7.0,
            fairness=2,
            reason="no schedule was found within the time limit",
        )

    monkeypatch.setattr("regionforum.scheduling.scheduler.schedule", nothing_in_time)
    with pytest.raises(ProgrammeError, match=r"within the time limit of 7 s; nothing was changed"):
        programme_schedule(forum=forum, time_limit=7)
    assert _placements() == before
    assert all(slot is not None for slot, _table in before.values())


def _slot_numbers(participant):
    order = {
        pk: n
        for n, pk in enumerate(Slot.objects.order_by("starts_at").values_list("pk", flat=True), 1)
    }
    return sorted(
        order[m.slot_id]
        for m in Meeting.objects.filter(slot__isnull=False)
        if participant.pk in (m.request.requester_id, m.request.invitee_id)
    )


def test_programme_schedule_seats_a_participant_at_the_table_it_keeps():
    forum = ForumFactory(number=8)
    programme(forum, slots=3, tables=3)
    stand = forum.tables.get(number=2)
    a = ParticipantFactory(forum=forum, table=stand)
    b, c, d, e, f = (ParticipantFactory(forum=forum) for _ in range(5))
    for other in (b, c, d):
        _meet(a, other)
    _meet(e, f)
    result = _schedule(forum)

    assert (result.scheduled, result.unscheduled) == (4, [])
    tables = {m.request.invitee_id: m.table_id for m in Meeting.objects.select_related("request")}
    assert [tables[p.pk] for p in (b, c, d)] == [stand.pk] * 3
    assert tables[f.pk] != stand.pk


def test_programme_schedule_says_two_participants_keep_different_tables():
    forum = ForumFactory(number=8)
    programme(forum, slots=2, tables=2)
    a = ParticipantFactory(forum=forum, table=forum.tables.get(number=1))
    b = ParticipantFactory(forum=forum, table=forum.tables.get(number=2))
    c = ParticipantFactory(forum=forum)
    _meet(a, b, "must")
    _meet(a, c)
    result = _schedule(forum)

    assert [(u.requester, u.invitee, u.reason) for u in result.unscheduled] == [
        (a.ref, b.ref, f"{a.ref} and {b.ref} keep different tables all day")
    ]
    assert result.scheduled == 1


def test_programme_schedule_pauses_after_the_most_meetings_in_a_row():
    forum = ForumFactory(number=8, max_meetings_in_row=2)
    programme(forum, slots=4, tables=2)
    a, b, c, d = (ParticipantFactory(forum=forum) for _ in range(4))
    for other in (b, c, d):
        _meet(a, other)
    result = _schedule(forum)

    assert (result.scheduled, result.breaks) == (3, 1)
    slots = _slot_numbers(a)
    assert len(slots) == 3 and slots[2] - slots[0] == 3  # one pause among four slots

    a.max_meetings_in_row = 3
    a.save()
    Meeting.objects.update(slot=None, table=None)
    result = _schedule(forum)
    assert (result.scheduled, result.breaks) == (3, 0)


def test_a_run_is_a_draft_that_no_agenda_shows_until_it_is_published():
    from regionforum.forums.agendas import participant_agenda_get
    from regionforum.forums.schedule_runs import schedule_run_create, schedule_run_execute

    forum = ForumFactory(number=8)
    programme(forum, slots=3, tables=2)
    a, b, c = (ParticipantFactory(forum=forum) for _ in range(3))
    _meet(a, b)
    _meet(a, c)
    run = schedule_run_create(forum=forum, user=None, time_limit=5).run

    run = schedule_run_execute(run_id=run.pk)
    draft = participant_agenda_get(participant=a)
    unplaced = _placements()
    programme_publish(run=run)
    published = participant_agenda_get(participant=a)

    assert run.status == "done" and len(run.placements) == 2
    assert draft.items == []
    assert [(item.reason, item.pending) for item in draft.unscheduled] == [
        ("not yet scheduled", True),
        ("not yet scheduled", True),
    ]
    assert published.unscheduled == []
    assert set(unplaced.values()) == {(None, None)}
    assert sorted(item.meeting_id for item in published.items) == sorted(
        pk for pk, _slot, _table, _reason in run.placements
    )
    assert {pk: (slot, table) for pk, slot, table, _reason in run.placements} == _placements()


def test_publishing_keeps_a_meeting_locked_since_the_run_and_refuses_twice():
    from regionforum.forums.errors import ProgrammeError

    forum = ForumFactory(number=8)
    programme(forum, slots=3, tables=2)
    a, b = (ParticipantFactory(forum=forum) for _ in range(2))
    meeting = _meet(a, b)
    result = programme_schedule(forum=forum, time_limit=5)
    run = ScheduleRun.objects.create(
        forum=forum, status="done", placements=[list(p) for p in result.placements]
    )
    ((_pk, drafted_slot, _table, _reason),) = result.placements
    other_slot = Slot.objects.exclude(pk=drafted_slot).order_by("starts_at").first()
    by_hand = forum.tables.order_by("number").first()
    meeting_book(meeting=meeting, slot=other_slot, table=by_hand)

    programme_publish(run=run)

    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table_id, meeting.locked) == (other_slot.pk, by_hand.pk, True)
    with pytest.raises(ProgrammeError, match=f"Schedule run {run.pk} is published already"):
        programme_publish(run=run)
