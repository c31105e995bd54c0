"""Improve a complete schedule of a large forum by re-solving a few slots for everybody at once.

The piecewise search of repair.py re-solves a few agendas with the rest of the day fixed; it is
good at repairing, but at forum scale it lowers breaks by a few a second. This search takes a
handful of slots instead (not always consecutive) and lets every meeting now in one of them
move to any other of them, for all participants together. With the rest of the day fixed, a
participant's breaks depend only on which of the chosen slots they are busy in, so the model
chooses one busy pattern per participant, priced by the breaks it gives, and a slot for each
meeting that agrees with the patterns of both its participants and with the tables. The model
is small (a few thousand meetings times a few slots) and CP-SAT often proves it in a second,
so each step is the best permutation of those slots' meetings, and no step is ever worse.

Half the windows are aimed: a participant with breaks is drawn (the more breaks, the likelier),
and the window is one of its idle slots inside its day with one of its busy slots, so that the
model may close that break; the others are drawn at random. The kept tables and the most
meetings in a row (restrictions.py) are constraints of the model: a meeting held to a table
shares no slot with another held there, and a participant with a run limit takes only busy
patterns within it.

Meetings with a fixed slot or a precedence keep their slot; optional meetings left out stay
out, and those placed stay placed.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections import defaultdict

from regionforum.scheduling.breaks import count_breaks
from regionforum.scheduling.problem import Problem
from regionforum.scheduling.progress import Say
from regionforum.scheduling.restrictions import Restrictions

# Slots re-solved together: _WINDOW of them, each model given at most _STEP_SECONDS. On the
# generated forum (10,000 meetings), 25 s of search took 2,049 breaks to 1,586 with two slots
# and 0.3 s, to 1,755 with three and 0.7 s, and to 1,873 with four and 1.5 s: small models
# are proven fast, and many more of them fit in the time.
_WINDOW = 2
_STEP_SECONDS = 0.3
# A step that removes nothing is retried with other slots; the search ends early once
# _PATIENCE times as many steps as there are windows have removed nothing in a row.
_PATIENCE = 2
# The share of windows aimed at a break of one participant.
_AIMED = 0.5
_REPORT_EVERY = 5.0


def improve_by_windows(
    problem: Problem,
    slots: dict[int, int],
    *,
    fairness: int | None,
    deadline: float,
    workers: int = 2,
    say: Say | None = None,
    seed: int = 0,
) -> dict[int, int]:
    """A schedule with no more breaks than slots and no new unfairness, found by deadline.

    slots must be complete for its own meetings; it is left as it is.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible search, not cryptography
    forbidden = problem.forbidden_by_participant()
    domains = {m.id: set(problem.allowed_slots(m, forbidden)) for m in problem.meetings}
    followers = {before for m in problem.meetings for before in m.after}
    movable = {
        m.id
        for m in problem.meetings
        if m.fixed_slot is None and not m.after and m.id not in followers
    }
    participants_of = {m.id: m.participants for m in problem.meetings}
    rules = Restrictions(problem)
    best = dict(slots)
    total = _total(best, participants_of)
    stale = 0
    next_report = time.monotonic() + _REPORT_EVERY
    window = min(_WINDOW, problem.slots)
    all_slots = list(range(1, problem.slots + 1))
    patience = _PATIENCE * math.comb(problem.slots, window)
    agendas = _agendas(best, participants_of)
    broken = _broken(agendas)
    while stale < patience and time.monotonic() < deadline - 0.2:
        aimed = window == 2 and rng.random() < _AIMED
        chosen = (aimed and _aimed_window(agendas, broken, rng)) or sorted(
            rng.sample(all_slots, window)
        )
        answer = solve_window(
            problem,
            best,
            chosen,
            domains=domains,
            movable=movable,
            fairness=fairness,
            seconds=min(_STEP_SECONDS, deadline - time.monotonic()),
            workers=workers,
            rules=rules,
        )
        if answer is None:
            stale += 1
            continue
        breaks = _total(answer, participants_of)
        if breaks < total:
            best, total, stale = answer, breaks, 0
            agendas = _agendas(best, participants_of)
            broken = _broken(agendas)
        else:
            stale += 1
        if say is not None and time.monotonic() >= next_report:
            say(f"slot-window search: {total} breaks", best_breaks=total)
            next_report = time.monotonic() + _REPORT_EVERY
    return best


def solve_window(
    problem: Problem,
    slots: dict[int, int],
    chosen: list[int],
    *,
    domains: dict[int, set[int]],
    movable: set[int],
    fairness: int | None,
    seconds: float,
    workers: int,
    rules: Restrictions,
) -> dict[int, int] | None:
    """The schedule with the meetings in the chosen slots permuted among them for fewest breaks
    (no more than now), kept tables and run limits respected, or None if the model found
    nothing within seconds."""
    from ortools.sat.python import cp_model

    window = set(chosen)
    participants_of = {m.id: m.participants for m in problem.meetings}
    busy: dict[int, set[int]] = defaultdict(set)
    for m, t in slots.items():
        for p in participants_of[m]:
            busy[p].add(t)
    free = [
        m for m, t in slots.items() if t in window and m in movable and len(domains[m] & window) > 1
    ]
    if not free:
        return None
    # Each participant's busy slots that stay as they are, and how many free meetings it has.
    fixed_busy: dict[int, set[int]] = {}
    count: dict[int, int] = defaultdict(int)
    for m in free:
        for p in participants_of[m]:
            count[p] += 1
    for p in count:
        fixed_busy[p] = set(busy[p])
    for m in free:
        for p in participants_of[m]:
            fixed_busy[p].discard(slots[m])
    low, high = 0, problem.slots
    if fairness is not None:
        # Everybody within [fewest, fewest + fairness] afterwards keeps a fair schedule fair.
        low = min((count_breaks(busy[p.id]) for p in problem.participants), default=0)
        high = low + fairness

    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for m in free:
        for t in sorted(domains[m] & window):
            if not any(t in fixed_busy[p] for p in participants_of[m]):
                x[m, t] = model.new_bool_var("")
    at: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    per_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (m, t), var in x.items():
        per_slot[t].append(var)
        for p in participants_of[m]:
            at[p, t].append(var)
    for m in free:
        options = [x[m, t] for t in chosen if (m, t) in x]
        if not options:
            return None
        model.add_exactly_one(options)
    load: dict[int, int] = defaultdict(int)
    free_set = set(free)
    for m, t in slots.items():
        if t in window and m not in free_set:
            load[t] += 1
    for t in chosen:
        if per_slot[t]:
            model.add(sum(per_slot[t]) <= problem.tables - load[t])
    # A table kept all day (or a meeting's fixed table) seats one meeting a slot.
    for held in rules.at_table.values():
        for t in chosen:
            here = [x[m, t] for m in held if (m, t) in x]
            if here:
                taken = sum(1 for m in held if m not in free_set and slots.get(m) == t)
                model.add(sum(here) <= 1 - taken)
    cost: list[cp_model.LinearExprT] = []
    for p, n in count.items():
        open_slots = [t for t in chosen if t not in fixed_busy[p]]
        now = tuple(t for t in open_slots if t in busy[p])
        patterns = []
        for pattern in itertools.combinations(open_slots, n):
            breaks = count_breaks(fixed_busy[p] | set(pattern))
            # The present pattern stays allowed, so that the present schedule is a solution.
            within = low <= breaks <= high and rules.run_fits(p, fixed_busy[p] | set(pattern))
            if within or pattern == now:
                patterns.append((pattern, breaks))
        chosen_pattern = [model.new_bool_var("") for _ in patterns]
        model.add_exactly_one(chosen_pattern)
        for (pattern, _), var in zip(patterns, chosen_pattern, strict=True):
            model.add_hint(var, pattern == now)
        for t in open_slots:
            using = [
                var
                for (pattern, _), var in zip(patterns, chosen_pattern, strict=True)
                if t in pattern
            ]
            if using or at[p, t]:
                model.add(sum(at[p, t]) == sum(using))
        cost.extend(
            breaks * var
            for (_, breaks), var in zip(patterns, chosen_pattern, strict=True)
            if breaks
        )
    for m in free:
        for t in chosen:
            if (m, t) in x:
                model.add_hint(x[m, t], slots[m] == t)
    model.minimize(sum(cost))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = max(1, workers)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    answer = dict(slots)
    for (m, t), var in x.items():
        if solver.value(var):
            answer[m] = t
    return answer


def _agendas(
    slots: dict[int, int], participants_of: dict[int, tuple[int, int]]
) -> dict[int, set[int]]:
    """Every participant's busy slots."""
    busy: dict[int, set[int]] = defaultdict(set)
    for m, t in slots.items():
        for p in participants_of[m]:
            busy[p].add(t)
    return busy


def _broken(agendas: dict[int, set[int]]) -> list[tuple[int, int]]:
    """The participants with breaks, with their breaks."""
    counted = ((p, count_breaks(busy)) for p, busy in agendas.items())
    return [(p, b) for p, b in counted if b]


def _aimed_window(
    agendas: dict[int, set[int]], broken: list[tuple[int, int]], rng: random.Random
) -> list[int] | None:
    """An idle slot inside the day of a participant drawn by its breaks, and one of its busy
    slots; None if nobody has a break."""
    if not broken:
        return None
    ((p, _),) = rng.choices(broken, weights=[b for _, b in broken])
    busy = agendas[p]
    gaps = [t for t in range(min(busy), max(busy)) if t not in busy]
    return sorted((rng.choice(gaps), rng.choice(sorted(busy))))


def _total(slots: dict[int, int], participants_of: dict[int, tuple[int, int]]) -> int:
    busy: dict[int, list[int]] = defaultdict(list)
    for m, t in slots.items():
        for p in participants_of[m]:
            busy[p].append(t)
    return sum(count_breaks(agenda) for agenda in busy.values())
