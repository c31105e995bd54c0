"""The agenda endpoints: a participant's agenda as JSON and as iCalendar, and their meetings.

Read by the participant themselves (their API token, or their private agenda link's token as the
bearer), by the secretariat and by analysts.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from regionforum.api.auth import TokenAuth
from regionforum.api.pagination import Number
from regionforum.api.schemas import ErrorOut
from regionforum.forums.agenda_calendar import agenda_ics
from regionforum.forums.agendas import Agenda, AgendaPerson, participant_agenda_get
from regionforum.forums.errors import ProgrammeError
from regionforum.forums.models import Participant
from regionforum.forums.selectors import forum_get, participant_get, slot_list

router = Router(tags=["agendas"])


@dataclass(frozen=True, slots=True)
class AgendaKey:
    """A bearer that is no API token: it may be a participant's private agenda token."""

    token: str


class AgendaAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = TokenAuth().authenticate(request, token)
        return user if user is not None else AgendaKey(token)


def _participant(request: HttpRequest, number: int, ref: str) -> Participant:
    try:
        participant = participant_get(forum=forum_get(number=number), ref=ref)
    except ProgrammeError as exc:
        raise Http404(exc.message) from None
    bearer = request.auth  # type: ignore[attr-defined]
    if isinstance(bearer, AgendaKey):
        if not hmac.compare_digest(bearer.token, participant.agenda_token):
            raise AuthenticationError
        return participant
    if not bearer.has_perm("forums.view_agenda", participant):
        raise PermissionDenied("You may read only your own agenda.")
    return participant


def _person(person: AgendaPerson | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {
        "ref": person.ref,
        "name": person.name,
        "organisation": person.organisation.original,
        "region": person.region.code,
        "offers": person.offers,
        "seeks": person.seeks,
    }


def schedule_data(agenda: Agenda) -> dict[str, Any]:
    """Where the schedule stands: until it is published, no meeting has a time from it."""
    schedule = agenda.schedule
    return {
        "schedule": "published" if schedule.published else "not_published",
        "published_at": schedule.published_at,
        "new_run_pending": schedule.new_run_pending,
    }


def agenda_data(agenda: Agenda) -> dict[str, Any]:
    participant = agenda.participant
    state = schedule_data(agenda)
    return {
        "forum": agenda.forum.number,
        "time_zone": agenda.forum.time_zone,
        **state,
        "published_at": None
        if state["published_at"] is None
        else state["published_at"].isoformat(),
        "participant": None
        if participant is None
        else {
            "ref": participant.ref,
            "name": participant.name,
            "organisation": participant.organisation.name,
            "region": participant.region.code,
        },
        "meetings": [
            {
                "id": item.meeting_id,
                "starts_at": item.starts_at.isoformat(),
                "ends_at": item.ends_at.isoformat(),
                "table": item.table_number,
                "table_name": item.table_name,
                "partner": _person(item.partner),
                "priority": item.priority,
                "attendance": item.attendance,
                "outcome": item.outcome,
            }
            for item in agenda.items
        ],
        "unscheduled": [
            {
                "id": item.meeting_id,
                "partner": _person(item.partner),
                "priority": item.priority,
                "reason": item.reason,
                "pending": item.pending,
            }
            for item in agenda.unscheduled
        ],
    }


@router.get(
    "/forums/{number}/participants/{ref}/agenda",
    auth=AgendaAuth(),
    response={200: dict[str, Any], 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def participant_agenda(request: HttpRequest, number: Number, ref: str) -> dict[str, Any]:
    """The participant's meetings in time order, in the forum's local time, and the accepted
    meetings that could not be scheduled, with the reason."""
    return agenda_data(participant_agenda_get(participant=_participant(request, number, ref)))


@router.get(
    "/forums/{number}/participants/{ref}/agenda.ics",
    auth=AgendaAuth(),
    response={200: None, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def participant_agenda_ics(request: HttpRequest, number: Number, ref: str) -> HttpResponse:
    """The participant's agenda as an iCalendar file (RFC 5545)."""
    agenda = participant_agenda_get(participant=_participant(request, number, ref))
    response = HttpResponse(agenda_ics(agenda), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{number}-{ref}.ics"'
    return response


class MeetingSideOut(Schema):
    ref: str
    name: str
    organisation: str
    region: str


class ParticipantMeetingOut(Schema):
    id: int
    status: Literal["scheduled", "pending", "unscheduled"]
    starts_at: datetime | None
    ends_at: datetime | None
    slot: int | None
    table: int | None
    table_name: str
    partner: MeetingSideOut
    priority: str
    attendance: str | None
    outcome: str | None
    reason: str


class ParticipantMeetingsOut(Schema):
    forum: int
    participant: str
    time_zone: str
    schedule: Literal["published", "not_published"]
    published_at: datetime | None
    new_run_pending: bool
    meetings: list[ParticipantMeetingOut]


def _side(person: AgendaPerson) -> dict[str, Any]:
    return {
        "ref": person.ref,
        "name": person.name,
        "organisation": person.organisation.original,
        "region": person.region.code,
    }


def participant_meetings_data(agenda: Agenda, *, slot_numbers: dict[int, int]) -> dict[str, Any]:
    """The agenda as one list: the scheduled meetings in time order, then those without a place:
    `pending` ones that wait for a schedule to be published ("not yet scheduled"), and
    `unscheduled` ones that the published schedule left out, with the reason. A slot is
    numbered from 1 in the forum's time order, as the scheduler numbers it."""
    participant = agenda.participant
    assert participant is not None
    scheduled = [
        {
            "id": item.meeting_id,
            "status": "scheduled",
            "starts_at": item.starts_at,
            "ends_at": item.ends_at,
            "slot": slot_numbers[item.slot_id],
            "table": item.table_number,
            "table_name": item.table_name,
            "partner": _side(item.partner) if item.partner else None,
            "priority": item.priority,
            "attendance": item.attendance,
            "outcome": item.outcome,
            "reason": "",
        }
        for item in agenda.items
    ]
    unscheduled = [
        {
            "id": item.meeting_id,
            "status": "pending" if item.pending else "unscheduled",
            "starts_at": None,
            "ends_at": None,
            "slot": None,
            "table": None,
            "table_name": "",
            "partner": _side(item.partner) if item.partner else None,
            "priority": item.priority,
            "attendance": None,
            "outcome": None,
            "reason": item.reason,
        }
        for item in agenda.unscheduled
    ]
    return {
        "forum": agenda.forum.number,
        "participant": participant.ref,
        "time_zone": agenda.forum.time_zone,
        **schedule_data(agenda),
        "meetings": scheduled + unscheduled,
    }


@router.get(
    "/forums/{number}/participants/{ref}/meetings",
    auth=AgendaAuth(),
    response={
        200: ParticipantMeetingsOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
    },
)
def participant_meetings(request: HttpRequest, number: Number, ref: str) -> dict[str, Any]:
    """The participant's meetings: each with its status (scheduled or not), its time in the
    forum's local time, slot and table, the other side, attendance and outcome, or why it has
    no place. The participant reads their own; the secretariat and analysts anyone's."""
    participant = _participant(request, number, ref)
    agenda = participant_agenda_get(participant=participant)
    numbers = {
        pk: index
        for index, pk in enumerate(
            slot_list(forum=participant.forum).values_list("pk", flat=True), start=1
        )
    }
    return participant_meetings_data(agenda, slot_numbers=numbers)
