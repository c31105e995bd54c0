"""The agenda endpoints: a participant's agenda as JSON and as iCalendar.

Read by the participant themselves (their API token, or their private agenda link's token as the
bearer), by the secretariat and by analysts.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from regionforum.api.auth import TokenAuth
from regionforum.api.pagination import Number
from regionforum.api.schemas import ErrorOut
from regionforum.forums.agenda_calendar import agenda_ics
from regionforum.forums.agendas import Agenda, AgendaPerson, participant_agenda_get
from regionforum.forums.errors import ProgrammeError
from regionforum.forums.models import Participant
from regionforum.forums.selectors import forum_get, participant_get

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


def agenda_data(agenda: Agenda) -> dict[str, Any]:
    participant = agenda.participant
    return {
        "forum": agenda.forum.number,
        "time_zone": agenda.forum.time_zone,
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
