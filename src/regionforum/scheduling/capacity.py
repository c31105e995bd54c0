"""A lower bound on breaks from the tables: the capacity bound.

At every slot, the participants busy there are twice the meetings there, so at most twice the
tables. Where most participants have long agendas, their contiguous windows all cover the
middle of the day, more than the tables can seat, and someone must have a break. The
per-participant bound (solver.py) sees each agenda alone and misses this: on a generated forum
of 2,000 participants and 10,000 meetings it is 0, while this bound is 311.

The relaxation: each participant with only required meetings chooses a busy pattern, a set of
slots of the size of its agenda that its meetings could fill (within their allowed slots, every
group of meetings sharing a set of allowed slots fitting there, fixed slots included, at least
its proven per-participant bound of breaks), and at each slot at most 2 x tables patterns are
busy. Minimising the breaks of the patterns is a linear program over patterns, solved by
column generation; its Lagrangian dual at the final prices is the bound, valid for any prices,
so it holds even if the program stops early. Pairs, precedences and participants with optional
meetings are left out, which only weakens the bound.

Up to _MAX_SLOTS slots a kind's patterns are enumerated, and the cheapest at given prices is
read off them. A longer day (the skewed forum has 40 slots) is priced by a walk through the
slots instead, which keeps the allowed and fixed slots, the proven breaks and the fairness cap
but not the groups: it chooses among more patterns, so its bound is lower but still a bound.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from regionforum.scheduling.problem import Problem

if TYPE_CHECKING:
    from ortools.linear_solver import pywraplp

# Patterns are slot sets as bit masks, enumerated for every subset of the day: up to 2**22
# masks (the benchmark forums). Above _MAX_SLOTS slots, or _MAX_PATTERNS patterns in all, the
# cheapest pattern is found by a walk through the slots instead.
_MAX_SLOTS = 22
_MAX_PATTERNS = 5_000_000
_MAX_ROUNDS = 100
_TOLERANCE = 1e-6

type _Masks = npt.NDArray[np.uint32]
type _Counts = npt.NDArray[np.int64]
type _Prices = npt.NDArray[np.float64]
# A kind's cheapest pattern at some prices: its mask, its breaks and its cost; None if the kind
# has no pattern at all (the problem is infeasible, which the solvers prove).
type _Pricing = Callable[[_Kind, _Prices], tuple[int, int, float] | None]


@dataclass(frozen=True, slots=True)
class _Kind:
    """Participants that choose among the same patterns."""

    meetings: int
    allowed: int  # mask of slots some meeting may take
    fixed: int  # mask of slots taken by fixed meetings
    groups: tuple[tuple[int, int], ...]  # (mask of slots, meetings allowed only there)
    least_breaks: int


def capacity_bound(problem: Problem, fairness: int | None, lower_bounds: dict[int, int]) -> int:
    """Fewest breaks any complete schedule has, by the tables' capacity (0 when it has none).

    lower_bounds are proven per-participant minima of breaks.
    """
    kinds, unbroken = _kinds(problem, lower_bounds)
    if not kinds:
        return 0
    # With someone certain to have no break, fairness caps everyone's breaks at fairness.
    most_runs = fairness + 1 if fairness is not None and unbroken else None
    pricing: _Pricing | None = None
    if problem.slots <= _MAX_SLOTS:
        patterns = _patterns(problem.slots, kinds, most_runs)
        if patterns == {}:
            return 0  # a kind has no pattern: the problem is infeasible, the solvers prove it
        if patterns is not None:
            pricing = _enumerated_pricing(patterns)
    if pricing is None:
        pricing = _walk_pricing(problem.slots, most_runs)
    return _column_generation(problem.slots, 2 * problem.tables, kinds, pricing)


def _kinds(problem: Problem, lower_bounds: dict[int, int]) -> tuple[Counter[_Kind], bool]:
    """The kinds of the participants with only required meetings, and whether someone is
    certain to have no break (no more than one meeting, all required)."""
    forbidden = problem.forbidden_by_participant()
    masks: dict[int, int] = {}
    for meeting in problem.meetings:
        masks[meeting.id] = sum(1 << (t - 1) for t in problem.allowed_slots(meeting, forbidden))
    agendas: dict[int, list[int]] = defaultdict(list)
    optional: set[int] = set()
    fixed: dict[int, int] = defaultdict(int)
    for meeting in problem.meetings:
        for p in meeting.participants:
            agendas[p].append(masks[meeting.id])
            if not meeting.required:
                optional.add(p)
            if meeting.fixed_slot is not None:
                fixed[p] |= 1 << (meeting.fixed_slot - 1)
    kinds: Counter[_Kind] = Counter()
    for p, agenda in agendas.items():
        if p in optional:
            continue  # an optional meeting may be left out: the agenda's size is unknown
        allowed = 0
        for mask in agenda:
            allowed |= mask
        groups = tuple(
            sorted((mask, sum(1 for other in agenda if other & ~mask == 0)) for mask in set(agenda))
        )
        kinds[_Kind(len(agenda), allowed, fixed[p], groups, lower_bounds.get(p, 0))] += 1
    idle = len(agendas) < len(problem.participants)  # someone without meetings
    return kinds, idle or any(kind.meetings <= 1 for kind in kinds)


def _patterns(
    slots: int, kinds: Counter[_Kind], most_runs: int | None
) -> dict[_Kind, tuple[_Masks, _Counts]] | None:
    """Each kind's patterns (masks) and their breaks; {} if a kind has none (the problem is
    infeasible), None if there are too many."""
    day = (1 << slots) - 1
    every = np.arange(1 << slots, dtype=np.uint32)
    sizes = np.bitwise_count(every)
    runs = np.bitwise_count(every & ~(every << np.uint32(1)) & np.uint32(day)).astype(np.int64)
    by_size: dict[int, tuple[_Masks, _Counts]] = {}
    patterns: dict[_Kind, tuple[_Masks, _Counts]] = {}
    total = 0
    for kind in kinds:
        if kind.meetings not in by_size:
            chosen = sizes == kind.meetings
            if most_runs is not None:
                chosen &= runs <= most_runs
            by_size[kind.meetings] = (every[chosen], runs[chosen] - 1)
        masks, breaks = by_size[kind.meetings]
        keep = (masks & np.uint32(day & ~kind.allowed)) == 0
        keep &= (masks & np.uint32(kind.fixed)) == np.uint32(kind.fixed)
        keep &= breaks >= kind.least_breaks
        for mask, count in kind.groups:
            keep &= np.bitwise_count(masks & np.uint32(mask)) >= count
        if not keep.any():
            return {}
        patterns[kind] = (masks[keep], breaks[keep])
        total += int(keep.sum())
        if total > _MAX_PATTERNS:
            return None
    return patterns


def _column_generation(slots: int, capacity: int, kinds: Counter[_Kind], pricing: _Pricing) -> int:
    """The best Lagrangian bound met while solving the pattern program by column generation."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    order = list(kinds)
    choose = {kind: solver.Constraint(kinds[kind], kinds[kind]) for kind in order}
    seats = [solver.Constraint(-solver.infinity(), capacity) for _ in range(slots)]
    objective = solver.Objective()
    objective.SetMinimization()
    # Seats beyond the capacity, at a price above what one seat can save (a participant's
    # breaks), keep the restricted program feasible; the prices stay valid multipliers.
    for seat in seats:
        overflow = solver.NumVar(0, solver.infinity(), "")
        seat.SetCoefficient(overflow, -1)
        objective.SetCoefficient(overflow, float(slots))
    columns: dict[_Kind, set[int]] = {kind: set() for kind in order}
    prices = np.zeros(slots)
    best = 0.0
    program = float("inf")
    for _ in range(_MAX_ROUNDS):
        priced = {kind: pricing(kind, prices) for kind in order}
        cheapest = {kind: found for kind, found in priced.items() if found is not None}
        if len(cheapest) < len(priced):
            return 0
        # The Lagrangian relaxation of the seats at these prices bounds every schedule.
        dual = sum(kinds[kind] * cost for kind, (_, _, cost) in cheapest.items())
        best = max(best, dual - capacity * float(prices.sum()))
        if program - best <= _TOLERANCE * max(1.0, abs(best)):
            break  # the bound meets the program: nothing better is left to find
        added = False
        for kind, (mask, breaks, _) in cheapest.items():
            if mask not in columns[kind]:
                columns[kind].add(mask)
                _add_column(solver, choose[kind], seats, objective, mask, breaks)
                added = True
        if not added or solver.Solve() != pywraplp.Solver.OPTIMAL:
            break
        program = objective.Value()
        prices = np.array([max(0.0, -seat.dual_value()) for seat in seats])
    return max(0, int(np.ceil(best - _TOLERANCE)))


def _add_column(
    solver: pywraplp.Solver,
    choose: pywraplp.Constraint,
    seats: list[pywraplp.Constraint],
    objective: pywraplp.Objective,
    mask: int,
    breaks: int,
) -> None:
    column = solver.NumVar(0, solver.infinity(), "")
    choose.SetCoefficient(column, 1)
    objective.SetCoefficient(column, float(breaks))
    for t, seat in enumerate(seats):
        if mask >> t & 1:
            seat.SetCoefficient(column, 1)


def _enumerated_pricing(patterns: dict[_Kind, tuple[_Masks, _Counts]]) -> _Pricing:
    """The pattern of a kind with the least breaks plus prices of its busy slots, from all of
    its patterns."""

    def cheapest(kind: _Kind, prices: _Prices) -> tuple[int, int, float]:
        masks, breaks = patterns[kind]
        cost = breaks.astype(np.float64)
        for t, price in enumerate(prices):
            if price > 0:
                cost += price * ((masks >> np.uint32(t)) & np.uint32(1))
        index = int(np.argmin(cost))
        return int(masks[index]), int(breaks[index]), float(cost[index])

    return cheapest


def _walk_pricing(slots: int, most_runs: int | None) -> _Pricing:
    """The cheapest pattern of a kind by a walk through the slots, keeping for each number of
    busy slots so far, runs so far (counted up to what the constraints need) and whether the
    last slot was busy the cheapest start. The groups are not kept (see the module's note)."""

    def cheapest(kind: _Kind, prices: _Prices) -> tuple[int, int, float] | None:
        n = kind.meetings
        # Runs matter beyond their cost only up to the proven breaks + 1 and the fairness cap.
        cap = max(kind.least_breaks + 1, most_runs or 0)
        # (busy, runs, last busy) -> (cost without the breaks, mask, runs uncapped)
        states: _Walk = {(0, 0, False): (0, 0, 0)}
        for t in range(slots):
            bit = 1 << t
            left = slots - t - 1
            after: _Walk = {}

            for (busy, runs, last), (cost, mask, all_runs) in states.items():
                if not kind.fixed & bit and busy + left >= n:
                    _keep_cheaper(after, (busy, runs, False), (cost, mask, all_runs))
                if kind.allowed & bit and busy < n:
                    start = 0 if last else 1
                    if most_runs is not None and runs + start > most_runs:
                        continue
                    _keep_cheaper(
                        after,
                        (busy + 1, min(cap, runs + start), True),
                        (cost + float(prices[t]) + start, mask | bit, all_runs + start),
                    )
            states = after
        ends = [
            (cost - 1, mask, all_runs - 1)
            for (busy, runs, _), (cost, mask, all_runs) in states.items()
            if busy == n and runs - 1 >= kind.least_breaks
        ]
        if not ends:
            return None
        cost, mask, breaks = min(ends)
        return mask, breaks, cost

    return cheapest


type _Walk = dict[tuple[int, int, bool], tuple[float, int, int]]


def _keep_cheaper(states: _Walk, key: tuple[int, int, bool], value: tuple[float, int, int]) -> None:
    if key not in states or value[0] < states[key][0]:
        states[key] = value
