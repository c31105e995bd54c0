"""Writes for meeting requests and their meetings: request, accept, decline, cancel, and booking
a meeting into a slot and a table by hand.

`by` is the participant who acts; `None` means the secretariat acting for anyone."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regionforum.forums.errors import ProgrammeError
from regionforum.forums.models import (
    Meeting,
    MeetingRequest,
    Participant,
    Priority,
    RequestStatus,
    Slot,
    Table,
    Unavailability,
)

OPEN = (RequestStatus.REQUESTED, RequestStatus.ACCEPTED)


def _who(participant: Participant) -> str:
    return f"{participant.ref} {participant.name}"


@transaction.atomic
def request_create(
    *, requester: Participant, invitee: Participant, priority: str, message: str = ""
) -> MeetingRequest:
    """A request from one participant of a forum to another of the same forum."""
    if priority not in Priority.values:
        raise ProgrammeError(
            _("Unknown priority %(priority)s; use one of %(choices)s.")
            % {"priority": priority, "choices": ", ".join(Priority.values)}
        )
    if requester.pk == invitee.pk:
        raise ProgrammeError(_("A participant cannot request a meeting with themselves."))
    if requester.forum_id != invitee.forum_id:
        raise ProgrammeError(
            _("%(invitee)s does not take part in the forum of %(requester)s.")
            % {"invitee": _who(invitee), "requester": _who(requester)}
        )
    reverse = (
        MeetingRequest.objects.filter(requester=invitee, invitee=requester, status__in=OPEN)
        .only("status")
        .first()
    )
    if reverse is not None:
        raise ProgrammeError(
            _("%(invitee)s has already requested a meeting with %(requester)s (%(status)s).")
            % {
                "invitee": _who(invitee),
                "requester": _who(requester),
                "status": reverse.get_status_display(),
            }
        )
    existing = MeetingRequest.objects.select_for_update().filter(
        requester=requester, invitee=invitee
    )
    current = existing.first()
    if current is not None and current.status in OPEN:
        raise ProgrammeError(
            _("%(requester)s has already requested a meeting with %(invitee)s (%(status)s).")
            % {
                "requester": _who(requester),
                "invitee": _who(invitee),
                "status": current.get_status_display(),
            }
        )
    if current is not None and current.status == RequestStatus.DECLINED:
        raise ProgrammeError(
            _("%(invitee)s has declined a meeting with %(requester)s.")
            % {"invitee": _who(invitee), "requester": _who(requester)}
        )
    if current is not None:
        # A cancelled request is asked again: the pair holds one request row.
        current.status = RequestStatus.REQUESTED
        current.priority = priority
        current.message = message.strip()
        current.decided_at = None
        current.save(update_fields=["status", "priority", "message", "decided_at"])
        return current
    return MeetingRequest.objects.create(
        forum_id=requester.forum_id,
        requester=requester,
        invitee=invitee,
        priority=priority,
        message=message.strip(),
    )


def _locked_request(request: MeetingRequest) -> MeetingRequest:
    return (
        MeetingRequest.objects.select_for_update()
        .select_related("requester", "invitee")
        .get(pk=request.pk)
    )


def _require_actor(
    request: MeetingRequest, by: Participant | None, side: Participant, action: str
) -> None:
    if by is not None and by.pk != side.pk:
        raise ProgrammeError(
            _("Only %(side)s can %(action)s this request.") % {"side": _who(side), "action": action}
        )


def _not_pending(request: MeetingRequest) -> ProgrammeError:
    return ProgrammeError(
        _("The request from %(requester)s to %(invitee)s is no longer pending (%(status)s).")
        % {
            "requester": _who(request.requester),
            "invitee": _who(request.invitee),
            "status": request.get_status_display(),
        }
    )


@transaction.atomic
def request_accept(*, request: MeetingRequest, by: Participant | None) -> Meeting:
    """The invitee (or the secretariat) accepts: the request gets its meeting, not yet placed."""
    locked = _locked_request(request)
    _require_actor(locked, by, locked.invitee, _("accept"))
    if locked.status != RequestStatus.REQUESTED:
        raise _not_pending(locked)
    locked.status = RequestStatus.ACCEPTED
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    request.status, request.decided_at = locked.status, locked.decided_at
    return Meeting.objects.create(request=locked, forum_id=locked.forum_id)


def _close(request: MeetingRequest, status: str) -> list[Participant]:
    """Close the request; an accepted one loses its meeting. Returns whose agenda changed."""
    affected: list[Participant] = []
    meeting = Meeting.objects.filter(request=request).first()
    if meeting is not None:
        if meeting.slot_id is not None:
            affected = [request.requester, request.invitee]
        meeting.delete()
    request.status = status
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    return affected


@transaction.atomic
def request_decline(*, request: MeetingRequest, by: Participant | None) -> list[Participant]:
    """The invitee (or the secretariat) declines a pending or accepted request. An accepted
    request's meeting leaves the schedule; returns the participants whose agenda changed."""
    locked = _locked_request(request)
    _require_actor(locked, by, locked.invitee, _("decline"))
    if locked.status not in OPEN:
        raise _not_pending(locked)
    affected = _close(locked, RequestStatus.DECLINED)
    request.status, request.decided_at = locked.status, locked.decided_at
    return affected


@transaction.atomic
def request_cancel(*, request: MeetingRequest, by: Participant | None) -> list[Participant]:
    """The requester (or the secretariat) withdraws a pending or accepted request. An accepted
    request's meeting leaves the schedule; returns the participants whose agenda changed."""
    locked = _locked_request(request)
    _require_actor(locked, by, locked.requester, _("cancel"))
    if locked.status not in OPEN:
        raise _not_pending(locked)
    affected = _close(locked, RequestStatus.CANCELLED)
    request.status, request.decided_at = locked.status, locked.decided_at
    return affected


@transaction.atomic
def meeting_book(*, meeting: Meeting, slot: Slot, table: Table, lock: bool = True) -> Meeting:
    """Book the meeting into a slot and a table by hand; locked, the scheduler leaves it there."""
    forum = meeting.forum
    if slot.forum_id != meeting.forum_id:
        raise ProgrammeError(
            _("Slot %(slot)s belongs to another forum.") % {"slot": slot.starts_at.isoformat()}
        )
    if table.forum_id != meeting.forum_id:
        raise ProgrammeError(_("Table %(table)s belongs to another forum.") % {"table": table})
    from regionforum.forums.services import forum_zone

    local_day = slot.starts_at.astimezone(forum_zone(forum=forum)).date()
    if (
        forum.starts_on is None
        or forum.ends_on is None
        or not forum.starts_on <= local_day <= forum.ends_on
    ):
        raise ProgrammeError(
            _("Slot %(slot)s is outside the days of forum %(forum)s.")
            % {"slot": slot.starts_at.isoformat(), "forum": forum.number}
        )
    others = Meeting.objects.filter(slot=slot).exclude(pk=meeting.pk)
    taken = others.filter(table=table).select_related("request__requester", "request__invitee")
    clash = taken.first()
    if clash is not None:
        raise ProgrammeError(
            _("Table %(table)s is taken at %(slot)s by %(a)s and %(b)s.")
            % {
                "table": table,
                "slot": slot.starts_at.isoformat(),
                "a": _who(clash.request.requester),
                "b": _who(clash.request.invitee),
            }
        )
    request = MeetingRequest.objects.select_related("requester", "invitee").get(
        pk=meeting.request_id
    )
    for person in (request.requester, request.invitee):
        busy = others.filter(request__requester=person).exists() or (
            others.filter(request__invitee=person).exists()
        )
        if busy:
            raise ProgrammeError(
                _("%(who)s already has a meeting at %(slot)s.")
                % {"who": _who(person), "slot": slot.starts_at.isoformat()}
            )
        away = Unavailability.objects.filter(
            participant=person, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at
        ).exists()
        if away:
            raise ProgrammeError(
                _("%(who)s is unavailable at %(slot)s.")
                % {"who": _who(person), "slot": slot.starts_at.isoformat()}
            )
    meeting.slot, meeting.table, meeting.locked = slot, table, lock
    meeting.unscheduled_reason = ""
    meeting.save(update_fields=["slot", "table", "locked", "unscheduled_reason", "updated_at"])
    return meeting
