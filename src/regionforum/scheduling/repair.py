"""Repair and improve a schedule of a large problem piece by piece.

On a forum of thousands of meetings a CP-SAT model of the whole day is too big to give even a
first schedule within a minute, while the greedy schedule leaves a few meetings out and some
participants with too many breaks. This search keeps the schedule and re-solves small pieces
of it: the agendas of a participant that is still wrong (a meeting left out, or more breaks
than fairness allows) and of some of its partners, with everything else fixed. Each piece is a
small CP-SAT model that schedules what it can, then keeps breaks within the fairness limit,
then has few breaks; once nothing is wrong, pieces around participants with breaks improve it.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from regionforum.scheduling.breaks import count_breaks
from regionforum.scheduling.kempe import anneal
from regionforum.scheduling.lns import improve_by_windows
from regionforum.scheduling.problem import Meeting, Problem
from regionforum.scheduling.progress import Say
from regionforum.scheduling.restrictions import Restrictions

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

# A piece: a participant and partners drawn at random, about _SMALL meetings, re-solved for at
# most _SMALL_SECONDS; each worker re-solves its own piece at the same time. Such a piece is
# often solved to optimality, and many fit in the time: on the generated large forum the
# repair ends after 5-8 s instead of about 20 with pieces of 25 meetings and 0.2 s, and the
# result has about 1,800 breaks instead of 2,100. But a participant whose agenda alone is
# larger than a small piece may need its partners moved too: once _STALL rounds in a row
# have repaired nobody, pieces of _LARGE meetings and _LARGE_SECONDS are re-solved instead
# until somebody is. Without them, small pieces alone left the repair unfinished with two of
# the settings tried (6 meetings and 0.02 s, 8 and 0.05 s).
_SMALL = 8
_SMALL_SECONDS = 0.03
_LARGE = 25
_LARGE_SECONDS = 0.2
_STALL = 10
# Once repaired, the Kempe-chain search (where asked for) gets _CHAINS_SHARE of the time left,
# the slot-window search the next _WINDOWS_SHARE, and the pieces the rest. On the generated
# forum (10,000 meetings, 120 s) the chains took the repaired schedule from about 2,000 breaks
# to about 850 in 100 s, where the slot-window search alone had ended at 1,455. Without the
# chains (the short repair before the climb of a small problem) the windows get
# _WINDOWS_ALONE_SHARE.
_CHAINS_SHARE = 0.8
_WINDOWS_SHARE = 0.1
_WINDOWS_ALONE_SHARE = 0.85
# Where only fairness is left to repair, the chains get this share of the time left for it.
_CHAINS_REPAIR_SHARE = 0.3
# While improving, the best break count is reported at most every _REPORT_EVERY seconds.
_REPORT_EVERY = 5.0
# Objective weights, in this order: a required meeting left out, a break above the fairness
# limit, a unit of priority of an optional meeting left out, a break.
_MISSING = 1_000_000
_EXCESS = 10_000
_PRIORITY = 100


class _State:
    """The current schedule with the per-participant views the pieces need."""

    def __init__(self, problem: Problem, slots: dict[int, int]) -> None:
        forbidden = problem.forbidden_by_participant()
        self.problem = problem
        self.meetings: dict[int, Meeting] = {m.id: m for m in problem.meetings}
        self.domains = {m.id: problem.allowed_slots(m, forbidden) for m in problem.meetings}
        self.by_participant: dict[int, list[int]] = defaultdict(list)
        for meeting in problem.meetings:
            for p in meeting.participants:
                self.by_participant[p].append(meeting.id)
        self.followers: dict[int, list[int]] = defaultdict(list)
        for meeting in problem.meetings:
            for before in meeting.after:
                self.followers[before].append(meeting.id)
        self.slots = dict(slots)
        self.rules = Restrictions(problem)

    def place(self, slots: dict[int, int | None]) -> None:
        for m, t in slots.items():
            if t is None:
                self.slots.pop(m, None)
            else:
                self.slots[m] = t

    def occupancy(self) -> tuple[dict[int, int], dict[int, set[int]]]:
        """Meetings per slot, and each participant's busy slots, of the current schedule."""
        load: dict[int, int] = defaultdict(int)
        busy: dict[int, set[int]] = defaultdict(set)
        for m, t in self.slots.items():
            load[t] += 1
            for p in self.meetings[m].participants:
                busy[p].add(t)
        return load, busy

    def breaks(self, participant: int) -> int:
        return count_breaks(
            self.slots[m] for m in self.by_participant[participant] if m in self.slots
        )

    def missing(self, participant: int) -> bool:
        return any(
            m not in self.slots and self.meetings[m].required
            for m in self.by_participant[participant]
        )


def repair_slots(
    problem: Problem,
    start: dict[int, int],
    *,
    fairness: int | None,
    deadline: float,
    workers: int,
    say: Say,
    chains: bool = False,
) -> dict[int, int]:
    """The start schedule repaired (every required meeting in, fair), then improved until the
    deadline; with chains, by the Kempe-chain search first.

    The result may still be incomplete or unfair if the time runs out first; the caller checks.
    """
    rng = random.Random(0)  # noqa: S311 - reproducible search, not cryptography
    state = _State(problem, start)
    participants = [p.id for p in problem.participants]
    if fairness is not None:
        _single_moves(state, participants, fairness)
    reported = ""
    next_report = 0.0
    # The best repaired schedule so far: an improving piece may lower the fewest breaks anyone
    # has, and so the fairness limit, leaving the current schedule unfair for a while.
    best: tuple[int, dict[int, int]] | None = None
    fewest_wrong = len(participants) + 1
    stalled = 0
    # Kept up to date for the participants of each round's pieces only: recounting everybody
    # every round took longer than the pieces themselves on the generated forum.
    breaks = {p: state.breaks(p) for p in participants}
    missing = {p for p in participants if state.missing(p)}
    chained_repair = False
    while True:
        limit = None if fairness is None else min(breaks.values(), default=0) + fairness
        wrong = [
            p for p in participants if (limit is not None and breaks[p] > limit) or p in missing
        ]
        if chains and wrong and not missing and not chained_repair:
            # Every meeting is in and only fairness is wrong: chains repair it fastest (on the
            # skewed forum the pieces had not in 120 s).
            chained_repair = True
            state.slots = anneal(
                problem,
                state.slots,
                fairness=fairness,
                deadline=time.monotonic() + (deadline - time.monotonic()) * _CHAINS_REPAIR_SHARE,
                say=say,
            )
            breaks = {p: state.breaks(p) for p in participants}
            continue
        total = sum(breaks.values())
        if not wrong and best is None:
            # Repaired: single moves that lower breaks go first, since they are cheap; then
            # the Kempe-chain search (kempe.py), which removes breaks fastest, and the
            # slot-window search (lns.py), which finds what the chains do not.
            moved = _improving_moves(state, participants, fairness, deadline)
            say(f"piecewise search: repaired; {moved} single moves remove breaks")
            reported = "repaired"
            left = deadline - time.monotonic()
            chains_share, windows_share = (
                (_CHAINS_SHARE, _WINDOWS_SHARE) if chains else (0.0, _WINDOWS_ALONE_SHARE)
            )
            if chains:
                state.slots = anneal(
                    problem,
                    state.slots,
                    fairness=fairness,
                    deadline=time.monotonic() + left * chains_share,
                    say=say,
                )
                chained = sum(state.breaks(p) for p in participants)
                say(f"Kempe-chain search: {chained} breaks", best_breaks=chained)
            windows_until = deadline - left * (1 - chains_share - windows_share)
            state.slots = improve_by_windows(
                problem,
                state.slots,
                fairness=fairness,
                deadline=windows_until,
                workers=workers,
                say=say,
            )
            breaks = {p: state.breaks(p) for p in participants}
            total = sum(breaks.values())
            say(f"slot-window search: {total} breaks; pieces go on from there", best_breaks=total)
        if not wrong and (best is None or total < best[0]):
            best = (total, dict(state.slots))
        if time.monotonic() >= deadline - 0.2:
            break
        pool = wrong or [p for p in participants if breaks[p] > 0]
        if not pool:
            break
        # One piece per worker, re-solved at once when they share no participant.
        pieces: list[set[int]] = []
        people: set[int] = set()
        if wrong:
            stalled = 0 if len(wrong) < fewest_wrong else stalled + 1
            fewest_wrong = min(fewest_wrong, len(wrong))
        small = not wrong or stalled < _STALL
        for centre in rng.sample(pool, min(max(1, workers), len(pool))):
            piece = _around(state, centre, rng, _SMALL if small else _LARGE)
            touched = {p for m in piece for p in state.meetings[m].participants}
            if not touched & people and not _linked(state, piece, pieces):
                pieces.append(piece)
                people |= touched
        seconds = min(_SMALL_SECONDS if small else _LARGE_SECONDS, deadline - time.monotonic())
        capacities = _share_capacity(state, pieces)
        with ThreadPoolExecutor(max_workers=len(pieces)) as executor:
            jobs = [
                executor.submit(
                    _solve_piece,
                    state,
                    piece,
                    limit,
                    seconds,
                    capacity=capacity,
                    breaks_count=not wrong,
                )
                for piece, capacity in zip(pieces, capacities, strict=True)
            ]
            answers = [job.result() for job in jobs]
        for answer in answers:
            # Pieces are solved without the kept tables and run limits: one that breaks them
            # is dropped.
            if answer is not None and state.rules.fits(state.slots, answer):
                state.place(answer)
        for p in people:
            breaks[p] = state.breaks(p)
            if state.missing(p):
                missing.add(p)
            else:
                missing.discard(p)
        summary = f"{len(wrong)} participants to repair" if wrong else "repaired"
        if summary != reported:
            say(
                f"piecewise search: {summary}, {len(state.slots)} meetings placed",
                placed=len(state.slots),
            )
            reported = summary
        elif not wrong and best is not None and time.monotonic() >= next_report:
            say(f"piecewise search: {best[0]} breaks", best_breaks=best[0])
            next_report = time.monotonic() + _REPORT_EVERY
    return best[1] if best is not None else state.slots


def _single_moves(state: _State, participants: list[int], fairness: int) -> None:
    """Move single meetings of participants over the fairness limit to slots that reduce their
    breaks without taking the partner over it: a fast first pass before the pieces."""
    problem = state.problem
    load, busy = state.occupancy()
    limit = min((count_breaks(busy[p]) for p in participants), default=0) + fairness
    for centre in participants:
        for m in state.by_participant[centre]:
            if count_breaks(busy[centre]) <= limit:
                break
            meeting = state.meetings[m]
            if m not in state.slots or meeting.after or state.followers[m]:
                continue
            old = state.slots[m]
            (partner,) = (q for q in meeting.participants if q != centre)
            before = count_breaks(busy[centre])
            for t in state.domains[m]:
                if t == old or load[t] >= problem.tables or t in busy[centre] | busy[partner]:
                    continue
                if not state.rules.fits(state.slots, {m: t}):
                    continue
                mine = (busy[centre] - {old}) | {t}
                theirs = (busy[partner] - {old}) | {t}
                if count_breaks(mine) < before and count_breaks(theirs) <= limit:
                    state.slots[m] = t
                    load[old] -= 1
                    load[t] += 1
                    busy[centre], busy[partner] = mine, theirs
                    break


def improve_by_moves(
    problem: Problem, slots: dict[int, int], fairness: int | None, deadline: float
) -> dict[int, int]:
    """The schedule after the cheap moves of _improving_moves, which keep a fair schedule fair
    and cost milliseconds on a benchmark forum; slots itself is left as it is."""
    state = _State(problem, slots)
    _improving_moves(state, [p.id for p in problem.participants], fairness, deadline)
    return state.slots


def _improving_moves(
    state: _State, participants: list[int], fairness: int | None, deadline: float
) -> int:
    """Move single meetings to free slots where their two participants have fewer breaks
    together, until no such move is left or the deadline; the number of moves made.

    Nobody's break count leaves [fewest, fewest + fairness], so a fair schedule stays fair.
    """
    problem = state.problem
    load, busy = state.occupancy()
    breaks = {p: count_breaks(busy[p]) for p in participants}
    low = min(breaks.values(), default=0)
    high = low + fairness if fairness is not None else problem.slots
    movable = [
        m
        for m, meeting in state.meetings.items()
        if m in state.slots and not meeting.after and not state.followers[m]
    ]
    agendas: dict[int, list[int]] = defaultdict(list)
    for m in movable:
        for p in state.meetings[m].participants:
            agendas[p].append(m)
    moves = 0
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for m in movable:
            a, b = state.meetings[m].participants
            if breaks[a] + breaks[b] == 0:
                continue
            old = state.slots[m]
            for t in state.domains[m]:
                if t == old or load[t] >= problem.tables or t in busy[a] or t in busy[b]:
                    continue
                if not state.rules.fits(state.slots, {m: t}):
                    continue
                mine = (busy[a] - {old}) | {t}
                theirs = (busy[b] - {old}) | {t}
                counts = _fewer_breaks((breaks[a], breaks[b]), (mine, theirs), low, high)
                if counts is None:
                    continue
                state.slots[m] = t
                load[old] -= 1
                load[t] += 1
                busy[a], busy[b] = mine, theirs
                breaks[a], breaks[b] = counts
                moves += 1
                improved = True
                break
        swaps = _improving_swaps(state, agendas, busy, breaks, low, high)
        moves += swaps
        improved = improved or swaps > 0
    return moves


def _improving_swaps(
    state: _State,
    agendas: dict[int, list[int]],
    busy: dict[int, set[int]],
    breaks: dict[int, int],
    low: int,
    high: int,
) -> int:
    """Swap the slots of two meetings of one participant where their other two participants
    have fewer breaks together; the first participant's agenda and the tables stay as they
    are. agendas holds each participant's movable meetings. Updates busy and breaks; the
    number of swaps made."""

    def partner(m: int, p: int) -> int:
        a, b = state.meetings[m].participants
        return b if a == p else a

    swaps = 0
    for p, meetings in agendas.items():
        for i, first in enumerate(meetings):
            for second in meetings[i + 1 :]:
                b, c = partner(first, p), partner(second, p)
                if b == c or breaks[b] + breaks[c] == 0:
                    continue
                t, u = state.slots[first], state.slots[second]
                if u in busy[b] or t in busy[c]:
                    continue
                if u not in state.domains[first] or t not in state.domains[second]:
                    continue
                if not state.rules.fits(state.slots, {first: u, second: t}):
                    continue
                theirs_b = (busy[b] - {t}) | {u}
                theirs_c = (busy[c] - {u}) | {t}
                counts = _fewer_breaks((breaks[b], breaks[c]), (theirs_b, theirs_c), low, high)
                if counts is None:
                    continue
                state.slots[first], state.slots[second] = u, t
                busy[b], busy[c] = theirs_b, theirs_c
                breaks[b], breaks[c] = counts
                swaps += 1
    return swaps


def _fewer_breaks(
    before: tuple[int, int], agendas: tuple[set[int], set[int]], low: int, high: int
) -> tuple[int, int] | None:
    """The two participants' break counts with the new agendas, if fewer together than before
    and each within [low, high]; else None."""
    after = (count_breaks(agendas[0]), count_breaks(agendas[1]))
    if sum(after) >= sum(before) or not all(low <= count <= high for count in after):
        return None
    return after


def _linked(state: _State, piece: set[int], others: list[set[int]]) -> bool:
    """Whether a precedence ties a meeting of piece to one of the other pieces."""
    taken = set().union(*others) if others else set()
    return any(j in taken for m in piece for j in (*state.meetings[m].after, *state.followers[m]))


def _share_capacity(state: _State, pieces: list[set[int]]) -> list[dict[int, int]]:
    """Tables each piece may use per slot: its own, and an equal share of the free ones."""
    load: dict[int, int] = defaultdict(int)
    for t in state.slots.values():
        load[t] += 1
    shares = []
    for index, piece in enumerate(pieces):
        own: dict[int, int] = defaultdict(int)
        for m in piece:
            if m in state.slots:
                own[state.slots[m]] += 1
        share = {}
        for t in range(1, state.problem.slots + 1):
            free = state.problem.tables - load[t]
            part = free // len(pieces) + (1 if index < free % len(pieces) else 0)
            share[t] = own[t] + part
        shares.append(share)
    return shares


def _around(state: _State, centre: int, rng: random.Random, size: int) -> set[int]:
    """The meetings of centre and of partners drawn at random, about size of them."""
    piece: set[int] = set()
    people = [centre]
    seen = {centre}
    while people and len(piece) < size:
        person = people.pop(0)
        piece.update(state.by_participant[person])
        partners = [q for m in state.by_participant[person] for q in state.meetings[m].participants]
        rng.shuffle(partners)
        for q in partners:
            if q not in seen:
                seen.add(q)
                people.append(q)
    return piece


def _solve_piece(
    state: _State,
    piece: set[int],
    limit: int | None,
    seconds: float,
    *,
    capacity: dict[int, int],
    breaks_count: bool,
) -> dict[int, int | None] | None:
    """Re-solve the meetings in piece with the rest fixed, with at most capacity[t] of them at
    slot t; their new slots (None: left out) if that is no worse, else None.

    Without breaks_count only meetings left out and breaks above the limit are minimised, which
    CP-SAT proves quickly; the break count is for improving a repaired schedule.
    """
    from ortools.sat.python import cp_model

    problem = state.problem
    people = {p for m in piece for p in state.meetings[m].participants}
    fixed_busy: dict[int, set[int]] = defaultdict(set)
    for p in people:
        for m in state.by_participant[p]:
            if m not in piece and m in state.slots:
                fixed_busy[p].add(state.slots[m])

    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    missing_terms = []
    for m in piece:
        meeting = state.meetings[m]
        a, b = meeting.participants
        low, high = _precedence_window(state, m, piece)
        domain = [
            t
            for t in state.domains[m]
            if low < t < high and t not in fixed_busy[a] and t not in fixed_busy[b]
        ]
        done = model.new_bool_var("")
        for t in domain:
            x[m, t] = model.new_bool_var("")
        model.add(sum(x[m, t] for t in domain) == done)
        missing_terms.append((_MISSING if meeting.required else _PRIORITY * meeting.priority, done))
        # The current placement, in full, so that the search starts from no worse.
        current = state.slots.get(m)
        model.add_hint(done, current in domain)
        for t in domain:
            model.add_hint(x[m, t], t == current)
    for m in piece:
        for j in state.meetings[m].after:
            if j in piece:
                for t in state.domains[m]:
                    for u in state.domains[j]:
                        if u >= t and (m, t) in x and (j, u) in x:
                            model.add_bool_or([x[m, t].Not(), x[j, u].Not()])
    _hold_tables(model, state, piece, x)
    by_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (_, t), var in x.items():
        by_slot[t].append(var)
    for t, variables in by_slot.items():
        model.add(sum(variables) <= capacity[t])

    one = model.new_constant(1)
    break_terms = []
    excess_terms = []
    for p in people:
        # Busy at each slot: the constant 1 when fixed there, None when it cannot be.
        busy: list[cp_model.IntVar | None] = []
        for t in range(1, problem.slots + 1):
            mine = [x[m, t] for m in state.by_participant[p] if (m, t) in x]
            if t in fixed_busy[p]:
                busy.append(one)
            elif not mine:
                busy.append(None)
            else:
                flag = model.new_bool_var("")
                model.add(sum(mine) == flag)
                busy.append(flag)
        _limit_runs(model, state, p, busy, one)
        starts = []
        for t, now in enumerate(busy):
            if now is None:
                continue
            previous = busy[t - 1] if t > 0 else None
            start = model.new_bool_var("")
            model.add(start >= (now if previous is None else now - previous))
            starts.append(start)
        if not starts:
            continue
        any_busy = model.new_bool_var("")
        model.add_max_equality(any_busy, [now for now in busy if now is not None])
        runs = sum(starts)
        breaks = model.new_int_var(0, problem.slots, "")
        if fixed_busy[p]:
            model.add(breaks >= runs - 1)
        else:
            model.add(breaks >= runs - any_busy)
        break_terms.append(breaks)
        if limit is not None:
            excess = model.new_int_var(0, problem.slots, "")
            model.add(excess >= breaks - limit)
            excess_terms.append(excess)
    model.minimize(
        sum(w * (1 - done) for w, done in missing_terms)
        + _EXCESS * sum(excess_terms)
        + (sum(break_terms) if breaks_count else 0)
    )

    def score(slots: dict[int, int]) -> tuple[int, int, int, int]:
        left_out = [state.meetings[m] for m in piece if m not in slots]
        breaks = [
            count_breaks(slots[m] for m in state.by_participant[p] if m in slots) for p in people
        ]
        excess = sum(max(0, b - limit) for b in breaks) if limit is not None else 0
        missing = sum(1 for m in left_out if m.required)
        priority = sum(m.priority for m in left_out if not m.required)
        return (missing, excess, priority, sum(breaks))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    # One worker follows the hint first, which is what a small re-solve needs.
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = {m: t for (m, t), var in x.items() if solver.value(var)}
    candidate = {m: t for m, t in state.slots.items() if m not in piece} | chosen
    if score(candidate) > score(state.slots):
        return None
    return {m: chosen.get(m) for m in piece}


def _hold_tables(
    model: cp_model.CpModel,
    state: _State,
    piece: set[int],
    x: dict[tuple[int, int], cp_model.IntVar],
) -> None:
    """A table that a piece's meeting is held to takes one meeting a slot, counting the
    meetings outside the piece that sit there."""
    rules = state.rules
    for table in {rules.table_of[m] for m in piece if m in rules.table_of}:
        outside = {
            state.slots[m] for m in rules.at_table[table] if m not in piece and m in state.slots
        }
        mine = [m for m in rules.at_table[table] if m in piece]
        for t in range(1, state.problem.slots + 1):
            here = [x[m, t] for m in mine if (m, t) in x]
            if t in outside:
                for var in here:
                    model.add(var == 0)
            elif len(here) > 1:
                model.add_at_most_one(here)


def _limit_runs(
    model: cp_model.CpModel,
    state: _State,
    participant: int,
    busy: list[cp_model.IntVar | None],
    one: cp_model.IntVar,
) -> None:
    """No run of the participant's busy slots (busy[t - 1] for slot t; None: idle, one: busy
    outside the piece) is longer than its limit."""
    for run in state.rules.run_windows(participant):
        flags = [busy[t - 1] for t in run]
        free = [flag for flag in flags if flag is not None and flag is not one]
        if all(flag is not None for flag in flags) and free:
            model.add_bool_or([flag.Not() for flag in free])


def _precedence_window(state: _State, meeting: int, piece: set[int]) -> tuple[int, int]:
    """Open bounds on the slot of meeting from its placed precedences outside the piece."""
    low = 0
    high = state.problem.slots + 1
    for before in state.meetings[meeting].after:
        if before not in piece and before in state.slots:
            low = max(low, state.slots[before])
    for follower in state.followers[meeting]:
        if follower not in piece and follower in state.slots:
            high = min(high, state.slots[follower])
    return low, high
