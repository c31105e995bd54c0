"""Factories for the business programme."""

from datetime import time

import factory

from regionforum.forums.models import (
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    ScheduleRun,
)
from regionforum.forums.services import programme_day_add, programme_session_add, tables_ensure
from tests.factories import ForumFactory, OrganisationFactory


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    forum = factory.SubFactory(ForumFactory)
    ref = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    region = factory.LazyAttribute(lambda p: p.organisation.region)
    sectors = factory.LazyFunction(lambda: ["machinery"])
    languages = factory.LazyFunction(lambda: ["ru"])


def programme(forum, *, slots=4, tables=2, minutes=30, start=time(10, 0)):
    """A programme on the forum's first day: one session of `slots` slots and `tables` tables."""
    day = programme_day_add(forum=forum, on=forum.starts_on)
    end_minutes = start.hour * 60 + start.minute + slots * minutes
    session = programme_session_add(
        day=day,
        title="Morning",
        starts_at=start,
        ends_at=time(end_minutes // 60, end_minutes % 60),
        slot_minutes=minutes,
    )
    tables_ensure(forum=forum, count=tables)
    return session


def meeting(requester, invitee, *, slot=None, table=None, priority="would", reason=""):
    """An accepted request between two participants and its meeting, in `slot` at `table`."""
    request = MeetingRequest.objects.create(
        forum=requester.forum,
        requester=requester,
        invitee=invitee,
        priority=priority,
        status=RequestStatus.ACCEPTED,
    )
    return Meeting.objects.create(
        request=request,
        forum=requester.forum,
        slot=slot,
        table=table,
        unscheduled_reason=reason,
    )


def meeting_between(requester, invitee, *, slot=None, table=None, priority="would"):
    """An accepted request between two participants of one forum, and its meeting."""
    return meeting(requester, invitee, slot=slot, table=table, priority=priority)


def scheduled_meeting(forum, *, requester=None, invitee=None, index=0):
    """A meeting in the forum's `index`-th slot at its first table (the programme must exist)."""
    from regionforum.forums.models import Slot, Table

    requester = requester or ParticipantFactory(forum=forum)
    invitee = invitee or ParticipantFactory(forum=forum)
    slot = Slot.objects.filter(forum=forum).order_by("starts_at")[index]
    table = Table.objects.filter(forum=forum).order_by("number").first()
    return meeting_between(requester, invitee, slot=slot, table=table)


def two_finished_runs(forum):
    """Two finished runs that place the forum's first two meetings differently, the older
    first: the older in the first two slots at the first table, the newer a slot later at the
    second. The forum needs three slots and two tables."""
    first, second = Meeting.objects.filter(forum=forum).order_by("pk")[:2]
    slots = list(forum.slots.order_by("starts_at").values_list("pk", flat=True))
    tables = list(forum.tables.order_by("number").values_list("pk", flat=True))
    older = ScheduleRun.objects.create(
        forum=forum,
        status="done",
        placements=[[first.pk, slots[0], tables[0], ""], [second.pk, slots[1], tables[0], ""]],
    )
    newer = ScheduleRun.objects.create(
        forum=forum,
        status="done",
        placements=[[first.pk, slots[1], tables[1], ""], [second.pk, slots[2], tables[1], ""]],
    )
    return older, newer
