"""Measuring a schedule (breaks, fairness, priority left out), shared by the solvers, the
heuristic and the validator."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable

from regionforum.scheduling.problem import Problem


def count_breaks(busy_slots: Iterable[int]) -> int:
    """Maximal runs of idle slots between a participant's first and last meeting."""
    slots = sorted(set(busy_slots))
    return sum(1 for before, after in itertools.pairwise(slots) if after - before > 1)


def per_participant_breaks(problem: Problem, slots: dict[int, int]) -> dict[int, int]:
    """Breaks of every participant (0 without meetings) under a meeting -> slot assignment."""
    agenda: dict[int, list[int]] = defaultdict(list)
    for meeting in problem.meetings:
        if meeting.id in slots:
            for p in meeting.participants:
                agenda[p].append(slots[meeting.id])
    return {p.id: count_breaks(agenda.get(p.id, [])) for p in problem.participants}


def complete_and_fair(problem: Problem, slots: dict[int, int], fairness: int | None) -> bool:
    """Every required meeting placed, and most breaks - fewest breaks <= fairness (if any)."""
    if any(m.required and m.id not in slots for m in problem.meetings):
        return False
    if fairness is None:
        return True
    breaks = per_participant_breaks(problem, slots).values()
    return max(breaks, default=0) - min(breaks, default=0) <= fairness


def unscheduled_priority(problem: Problem, slots: dict[int, int]) -> int:
    """The priority of the meetings that a meeting -> slot assignment leaves out."""
    return sum(m.priority for m in problem.meetings if m.id not in slots)
