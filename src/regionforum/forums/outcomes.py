"""What came of a business meeting: whether it was held, its outcome, and a deal's draft
agreement in the registry, which the secretariat completes and confirms."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regionforum.accounts.rules import meeting_sides, participant_is_side
from regionforum.forums.errors import ProgrammeError
from regionforum.forums.models import Attendance, Meeting, Outcome, Participant
from regionforum.registry.errors import RegistryError

if TYPE_CHECKING:
    from regionforum.accounts.models import User
    from regionforum.money import Money as Amount
    from regionforum.registry.models import Agreement

# How a draft's source row names where it came from; the meeting's number is its row.
PROVENANCE = "business programme"


def provenance(meeting: Meeting) -> str:
    """The draft's provenance as people cite it: "business programme, meeting N"."""
    return f"{PROVENANCE}, meeting {meeting.pk}"


def _check_side(meeting: Meeting, by: Participant | User) -> Participant | None:
    """The participant who records, or None for a user with the right; refuse anyone else."""
    if isinstance(by, Participant):
        if not participant_is_side(by, meeting):
            raise ProgrammeError(_("Only the two sides of a meeting can record what came of it."))
        return by
    if not by.has_perm("forums.record_outcome", meeting):
        raise ProgrammeError(_("Only the two sides of a meeting can record what came of it."))
    for side in meeting_sides(meeting):
        if side.user_id == by.pk:
            return side
    return None


def _meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related(
        "forum",
        "slot",
        "agreement",
        "request__requester__organisation__region",
        "request__invitee__organisation__region",
    ).get(pk=meeting.pk)


@transaction.atomic
def attendance_record(*, meeting: Meeting, by: Participant | User, attendance: str) -> Meeting:
    """Record whether the meeting was held or someone did not come."""
    meeting = _meeting(meeting)
    _check_side(meeting, by)
    if attendance not in Attendance.values:
        raise ProgrammeError(_("Unknown attendance %(value)s.") % {"value": attendance})
    if meeting.slot_id is None:
        raise ProgrammeError(_("This meeting has not been scheduled."))
    if attendance != Attendance.HELD and meeting.outcome:
        raise ProgrammeError(_("A meeting with a recorded outcome was held."))
    meeting.attendance = attendance
    meeting.save(update_fields=["attendance", "updated_at"])
    return meeting


def _meeting_day(meeting: Meeting) -> date:
    if meeting.slot is None:
        return timezone.localdate()
    from regionforum.forums.services import forum_zone

    return meeting.slot.starts_at.astimezone(forum_zone(forum=meeting.forum)).date()


def _sector(first: Participant, second: Participant) -> str:
    shared = [sector for sector in first.sectors if sector in second.sectors]
    sectors = shared or first.sectors or second.sectors
    return str(sectors[0]) if sectors else ""


def _draft_create(meeting: Meeting, note: str) -> Agreement:
    from regionforum.registry.services import DraftSource, agreement_draft_create

    requester, invitee = meeting_sides(meeting)
    title = _("Deal of the business meeting of %(first)s and %(second)s") % {
        "first": requester.organisation.name,
        "second": invitee.organisation.name,
    }
    notes = provenance(meeting) + (f"\n{note}" if note else "")
    try:
        return agreement_draft_create(
            user=None,
            fields={
                "kind": "agreement",
                "title": title,
                "signed_on": _meeting_day(meeting),
                "forum": meeting.forum.number,
                "sector": _sector(requester, invitee),
                "notes": notes,
                "is_synthetic": requester.is_synthetic or invitee.is_synthetic,
            },
            organisations=[requester.organisation, invitee.organisation],
            source=DraftSource(
                origin=PROVENANCE,
                number=meeting.pk,
                ref=provenance(meeting),
                details={
                    "meeting": meeting.pk,
                    "forum": meeting.forum.number,
                    "participants": [requester.ref, invitee.ref],
                    "note": note,
                },
            ),
        )
    except RegistryError as error:
        raise ProgrammeError(error.message) from error


@transaction.atomic
def outcome_record(
    *, meeting: Meeting, by: Participant | User, outcome: str, note: str = ""
) -> Meeting:
    """Record the meeting's result. A deal becomes a draft agreement in the registry; a changed
    mind discards the draft while it is still one, and a confirmed agreement stays."""
    meeting = _meeting(meeting)
    recorder = _check_side(meeting, by)
    if outcome not in Outcome.values or outcome == Outcome.NONE:
        raise ProgrammeError(_("Unknown outcome %(value)s.") % {"value": outcome})
    if meeting.slot_id is None:
        raise ProgrammeError(_("This meeting has not been scheduled."))
    if meeting.attendance == Attendance.NO_SHOW:
        raise ProgrammeError(_("This meeting was recorded as not held."))
    if outcome == Outcome.DEAL and meeting.agreement is None:
        meeting.agreement = _draft_create(meeting, note.strip())
    elif outcome != Outcome.DEAL and meeting.agreement is not None:
        if not meeting.agreement.is_draft:
            raise ProgrammeError(
                _("The deal is a confirmed agreement in the registry; it cannot be undone here.")
            )
        from regionforum.registry.services import agreement_draft_discard

        agreement_draft_discard(agreement=meeting.agreement)
        meeting.agreement = None
    meeting.attendance = Attendance.HELD
    meeting.outcome = outcome
    meeting.outcome_note = note.strip()
    meeting.outcome_by = recorder
    meeting.outcome_at = timezone.now()
    meeting.save()
    return meeting


@transaction.atomic
def draft_confirm(
    *,
    agreement: Agreement,
    user: User,
    kind: str,
    signed_on: date,
    amount: Amount | None = None,
    title: str = "",
    status: str = "",
) -> Agreement:
    """The secretariat completes a deal's draft and confirms it; then it counts in the figures."""
    from regionforum.registry.services import agreement_draft_confirm

    if not user.has_perm("registry.confirm_draft", agreement):
        raise ProgrammeError(_("Only the secretariat confirms a draft agreement."))
    fields: dict[str, Any] = {"kind": kind, "signed_on": signed_on}
    if title.strip():
        fields["title"] = title.strip()
    if status:
        fields["status"] = status
    try:
        return agreement_draft_confirm(agreement=agreement, user=user, fields=fields, amount=amount)
    except RegistryError as error:
        raise ProgrammeError(error.message) from error
