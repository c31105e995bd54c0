"""The business programme's statistics for the organiser, and the forum page's funnel from
meetings held to deals, agreements and their value.

Each figure is computed from a handful of flat queries over the forum's participants, requests
and meetings, so the page costs the same number of queries however large the programme is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from regionforum.forums.models import (
    Attendance,
    Forum,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    RequestStatus,
)
from regionforum.gazetteer.models import Region
from regionforum.registry.models import Agreement, Money

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class GroupStats:
    """The programme's figures for the participants of one region or one sector.

    A request counts in its requester's group, a meeting in the group of each of its sides
    (once when both sides are in the group).
    """

    key: str
    region: Region | None
    participants: int
    requests: int
    accepted: int
    declined: int
    acceptance_rate: float | None
    scheduled: int
    held: int
    no_shows: int
    deals: int
    meetings_per_participant: float


@dataclass(frozen=True, slots=True)
class ProgrammeStats:
    participants: int
    requests: int
    by_status: dict[str, int]
    # Accepted among the requests that were answered (accepted or declined); None before any.
    acceptance_rate: float | None
    meetings: int
    scheduled: int
    unscheduled: int
    held: int
    no_shows: int
    outcomes: dict[str, int]
    deals: int
    # Scheduled meetings per participant: each meeting counts for both of its sides.
    meetings_per_participant: float
    # How many participants have 0, 1, 2 … scheduled meetings.
    meetings_histogram: list[tuple[int, int]]
    by_region: list[GroupStats]
    by_sector: list[GroupStats]


@dataclass(frozen=True, slots=True)
class Funnel:
    """Meetings held → deals → confirmed agreements → their value (USD)."""

    held: int
    deals: int
    agreements: int
    drafts: int
    total_usd: Decimal
    unconverted: list[tuple[str, Decimal]]


def _rate(accepted: int, declined: int) -> float | None:
    answered = accepted + declined
    return round(accepted / answered, 4) if answered else None


class _Tally:
    def __init__(self) -> None:
        self.participants: set[int] = set()
        self.requests = self.accepted = self.declined = 0
        self.scheduled = self.held = self.no_shows = self.deals = 0
        self.meeting_sides = 0

    def stats(self, key: str, region: Region | None) -> GroupStats:
        people = len(self.participants)
        return GroupStats(
            key=key,
            region=region,
            participants=people,
            requests=self.requests,
            accepted=self.accepted,
            declined=self.declined,
            acceptance_rate=_rate(self.accepted, self.declined),
            scheduled=self.scheduled,
            held=self.held,
            no_shows=self.no_shows,
            deals=self.deals,
            meetings_per_participant=round(self.meeting_sides / people, 2) if people else 0.0,
        )


def _groups_of(participants: dict[int, dict[str, Any]], field: str) -> dict[int, list[str]]:
    if field == "region":
        return {pk: [row["region__code"]] for pk, row in participants.items()}
    return {
        pk: [str(sector) for sector in row["sectors"] or []] for pk, row in participants.items()
    }


def _tally(
    groups: dict[int, list[str]],
    requests: Iterable[dict[str, Any]],
    meetings: Iterable[dict[str, Any]],
) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for pk, keys in groups.items():
        for key in keys:
            tallies[key].participants.add(pk)
    for request in requests:
        for key in groups.get(request["requester_id"], []):
            tally = tallies[key]
            tally.requests += 1
            tally.accepted += request["status"] == RequestStatus.ACCEPTED
            tally.declined += request["status"] == RequestStatus.DECLINED
    for meeting in meetings:
        if meeting["slot_id"] is None:
            continue
        sides = [meeting["request__requester_id"], meeting["request__invitee_id"]]
        keys_per_side = [groups.get(side, []) for side in sides]
        for key in set(keys_per_side[0]) | set(keys_per_side[1]):
            tally = tallies[key]
            tally.scheduled += 1
            tally.held += meeting["attendance"] == Attendance.HELD
            tally.no_shows += meeting["attendance"] == Attendance.NO_SHOW
            tally.deals += meeting["outcome"] == Outcome.DEAL
        for keys in keys_per_side:
            for key in keys:
                tallies[key].meeting_sides += 1
    return tallies


def programme_stats(*, forum: Forum) -> ProgrammeStats:
    """The forum's requests, acceptance, meetings, attendance and outcomes, overall and by
    region and sector."""
    participants = {
        row["id"]: row
        for row in Participant.objects.filter(forum=forum).values("id", "region__code", "sectors")
    }
    requests = list(
        MeetingRequest.objects.filter(forum=forum).values("requester_id", "invitee_id", "status")
    )
    meetings = list(
        Meeting.objects.filter(forum=forum).values(
            "slot_id", "attendance", "outcome", "request__requester_id", "request__invitee_id"
        )
    )
    by_status = Counter(request["status"] for request in requests)
    scheduled = [meeting for meeting in meetings if meeting["slot_id"] is not None]
    per_participant: Counter[int] = Counter()
    for meeting in scheduled:
        per_participant[meeting["request__requester_id"]] += 1
        per_participant[meeting["request__invitee_id"]] += 1
    histogram = Counter(per_participant.get(pk, 0) for pk in participants)
    outcomes = Counter(meeting["outcome"] for meeting in scheduled if meeting["outcome"])

    region_tallies = _tally(_groups_of(participants, "region"), requests, meetings)
    regions = Region.objects.filter(code__in=region_tallies).in_bulk(field_name="code")
    by_region = sorted(
        (tally.stats(code, regions.get(code)) for code, tally in region_tallies.items()),
        key=lambda group: (-group.participants, group.key),
    )
    sector_tallies = _tally(_groups_of(participants, "sectors"), requests, meetings)
    by_sector = sorted(
        (tally.stats(sector, None) for sector, tally in sector_tallies.items()),
        key=lambda group: (-group.participants, group.key),
    )
    return ProgrammeStats(
        participants=len(participants),
        requests=len(requests),
        by_status={status: by_status.get(status, 0) for status in RequestStatus.values},
        acceptance_rate=_rate(
            by_status.get(RequestStatus.ACCEPTED, 0), by_status.get(RequestStatus.DECLINED, 0)
        ),
        meetings=len(meetings),
        scheduled=len(scheduled),
        unscheduled=len(meetings) - len(scheduled),
        held=sum(meeting["attendance"] == Attendance.HELD for meeting in scheduled),
        no_shows=sum(meeting["attendance"] == Attendance.NO_SHOW for meeting in scheduled),
        outcomes={outcome: outcomes.get(outcome, 0) for outcome in Outcome.values if outcome != ""},
        deals=outcomes.get(Outcome.DEAL, 0),
        meetings_per_participant=round(sum(per_participant.values()) / len(participants), 2)
        if participants
        else 0.0,
        meetings_histogram=sorted(histogram.items()),
        by_region=by_region,
        by_sector=by_sector,
    )


def programme_funnel(*, forum: Forum) -> Funnel:
    """Meetings held → deals → the agreements confirmed from them → their value in USD.

    Drafts are counted apart: they are deals whose agreements the secretariat has not confirmed.
    Three queries: the meetings, their agreements, and the agreements' money by currency.
    """
    meetings = Meeting.objects.filter(forum=forum).aggregate(
        held=Count("id", filter=Q(attendance=Attendance.HELD)),
        deals=Count("id", filter=Q(outcome=Outcome.DEAL)),
    )
    deal_agreements = Meeting.objects.filter(
        forum=forum, outcome=Outcome.DEAL, agreement__isnull=False
    ).values("agreement_id")
    counted = Q(is_draft=False, withdrawn=False)
    agreements = Agreement.all_objects.filter(pk__in=deal_agreements).aggregate(
        confirmed=Count("id", filter=counted),
        drafts=Count("id", filter=Q(is_draft=True)),
    )
    total = Decimal(0)
    unconverted = []
    for row in (
        Money.objects.filter(
            agreement__in=Agreement.objects.filter(pk__in=deal_agreements).values("id")
        )
        .values("currency")
        .annotate(
            in_usd=Sum("usd"),
            in_currency=Sum("value", filter=Q(usd=None)),
            missing=Count("id", filter=Q(usd=None)),
        )
        .order_by("currency")
    ):
        total += row["in_usd"] or 0
        if row["missing"]:
            unconverted.append((row["currency"], row["in_currency"]))
    return Funnel(
        held=meetings["held"],
        deals=meetings["deals"],
        agreements=agreements["confirmed"],
        drafts=agreements["drafts"],
        total_usd=total.quantize(CENT),
        unconverted=unconverted,
    )
