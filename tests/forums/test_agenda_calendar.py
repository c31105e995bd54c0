from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from regionforum.forums.agenda_calendar import agenda_ics
from regionforum.forums.agendas import participant_agenda_get
from regionforum.forums.selectors import slot_list
from tests.factories import ForumFactory, OrganisationFactory
from tests.forums.factories import ParticipantFactory, meeting, programme

pytestmark = pytest.mark.django_db
MINSK = ZoneInfo("Europe/Minsk")


def _anna_meets_boris():
    forum = ForumFactory(number=8, starts_on=date(2021, 6, 29), ends_on=date(2021, 6, 30))
    programme(forum, slots=2, tables=1, start=time(10, 0))
    slot = slot_list(forum=forum).first()
    anna = ParticipantFactory(forum=forum, ref="A", name="Анна")
    boris = ParticipantFactory(
        forum=forum,
        ref="B",
        name="Борис Иванов",
        organisation=OrganisationFactory(name="ОАО Полимер"),
        offers="полимерная плёнка",
    )
    held = meeting(anna, boris, slot=slot, table=forum.tables.get())
    meeting(anna, ParticipantFactory(forum=forum, ref="C"), reason="no common free slot")
    return anna, held


def test_agenda_ics_a_10_00_minsk_slot_parses_back_as_10_00_minsk_and_07_00_utc():
    anna, _held = _anna_meets_boris()

    calendar = Calendar.from_ical(agenda_ics(participant_agenda_get(participant=anna)))

    events = calendar.walk("VEVENT")
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    end = events[0].decoded("dtend")
    assert start.tzinfo is not None
    assert (start.hour, start.minute) == (10, 0)
    assert start.astimezone(MINSK).strftime("%H:%M") == "10:00"
    assert start.astimezone(UTC) == datetime(2021, 6, 29, 7, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2021, 6, 29, 7, 30, tzinfo=UTC)
    assert events[0]["dtstart"].params["TZID"] == "Europe/Minsk"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Minsk"]


def test_agenda_ics_event_has_a_stable_uid_summary_location_description_and_stamp():
    anna, held = _anna_meets_boris()
    stamp = datetime(2021, 6, 1, 12, 0, tzinfo=UTC)

    first = agenda_ics(participant_agenda_get(participant=anna), stamp=stamp)
    again = agenda_ics(participant_agenda_get(participant=anna), stamp=stamp)
    event = Calendar.from_ical(first).walk("VEVENT")[0]

    assert first == again
    assert str(event["uid"]) == f"forum-8-meeting-{held.pk}@regionforum"
    assert str(event["summary"]) == "Meeting: Борис Иванов (ОАО Полимер)"
    assert str(event["location"]) == "Table 1"
    assert str(event["description"]).startswith("Борис Иванов, ОАО Полимер (BY-HO)")
    assert "полимерная плёнка" in str(event["description"])
    assert event.decoded("dtstamp") == stamp
    assert b"\r\n" in first
