"""A forum's accepted meetings become its schedule: read → build the problem → schedule → write.

`programme_schedule` reads the forum's slots, tables, participants' unavailable times and
meetings; builds a `scheduling.Problem` (slots in time order across the days, each
participant's unavailable slots forbidden, the tables participants keep all day and the most
meetings in a row passed on, locked meetings fixed in their slot and table, "must" meetings
weighted above "would"); runs the pure scheduler within a time limit; and returns each
meeting's slot and table, or the reason it was left out, as a draft that its run keeps.
`programme_publish` makes a run's draft the meetings' places, in one transaction: until then
no agenda, calendar file, PDF, participant page or API answer shows it.

Once a schedule is published, a new run moves only what must move: every placed meeting that
is still valid (both sides free then, nobody double-booked) keeps its slot and table, and only
the new meetings and those that lost their place are scheduled around them. The result names
the participants whose agendas change when it is published.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from regionforum.forums.errors import ProgrammeError, ScheduleRunSuperseded
from regionforum.forums.models import (
    Meeting,
    Participant,
    Priority,
    RunPhase,
    ScheduleRun,
    Slot,
    Table,
    Unavailability,
)

if TYPE_CHECKING:
    from regionforum.forums.models import Forum
    from regionforum.scheduling import problem as sp
    from regionforum.scheduling.progress import Progress as SolverProgress

# How much a "must meet" is worth against a "would like to meet" when not all fit.
MUST_WEIGHT = 10

# (share done from 0 to 1, phase as a RunPhase value, the scheduler's own report or None)
type Progress = Callable[[float, str, SolverProgress | None], None]


@dataclass(slots=True)
class Unscheduled:
    meeting: int
    requester: str
    invitee: str
    reason: str


@dataclass(slots=True)
class ProgrammeResult:
    """What a run did; `as_dict` is the `programme schedule --json` contract."""

    meetings: int
    scheduled: int
    unscheduled: list[Unscheduled]
    breaks: int | None
    bound: int | None
    status: str
    seconds: float
    kept: int = 0
    changed_participants: list[str] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)
    # The draft: (meeting, slot, table, reason left out) for every accepted meeting; it becomes
    # the meetings' places when its run is published.
    placements: list[tuple[int, int | None, int | None, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "meetings": self.meetings,
            "scheduled": self.scheduled,
            "unscheduled": [
                {"from": u.requester, "to": u.invitee, "reason": u.reason} for u in self.unscheduled
            ],
            "breaks": self.breaks,
            "bound": self.bound,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "kept": self.kept,
            "changed_participants": self.changed_participants,
            "stages": {name: round(value, 3) for name, value in self.stages.items()},
        }


@dataclass(slots=True)
class _Data:
    """The forum's programme as plain rows, read once."""

    slots: list[tuple[int, Any, Any]]  # (slot pk, starts_at, ends_at) in time order
    tables: list[int]  # table pks in number order
    meetings: list[dict[str, Any]]
    refs: dict[int, str]
    forbidden: dict[int, set[int]]  # participant pk → forbidden slot numbers (1-based)
    keeps: dict[int, int]  # participant pk → the table index (1-based) it keeps all day
    in_row: dict[int, int]  # participant pk → its own most meetings in a row
    max_in_row: int | None  # the forum's most meetings in a row


def _read(forum: Forum) -> _Data:
    slots = list(
        Slot.objects.filter(forum=forum)
        .order_by("starts_at")
        .values_list("pk", "starts_at", "ends_at")
    )
    tables = list(Table.objects.filter(forum=forum).order_by("number").values_list("pk", flat=True))
    meetings = list(
        Meeting.objects.filter(forum=forum)
        .order_by("pk")
        .values(
            "pk",
            "slot_id",
            "table_id",
            "locked",
            "request__requester_id",
            "request__invitee_id",
            "request__priority",
        )
    )
    people = {m["request__requester_id"] for m in meetings} | {
        m["request__invitee_id"] for m in meetings
    }
    table_index = {pk: i for i, pk in enumerate(tables, start=1)}
    refs: dict[int, str] = {}
    keeps: dict[int, int] = {}
    in_row: dict[int, int] = {}
    for pk, ref, table, limit in Participant.objects.filter(pk__in=people).values_list(
        "pk", "ref", "table_id", "max_meetings_in_row"
    ):
        refs[pk] = ref
        if table in table_index:
            keeps[pk] = table_index[table]
        if limit is not None:
            in_row[pk] = limit
    forbidden: dict[int, set[int]] = defaultdict(set)
    periods = defaultdict(list)
    for participant, starts_at, ends_at in Unavailability.objects.filter(
        participant__in=people
    ).values_list("participant_id", "starts_at", "ends_at"):
        periods[participant].append((starts_at, ends_at))
    for participant, spans in periods.items():
        for number, (_pk, slot_start, slot_end) in enumerate(slots, start=1):
            if any(start < slot_end and end > slot_start for start, end in spans):
                forbidden[participant].add(number)
    return _Data(
        slots=slots,
        tables=tables,
        meetings=meetings,
        refs=refs,
        forbidden=forbidden,
        keeps=keeps,
        in_row=in_row,
        max_in_row=forum.max_meetings_in_row,
    )


def _kept(data: _Data, *, incremental: bool) -> dict[int, tuple[int, int]]:
    """Meetings that stay where they are: meeting pk → (slot number, table index).

    Locked meetings always stay; after publication, so does every other placed meeting that
    is still valid. The first claimant of a participant's slot or a table wins."""
    number = {pk: n for n, (pk, _s, _e) in enumerate(data.slots, start=1)}
    table_index = {pk: i for i, pk in enumerate(data.tables, start=1)}
    kept: dict[int, tuple[int, int]] = {}
    busy: set[tuple[int, int]] = set()
    taken: set[tuple[int, int]] = set()
    ordered = sorted(data.meetings, key=lambda m: (not m["locked"], m["pk"]))
    for meeting in ordered:
        if not meeting["locked"] and not incremental:
            continue
        slot, table = number.get(meeting["slot_id"]), table_index.get(meeting["table_id"])
        if slot is None or table is None:
            continue
        sides = (meeting["request__requester_id"], meeting["request__invitee_id"])
        if any(slot in data.forbidden.get(p, ()) for p in sides):
            continue
        if any(data.keeps.get(p, table) != table for p in sides):
            continue  # a side now keeps another table all day
        if (slot, table) in taken or any((p, slot) in busy for p in sides):
            continue
        kept[meeting["pk"]] = (slot, table)
        taken.add((slot, table))
        busy.update((p, slot) for p in sides)
    return kept


def problem_build(data: _Data, kept: dict[int, tuple[int, int]]) -> sp.Problem:
    """The scheduling problem: kept meetings are required in their slot, the rest optional and
    weighted by priority, so that what cannot fit is left out with a reason."""
    from regionforum.scheduling.problem import Meeting as ProblemMeeting
    from regionforum.scheduling.problem import Participant as ProblemParticipant
    from regionforum.scheduling.problem import Problem

    people = sorted(data.refs)
    first_day = data.slots[0][1].date() if data.slots else None
    morning = sum(1 for _pk, start, _end in data.slots if start.date() == first_day)
    return Problem(
        slots=len(data.slots),
        morning_slots=morning,
        tables=len(data.tables),
        participants=tuple(
            ProblemParticipant(
                id=p,
                forbidden=frozenset(data.forbidden.get(p, ())),
                table=data.keeps.get(p),
                max_in_row=data.in_row.get(p),
            )
            for p in people
        ),
        max_in_row=data.max_in_row,
        meetings=tuple(
            ProblemMeeting(
                id=m["pk"],
                participants=(m["request__requester_id"], m["request__invitee_id"]),
                required=m["pk"] in kept,
                priority=MUST_WEIGHT if m["request__priority"] == Priority.MUST else 1,
                fixed_slot=kept[m["pk"]][0] if m["pk"] in kept else None,
                table=kept[m["pk"]][1] if m["pk"] in kept else None,
            )
            for m in data.meetings
        ),
    )


def _reason(data: _Data, meeting: dict[str, Any], busy: dict[int, set[int]]) -> str:
    """Why a meeting was left out, in words; `busy` holds each participant's placed slots."""
    total = len(data.slots)
    a, b = meeting["request__requester_id"], meeting["request__invitee_id"]
    away_a, away_b = data.forbidden.get(a, set()), data.forbidden.get(b, set())
    if len(away_a) == total and len(away_b) == total:
        return _("both unavailable in every slot")
    for side, away in ((a, away_a), (b, away_b)):
        if len(away) == total:
            return _("%(ref)s is unavailable in every slot") % {"ref": data.refs[side]}
    if a in data.keeps and b in data.keeps and data.keeps[a] != data.keeps[b]:
        return _("%(a)s and %(b)s keep different tables all day") % {
            "a": data.refs[a],
            "b": data.refs[b],
        }
    common = set(range(1, total + 1)) - away_a - away_b
    if not common:
        return _("no slot in which both are available")
    if common <= busy.get(a, set()) | busy.get(b, set()):
        return _("both unavailable in every common free slot")
    if data.keeps.keys() & {a, b} or data.in_row.keys() & {a, b} or data.max_in_row:
        return _(
            "in the slots both have free, the tables (their own ones too) or the most meetings "
            "in a row leave no room"
        )
    return _("every table is taken in the slots both have free")


def programme_schedule(
    *,
    forum: Forum,
    time_limit: float = 60.0,
    incremental: bool | None = None,
    progress: Progress | None = None,
) -> ProgrammeResult:
    """Schedule the forum's accepted meetings and store the result.

    `incremental` keeps every valid placed meeting where it is; by default it is on once the
    forum has a published schedule. Raises ProgrammeError when the forum has no programme, or
    when no schedule is found within the time limit (then nothing is written)."""
    from regionforum.scheduling.scheduler import schedule

    started = time.monotonic()
    stages: dict[str, float] = {}

    def report(share: float, phase: str, solver: SolverProgress | None = None) -> None:
        if progress is not None:
            progress(share, phase, solver)

    if incremental is None:
        incremental = ScheduleRun.objects.filter(forum=forum, published_at__isnull=False).exists()
    report(0.0, RunPhase.READING)
    data = _read(forum)
    if not data.slots or not data.tables:
        raise ProgrammeError(
            _("Forum %(forum)s has no slots or no tables yet; add its programme first.")
            % {"forum": forum.number}
        )
    before = {m["pk"]: (m["slot_id"], m["table_id"]) for m in data.meetings}
    kept = _kept(data, incremental=incremental)
    problem = problem_build(data, kept)
    stages["read"] = time.monotonic() - started

    mark = time.monotonic()
    report(0.1, RunPhase.SCHEDULING)

    def solver_progress(solver: SolverProgress) -> None:
        elapsed = time.monotonic() - mark
        report(min(0.9, 0.1 + 0.8 * elapsed / max(time_limit, 0.1)), RunPhase.SCHEDULING, solver)

    fairness = problem.slots if kept else 2
    outcome = schedule(problem, fairness=fairness, time_limit=time_limit, progress=solver_progress)
    if outcome.status == "infeasible" and fairness != problem.slots:
        outcome = schedule(
            problem, fairness=problem.slots, time_limit=time_limit, progress=solver_progress
        )
    stages["schedule"] = time.monotonic() - mark
    if outcome.status == "unknown" and not outcome.placements and data.meetings:
        # Writing an empty schedule would take every meeting off every agenda.
        raise ProgrammeError(
            _(
                "No schedule was found within the time limit of %(seconds)s s; nothing was "
                "changed. Try a longer time limit."
            )
            % {"seconds": f"{time_limit:g}"}
        )

    mark = time.monotonic()
    report(0.9, RunPhase.WRITING)
    # Kept meetings were held to their tables, so every table is the scheduler's.
    placements = {p.meeting: (p.slot, p.table) for p in outcome.placements}
    slot_numbers = {number: slot for number, slot in enumerate(data.slots, start=1)}
    by_pk = {m["pk"]: m for m in data.meetings}
    busy: dict[int, set[int]] = defaultdict(set)
    for pk, (slot, _table) in placements.items():
        busy[by_pk[pk]["request__requester_id"]].add(slot)
        busy[by_pk[pk]["request__invitee_id"]].add(slot)
    unscheduled = [
        Unscheduled(
            meeting=pk,
            requester=data.refs[by_pk[pk]["request__requester_id"]],
            invitee=data.refs[by_pk[pk]["request__invitee_id"]],
            reason=outcome.reason
            if outcome.status == "infeasible" and outcome.reason
            else _reason(data, by_pk[pk], busy),
        )
        for pk in sorted(set(by_pk) - set(placements))
    ]
    after: dict[int, tuple[int | None, int | None]] = {
        m: (slot_numbers[slot][0], data.tables[table - 1])
        for m, (slot, table) in placements.items()
    }
    reasons = {u.meeting: u.reason for u in unscheduled}
    for pk in reasons:
        after[pk] = (None, None)
    placements_draft = [(pk, *after[pk], reasons.get(pk, "")) for pk in sorted(after)]
    changed = sorted(
        {
            data.refs[side]
            for pk, place in after.items()
            if place != before[pk]
            for side in (by_pk[pk]["request__requester_id"], by_pk[pk]["request__invitee_id"])
        }
    )
    stages["write"] = time.monotonic() - mark
    report(1.0, RunPhase.DONE)
    return ProgrammeResult(
        meetings=len(data.meetings),
        scheduled=len(placements),
        unscheduled=unscheduled,
        breaks=outcome.breaks,
        bound=outcome.bound,
        status=str(outcome.status),
        seconds=time.monotonic() - started,
        kept=len(kept),
        changed_participants=changed,
        stages=stages,
        placements=placements_draft,
    )


@transaction.atomic
def _write(
    before: dict[int, tuple[int | None, int | None]],
    after: dict[int, tuple[int | None, int | None]],
    reasons: dict[int, str],
) -> None:
    moved = [pk for pk, place in after.items() if place != before[pk] or pk in reasons]
    if not moved:
        return
    # Clear the moved meetings first: a swap of two tables must not meet the unique constraint.
    Meeting.objects.filter(pk__in=[pk for pk in moved if before[pk] != (None, None)]).update(
        slot=None, table=None
    )
    rows = [
        Meeting(
            pk=pk,
            slot_id=after[pk][0],
            table_id=after[pk][1],
            unscheduled_reason=reasons.get(pk, ""),
        )
        for pk in moved
    ]
    Meeting.objects.bulk_update(rows, ["slot", "table", "unscheduled_reason"], batch_size=500)


def _newer_published(run: ScheduleRun) -> ScheduleRun | None:
    """The forum's latest published run that was started after `run`, if any."""
    return (
        ScheduleRun.objects.filter(forum_id=run.forum_id, published_at__isnull=False)
        .filter(Q(created_at__gt=run.created_at) | Q(created_at=run.created_at, pk__gt=run.pk))
        .order_by("-published_at", "-pk")
        .first()
    )


@transaction.atomic
def programme_publish(*, run: ScheduleRun, replace_newer: bool = False) -> ScheduleRun:
    """Publish a finished run's schedule: its draft places become the meetings' places, and
    agendas show them from now on. A meeting locked (or withdrawn) since the run stays put.

    A run started before the run whose schedule is published would put an older schedule back
    (made from older requests and availability), so it is refused unless `replace_newer` says
    that this is what the secretariat wants."""
    # Lock the forum's runs, not only this one: two publications of one forum go one by one.
    list(ScheduleRun.objects.select_for_update().filter(forum_id=run.forum_id).values_list("pk"))
    run = ScheduleRun.objects.get(pk=run.pk)
    if run.status != "done":
        raise ProgrammeError(_("Only a finished schedule can be published."))
    if run.published_at is not None:
        raise ProgrammeError(_("Schedule run %(run)s is published already.") % {"run": run.pk})
    newer = _newer_published(run)
    if newer is not None and not replace_newer:
        raise ScheduleRunSuperseded(
            _(
                "Schedule run %(run)s is older than run %(newer)s, whose schedule was "
                "published on %(when)s; publishing it would put the older schedule back. "
                "Schedule again, or publish it on purpose to replace run %(newer)s."
            )
            % {
                "run": run.pk,
                "newer": newer.pk,
                "when": timezone.localtime(newer.published_at).strftime("%Y-%m-%d %H:%M"),
            },
            run=run.pk,
            newer_run=newer.pk,
        )
    current = {
        m["pk"]: m
        for m in Meeting.objects.filter(forum_id=run.forum_id).values(
            "pk", "slot_id", "table_id", "locked"
        )
    }
    before: dict[int, tuple[int | None, int | None]] = {}
    after: dict[int, tuple[int | None, int | None]] = {}
    reasons: dict[int, str] = {}
    for pk, slot, table, reason in run.placements:
        meeting = current.get(pk)
        if meeting is None or meeting["locked"]:
            continue
        before[pk] = (meeting["slot_id"], meeting["table_id"])
        after[pk] = (slot, table)
        if reason:
            reasons[pk] = reason
    try:
        _write(before, after, reasons)
    except IntegrityError:
        raise ProgrammeError(
            _(
                "Run %(run)s cannot be published: a meeting was booked by hand into one of its "
                "places since. Schedule again."
            )
            % {"run": run.pk}
        ) from None
    run.published_at = timezone.now()
    run.save(update_fields=["published_at"])
    return run
