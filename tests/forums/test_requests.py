from datetime import timedelta

import pytest

from regionforum.forums.errors import ProgrammeError
from regionforum.forums.models import Meeting, RequestStatus, Slot, Unavailability
from regionforum.forums.requests import (
    meeting_book,
    request_accept,
    request_cancel,
    request_create,
    request_decline,
)
from tests.factories import ForumFactory
from tests.forums.factories import ParticipantFactory, programme

pytestmark = pytest.mark.django_db


def _pair():
    forum = ForumFactory(number=8)
    return ParticipantFactory(forum=forum), ParticipantFactory(forum=forum)


def test_request_create_refuses_oneself():
    a, _b = _pair()
    with pytest.raises(ProgrammeError, match="with themselves"):
        request_create(requester=a, invitee=a, priority="must")


def test_request_create_refuses_someone_outside_the_forum():
    a, _b = _pair()
    stranger = ParticipantFactory(forum=ForumFactory(number=9))
    with pytest.raises(ProgrammeError, match="does not take part"):
        request_create(requester=a, invitee=stranger, priority="would")


def test_request_create_refuses_a_duplicate_in_either_direction():
    a, b = _pair()
    request_create(requester=a, invitee=b, priority="would")
    with pytest.raises(ProgrammeError, match="has already requested"):
        request_create(requester=a, invitee=b, priority="must")
    with pytest.raises(ProgrammeError, match="has already requested"):
        request_create(requester=b, invitee=a, priority="must")


def test_request_create_refuses_unknown_priority():
    a, b = _pair()
    with pytest.raises(ProgrammeError, match="Unknown priority"):
        request_create(requester=a, invitee=b, priority="urgent")


def test_request_create_again_after_cancel_reuses_the_row():
    a, b = _pair()
    first = request_create(requester=a, invitee=b, priority="would")
    request_cancel(request=first, by=a)
    again = request_create(requester=a, invitee=b, priority="must", message=" hello ")
    assert (again.pk, again.status, again.priority, again.message) == (
        first.pk,
        RequestStatus.REQUESTED,
        "must",
        "hello",
    )


def test_request_accept_by_invitee_creates_the_meeting():
    a, b = _pair()
    request = request_create(requester=a, invitee=b, priority="must")
    meeting = request_accept(request=request, by=b)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert request.decided_at is not None
    assert (meeting.request_id, meeting.forum_id, meeting.slot_id) == (request.pk, a.forum_id, None)


def test_request_accept_only_by_the_invitee_or_the_secretariat():
    a, b = _pair()
    request = request_create(requester=a, invitee=b, priority="must")
    with pytest.raises(ProgrammeError, match=r"Only .* can accept"):
        request_accept(request=request, by=a)
    request_accept(request=request, by=None)
    assert Meeting.objects.filter(request=request).count() == 1


def test_request_accept_refuses_a_request_that_is_not_pending():
    a, b = _pair()
    request = request_create(requester=a, invitee=b, priority="must")
    request_accept(request=request, by=b)
    with pytest.raises(ProgrammeError, match="no longer pending"):
        request_accept(request=request, by=b)
    request_decline(request=request, by=b)
    with pytest.raises(ProgrammeError, match="no longer pending"):
        request_decline(request=request, by=b)
    with pytest.raises(ProgrammeError, match="no longer pending"):
        request_cancel(request=request, by=a)


def test_request_cancel_only_by_the_requester():
    a, b = _pair()
    request = request_create(requester=a, invitee=b, priority="must")
    with pytest.raises(ProgrammeError, match=r"Only .* can cancel"):
        request_cancel(request=request, by=b)
    with pytest.raises(ProgrammeError, match=r"Only .* can decline"):
        request_decline(request=request, by=a)


def test_request_create_refuses_after_a_decline():
    a, b = _pair()
    request_decline(request=request_create(requester=a, invitee=b, priority="would"), by=b)
    with pytest.raises(ProgrammeError, match="has declined"):
        request_create(requester=a, invitee=b, priority="would")


def test_request_cancel_of_a_scheduled_meeting_names_who_is_affected():
    a, b = _pair()
    programme(a.forum)
    request = request_create(requester=a, invitee=b, priority="must")
    meeting = request_accept(request=request, by=b)
    meeting_book(meeting=meeting, slot=Slot.objects.first(), table=a.forum.tables.first())
    assert request_cancel(request=request, by=a) == [a, b]
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED


def test_request_decline_of_an_unscheduled_meeting_affects_nobody():
    a, b = _pair()
    request = request_create(requester=a, invitee=b, priority="must")
    request_accept(request=request, by=b)
    assert request_decline(request=request, by=None) == []
    assert Meeting.objects.count() == 0


def _meeting(a, b):
    return request_accept(request=request_create(requester=a, invitee=b, priority="would"), by=b)


def test_meeting_book_places_and_locks():
    a, b = _pair()
    programme(a.forum)
    slot, table = Slot.objects.first(), a.forum.tables.first()
    meeting = meeting_book(meeting=_meeting(a, b), slot=slot, table=table)
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table_id, meeting.locked) == (slot.pk, table.pk, True)


def test_meeting_book_refuses_a_taken_table():
    a, b = _pair()
    c, d = ParticipantFactory(forum=a.forum), ParticipantFactory(forum=a.forum)
    programme(a.forum)
    slot, table = Slot.objects.first(), a.forum.tables.first()
    meeting_book(meeting=_meeting(a, b), slot=slot, table=table)
    with pytest.raises(ProgrammeError, match="is taken at"):
        meeting_book(meeting=_meeting(c, d), slot=slot, table=table)


def test_meeting_book_refuses_a_participant_already_busy():
    a, b = _pair()
    c = ParticipantFactory(forum=a.forum)
    programme(a.forum)
    slot = Slot.objects.first()
    first, second = a.forum.tables.all()[:2]
    meeting_book(meeting=_meeting(a, b), slot=slot, table=first)
    with pytest.raises(ProgrammeError, match=f"{a.ref} .* already has a meeting"):
        meeting_book(meeting=_meeting(a, c), slot=slot, table=second)


def test_meeting_book_refuses_an_unavailable_participant():
    a, b = _pair()
    programme(a.forum)
    slot = Slot.objects.first()
    Unavailability.objects.create(
        participant=b, starts_at=slot.starts_at - timedelta(minutes=5), ends_at=slot.ends_at
    )
    with pytest.raises(ProgrammeError, match=f"{b.ref} .* is unavailable"):
        meeting_book(meeting=_meeting(a, b), slot=slot, table=a.forum.tables.first())


def test_meeting_book_refuses_a_slot_of_another_forum():
    a, b = _pair()
    programme(a.forum)
    other = ForumFactory(number=9)
    programme(other)
    with pytest.raises(ProgrammeError, match="another forum"):
        meeting_book(
            meeting=_meeting(a, b),
            slot=Slot.objects.filter(forum=other).first(),
            table=a.forum.tables.first(),
        )


def test_meeting_book_refuses_a_slot_outside_the_forum_days():
    a, b = _pair()
    programme(a.forum)
    slot = Slot.objects.first()
    a.forum.starts_on = a.forum.ends_on = slot.starts_at.date() + timedelta(days=1)
    a.forum.save()
    with pytest.raises(ProgrammeError, match="outside the days"):
        meeting_book(meeting=_meeting(a, b), slot=slot, table=a.forum.tables.first())
