"""Reads of forums and their business programme."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from regionforum.forums.errors import ProgrammeError
from regionforum.forums.models import Forum, Participant, Slot, Unavailability


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


def slot_list(*, forum: Forum) -> QuerySet[Slot]:
    """The forum's slots in time order, with their sessions and days."""
    return Slot.objects.filter(forum=forum).select_related("session__day").order_by("starts_at")
