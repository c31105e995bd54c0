from datetime import date
from zoneinfo import ZoneInfo

import pytest

from regionforum.forums.agendas import (
    forum_agendas_get,
    meeting_counterpart_id,
    participant_agenda_get,
    table_agenda_get,
)
from regionforum.forums.models import MeetingRequest, RequestStatus
from regionforum.forums.selectors import slot_list
from tests.factories import ForumFactory, OrganisationFactory, RegionFactory
from tests.forums.factories import ParticipantFactory, meeting, programme

pytestmark = pytest.mark.django_db


def _forum_with_three():
    forum = ForumFactory(number=8, starts_on=date(2021, 6, 29), ends_on=date(2021, 6, 30))
    programme(forum, slots=4, tables=2)
    slots = list(slot_list(forum=forum))
    tables = list(forum.tables.order_by("number"))
    anna = ParticipantFactory(forum=forum, ref="A", name="Анна Петрова")
    boris = ParticipantFactory(
        forum=forum,
        ref="B",
        name="Boris Ivanov",
        organisation=OrganisationFactory(
            name="Smolensk Polymers", region=RegionFactory(code="RU-SMO")
        ),
        offers="полимерная плёнка",
        seeks="dairy equipment",
    )
    vera = ParticipantFactory(forum=forum, ref="V", name="Vera")
    return forum, slots, tables, anna, boris, vera


def test_participant_agenda_get_lists_meetings_in_time_order_in_local_time():
    _forum, slots, tables, anna, boris, vera = _forum_with_three()
    later = meeting(vera, anna, slot=slots[2], table=tables[1])
    first = meeting(anna, boris, slot=slots[0], table=tables[0], priority="must")

    agenda = participant_agenda_get(participant=anna)

    assert [item.meeting_id for item in agenda.items] == [first.pk, later.pk]
    item = agenda.items[0]
    assert item.starts_at.tzinfo == ZoneInfo("Europe/Minsk")
    assert (item.starts_at.strftime("%H:%M"), item.ends_at.strftime("%H:%M")) == ("10:00", "10:30")
    assert item.table_number == 1
    assert item.partner.name == "Boris Ivanov"
    assert str(item.partner.organisation) == "Smolensk Polymers"
    assert item.partner.region.code == "RU-SMO"
    assert item.partner.offers == "полимерная плёнка"
    assert item.partner.seeks == "dairy equipment"
    assert item.priority == "must"
    assert agenda.items[1].partner.ref == "V"
    assert agenda.items[1].starts_at.strftime("%H:%M") == "11:00"


def test_participant_agenda_get_shows_the_other_side_to_the_invitee():
    _forum, slots, tables, anna, boris, _vera = _forum_with_three()
    meeting(anna, boris, slot=slots[1], table=tables[0])

    agenda = participant_agenda_get(participant=boris)

    assert [item.partner.ref for item in agenda.items] == ["A"]
    assert agenda.items[0].starts_at.strftime("%H:%M") == "10:30"


def test_participant_agenda_get_lists_unscheduled_meetings_with_their_reason():
    _forum, slots, tables, anna, boris, vera = _forum_with_three()
    meeting(anna, boris, slot=slots[0], table=tables[0])
    left_out = meeting(vera, anna, reason="both unavailable in every common free slot")

    agenda = participant_agenda_get(participant=anna)

    assert len(agenda.items) == 1
    assert [(u.meeting_id, u.partner.ref, u.reason) for u in agenda.unscheduled] == [
        (left_out.pk, "V", "both unavailable in every common free slot")
    ]


def test_participant_agenda_get_leaves_out_requests_no_longer_accepted():
    _forum, slots, tables, anna, boris, _vera = _forum_with_three()
    cancelled = meeting(anna, boris, slot=slots[0], table=tables[0])
    MeetingRequest.objects.filter(pk=cancelled.request_id).update(status=RequestStatus.CANCELLED)

    assert participant_agenda_get(participant=anna).items == []


def test_table_agenda_get_lists_both_sides_of_the_meetings_at_that_table():
    _forum, slots, tables, anna, boris, vera = _forum_with_three()
    meeting(anna, boris, slot=slots[3], table=tables[0])
    meeting(vera, boris, slot=slots[1], table=tables[0])
    meeting(anna, vera, slot=slots[0], table=tables[1])

    agenda = table_agenda_get(table=tables[0])

    assert [(i.starts_at.strftime("%H:%M"), [s.ref for s in i.sides]) for i in agenda.items] == [
        ("10:30", ["V", "B"]),
        ("11:30", ["A", "B"]),
    ]
    assert all(item.partner is None for item in agenda.items)


def test_meeting_counterpart_id_is_the_other_side_and_refuses_an_outsider():
    assert meeting_counterpart_id(requester_id=1, invitee_id=2, participant_id=1) == 2
    assert meeting_counterpart_id(requester_id=1, invitee_id=2, participant_id=2) == 1
    with pytest.raises(ValueError):
        meeting_counterpart_id(requester_id=1, invitee_id=2, participant_id=3)


def test_forum_agendas_get_matches_the_single_agendas(django_assert_num_queries):
    forum, slots, tables, anna, boris, vera = _forum_with_three()
    meeting(anna, boris, slot=slots[0], table=tables[0])
    meeting(vera, anna, slot=slots[1], table=tables[1])
    meeting(vera, boris, reason="no common free slot")

    with django_assert_num_queries(4):
        everything = forum_agendas_get(forum=forum)

    by_ref = {agenda.participant.ref: agenda for agenda in everything.participants}
    for participant in (anna, boris, vera):
        single = participant_agenda_get(participant=participant)
        assert by_ref[participant.ref].items == single.items
        assert by_ref[participant.ref].unscheduled == single.unscheduled
    assert [len(agenda.items) for agenda in everything.tables] == [1, 1]
    assert everything.tables[0].items == table_agenda_get(table=tables[0]).items


@pytest.mark.parametrize("meetings", [1, 3])
def test_participant_agenda_get_takes_the_same_queries_for_1_and_3_meetings(
    meetings, django_assert_num_queries
):
    forum, slots, tables, anna, boris, vera = _forum_with_three()
    others = [boris, vera, ParticipantFactory(forum=forum, ref="G")]
    for index in range(meetings):
        meeting(anna, others[index], slot=slots[index], table=tables[0])
    anna = type(anna).objects.select_related("forum").get(pk=anna.pk)

    with django_assert_num_queries(2):
        agenda = participant_agenda_get(participant=anna)

    assert len(agenda.items) == meetings
