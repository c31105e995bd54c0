"""An agenda as an iCalendar file (RFC 5545), made with the icalendar library.

Each meeting is one VEVENT in the forum's own time zone, with the VTIMEZONE that icalendar
builds from zoneinfo (for the years around the meetings), so calendar apps show the forum's
local times wherever they are.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from regionforum.forums.agendas import Agenda, AgendaItem

if TYPE_CHECKING:
    from icalendar import Timezone

UID_DOMAIN = "regionforum"


def meeting_uid(*, forum_number: int, meeting_id: int) -> str:
    """A UID that stays the same for one meeting however often its agenda is made."""
    return f"forum-{forum_number}-meeting-{meeting_id}@{UID_DOMAIN}"


@cache
def _vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """The zone's VTIMEZONE from a year before the first meeting to a year after the last,
    made once a process. icalendar's default covers every offset from 1970 to 2038: making it
    took 0.05 s an agenda, three quarters of making every .ics of a large forum
    (benchmarks/programme_large.py), and writing its lines out most of the rest."""
    from icalendar import Timezone

    return Timezone.from_tzid(
        tzid, first_date=date(first_year - 1, 1, 1), last_date=date(last_year + 2, 1, 1)
    )


def _summary(item: AgendaItem) -> str:
    if item.partner is not None:
        return _("Meeting: %(partner)s (%(organisation)s)") % {
            "partner": item.partner.name,
            "organisation": item.partner.organisation,
        }
    first, second = item.sides
    return _("Meeting: %(first)s and %(second)s") % {"first": first.name, "second": second.name}


def _description(item: AgendaItem) -> str:
    people = [item.partner] if item.partner is not None else list(item.sides)
    lines = []
    for person in people:
        lines.append(f"{person.name}, {person.organisation} ({person.region.code})")
        if person.offers:
            lines.append(_("Offers: %(text)s") % {"text": person.offers})
        if person.seeks:
            lines.append(_("Seeks: %(text)s") % {"text": person.seeks})
    return "\n".join(lines)


def agenda_ics(agenda: Agenda, *, stamp: datetime | None = None) -> bytes:
    """The agenda's scheduled meetings as an iCalendar file."""
    from icalendar import Calendar, Event

    stamp = stamp or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//regionforum//agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-timezone", agenda.forum.time_zone)
    for item in agenda.items:
        event = Event()
        event.add("uid", meeting_uid(forum_number=agenda.forum.number, meeting_id=item.meeting_id))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        event.add("summary", _summary(item))
        event.add("location", _("Table %(table)s") % {"table": item.table_label})
        event.add("description", _description(item))
        calendar.add_component(event)
    if agenda.items:
        years = [item.starts_at.year for item in agenda.items]
        for tzid in sorted(calendar.get_missing_tzids()):
            calendar.subcomponents.insert(0, _vtimezone(tzid, min(years), max(years)))
    return calendar.to_ical()
