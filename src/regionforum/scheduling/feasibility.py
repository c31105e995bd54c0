"""Reasons a problem cannot be scheduled that can be named without a solver."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from regionforum.scheduling.problem import Problem, Session


def infeasibility_reasons(problem: Problem) -> list[str]:
    """Plain-language reasons why the required meetings cannot all be scheduled.

    An empty list does not prove feasibility: the solver still has the last word.
    """
    reasons: list[str] = []
    forbidden = problem.forbidden_by_participant()
    required = [m for m in problem.meetings if m.required]
    by_participant: dict[int, list[int]] = defaultdict(list)
    domains: dict[int, list[int]] = {}
    for meeting in required:
        domains[meeting.id] = problem.allowed_slots(meeting, forbidden)
        for p in meeting.participants:
            by_participant[p].append(meeting.id)
        if not domains[meeting.id]:
            reasons.append(_empty_domain_reason(problem, meeting.id, forbidden))

    for participant in problem.participants:
        meetings = by_participant.get(participant.id, [])
        free = problem.slots - len(participant.forbidden)
        if len(meetings) > free:
            reasons.append(
                f"participant {participant.id} has {len(meetings)} required meetings "
                f"but only {free} free slots"
            )
            continue
        usable = {t for m in meetings for t in domains[m]}
        if len(meetings) > len(usable):
            reasons.append(
                f"participant {participant.id} has {len(meetings)} required meetings "
                f"but they can only use {len(usable)} slots"
            )
            continue
        for session in (Session.MORNING, Session.AFTERNOON):
            restricted = [
                m for m in meetings if set(domains[m]) <= set(problem.session_slots(session))
            ]
            session_free = [
                t for t in problem.session_slots(session) if t not in participant.forbidden
            ]
            if len(restricted) > len(session_free):
                reasons.append(
                    f"participant {participant.id} has {len(restricted)} required {session} "
                    f"meetings but only {len(session_free)} free {session} slots"
                )

    for session in (Session.MORNING, Session.AFTERNOON):
        slots = problem.session_slots(session)
        confined = [m for m in required if domains[m.id] and set(domains[m.id]) <= set(slots)]
        capacity = len(slots) * problem.tables
        if len(confined) > capacity:
            reasons.append(
                f"the {session} session is over capacity: {len(confined)} required meetings "
                f"for {len(slots)} slots x {problem.tables} tables = {capacity}"
            )
    total_capacity = problem.slots * problem.tables
    if len(required) > total_capacity:
        reasons.append(
            f"the forum is over capacity: {len(required)} required meetings for "
            f"{problem.slots} slots x {problem.tables} tables = {total_capacity}"
        )

    fixed_at: dict[int, list[int]] = defaultdict(list)
    fixed_by_participant: dict[tuple[int, int], list[int]] = defaultdict(list)
    for meeting in required:
        if meeting.fixed_slot is not None:
            fixed_at[meeting.fixed_slot].append(meeting.id)
            for p in meeting.participants:
                fixed_by_participant[(p, meeting.fixed_slot)].append(meeting.id)
    for slot, meetings in sorted(fixed_at.items()):
        if len(meetings) > problem.tables:
            reasons.append(
                f"slot {slot} has {len(meetings)} fixed meetings but only {problem.tables} tables"
            )
    for (p, slot), meetings in sorted(fixed_by_participant.items()):
        if len(meetings) > 1:
            names = ", ".join(str(m) for m in meetings)
            reasons.append(f"participant {p} has meetings {names} all fixed at slot {slot}")

    reasons.extend(_precedence_reasons(problem, domains))
    return reasons


def _empty_domain_reason(
    problem: Problem, meeting_id: int, forbidden: dict[int, frozenset[int]]
) -> str:
    meeting = next(m for m in problem.meetings if m.id == meeting_id)
    a, b = meeting.participants
    if meeting.fixed_slot is not None:
        if meeting.fixed_slot not in problem.session_slots(meeting.session):
            return (
                f"meeting {meeting.id} is fixed at slot {meeting.fixed_slot}, "
                f"outside its {meeting.session} session"
            )
        who = a if meeting.fixed_slot in forbidden.get(a, frozenset()) else b
        return (
            f"meeting {meeting.id} is fixed at slot {meeting.fixed_slot}, "
            f"which participant {who} cannot attend"
        )
    return (
        f"meeting {meeting.id} ({a} with {b}) has no slot in its {meeting.session} session "
        f"that both participants can attend"
    )


def _precedence_reasons(problem: Problem, domains: dict[int, list[int]]) -> list[str]:
    """Earliest/latest slots along precedence chains; a meeting squeezed to nothing is named."""
    required = {m.id: m for m in problem.meetings if m.required}
    if not any(m.after for m in required.values()):
        return []
    earliest = {m: min(d) for m, d in domains.items() if d}
    latest = {m: max(d) for m, d in domains.items() if d}
    successors: dict[int, list[int]] = defaultdict(list)
    for meeting in required.values():
        for before in meeting.after:
            if before in required:
                successors[before].append(meeting.id)
    order = _topological(required, successors)
    for m in order:
        for before in required[m].after:
            if before in earliest and m in earliest:
                earliest[m] = max(earliest[m], earliest[before] + 1)
    for m in reversed(order):
        for nxt in successors[m]:
            if nxt in latest and m in latest:
                latest[m] = min(latest[m], latest[nxt] - 1)
    return [
        f"meeting {m} cannot be placed: its precedences need a slot from {earliest[m]} "
        f"to {latest[m]}"
        for m in order
        if m in earliest and earliest[m] > latest[m]
    ]


def _topological(required: Mapping[int, object], successors: dict[int, list[int]]) -> list[int]:
    indegree = dict.fromkeys(required, 0)
    for targets in successors.values():
        for t in targets:
            indegree[t] += 1
    ready = [m for m, d in indegree.items() if d == 0]
    order: list[int] = []
    while ready:
        m = ready.pop()
        order.append(m)
        for t in successors[m]:
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    return order
