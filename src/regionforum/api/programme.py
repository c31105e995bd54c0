"""A forum's business programme: its participants and their meeting requests.

The secretariat and analysts read the whole programme, and the secretariat acts for anyone. A
participant (their own API token) reads the forum's participants and their own requests, and
asks for, accepts, declines or cancels only their own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from regionforum.api.auth import TokenAuth
from regionforum.api.pagination import Id, Number, Page, page_of
from regionforum.api.schemas import ErrorOut, NamesOut
from regionforum.forums import requests as request_services
from regionforum.forums.errors import ProgrammeError
from regionforum.forums.models import (
    Forum,
    MeetingRequest,
    Participant,
    Priority,
    RequestStatus,
)
from regionforum.forums.selectors import (
    forum_get,
    participant_get,
    participant_of_user,
    participant_search,
    request_list,
)
from regionforum.registry.naming import organisation_names_data

router = Router(tags=["programme"], auth=TokenAuth())

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class UnavailableOut(Schema):
    starts_at: datetime
    ends_at: datetime


class ParticipantOut(Schema):
    ref: str
    name: str
    organisation: str
    organisation_id: int
    organisation_names: NamesOut
    region: str
    delegation: str | None
    sectors: list[str]
    offers: str
    seeks: str
    languages: list[str]
    unavailable: list[UnavailableOut]


class ParticipantPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ParticipantOut]


class RequestOut(Schema):
    id: int
    requester: str
    invitee: str
    priority: str
    status: str
    message: str
    created_at: datetime
    decided_at: datetime | None


class RequestPage(Schema):
    count: int
    page: int
    pages: int
    results: list[RequestOut]


class RequestIn(Schema):
    invitee: str
    priority: Priority = Priority.WOULD
    message: str = ""
    requester: str | None = None


def participant_data(participant: Participant) -> dict[str, Any]:
    return {
        "ref": participant.ref,
        "name": participant.name,
        "organisation": participant.organisation.name,
        "organisation_id": participant.organisation_id,
        "organisation_names": organisation_names_data(participant.organisation),
        "region": participant.region.code,
        "delegation": str(participant.delegation) if participant.delegation else None,
        "sectors": [str(sector) for sector in participant.sectors or []],
        "offers": participant.offers,
        "seeks": participant.seeks,
        "languages": [str(language) for language in participant.languages or []],
        "unavailable": [
            {"starts_at": away.starts_at, "ends_at": away.ends_at}
            for away in participant.unavailable.all()
        ],
    }


def request_data(meeting_request: MeetingRequest) -> dict[str, Any]:
    return {
        "id": meeting_request.pk,
        "requester": meeting_request.requester.ref,
        "invitee": meeting_request.invitee.ref,
        "priority": meeting_request.priority,
        "status": meeting_request.status,
        "message": meeting_request.message,
        "created_at": meeting_request.created_at,
        "decided_at": meeting_request.decided_at,
    }


def _forum(number: int) -> Forum:
    try:
        return forum_get(number=number)
    except ProgrammeError as exc:
        raise Http404(exc.message) from None


def _reader(request: HttpRequest, forum: Forum) -> Participant | None:
    """Who reads the programme: None for staff, who read all of it, or the user's own
    participant; anybody else is refused."""
    if request.user.has_perm("forums.view_programme"):
        return None
    own = participant_of_user(forum=forum, user=request.user)
    if own is None or not request.user.has_perm("forums.act_as_participant", own):
        raise PermissionDenied(
            _("You take no part in the business programme of forum %(forum)s.")
            % {"forum": forum.number}
        )
    return own


def _actor(request: HttpRequest, forum: Forum) -> Participant | None:
    """Who acts: None for the secretariat, who acts for anyone, or the user's own participant."""
    if request.user.has_perm("forums.schedule_programme"):
        return None
    own = _reader(request, forum)
    if own is None:
        raise PermissionDenied(_("Only the secretariat and the participants themselves may act."))
    return own


@router.get("/forums/{number}/participants", response={200: ParticipantPage, **ERRORS})
def participants(
    request: HttpRequest,
    number: Number,
    region: str = "",
    sector: str = "",
    q: str = "",
    page: Page = 1,
) -> dict[str, Any]:
    """The forum's participants by reference, 50 a page, narrowed by region code, sector, and
    a text found in the name, organisation, offers or needs."""
    forum = _forum(number)
    _reader(request, forum)
    found = participant_search(forum=forum, region=region.upper(), sector=sector, text=q)
    return page_of(found, page=page, render=participant_data)


@router.get("/forums/{number}/participants/{ref}", response={200: ParticipantOut, **ERRORS})
def participant(request: HttpRequest, number: Number, ref: str) -> dict[str, Any]:
    forum = _forum(number)
    _reader(request, forum)
    try:
        return participant_data(participant_get(forum=forum, ref=ref))
    except ProgrammeError as exc:
        raise Http404(exc.message) from None


@router.get("/forums/{number}/requests", response={200: RequestPage, **ERRORS})
def requests(
    request: HttpRequest, number: Number, status: RequestStatus | None = None, page: Page = 1
) -> dict[str, Any]:
    """The forum's meeting requests, oldest first; a participant sees those they sent or got."""
    forum = _forum(number)
    own = _reader(request, forum)
    found = request_list(forum=forum, status=status or "")
    if own is not None:
        found = found.filter(Q(requester=own) | Q(invitee=own))
    return page_of(found, page=page, render=request_data)


@router.post("/forums/{number}/requests", response={201: RequestOut, **ERRORS})
def request_create(request: HttpRequest, number: Number, payload: RequestIn) -> Status:
    """Ask another participant of the forum for a meeting. A participant asks as themselves;
    the secretariat names the `requester`."""
    forum = _forum(number)
    own = _actor(request, forum)
    if own is not None and payload.requester not in (None, own.ref):
        raise PermissionDenied(_("You may ask for meetings only as yourself."))
    if own is None and payload.requester is None:
        raise ProgrammeError(_("Name the requester: the participant who asks for the meeting."))
    try:
        requester = own or participant_get(forum=forum, ref=str(payload.requester))
        invitee = participant_get(forum=forum, ref=payload.invitee)
    except ProgrammeError as exc:
        raise Http404(exc.message) from None
    created = request_services.request_create(
        requester=requester, invitee=invitee, priority=payload.priority, message=payload.message
    )
    return Status(201, request_data(request_list(forum=forum).get(pk=created.pk)))


def _answer(request: HttpRequest, number: int, request_id: int, action: str) -> dict[str, Any]:
    forum = _forum(number)
    own = _actor(request, forum)
    found = request_list(forum=forum).filter(pk=request_id)
    if own is not None:
        found = found.filter(Q(requester=own) | Q(invitee=own))
    meeting_request = found.first()
    if meeting_request is None:
        raise Http404(_("No meeting request %(id)s of yours.") % {"id": request_id})
    side = meeting_request.requester if action == "cancel" else meeting_request.invitee
    service, verb = {
        "accept": (request_services.request_accept, _("accept")),
        "decline": (request_services.request_decline, _("decline")),
        "cancel": (request_services.request_cancel, _("cancel")),
    }[action]
    if own is not None and own.pk != side.pk:
        raise PermissionDenied(
            _("Only %(side)s can %(action)s this request.")
            % {"side": f"{side.ref} {side.name}", "action": verb}
        )
    service(request=meeting_request, by=own)
    return request_data(request_list(forum=forum).get(pk=request_id))


ANSWER = {200: RequestOut, **ERRORS}


@router.post("/forums/{number}/requests/{request_id}/accept", response=ANSWER)
def request_accept(request: HttpRequest, number: Number, request_id: Id) -> dict[str, Any]:
    """The invitee accepts: the meeting is made, to be scheduled."""
    return _answer(request, number, request_id, "accept")


@router.post("/forums/{number}/requests/{request_id}/decline", response=ANSWER)
def request_decline(request: HttpRequest, number: Number, request_id: Id) -> dict[str, Any]:
    """The invitee declines a pending or accepted request; its meeting leaves the schedule."""
    return _answer(request, number, request_id, "decline")


@router.post("/forums/{number}/requests/{request_id}/cancel", response=ANSWER)
def request_cancel(request: HttpRequest, number: Number, request_id: Id) -> dict[str, Any]:
    """The requester withdraws a pending or accepted request; its meeting leaves the schedule."""
    return _answer(request, number, request_id, "cancel")
