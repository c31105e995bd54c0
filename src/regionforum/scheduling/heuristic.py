"""A fast greedy schedule: a first answer, a hint for the solver, and a fallback at time-out."""

from __future__ import annotations

import heapq
from collections import defaultdict

from regionforum.scheduling.breaks import count_breaks
from regionforum.scheduling.problem import Meeting, Problem
from regionforum.scheduling.restrictions import Restrictions


def greedy_slots(problem: Problem, *, fairness: int | None = None) -> dict[int, int]:
    """Place meetings one by one where they add the fewest runs to their participants' agendas.

    With a fairness limit, a slot that would give a participant more breaks than that is taken
    only when no other is free.

    Required meetings go first, those of the busiest participants first. Precedences are
    respected by placing a meeting only after all the meetings it follows. A meeting with no
    free slot, even after moving what is in its way, is left out; the caller decides whether
    that is acceptable.
    """
    forbidden = problem.forbidden_by_participant()
    degree: dict[int, int] = defaultdict(int)
    for meeting in problem.meetings:
        for p in meeting.participants:
            degree[p] += 1
    meetings = {m.id: m for m in problem.meetings}
    waiting = {m.id: len(m.after) for m in problem.meetings}
    followers: dict[int, list[int]] = defaultdict(list)
    for meeting in problem.meetings:
        for before in meeting.after:
            followers[before].append(meeting.id)

    allowed = {m.id: problem.allowed_slots(m, forbidden) for m in problem.meetings}
    rules = Restrictions(problem)
    busy: dict[int, set[int]] = defaultdict(set)
    load: dict[int, int] = defaultdict(int)
    placed: dict[int, int] = {}

    def earliest_slot(meeting: Meeting) -> int:
        return 1 + max((placed.get(j, 0) for j in meeting.after), default=0)

    def free_slots(meeting: Meeting) -> list[int]:
        a, b = meeting.participants
        earliest = earliest_slot(meeting)
        return [
            t
            for t in allowed[meeting.id]
            if t >= earliest
            and load[t] < problem.tables
            and t not in busy[a]
            and t not in busy[b]
            and rules.fits(placed, {meeting.id: t})
        ]

    def rank(meeting_id: int) -> tuple[int, int, int, int]:
        meeting = meetings[meeting_id]
        a, b = meeting.participants
        return (not meeting.required, -meeting.priority, -(degree[a] + degree[b]), meeting_id)

    # Meetings the repair must not move: fixed, or tied to others by precedences.
    pinned = {m.id for m in problem.meetings if m.after or m.fixed_slot is not None}
    pinned.update(followers)
    ready = [(rank(m), m) for m, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    while ready:
        _, meeting_id = heapq.heappop(ready)
        meeting = meetings[meeting_id]
        earliest = earliest_slot(meeting)
        a, b = meeting.participants
        best: tuple[int, int, int, int] | None = None
        for t in free_slots(meeting):
            cost = (
                _over_limit(busy[a], t, fairness) + _over_limit(busy[b], t, fairness),
                _added_runs(busy[a], t) + _added_runs(busy[b], t),
                _distance(busy[a], busy[b], t),
                t,
            )
            if best is None or cost < best:
                best = cost
        slot: int | None = best[3] if best is not None else None
        if slot is None:
            slot = _eject(
                problem, meetings, meeting_id, earliest, pinned, busy, load, placed, rules
            )
        if slot is not None:
            placed[meeting_id] = slot
            busy[a].add(slot)
            busy[b].add(slot)
            load[slot] += 1
        # A follower of a meeting left out is still placed; its precedence is then moot.
        for follower in followers[meeting_id]:
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(ready, (rank(follower), follower))
    return placed


def _added_runs(busy: set[int], slot: int) -> int:
    """How the number of runs of busy slots changes when slot is added: -1, 0 or +1."""
    return 1 - (slot - 1 in busy) - (slot + 1 in busy)


def _over_limit(busy: set[int], slot: int, fairness: int | None) -> int:
    """1 if adding slot gives the participant more breaks than the fairness limit."""
    if fairness is None or _added_runs(busy, slot) <= 0:
        return 0
    return int(count_breaks(busy) + 1 > fairness)


def _distance(first: set[int], second: set[int], slot: int) -> int:
    """How far the slot is from the participants' agendas, to keep them compact."""
    return sum(min((abs(slot - t) for t in busy), default=0) for busy in (first, second))


def _eject(
    problem: Problem,
    meetings: dict[int, Meeting],
    meeting_id: int,
    earliest: int,
    pinned: set[int],
    busy: dict[int, set[int]],
    load: dict[int, int],
    placed: dict[int, int],
    rules: Restrictions,
) -> int | None:
    """Free a slot for a meeting by moving the (at most two) meetings in its way elsewhere.

    Only meetings without precedences or a fixed slot are moved, each to a slot where both its
    participants are free, so nothing placed before becomes invalid.
    """
    forbidden = problem.forbidden_by_participant()
    meeting = meetings[meeting_id]
    a, b = meeting.participants
    at_slot: dict[tuple[int, int], int] = {}
    for other, slot in placed.items():
        for p in meetings[other].participants:
            if p in (a, b):
                at_slot[(p, slot)] = other
    for t in problem.allowed_slots(meeting, forbidden):
        if t < earliest or load[t] >= problem.tables:
            continue
        blockers = {at_slot[(p, t)] for p in (a, b) if (p, t) in at_slot}
        if blockers & pinned:
            continue
        moves: dict[int, int] = {}
        for blocker in blockers:
            c, d = meetings[blocker].participants
            options = [
                u
                for u in problem.allowed_slots(meetings[blocker], forbidden)
                if u != t
                and u not in busy[c]
                and u not in busy[d]
                and load[u] < problem.tables
                and u not in moves.values()
            ]
            if not options:
                break
            moves[blocker] = min(
                options, key=lambda u: _added_runs(busy[c], u) + _added_runs(busy[d], u)
            )
        else:
            if not rules.fits(placed, {**moves, meeting_id: t}):
                continue
            for blocker, target in moves.items():
                old = placed[blocker]
                for p in meetings[blocker].participants:
                    busy[p].discard(old)
                    busy[p].add(target)
                load[old] -= 1
                load[target] += 1
                placed[blocker] = target
            return t
    return None
