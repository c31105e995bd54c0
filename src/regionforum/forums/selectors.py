"""Reads of forums and their business programme."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from regionforum.forums.errors import ProgrammeError
from regionforum.forums.models import (
    Forum,
    Meeting,
    MeetingRequest,
    Participant,
    ProgrammeDay,
    ScheduleRun,
    Slot,
    Table,
    Unavailability,
)

if TYPE_CHECKING:
    from regionforum.gazetteer.models import Region


def forum_get(*, number: int) -> Forum:
    """The forum of that number, or a ProgrammeError saying there is none."""
    forum = Forum.objects.filter(number=number).first()
    if forum is None:
        raise ProgrammeError(_("There is no forum number %(number)s.") % {"number": number})
    return forum


def participant_list(*, forum: Forum) -> QuerySet[Participant]:
    """The forum's participants by reference, with organisation, region, delegation and
    unavailable times fetched up front."""
    return (
        Participant.objects.filter(forum=forum)
        .select_related("organisation", "region", "delegation")
        .prefetch_related(
            Prefetch("unavailable", queryset=Unavailability.objects.order_by("starts_at"))
        )
        .order_by("ref")
    )


def participant_get(*, forum: Forum, ref: str) -> Participant:
    """One participant by the forum's reference for them."""
    participant = participant_list(forum=forum).filter(ref=ref).first()
    if participant is None:
        raise ProgrammeError(
            _('Forum %(forum)s has no participant "%(ref)s".') % {"forum": forum.number, "ref": ref}
        )
    return participant


def participant_of_user(*, forum: Forum, user: Any) -> Participant | None:
    """The participant a signed-in user is in the forum, if they are one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return participant_list(forum=forum).filter(user=user).first()


def slot_list(*, forum: Forum) -> QuerySet[Slot]:
    """The forum's slots in time order, with their sessions and days."""
    return Slot.objects.filter(forum=forum).select_related("session__day").order_by("starts_at")


def participant_search(
    *, forum: Forum, region: str = "", sector: str = "", text: str = ""
) -> QuerySet[Participant]:
    """The forum's participants narrowed by region code, sector and a text found in the name,
    organisation, offers or needs."""

    participants = participant_list(forum=forum)
    if region:
        participants = participants.filter(region__code=region)
    if sector:
        # SQLite has no lookup into a JSON list, so the sector is matched here.
        ids = [
            pk
            for pk, sectors in Participant.objects.filter(forum=forum).values_list("id", "sectors")
            if sector in (sectors or [])
        ]
        participants = participants.filter(pk__in=ids)
    if text:
        participants = participants.filter(
            Q(name__icontains=text)
            | Q(ref__iexact=text)
            | Q(organisation__name__icontains=text)
            | Q(organisation__name_ru__icontains=text)
            | Q(organisation__name_be__icontains=text)
            | Q(organisation__name_en__icontains=text)
            | Q(offers__icontains=text)
            | Q(seeks__icontains=text)
        )
    return participants


def participant_filter_options(*, forum: Forum) -> tuple[list[Region], list[str]]:
    """The regions and the sectors of the forum's participants, for the filters."""
    from regionforum.gazetteer.models import Region

    regions = list(Region.objects.filter(participants__forum=forum).distinct().order_by("code"))
    sectors: set[str] = set()
    for row in Participant.objects.filter(forum=forum).values_list("sectors", flat=True):
        sectors.update(str(sector) for sector in row or [])
    return regions, sorted(sectors)


def participant_by_token(*, token: str) -> Participant:
    """The participant whose private link holds `token`; Participant.DoesNotExist otherwise."""
    return Participant.objects.select_related("forum", "organisation", "region").get(
        agenda_token=token
    )


def _request_rows() -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.select_related(
        "requester__organisation", "requester__region", "invitee__organisation", "invitee__region"
    )


def request_list(*, forum: Forum, status: str = "") -> QuerySet[MeetingRequest]:
    """The forum's meeting requests, oldest first, with both sides fetched up front."""
    requests = _request_rows().filter(forum=forum)
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("created_at", "id")


def meeting_list(*, forum: Forum) -> QuerySet[Meeting]:
    """The forum's meetings in slot and table order, with sides, slot, table and agreement."""
    return (
        Meeting.objects.filter(forum=forum)
        .select_related(
            "request__requester__organisation",
            "request__invitee__organisation",
            "slot",
            "table",
            "agreement",
        )
        .order_by("slot__starts_at", "table__number", "id")
    )


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    slot: Slot
    cells: list[Meeting | None]


@dataclass(frozen=True, slots=True)
class ScheduleGrid:
    tables: list[Table]
    rows: list[ScheduleRow]
    unscheduled: list[Meeting]


def schedule_grid(*, forum: Forum, day: ProgrammeDay | None = None) -> ScheduleGrid:
    """The schedule as slots × tables (of one day, when given), and the accepted meetings left
    out of it."""
    tables = list(Table.objects.filter(forum=forum).order_by("number"))
    column = {table.pk: index for index, table in enumerate(tables)}
    meetings = meeting_list(forum=forum)
    slots = slot_list(forum=forum)
    if day is not None:
        meetings = meetings.filter(Q(slot__session__day=day) | Q(slot=None))
        slots = slots.filter(session__day=day)
    fetched = list(meetings)
    placed: dict[tuple[int, int], Meeting] = {
        (meeting.slot_id, meeting.table_id): meeting
        for meeting in fetched
        if meeting.slot_id is not None and meeting.table_id is not None
    }
    rows = []
    for slot in slots:
        cells: list[Meeting | None] = [None] * len(tables)
        for table in tables:
            cells[column[table.pk]] = placed.get((slot.pk, table.pk))
        rows.append(ScheduleRow(slot=slot, cells=cells))
    return ScheduleGrid(
        tables=tables,
        rows=rows,
        unscheduled=[meeting for meeting in fetched if meeting.slot_id is None],
    )


@dataclass(frozen=True, slots=True)
class ParticipantProgramme:
    """What one participant sees of the programme: their requests either way and meetings."""

    participant: Participant
    incoming: list[MeetingRequest]
    outgoing: list[MeetingRequest]
    meetings: list[Meeting]


def participant_programme(*, participant: Participant) -> ParticipantProgramme:

    requests = list(
        _request_rows().filter(Q(requester=participant) | Q(invitee=participant)).order_by("id")
    )
    meetings = list(
        meeting_list(forum=participant.forum).filter(
            Q(request__requester=participant) | Q(request__invitee=participant)
        )
    )
    return ParticipantProgramme(
        participant=participant,
        incoming=[request for request in requests if request.invitee_id == participant.pk],
        outgoing=[request for request in requests if request.requester_id == participant.pk],
        meetings=meetings,
    )


def schedule_run_latest(*, forum: Forum) -> ScheduleRun | None:
    """The forum's most recent schedule run, if any."""
    return ScheduleRun.objects.filter(forum=forum).order_by("-created_at", "-id").first()


def draft_list(*, forum: Forum) -> QuerySet[Meeting]:
    """The meetings whose deals wait for the secretariat: their agreements are still drafts."""
    return meeting_list(forum=forum).filter(agreement__is_draft=True)
