from datetime import date, time

import pytest
from icalendar import Calendar

from regionforum.forums.selectors import slot_list
from regionforum.web.agendas import forum_agendas_build
from tests.factories import ForumFactory
from tests.forums.factories import ParticipantFactory, meeting, programme

pytestmark = pytest.mark.django_db


def _forum(participants, meetings):
    forum = ForumFactory(number=8, starts_on=date(2021, 6, 29), ends_on=date(2021, 6, 30))
    programme(forum, slots=4, tables=2, start=time(10, 0))
    slots = list(slot_list(forum=forum))
    tables = list(forum.tables.order_by("number"))
    people = [ParticipantFactory(forum=forum, ref=f"P/{n}") for n in range(participants)]
    for index in range(meetings):
        meeting(
            people[index],
            people[index + 1],
            slot=slots[index],
            table=tables[index % 2],
        )
    return forum


def test_forum_agendas_build_writes_a_page_and_an_ics_for_everyone(tmp_path):
    forum = _forum(participants=4, meetings=3)

    built = forum_agendas_build(forum=forum, out=tmp_path)

    assert (built.participants, built.tables, built.meetings) == (4, 2, 3)
    assert sorted(p.name for p in (tmp_path / "participants").iterdir()) == [
        f"P_{n}.{ext}" for n in range(4) for ext in ("html", "ics")
    ]
    second = Calendar.from_ical((tmp_path / "participants" / "P_1.ics").read_bytes())
    assert [e.decoded("dtstart").strftime("%H:%M") for e in second.walk("VEVENT")] == [
        "10:00",
        "10:30",
    ]
    table = (tmp_path / "tables" / "2.html").read_text("utf-8")
    assert table.count('class="agenda-person"') == 2


@pytest.mark.parametrize("meetings", [1, 3])
def test_forum_agendas_build_queries_do_not_grow_with_meetings(meetings, django_assert_num_queries):
    forum = _forum(participants=4, meetings=meetings)

    with django_assert_num_queries(4):
        built = forum_agendas_build(forum=forum)

    assert built.meetings == meetings
