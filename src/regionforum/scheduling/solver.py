"""The CP-SAT model of the B2B meeting-scheduling problem.

Variables: x[m,t] (meeting m takes slot t), y[p,t] (participant p is busy at t, the sum of its
meetings' x), and s[p,t] (a run of busy slots of p starts at t). A participant's breaks are its
runs minus one, so the objective counts run starts instead of idle stretches; that keeps every
break variable local to two adjacent slots. On top of the plain model (after Bofill et al., JAIR
2022) it adds: per-participant lower bounds from a tiny model of that participant alone, the
contiguity of a zero-break participant, symmetry breaking between interchangeable partners,
and a heuristic first schedule as a hint.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from regionforum.scheduling import maxsat
from regionforum.scheduling.breaks import complete_and_fair, count_breaks, unscheduled_priority
from regionforum.scheduling.capacity import capacity_bound
from regionforum.scheduling.problem import Meeting, Problem, Status
from regionforum.scheduling.progress import Progress, ProgressCallback, Say
from regionforum.scheduling.repair import improve_by_moves, repair_slots
from regionforum.scheduling.restrictions import Restrictions

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

# The climb from the lower bound: each question gets this share of the time limit, and all
# together at most _CLIMB_SHARE, so that the final optimisation keeps the rest. Problems with
# optional meetings skip it, and their first schedule may take _FIRST_SHARE_NO_CLIMB. Problems
# over _CLIMB_MAX_MEETINGS are repaired piece by piece instead (repair.py).
_FIRST_STEP_SHARE = 0.35
_STEP_SHARE = 0.08
_CLIMB_SHARE = 0.5
_CLIMB_TIMEOUTS = 2
_CLIMB_MAX_MEETINGS = 2000
_FIRST_SHARE_NO_CLIMB = 0.7
# The neighbourhood search runs until this share of the time limit, each re-solve at most
# _IMPROVE_STEP seconds; the final optimisation keeps the rest to prove what it can.
_IMPROVE_UNTIL = 0.85
_IMPROVE_STEP = 2.0
_IMPROVE_MAX_SIZE = 12
# Where CP-SAT's climb has not ended by _HANDOVER_AFTER of the time limit, MaxSAT is the better
# search: CP-SAT pauses and a second MaxSAT build takes its core until _HANDOVER_UNTIL of the
# limit, then CP-SAT resumes if neither has answered, and both builds go on until the time limit
# (stopping one there would throw away its search so far). A question at the proven bound may
# run until _HANDOVER_AT_BOUND before the hand-over. Only up to _HANDOVER_MAX_MEETINGS
# meetings, where MaxSAT has proved every problem we have measured; above that CP-SAT keeps
# its core, since its schedule is then what the caller gets. A climb question with less than
# _MIN_QUESTION seconds left before the hand-over is not asked.
_HANDOVER_AFTER = 0.1
_HANDOVER_AT_BOUND = 0.35
_MIN_QUESTION = 0.5
_HANDOVER_UNTIL = 0.8
_HANDOVER_MAX_MEETINGS = 400
# The greedy schedule is repaired and improved piece by piece (repair.py) for _REPAIR_SHARE of
# the limit, at most _REPAIR_SECONDS, before the lean model, the climb and the neighbourhood
# search: on forum-13crafb that takes the first schedule from 95 breaks to about 40.
_REPAIR_SHARE = 0.1
_REPAIR_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class SlotResult:
    """What the slot solver returns, before tables are assigned."""

    status: Status
    slots: dict[int, int]  # meeting id -> slot, for scheduled meetings
    bound: int | None
    unscheduled_priority: int
    # Why it is infeasible, where the solver found a reason to put in words.
    reason: str | None = None


class _Interrupt:
    """Lets another thread stop the CP-SAT search in progress, and every later one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._solver: cp_model.CpSolver | None = None
        self._event = threading.Event()

    @property
    def triggered(self) -> bool:
        return self._event.is_set()

    def trigger(self) -> None:
        with self._lock:
            self._event.set()
            if self._solver is not None:
                self._solver.stop_search()

    def wait(self, seconds: float) -> bool:
        """Block until triggered or for at most seconds; whether it was triggered."""
        return self._event.wait(max(0.0, seconds))

    def attach(self, solver: cp_model.CpSolver) -> bool:
        """Register the solver about to run; False if the search is already stopped."""
        with self._lock:
            self._solver = solver
            return not self.triggered

    def detach(self) -> None:
        with self._lock:
            self._solver = None


class _Index:
    """Meetings, their allowed slots and each participant's meetings, computed once."""

    def __init__(self, problem: Problem) -> None:
        forbidden = problem.forbidden_by_participant()
        self.problem = problem
        self.meetings: dict[int, Meeting] = {m.id: m for m in problem.meetings}
        self.domains: dict[int, list[int]] = {
            m.id: problem.allowed_slots(m, forbidden) for m in problem.meetings
        }
        self.by_participant: dict[int, list[int]] = defaultdict(list)
        for meeting in problem.meetings:
            if self.domains[meeting.id]:
                for p in meeting.participants:
                    self.by_participant[p].append(meeting.id)

        self.lower_bounds: dict[int, int] = {}
        self.rules = Restrictions(problem)

    def compute_lower_bounds(self) -> None:
        for participant in self.problem.participants:
            # An optional meeting can fill a gap, so only all-required agendas are bounded.
            if not self.has_optional(participant.id):
                bound = participant_lower_bound(self, participant.id)
                self.lower_bounds[participant.id] = bound

    def usable_slots(self, participant: int) -> list[int]:
        return sorted({t for m in self.by_participant[participant] for t in self.domains[m]})

    def has_optional(self, participant: int) -> bool:
        return any(not self.meetings[m].required for m in self.by_participant[participant])


def participant_lower_bound(index: _Index, participant: int, limit: float = 2.0) -> int:
    """Fewest breaks participant could have if nobody else mattered (0 when unsure)."""
    meetings = [m for m in index.by_participant[participant] if index.meetings[m].required]
    if len(meetings) < 2:
        return 0
    if _fits_contiguously(index, meetings):
        return 0
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    slots = index.usable_slots(participant)
    x = {(m, t): model.new_bool_var("") for m in meetings for t in index.domains[m]}
    for m in meetings:
        model.add_exactly_one(x[m, t] for t in index.domains[m])
    busy = {}
    for t in slots:
        busy[t] = model.new_bool_var("")
        model.add(busy[t] == sum(x[m, t] for m in meetings if (m, t) in x))
    starts = []
    for t in slots:
        start = model.new_bool_var("")
        if t - 1 in busy:
            model.add(start >= busy[t] - busy[t - 1])
        else:
            model.add(start >= busy[t])
        starts.append(start)
    _add_precedences(model, index, x, meetings)
    model.minimize(sum(starts))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = 1
    # Presolve stalls on some of these tiny models until the limit and leaves the bound at 0
    # (an agenda split by fixed meetings, as in forum-14 with fixed meetings); without it they
    # are proven in milliseconds.
    solver.parameters.cp_model_presolve = False
    solver.solve(model)
    return max(0, int(solver.best_objective_bound) - 1)


def _unfair_reason(index: _Index, fairness: int | None) -> str | None:
    """A participant bound to more breaks than fairness allows beside one who has none."""
    if fairness is None or not index.lower_bounds:
        return None
    needy = max(index.lower_bounds, key=lambda p: (index.lower_bounds[p], -p))
    least = index.lower_bounds[needy]
    idle = next(
        (p.id for p in index.problem.participants if len(index.by_participant[p.id]) < 2), None
    )
    if least <= fairness or idle is None:
        return None
    breaks = "1 break" if least == 1 else f"{least} breaks"
    return (
        f"participant {needy} cannot have fewer than {breaks} (its sessions, forbidden slots, "
        f"fixed meetings and precedences force them), while participant {idle}, with fewer "
        f"than two meetings, has none: the fairness limit allows a difference of {fairness}"
    )


def _fits_contiguously(index: _Index, meetings: list[int]) -> bool:
    """Whether some window of consecutive slots admits all the meetings (a bipartite matching)."""
    n = len(meetings)
    for first in range(1, index.problem.slots - n + 2):
        window = set(range(first, first + n))
        if _perfect_matching(
            meetings, {m: [t for t in index.domains[m] if t in window] for m in meetings}
        ):
            return True
    return False


def _perfect_matching(meetings: list[int], options: dict[int, list[int]]) -> bool:
    owner: dict[int, int] = {}

    def augment(m: int, seen: set[int]) -> bool:
        for t in options[m]:
            if t in seen:
                continue
            seen.add(t)
            if t not in owner or augment(owner[t], seen):
                owner[t] = m
                return True
        return False

    return all(augment(m, set()) for m in meetings)


def _add_precedences(
    model: cp_model.CpModel,
    index: _Index,
    x: dict[tuple[int, int], cp_model.IntVar],
    meetings: list[int],
) -> None:
    """Meeting j strictly before meeting i for each j in i.after, among the given meetings."""
    chosen = set(meetings)
    for i in meetings:
        for j in index.meetings[i].after:
            if j not in chosen or not index.domains[j]:
                continue
            # For each slot t of i: i at t means j sits in a slot before t (if j is scheduled).
            for t in index.domains[i]:
                later = [x[j, u] for u in index.domains[j] if u >= t]
                for var in later:
                    model.add_bool_or([x[i, t].Not(), var.Not()])


def solve_slots(
    problem: Problem,
    *,
    fairness: int | None,
    time_limit: float,
    workers: int = 2,
    hint: dict[int, int] | None = None,
    progress: ProgressCallback | None = None,
) -> SlotResult:
    """Choose a slot for each meeting: all required ones, then most priority, then few breaks.

    First any fair schedule: the hint repaired and improved piece by piece for a moment, or
    else from a lean model (which also proves infeasibility early), so that even a short limit
    ends with a schedule near the first local optimum. Breaks
    are usually few and the per-participant bound is close, so the search then asks "a schedule
    with at most k breaks?" from k = bound upwards, each question with a time slice. A no
    raises the proven bound; a yes at the bound is optimal at once. A question that times out
    moves k up, since an easier question may still give a good schedule quickly. A
    neighbourhood search improves the best schedule, and the full optimisation starts from it
    with the proven bound. Beside all this, MaxSAT solvers race in child processes (maxsat.py);
    the first proof wins; where the climb is slow, CP-SAT hands its core to a second one.
    A problem of over _CLIMB_MAX_MEETINGS meetings is instead repaired piece by piece from the
    hint (repair.py).
    """
    started = time.monotonic()

    def elapsed() -> float:
        return time.monotonic() - started

    def say(
        message: str,
        /,
        *,
        placed: int | None = None,
        best_breaks: int | None = None,
        bound: int | None = None,
    ) -> None:
        if progress is not None:
            progress(
                Progress(
                    f"[{elapsed():6.1f}s] {message}",
                    placed=placed,
                    best_breaks=best_breaks,
                    bound=bound,
                )
            )

    index = _Index(problem)
    index.compute_lower_bounds()
    bound = sum(index.lower_bounds.values())
    say(f"per-participant lower bound: {bound} breaks", bound=bound)
    unfair = _unfair_reason(index, fairness)
    if unfair is not None:
        return SlotResult(Status.INFEASIBLE, {}, None, 0, reason=unfair)
    seated = capacity_bound(problem, fairness, index.lower_bounds)
    if seated > bound:
        bound = seated
        say(
            f"capacity bound (the tables cannot seat every agenda unbroken): {bound} breaks",
            bound=bound,
        )
    interrupt = _Interrupt()
    races: list[maxsat.Race] = []

    def start_race(backend: str) -> None:
        race = maxsat.Race(
            problem,
            fairness=fairness,
            lower_bounds=index.lower_bounds,
            on_answer=lambda _answer: interrupt.trigger(),
            backend=backend,
            start=bound,
        )
        races.append(race)
        if backend == maxsat.CLIMB:
            say(f"SAT climb from {bound} breaks started beside CP-SAT")
        else:
            say(f"MaxSAT solver ({backend}) started beside CP-SAT")

    def handover(until: float) -> None:
        start_race("uwrmaxsat-1.4")
        if not interrupt.wait(until - time.monotonic()):
            say("no MaxSAT answer yet: CP-SAT resumes beside both builds")

    if workers >= 2 and len(problem.meetings) <= _CLIMB_MAX_MEETINGS and maxsat.available():
        start_race("uwrmaxsat")
        if all(m.required for m in problem.meetings):
            start_race(maxsat.CLIMB)
    may_hand_over = (
        bool(races)
        and len(problem.meetings) <= _HANDOVER_MAX_MEETINGS
        and maxsat.available("uwrmaxsat-1.4")
    )
    try:
        result = _search(
            index,
            bound,
            fairness=fairness,
            time_limit=time_limit - elapsed(),
            workers=workers,
            # While MaxSAT runs, CP-SAT leaves it a core once it has a first schedule.
            later_workers=max(1, workers - 1) if races else workers,
            hint=hint,
            say=say,
            interrupt=interrupt,
            handover=handover if may_hand_over else None,
        )
    finally:
        for race in races:
            race.stop()
    proved = result.status in (Status.OPTIMAL, Status.INFEASIBLE)
    answer = next((race.answer for race in races if race.answer is not None), None)
    if answer is None or proved:
        return result
    if answer.status is Status.INFEASIBLE:
        say("MaxSAT: no schedule meets the constraints")
        return SlotResult(Status.INFEASIBLE, {}, None, 0)
    breaks = _total_breaks(index, answer.slots)
    say(f"MaxSAT: optimal schedule with {breaks} breaks", best_breaks=breaks, bound=breaks)
    return SlotResult(Status.OPTIMAL, answer.slots, breaks, answer.unscheduled_priority)


def _search(
    index: _Index,
    bound: int,
    *,
    fairness: int | None,
    time_limit: float,
    workers: int,
    later_workers: int,
    hint: dict[int, int] | None,
    say: Say,
    interrupt: _Interrupt,
    handover: Callable[[float], None] | None = None,
) -> SlotResult:
    """The CP-SAT side of solve_slots: first schedule (the repaired hint, or the lean model),
    climb, neighbourhood search, optimum.

    The first schedule uses all workers; the rest later_workers. If the climb has not ended by
    _HANDOVER_AFTER of the limit, handover(until) lets another search have the core until then.
    """
    started = time.monotonic()

    def elapsed() -> float:
        return time.monotonic() - started

    problem = index.problem
    large = len(problem.meetings) > _CLIMB_MAX_MEETINGS
    if large and hint:
        # A whole-day model of this size gives no first schedule within a minute on two
        # cores; the piecewise search repairs the greedy one, then improves it.
        say("repairing the greedy schedule piece by piece")
        repaired = repair_slots(
            problem,
            hint,
            fairness=fairness,
            deadline=started + time_limit,
            workers=workers,
            say=say,
            chains=True,
        )
        if not complete_and_fair(problem, repaired, fairness):
            say("the piecewise search ran out of time before the schedule was complete and fair")
            # Still the best schedule found: the caller says what it leaves out.
            return SlotResult(
                Status.UNKNOWN, repaired, bound, unscheduled_priority(problem, repaired)
            )
        return SlotResult(Status.FEASIBLE, repaired, bound, unscheduled_priority(problem, repaired))
    climbing = all(m.required for m in problem.meetings) and not large
    found: dict[int, int] | None = None
    if hint:
        # The piecewise search repairs the greedy schedule in milliseconds where the lean
        # model below may need seconds, and then improves it at once, so that a short limit
        # still ends with a good schedule when the climb and MaxSAT have not answered.
        say("repairing and improving the greedy schedule piece by piece")
        repaired = repair_slots(
            problem,
            hint,
            fairness=fairness,
            deadline=started + min(time_limit * _REPAIR_SHARE, _REPAIR_SECONDS),
            workers=later_workers,
            say=say,
        )
        if complete_and_fair(problem, repaired, fairness):
            found = hint = repaired
            found_breaks = _total_breaks(index, found)
            say(f"found a schedule with {found_breaks} breaks", best_breaks=found_breaks)
    if found is None:
        say("looking for any fair schedule")
        first = _solve_model(
            index,
            fairness=fairness,
            # Without the climb, a first schedule is most of the work.
            time_limit=max(
                0.5,
                min(
                    time_limit * (_STEP_SHARE if climbing else _FIRST_SHARE_NO_CLIMB),
                    time_limit - elapsed(),
                ),
            ),
            workers=workers,
            hint=hint,
            minimise_breaks=False,
            windows=False,
            interrupt=interrupt,
        )
        if first.status is Status.INFEASIBLE:
            return first
        found = first.slots or None
        if found is not None:
            found_breaks = _total_breaks(index, found)
            say(f"found a schedule with {found_breaks} breaks", best_breaks=found_breaks)
    k = bound
    timeouts = 0
    while (
        climbing
        and timeouts < _CLIMB_TIMEOUTS
        and elapsed() < time_limit * _CLIMB_SHARE
        and not interrupt.triggered
    ):
        # The first question, at the bound, is worth the most: a yes there is optimal.
        share = _FIRST_STEP_SHARE if k == bound and timeouts == 0 else _STEP_SHARE
        budget = min(time_limit * share, time_limit * _CLIMB_SHARE - elapsed())
        if handover is not None:
            # A yes at the bound is the optimum, and a no raises the bound: that question may
            # keep the core longer. On forum-13crafb it proves bounds 4, 5 and 6 by 15 s.
            until = _HANDOVER_AT_BOUND if k == bound else _HANDOVER_AFTER
            budget = min(budget, time_limit * until - elapsed())
            if budget < _MIN_QUESTION:
                say("the climb is slow: CP-SAT hands its core to a second MaxSAT solver")
                handover(started + time_limit * _HANDOVER_UNTIL)
                handover = None
                continue
        say(f"looking for a schedule with at most {k} breaks ({budget:.1f}s)")
        answer = _solve_model(
            index,
            fairness=fairness,
            time_limit=budget,
            workers=later_workers,
            hint=found or hint,
            min_breaks=bound,
            max_breaks=k,
            minimise_breaks=False,
            sat_search=True,
            interrupt=interrupt,
        )
        if answer.status is Status.INFEASIBLE:
            bound = k + 1
            k = bound
            say(f"none: the bound rises to {bound}", bound=bound)
        elif answer.slots:
            found = answer.slots
            breaks = _total_breaks(index, found)
            say(f"found a schedule with {breaks} breaks", best_breaks=breaks)
            if breaks <= bound:
                return SlotResult(Status.OPTIMAL, found, breaks, 0)
            break
        elif handover is None:
            timeouts += 1
            k += 1 + (k - bound)
    if found is not None and climbing:
        found = _improve(
            index,
            found,
            fairness=fairness,
            bound=bound,
            deadline=started + time_limit * _IMPROVE_UNTIL,
            workers=later_workers,
            say=say,
            interrupt=interrupt,
        )
        if _total_breaks(index, found) <= bound:
            return SlotResult(Status.OPTIMAL, found, bound, 0)
    if interrupt.triggered:
        return SlotResult(
            Status.FEASIBLE if found else Status.UNKNOWN,
            found or {},
            bound,
            unscheduled_priority(problem, found or {}),
        )
    say(f"optimising ({max(0.0, time_limit - elapsed()):.0f}s left)")
    result = _solve_model(
        index,
        fairness=fairness,
        time_limit=max(0.5, time_limit - elapsed()),
        workers=later_workers,
        hint=found or hint,
        min_breaks=bound,
        progress=say,
        interrupt=interrupt,
    )
    if found is not None and (not result.slots or _cost(index, found) < _cost(index, result.slots)):
        # Priority left out weighs first: a schedule with fewer breaks that leaves out more
        # loses, as in the model's objective.
        result = SlotResult(
            Status.FEASIBLE,
            found,
            max(bound, result.bound or 0),
            unscheduled_priority(problem, found),
        )
    if result.status is Status.FEASIBLE and result.unscheduled_priority == 0:
        breaks = _total_breaks(index, result.slots)
        if breaks <= max(bound, result.bound or 0):
            # The climb proved the bound that this schedule meets.
            result = SlotResult(Status.OPTIMAL, result.slots, breaks, 0)
    return result


def _improve(
    index: _Index,
    slots: dict[int, int],
    *,
    fairness: int | None,
    bound: int,
    deadline: float,
    workers: int,
    say: Say,
    interrupt: _Interrupt,
) -> dict[int, int]:
    """Large-neighbourhood search: re-solve a few agendas or a few slots, keep the rest.

    A neighbourhood is either the agendas of a participant with breaks and some of its
    partners, or every meeting in a few consecutive slots. Small re-solves are fast and, unlike
    CP-SAT's generic neighbourhoods, follow the structure of breaks. Single moves and swaps
    (repair.py) go first: they take a first schedule of forum-13crafb from 96 breaks to 53 in
    20 ms, where the re-solves take seconds.
    """
    rng = random.Random(0)  # noqa: S311 - reproducible search, not cryptography
    best = improve_by_moves(index.problem, slots, fairness, deadline)
    best_breaks = _total_breaks(index, best)
    if best_breaks < _total_breaks(index, slots):
        say(f"single moves and swaps: {best_breaks} breaks", best_breaks=best_breaks)
    size = 1  # grows while re-solves fail, since a local optimum needs a bigger move
    while time.monotonic() < deadline - 0.5 and best_breaks > bound and not interrupt.triggered:
        free = _neighbourhood(index, best, rng, size)
        fixed = {m: t for m, t in best.items() if m not in free}
        answer = _solve_model(
            index,
            fairness=fairness,
            time_limit=min(_IMPROVE_STEP, deadline - time.monotonic()),
            workers=workers,
            hint=best,
            min_breaks=bound,
            fixed=fixed,
            interrupt=interrupt,
        )
        if answer.slots:
            breaks = _total_breaks(index, answer.slots)
            if breaks < best_breaks:
                best, best_breaks = answer.slots, breaks
                say(f"neighbourhood search: {best_breaks} breaks", best_breaks=best_breaks)
                size = 1
                continue
        size = min(size + 1, _IMPROVE_MAX_SIZE)
    return best


def _neighbourhood(index: _Index, slots: dict[int, int], rng: random.Random, size: int) -> set[int]:
    """Meetings to re-solve: around participants with breaks, or a band of slots."""
    breakers = [
        p
        for p, meetings in index.by_participant.items()
        if count_breaks(slots[m] for m in meetings if m in slots) > 0
    ]
    if breakers and rng.random() < 0.6:
        centre = rng.choice(breakers)
        people = {centre}
        partners = [q for m in index.by_participant[centre] for q in index.meetings[m].participants]
        people.update(rng.sample(partners, min(len(partners), 2 + size)))
        people.update(rng.sample(breakers, min(len(breakers), 1 + size // 2)))
        return {m for p in people for m in index.by_participant[p]}
    width = rng.randint(2, 3) + size // 2
    first = rng.randint(1, max(1, index.problem.slots - width + 1))
    return {m for m, t in slots.items() if first <= t < first + width}


def _solve_model(
    index: _Index,
    *,
    fairness: int | None,
    time_limit: float,
    workers: int,
    hint: dict[int, int] | None,
    min_breaks: int = 0,
    max_breaks: int | None = None,
    minimise_breaks: bool = True,
    windows: bool = True,
    fixed: dict[int, int] | None = None,
    progress: Say | None = None,
    sat_search: bool = False,
    interrupt: _Interrupt | None = None,
) -> SlotResult:
    """One CP-SAT run; without minimise_breaks, any schedule within max_breaks will do."""
    from ortools.sat.python import cp_model

    started = time.monotonic()
    problem = index.problem
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    scheduled: dict[int, cp_model.IntVar] = {}
    optional_terms: list[tuple[int, cp_model.IntVar]] = []
    for meeting in problem.meetings:
        domain = index.domains[meeting.id]
        for t in domain:
            x[meeting.id, t] = model.new_bool_var(f"x{meeting.id}_{t}")
        if meeting.required:
            model.add_exactly_one(x[meeting.id, t] for t in domain)
        else:
            done = model.new_bool_var(f"done{meeting.id}")
            model.add(sum(x[meeting.id, t] for t in domain) == done)
            scheduled[meeting.id] = done
            optional_terms.append((meeting.priority, done))

    in_slot: dict[int, cp_model.IntVar] = {}
    for t in range(1, problem.slots + 1):
        in_slot[t] = model.new_int_var(0, problem.tables, f"c{t}")
        model.add(sum(x[m.id, t] for m in problem.meetings if (m.id, t) in x) == in_slot[t])

    _add_precedences(model, index, x, [m.id for m in problem.meetings])
    for held in index.rules.at_table.values():
        for t in range(1, problem.slots + 1):
            model.add_at_most_one(x[m, t] for m in held if (m, t) in x)

    # Per participant: busy flags, run starts, break count.
    busy_at: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    break_vars: list[cp_model.IntVar] = []
    start_terms: list[cp_model.IntVar] = []
    constant_runs = 0
    for participant in problem.participants:
        p = participant.id
        meetings = index.by_participant[p]
        if not meetings:
            continue
        slots = index.usable_slots(p)
        busy: dict[int, cp_model.IntVar] = {}
        for t in slots:
            busy[t] = model.new_bool_var(f"y{p}_{t}")
            # Busy exactly when one of its meetings is at t; as a clause set, not a linear sum,
            # so the SAT core propagates it directly.
            model.add_exactly_one([busy[t].Not(), *(x[m, t] for m in meetings if (m, t) in x)])
            busy_at[t].append(busy[t])
        starts: dict[int, cp_model.IntVar] = {}
        for t in slots:
            start = model.new_bool_var(f"s{p}_{t}")
            if t - 1 in busy:
                # start <-> busy[t] and not busy[t-1]; exact, since fairness needs true counts.
                model.add_implication(start, busy[t])
                model.add_implication(start, busy[t - 1].Not())
                model.add_bool_or([start, busy[t].Not(), busy[t - 1]])
            else:
                model.add(start == busy[t])
            starts[t] = start
        for run in index.rules.run_windows(p):
            if all(t in busy for t in run):
                model.add_bool_or([busy[t].Not() for t in run])
        # k breaks need k idle slots between k + 1 busy ones.
        breaks_limit = min(len(meetings) - 1, (problem.slots - 1) // 2)
        breaks = model.new_int_var(0, max(0, breaks_limit), f"b{p}")
        if index.has_optional(p):
            any_busy = model.new_bool_var(f"any{p}")
            model.add_max_equality(any_busy, list(busy.values()))
            model.add(breaks == sum(starts.values()) - any_busy)
            start_terms.extend(starts.values())
            start_terms.append(-any_busy)  # type: ignore[arg-type]
        else:
            model.add(breaks == sum(starts.values()) - 1)
            start_terms.extend(starts.values())
            constant_runs += 1
            if index.lower_bounds.get(p):
                model.add(breaks >= index.lower_bounds[p])
            n = len(meetings)
            if n >= 2 and windows:
                # An unbroken participant is busy for exactly the n slots of one window, chosen
                # by a one-hot start; this is what lets the search place whole agendas at once.
                unbroken = model.new_bool_var(f"z{p}")
                model.add(breaks == 0).only_enforce_if(unbroken)
                model.add(breaks >= 1).only_enforce_if(unbroken.Not())
                window = {
                    first: model.new_bool_var(f"w{p}_{first}")
                    for first in slots
                    if all(first + k in busy for k in range(n))
                }
                model.add(sum(window.values()) == unbroken)
                for t in slots:
                    cover = [w for first, w in window.items() if first <= t < first + n]
                    for w in cover:
                        model.add_implication(w, busy[t])
                    model.add_bool_or([busy[t].Not(), unbroken.Not(), *cover])
        break_vars.append(breaks)

    # Implied: the participants busy at a slot are exactly twice its meetings. It bounds how
    # many participants' runs can overlap a slot before any meeting is placed.
    if windows:
        for t, flags in busy_at.items():
            model.add(sum(flags) == 2 * in_slot[t])

    model.add(sum(break_vars) >= min_breaks)
    if max_breaks is not None:
        model.add(sum(break_vars) <= max_breaks)

    if break_vars and fairness is not None:
        most = model.new_int_var(0, problem.slots, "most")
        least = model.new_int_var(0, problem.slots, "least")
        model.add_max_equality(most, break_vars)
        model.add_min_equality(least, break_vars)
        if len(break_vars) < len(problem.participants):
            model.add(least == 0)  # a participant with no meetings has no breaks
        model.add(most - least <= fairness)

    if not fixed:
        # The order it imposes may contradict the slots a neighbourhood keeps fixed, which
        # made most re-solves of _improve infeasible.
        _break_symmetry(model, index, x)

    total_breaks = sum(start_terms) - constant_runs
    # Lexicographic objective: one unit of priority outweighs every possible break.
    weight = sum(problem.slots for _ in break_vars) + 1
    unscheduled_priority = sum(priority * (1 - done) for priority, done in optional_terms)
    if minimise_breaks:
        model.minimize(weight * unscheduled_priority + total_breaks)
    elif optional_terms:
        model.minimize(unscheduled_priority)

    if hint:
        for (m, t), var in x.items():
            if m in hint:
                model.add_hint(var, hint[m] == t)
    for m, t in (fixed or {}).items():
        model.add(x[m, t] == 1)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit - (time.monotonic() - started))
    solver.parameters.num_workers = workers
    if sat_search:
        # One worker, no linear relaxation: a yes/no question is a SAT problem.
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 0
    callback = _reporter(progress, weight) if progress else None
    if interrupt is not None and not interrupt.attach(solver):
        return SlotResult(Status.UNKNOWN, {}, None, 0)
    try:
        status = solver.solve(model, callback)
    finally:
        if interrupt is not None:
            interrupt.detach()

    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result_status = Status.INFEASIBLE if status == cp_model.INFEASIBLE else Status.UNKNOWN
        return SlotResult(result_status, {}, None, 0)
    chosen = {m: t for (m, t), var in x.items() if solver.value(var)}
    unscheduled = sum(index.meetings[m].priority for m in scheduled if m not in chosen)
    if not minimise_breaks:
        bound = min_breaks
    else:
        bound = max(min_breaks, round(solver.best_objective_bound) - weight * unscheduled)
    if status == cp_model.OPTIMAL and minimise_breaks:
        bound = _total_breaks(index, chosen)
    return SlotResult(
        Status.OPTIMAL if status == cp_model.OPTIMAL else Status.FEASIBLE,
        chosen,
        bound,
        unscheduled,
    )


def _cost(index: _Index, slots: dict[int, int]) -> tuple[int, int]:
    """Priority left out, then breaks: the order of the objective."""
    return unscheduled_priority(index.problem, slots), _total_breaks(index, slots)


def _total_breaks(index: _Index, slots: dict[int, int]) -> int:
    return sum(
        count_breaks(slots[m] for m in meetings if m in slots)
        for meetings in index.by_participant.values()
    )


def _break_symmetry(
    model: cp_model.CpModel, index: _Index, x: dict[tuple[int, int], cp_model.IntVar]
) -> None:
    """Order the meetings of a participant with partners that are interchangeable.

    Two partners who meet nobody else, with the same forbidden slots, in meetings with the same
    session and no fixed slot or precedence, can swap their meetings without changing anything.
    """
    in_precedence = {j for m in index.meetings.values() for j in m.after} | {
        m.id for m in index.meetings.values() if m.after
    }
    forbidden = index.problem.forbidden_by_participant()
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for p, meetings in index.by_participant.items():
        for m in meetings:
            meeting = index.meetings[m]
            partner = (
                meeting.participants[0] if meeting.participants[1] == p else meeting.participants[1]
            )
            if len(index.by_participant[partner]) != 1 or not meeting.required:
                continue
            if meeting.fixed_slot is not None or m in in_precedence:
                continue
            key = (p, meeting.session, forbidden[partner], index.rules.table_of.get(m))
            groups[key].append(m)
    for group in groups.values():
        for earlier, later in itertools.pairwise(group):
            slot_e = sum(t * x[earlier, t] for t in index.domains[earlier])
            slot_l = sum(t * x[later, t] for t in index.domains[later])
            model.add(slot_e < slot_l)


def _reporter(say: Say, weight: int) -> cp_model.CpSolverSolutionCallback:
    """A callback that reports each improving schedule while CP-SAT runs."""
    from ortools.sat.python import cp_model

    class Reporter(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            objective = round(self.objective_value)
            bound = round(self.best_objective_bound)
            breaks = objective % weight
            proven = bound % weight if bound < weight else 0
            say(
                f"schedule with {breaks} breaks"
                + (f", unscheduled priority {objective // weight}" if objective >= weight else "")
                + f"; bound {proven}",
                best_breaks=breaks,
                bound=proven,
            )

    return Reporter()
