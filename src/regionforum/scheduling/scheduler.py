"""Schedule a problem end to end: checks, heuristic, solver, tables, independent validation."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

from regionforum.scheduling.breaks import (
    complete_and_fair,
    per_participant_breaks,
    unscheduled_priority,
)
from regionforum.scheduling.feasibility import infeasibility_reasons
from regionforum.scheduling.heuristic import greedy_slots
from regionforum.scheduling.problem import (
    Availability,
    Meeting,
    Placement,
    Problem,
    Schedule,
    Status,
    validate_structure,
)
from regionforum.scheduling.progress import Progress
from regionforum.scheduling.restrictions import Restrictions, table_conflict_reason
from regionforum.scheduling.tables import assign_tables
from regionforum.scheduling.validate import schedule_violations

if TYPE_CHECKING:
    from regionforum.scheduling.progress import ProgressCallback

DEFAULT_FAIRNESS = 2
DEFAULT_TIME_LIMIT = 60.0
DEFAULT_WORKERS = 2
_FINISHING_SHARE = 0.02
# A partial schedule's reason names at most this many of the meetings it leaves out.
_REASONS_SHOWN = 20


class ScheduleError(RuntimeError):
    """The solver produced a schedule that the independent validator rejects (a bug)."""


def schedule(
    problem: Problem,
    *,
    fairness: int | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    progress: ProgressCallback | None = None,
) -> Schedule:
    """The best schedule found within time_limit seconds, with a proven bound and a status.

    fairness None takes the problem's own limit, else DEFAULT_FAIRNESS. Raises ProblemError
    for a malformed problem and ScheduleError if validation fails.
    """
    started = time.monotonic()
    validate_structure(problem)
    if fairness is None:
        fairness = DEFAULT_FAIRNESS if problem.fairness is None else problem.fairness
    reasons = infeasibility_reasons(problem)
    if reasons:
        return _infeasible(problem, "; ".join(reasons), fairness, started)

    greedy = greedy_slots(problem, fairness=fairness)
    fallback = greedy if complete_and_fair(problem, greedy, fairness) else None
    if (
        fallback is not None
        and not _breaks(problem, greedy)
        and not unscheduled_priority(problem, greedy)
    ):
        # Everything placed without a break: optimal, and no solver needs loading.
        return _finish(problem, Status.OPTIMAL, greedy, 0, fairness, started)
    # The solvers take a moment to import: only now are they needed.
    from regionforum.scheduling.solver import SlotResult, solve_slots

    if progress is not None:
        if fallback is not None:
            breaks = _breaks(problem, greedy)
            progress(
                Progress(
                    f"greedy schedule: {breaks} breaks", placed=len(greedy), best_breaks=breaks
                )
            )
        else:
            progress(
                Progress(
                    "the greedy schedule is incomplete or unfair; the solver starts from scratch"
                )
            )
    result = solve_slots(
        problem,
        fairness=fairness,
        # Tables and validation come after the solver, within the same limit.
        time_limit=max(0.5, time_limit * (1 - _FINISHING_SHARE) - (time.monotonic() - started)),
        workers=workers,
        hint=greedy,
        progress=progress,
    )
    if result.status is Status.INFEASIBLE:
        reason = result.reason or _solver_reason(problem, fairness, workers)
        return _infeasible(problem, reason, fairness, started)
    if not result.slots:
        if fallback is None and greedy:
            # Nothing complete and fair in time: the organiser still gets the greedy schedule,
            # with what it leaves out and the fairness it reaches.
            return _finish_partial(problem, greedy, result.bound, fairness, started)
        if fallback is None:
            return Schedule(
                status=Status.UNKNOWN,
                placements=(),
                unscheduled=tuple(m.id for m in problem.meetings),
                breaks=None,
                bound=result.bound,
                seconds=time.monotonic() - started,
                fairness=fairness,
                reason="no schedule was found within the time limit",
            )
        result = SlotResult(Status.FEASIBLE, fallback, result.bound, 0)
    elif fallback is not None and _better(problem, fallback, result.slots):
        result = SlotResult(result.status, fallback, result.bound, result.unscheduled_priority)
    elif result.status is Status.UNKNOWN:
        return _finish_partial(problem, result.slots, result.bound, fairness, started)
    return _finish(problem, result.status, result.slots, result.bound, fairness, started)


def _finish(
    problem: Problem,
    status: Status,
    slots: dict[int, int],
    bound: int | None,
    fairness: int,
    started: float,
) -> Schedule:
    participants = {m.id: m.participants for m in problem.meetings}
    held = Restrictions(problem).table_of
    tables = assign_tables(slots, participants, problem.tables, held)
    placements = tuple(
        Placement(meeting=m.id, participants=m.participants, slot=slots[m.id], table=tables[m.id])
        for m in problem.meetings
        if m.id in slots
    )
    per_participant = per_participant_breaks(problem, slots)
    breaks = sum(per_participant.values())
    violations = schedule_violations(problem, placements, fairness=fairness, breaks=breaks)
    if violations:
        raise ScheduleError("the schedule fails validation: " + "; ".join(violations))
    return Schedule(
        status=status,
        placements=placements,
        unscheduled=tuple(m.id for m in problem.meetings if m.id not in slots),
        breaks=breaks,
        bound=min(bound, breaks) if bound is not None else None,
        seconds=time.monotonic() - started,
        fairness=fairness,
        per_participant_breaks=per_participant,
        left_out=_left_out_reasons(problem, slots),
    )


def _finish_partial(
    problem: Problem,
    slots: dict[int, int],
    bound: int | None,
    fairness: int,
    started: float,
) -> Schedule:
    """The best schedule found where none complete and fair was: status unknown, the required
    meetings it leaves out each with its reason, and the fairness it reaches.

    It is validated as strictly as any other, against the problem with the meetings it leaves
    out made optional, and with the fairness it reaches as the limit.
    """
    slots = _without_orphans(problem, slots)
    left_out = [m for m in problem.meetings if m.required and m.id not in slots]
    relaxed = replace(
        problem,
        meetings=tuple(
            replace(m, required=False) if m.required and m.id not in slots else m
            for m in problem.meetings
        ),
    )
    per_participant = per_participant_breaks(problem, slots)
    values = per_participant.values()
    reached = max(values, default=0) - min(values, default=0)
    result = _finish(relaxed, Status.UNKNOWN, slots, bound, max(fairness, reached), started)
    reasons = [result.left_out[meeting.id] for meeting in left_out]
    fair = (
        f"it keeps the fairness limit {fairness}"
        if reached <= fairness
        else f"it reaches fairness {reached} only (the limit is {fairness})"
    )
    parts = [f"no complete and fair schedule was found within the time limit; {fair}"]
    if reasons:
        shown = "; ".join(reasons[:_REASONS_SHOWN])
        more = len(reasons) - _REASONS_SHOWN
        parts.append(
            f"{len(reasons)} required meetings are left out: {shown}"
            + (f"; and {more} more" if more > 0 else "")
        )
    return replace(result, reason=". ".join(parts))


def _without_orphans(problem: Problem, slots: dict[int, int]) -> dict[int, int]:
    """slots less every meeting that must follow a meeting without a place (the greedy
    schedule places such followers), until none is left."""
    kept = dict(slots)
    while orphans := [
        m.id for m in problem.meetings if m.id in kept and any(j not in kept for j in m.after)
    ]:
        for meeting in orphans:
            del kept[meeting]
    return kept


def _left_out_reasons(problem: Problem, slots: dict[int, int]) -> dict[int, str]:
    """Why each meeting without a place in a schedule has none, in words."""
    forbidden = problem.forbidden_by_participant()
    busy: dict[int, set[int]] = defaultdict(set)
    load: dict[int, int] = defaultdict(int)
    for other in problem.meetings:
        if other.id in slots:
            load[slots[other.id]] += 1
            for p in other.participants:
                busy[p].add(slots[other.id])
    reasons = {}
    for meeting in problem.meetings:
        if meeting.id not in slots:
            missing = [j for j in meeting.after if j not in slots]
            reasons[meeting.id] = (
                f"meeting {meeting.id} must come after meeting {missing[0]}, which has no place"
                if missing
                else _left_out_reason(problem, meeting, forbidden, busy, load)
            )
    return reasons


def _left_out_reason(
    problem: Problem,
    meeting: Meeting,
    forbidden: Availability,
    busy: dict[int, set[int]],
    load: dict[int, int],
) -> str:
    a, b = meeting.participants
    conflict = table_conflict_reason(forbidden, meeting)
    if conflict:
        return conflict
    allowed = problem.allowed_slots(meeting, forbidden)
    if not allowed:
        return f"meeting {meeting.id} (participants {a} and {b}) has no allowed slot"
    common = [t for t in allowed if t not in busy[a] and t not in busy[b]]
    if not common:
        return (
            f"meeting {meeting.id}: participants {a} and {b} have no common free slot left "
            f"among its {len(allowed)} allowed slots"
        )
    seated = [t for t in common if load[t] < problem.tables]
    if not seated:
        return (
            f"meeting {meeting.id} (participants {a} and {b}): every table is taken at their "
            f"common free slots"
        )
    return (
        f"meeting {meeting.id} (participants {a} and {b}): at their common free slots it would "
        f"break a precedence, a kept table, a limit of meetings in a row or the fairness limit"
    )


def _infeasible(problem: Problem, reason: str, fairness: int, started: float) -> Schedule:
    return Schedule(
        status=Status.INFEASIBLE,
        placements=(),
        unscheduled=tuple(m.id for m in problem.meetings),
        breaks=None,
        bound=None,
        seconds=time.monotonic() - started,
        fairness=fairness,
        reason=reason,
    )


def _solver_reason(problem: Problem, fairness: int, workers: int) -> str:
    """Tell apart 'fairness is the obstacle' from 'no schedule at all', with a short re-solve."""
    from regionforum.scheduling.solver import solve_slots

    keepers = [p.id for p in problem.participants if p.table is not None]
    limited = sorted(problem.run_limits())
    held = [m.id for m in problem.meetings if m.table is not None]
    if keepers or limited or held:
        plain = replace(
            problem,
            participants=tuple(
                replace(p, table=None, max_in_row=None) for p in problem.participants
            ),
            meetings=tuple(replace(m, table=None) for m in problem.meetings),
            max_in_row=None,
        )
        if solve_slots(plain, fairness=fairness, time_limit=10.0, workers=workers).slots:
            named = (
                ("the tables kept all day by participants", keepers),
                ("the most meetings in a row of participants", limited),
                ("the tables of meetings", held),
            )
            parts = [f"{words} {_some(ids)}" for words, ids in named if ids]
            return (
                " and ".join(parts)
                + " leave no schedule, though there is one without them (proved by the solver)"
            )
    unfair = solve_slots(problem, fairness=None, time_limit=10.0, workers=workers)
    if unfair.slots:
        return (
            f"every schedule breaks the fairness limit: some participant would have more "
            f"than {fairness} breaks more than another"
        )
    return (
        "no schedule meets the forbidden slots, sessions, fixed slots, precedences and "
        "table capacity together (proved by the solver)"
    )


def _some(ids: list[int]) -> str:
    """Up to ten ids in words, and how many more."""
    shown = ", ".join(str(i) for i in ids[:10])
    return shown + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")


def _breaks(problem: Problem, slots: dict[int, int]) -> int:
    return sum(per_participant_breaks(problem, slots).values())


def _better(problem: Problem, candidate: dict[int, int], incumbent: dict[int, int]) -> bool:
    def key(slots: dict[int, int]) -> tuple[int, int]:
        return (unscheduled_priority(problem, slots), _breaks(problem, slots))

    return key(candidate) < key(incumbent)
