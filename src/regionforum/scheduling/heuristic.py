"""A fast greedy schedule: a first answer, a hint for the solver, and a fallback at time-out."""

from __future__ import annotations

import heapq
from collections import defaultdict

from regionforum.scheduling.problem import Problem


def greedy_slots(problem: Problem) -> dict[int, int]:
    """Place meetings one by one where they add the fewest runs to their participants' agendas.

    Required meetings go first, busiest participants first, and precedences are respected by
    placing a meeting only after all the meetings it follows. A meeting with no free slot left is
    left out; the caller decides whether that is acceptable.
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

    def rank(meeting_id: int) -> tuple[int, int, int, int]:
        meeting = meetings[meeting_id]
        a, b = meeting.participants
        return (not meeting.required, -meeting.priority, -(degree[a] + degree[b]), meeting_id)

    ready = [(rank(m), m) for m, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    busy: dict[int, set[int]] = defaultdict(set)
    load: dict[int, int] = defaultdict(int)
    placed: dict[int, int] = {}
    while ready:
        _, meeting_id = heapq.heappop(ready)
        meeting = meetings[meeting_id]
        earliest = 1 + max((placed.get(j, 0) for j in meeting.after), default=0)
        a, b = meeting.participants
        best: tuple[int, int, int] | None = None
        for t in problem.allowed_slots(meeting, forbidden):
            if t < earliest or load[t] >= problem.tables or t in busy[a] or t in busy[b]:
                continue
            cost = (
                _added_runs(busy[a], t) + _added_runs(busy[b], t),
                _distance(busy[a], busy[b], t),
                t,
            )
            if best is None or cost < best:
                best = cost
        if best is not None:
            slot = best[2]
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


def _distance(first: set[int], second: set[int], slot: int) -> int:
    """How far the slot is from the participants' agendas, to keep them compact."""
    return sum(min((abs(slot - t) for t in busy), default=0) for busy in (first, second))
