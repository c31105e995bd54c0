"""Reads of agendas: a participant's meetings, or a table's, in time order and local time.

An agenda is plain data (dataclasses) built from one query over the forum's meetings, so the
page, the PDF, the iCalendar file, the API and the bulk build for a whole forum all read the
same thing. Times are aware and already in the forum's time zone.

An agenda shows only the published schedule (and meetings the secretariat booked by hand): a
schedule run's draft places stay off it until the run is published. A meeting with no place and
no reason is waiting for a schedule, and says "not yet scheduled".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext as _

from regionforum.forums.models import (
    Meeting,
    Participant,
    RequestStatus,
    RunStatus,
    ScheduleRun,
    Table,
)
from regionforum.forums.services import forum_zone
from regionforum.registry.naming import DisplayName, organisation_name

if TYPE_CHECKING:
    from regionforum.forums.models import Forum
    from regionforum.gazetteer.models import Region


@dataclass(frozen=True, slots=True)
class AgendaPerson:
    """One side of a meeting, as an agenda shows it."""

    participant_id: int
    ref: str
    name: str
    organisation: DisplayName
    region: Region
    offers: str
    seeks: str


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One scheduled meeting. `partner` is the other side when the agenda is a participant's,
    and None on a table's agenda, which shows both `sides` (requester first)."""

    meeting_id: int
    slot_id: int
    starts_at: datetime
    ends_at: datetime
    table_number: int
    table_name: str
    sides: tuple[AgendaPerson, AgendaPerson]
    partner: AgendaPerson | None
    priority: str
    locked: bool
    attendance: str
    outcome: str

    @property
    def table_label(self) -> str:
        return self.table_name or str(self.table_number)


@dataclass(frozen=True, slots=True)
class UnscheduledItem:
    """An accepted meeting that has no slot and table, and why. `pending` is a meeting that no
    published schedule has placed or left out yet (its reason is "not yet scheduled")."""

    meeting_id: int
    sides: tuple[AgendaPerson, AgendaPerson]
    partner: AgendaPerson | None
    priority: str
    reason: str
    pending: bool = False


@dataclass(frozen=True, slots=True)
class ScheduleState:
    """Where the forum's schedule stands, as agendas tell it: when it was last published (None
    when it never was), and whether a newer run is being made or waits to be published."""

    published_at: datetime | None = None
    new_run_pending: bool = False

    @property
    def published(self) -> bool:
        return self.published_at is not None


def schedule_state_get(*, forum: Forum) -> ScheduleState:
    """The forum's schedule state, in one query over its runs."""
    runs = ScheduleRun.objects.filter(forum=forum).aggregate(
        last_published=Max("published_at"),
        published_run=Max("created_at", filter=Q(published_at__isnull=False)),
        latest_run=Max("created_at", filter=~Q(status=RunStatus.FAILED)),
    )
    latest, published = runs["latest_run"], runs["published_run"]
    return ScheduleState(
        published_at=runs["last_published"],
        new_run_pending=latest is not None and (published is None or latest > published),
    )


@dataclass(slots=True)
class Agenda:
    """A participant's or a table's agenda for one forum."""

    forum: Forum
    zone: ZoneInfo
    participant: Participant | None = None
    table: Table | None = None
    items: list[AgendaItem] = field(default_factory=list)
    unscheduled: list[UnscheduledItem] = field(default_factory=list)
    schedule: ScheduleState = field(default_factory=ScheduleState)

    @property
    def pending(self) -> list[UnscheduledItem]:
        """The meetings waiting for a schedule."""
        return [item for item in self.unscheduled if item.pending]

    @property
    def left_out(self) -> list[UnscheduledItem]:
        """The meetings that the published schedule could not hold, each with its reason."""
        return [item for item in self.unscheduled if not item.pending]


def meeting_counterpart_id(*, requester_id: int, invitee_id: int, participant_id: int) -> int:
    """The other side of a meeting between `requester_id` and `invitee_id`, seen by one of them."""
    if participant_id == requester_id:
        return invitee_id
    if participant_id == invitee_id:
        return requester_id
    raise ValueError(f"participant {participant_id} is not a side of this meeting")


def _meetings(forum: Forum) -> QuerySet[Meeting]:
    """The forum's accepted meetings with both sides, slot and table, in one query."""
    return (
        Meeting.objects.filter(forum=forum, request__status=RequestStatus.ACCEPTED)
        .select_related(
            "slot",
            "table",
            "request__requester__organisation",
            "request__requester__region",
            "request__invitee__organisation",
            "request__invitee__region",
        )
        .order_by("slot__starts_at", "table__number", "id")
    )


def _person(participant: Participant) -> AgendaPerson:
    return AgendaPerson(
        participant_id=participant.pk,
        ref=participant.ref,
        name=participant.name,
        organisation=organisation_name(participant.organisation),
        region=participant.region,
        offers=participant.offers,
        seeks=participant.seeks,
    )


@dataclass(slots=True)
class _Rows:
    """The forum's meetings read once, turned into agenda items without a partner yet."""

    scheduled: list[tuple[Meeting, AgendaItem]]
    unscheduled: list[tuple[Meeting, UnscheduledItem]]


def _rows(meetings: Iterable[Meeting], zone: ZoneInfo) -> _Rows:
    people: dict[int, AgendaPerson] = {}

    def person(participant: Participant) -> AgendaPerson:
        found = people.get(participant.pk)
        if found is None:
            found = people[participant.pk] = _person(participant)
        return found

    rows = _Rows(scheduled=[], unscheduled=[])
    for meeting in meetings:
        request = meeting.request
        sides = (person(request.requester), person(request.invitee))
        if meeting.slot is not None and meeting.table is not None:
            item = AgendaItem(
                meeting_id=meeting.pk,
                slot_id=meeting.slot.pk,
                starts_at=meeting.slot.starts_at.astimezone(zone),
                ends_at=meeting.slot.ends_at.astimezone(zone),
                table_number=meeting.table.number,
                table_name=meeting.table.name,
                sides=sides,
                partner=None,
                priority=request.priority,
                locked=meeting.locked,
                attendance=meeting.attendance,
                outcome=meeting.outcome,
            )
            rows.scheduled.append((meeting, item))
        else:
            rows.unscheduled.append(
                (
                    meeting,
                    UnscheduledItem(
                        meeting_id=meeting.pk,
                        sides=sides,
                        partner=None,
                        priority=request.priority,
                        reason=meeting.unscheduled_reason or _("not yet scheduled"),
                        pending=not meeting.unscheduled_reason,
                    ),
                )
            )
    return rows


def _seen_by[Item: (AgendaItem, UnscheduledItem)](item: Item, participant_id: int) -> Item:
    """The item as one of its sides sees it: with the other side as its partner."""
    requester, invitee = item.sides
    other = meeting_counterpart_id(
        requester_id=requester.participant_id,
        invitee_id=invitee.participant_id,
        participant_id=participant_id,
    )
    return replace(item, partner=requester if other == requester.participant_id else invitee)


def participant_agenda_get(*, participant: Participant) -> Agenda:
    """The participant's meetings in time order, each with the other side, and the accepted
    meetings that could not be scheduled, with the reason."""
    forum = participant.forum
    zone = forum_zone(forum=forum)
    meetings = _meetings(forum).filter(
        Q(request__requester_id=participant.pk) | Q(request__invitee_id=participant.pk)
    )
    rows = _rows(meetings, zone)
    return Agenda(
        forum=forum,
        zone=zone,
        participant=participant,
        items=[_seen_by(item, participant.pk) for _meeting, item in rows.scheduled],
        unscheduled=[_seen_by(item, participant.pk) for _meeting, item in rows.unscheduled],
        schedule=schedule_state_get(forum=forum),
    )


def table_agenda_get(*, table: Table) -> Agenda:
    """The meetings held at one table, in time order, with both sides."""
    forum = table.forum
    zone = forum_zone(forum=forum)
    rows = _rows(_meetings(forum).filter(table=table, slot__isnull=False), zone)
    return Agenda(
        forum=forum,
        zone=zone,
        table=table,
        items=[item for _meeting, item in rows.scheduled],
        schedule=schedule_state_get(forum=forum),
    )


@dataclass(slots=True)
class ForumAgendas:
    """Every agenda of a forum: one per participant (including those with no meeting) and one
    per table."""

    participants: list[Agenda]
    tables: list[Agenda]


def forum_agendas_get(*, forum: Forum) -> ForumAgendas:
    """Every participant's and every table's agenda, from four queries in all: the
    participants, the tables, the meetings with both sides, and the schedule's state."""
    zone = forum_zone(forum=forum)
    schedule = schedule_state_get(forum=forum)
    participants = list(
        Participant.objects.filter(forum=forum)
        .select_related("forum", "organisation")
        .order_by("ref")
    )
    tables = list(Table.objects.filter(forum=forum).select_related("forum").order_by("number"))
    rows = _rows(_meetings(forum).iterator(chunk_size=2000), zone)

    by_participant: dict[int, Agenda] = {
        p.pk: Agenda(forum=forum, zone=zone, participant=p, schedule=schedule) for p in participants
    }
    by_table: dict[int, list[AgendaItem]] = defaultdict(list)
    for meeting, item in rows.scheduled:
        by_table[meeting.table_id].append(item)  # type: ignore[index]
        for side in item.sides:
            agenda = by_participant.get(side.participant_id)
            if agenda is not None:
                agenda.items.append(_seen_by(item, side.participant_id))
    for _meeting, unscheduled in rows.unscheduled:
        for side in unscheduled.sides:
            agenda = by_participant.get(side.participant_id)
            if agenda is not None:
                agenda.unscheduled.append(_seen_by(unscheduled, side.participant_id))
    return ForumAgendas(
        participants=list(by_participant.values()),
        tables=[
            Agenda(
                forum=forum,
                zone=zone,
                table=table,
                items=by_table.get(table.pk, []),
                schedule=schedule,
            )
            for table in tables
        ],
    )
