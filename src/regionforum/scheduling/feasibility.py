"""Reasons a problem cannot be scheduled that can be named without a solver."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from regionforum.scheduling.problem import Participant, Problem, Session


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

    fixed_by_participant: dict[tuple[int, int], list[int]] = defaultdict(list)
    for meeting in required:
        if meeting.fixed_slot is not None:
            for p in meeting.participants:
                fixed_by_participant[(p, meeting.fixed_slot)].append(meeting.id)
    clashing = set()
    for (p, slot), meetings in sorted(fixed_by_participant.items()):
        if len(meetings) > 1:
            names = ", ".join(str(m) for m in meetings)
            reasons.append(f"participant {p} has meetings {names} all fixed at slot {slot}")
            clashing.add(p)

    for participant in problem.participants:
        if participant.id in clashing:
            continue
        reasons.extend(_participant_reasons(problem, participant, by_participant, domains))

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
    for meeting in required:
        if meeting.fixed_slot is not None:
            fixed_at[meeting.fixed_slot].append(meeting.id)
    for slot, meetings in sorted(fixed_at.items()):
        if len(meetings) > problem.tables:
            reasons.append(
                f"slot {slot} has {len(meetings)} fixed meetings but only {problem.tables} tables"
            )

    reasons.extend(_precedence_reasons(problem, domains))
    return reasons


def _participant_reasons(
    problem: Problem,
    participant: Participant,
    by_participant: dict[int, list[int]],
    domains: dict[int, list[int]],
) -> list[str]:
    """The first reason, from the plainest, why one participant's meetings cannot all fit."""
    meetings = [m for m in by_participant.get(participant.id, []) if domains[m]]
    free = problem.slots - len(participant.forbidden)
    count = len(by_participant.get(participant.id, []))
    if count > free:
        return [
            f"participant {participant.id} has {count} required meetings but only {free} free slots"
        ]
    for session in (Session.MORNING, Session.AFTERNOON):
        session_slots = set(problem.session_slots(session))
        confined = [m for m in meetings if set(domains[m]) <= session_slots]
        session_free = len(session_slots - participant.forbidden)
        if len(confined) > session_free:
            return [
                f"participant {participant.id} has {len(confined)} required {session} "
                f"meetings but only {session_free} free {session} slots"
            ]
    usable = {t for m in meetings for t in domains[m]}
    if len(meetings) > len(usable):
        return [
            f"participant {participant.id} has {len(meetings)} required meetings "
            f"but they can only use {len(usable)} slots"
        ]
    return []


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
    """A meeting whose chain of predecessors pushes it past its last possible slot."""
    required = {m.id: m for m in problem.meetings if m.required}
    if not any(m.after for m in required.values()):
        return []
    earliest = {m: min(d) for m, d in domains.items() if d}
    successors: dict[int, list[int]] = defaultdict(list)
    for meeting in required.values():
        for before in meeting.after:
            if before in required:
                successors[before].append(meeting.id)
    reasons = []
    for m in _topological(required, successors):
        for before in required[m].after:
            if before in earliest and m in earliest:
                earliest[m] = max(earliest[m], earliest[before] + 1)
        if m in earliest and earliest[m] > max(domains[m]):
            reasons.append(
                f"meeting {m} cannot be placed: its precedences need a slot from "
                f"{earliest[m]} to {max(domains[m])}"
            )
            del earliest[m]  # reported once; its followers are not blamed for it
    return reasons


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
