"""Reasons a problem cannot be scheduled that can be named without a solver."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Mapping

from regionforum.scheduling.problem import (
    Meeting,
    Participant,
    Problem,
    Session,
    find_precedence_cycle,
)
from regionforum.scheduling.restrictions import restriction_reasons, table_conflict_reason


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
            conflict = table_conflict_reason(forbidden, meeting)
            reasons.append(conflict or _empty_domain_reason(problem, meeting.id, forbidden))

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

    blamed = set(clashing)
    for participant in problem.participants:
        if participant.id in blamed:
            continue
        found = _participant_reasons(problem, participant, by_participant, domains)
        if found:
            blamed.add(participant.id)
        reasons.extend(found)
    reasons.extend(restriction_reasons(problem, {m: d for m, d in domains.items() if d}))
    if not reasons:
        reasons.extend(_propagated_reasons(problem, required, by_participant, domains, forbidden))

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

    cycle = find_precedence_cycle(tuple(required))
    if cycle:
        path = " -> ".join(str(m) for m in cycle)
        reasons.append(f"the precedences form a cycle (each must come before the next): {path}")
    else:
        reasons.extend(_precedence_reasons(problem, domains))
    return reasons


def _propagated_reasons(
    problem: Problem,
    required: list[Meeting],
    by_participant: dict[int, list[int]],
    domains: dict[int, list[int]],
    forbidden: dict[int, frozenset[int]],
) -> list[str]:
    """Reasons that show once each meeting with one slot left takes it from its participants'
    other meetings: a meeting left with no slot, or a participant whose meetings need more
    distinct slots than they can use (Hall's condition, from a matching)."""
    meetings = {m.id: m for m in required}
    left = {m: set(d) for m, d in domains.items()}
    # (meeting, slot) -> the meeting that took the slot from it
    taken: dict[tuple[int, int], int] = {}
    settled: set[int] = set()
    # Fixed meetings first, so that a slot goes to the meeting fixed there.
    queue = deque(
        sorted(
            (m for m, d in left.items() if len(d) == 1),
            key=lambda m: (meetings[m].fixed_slot is None, m),
        )
    )
    while queue:
        m = queue.popleft()
        if m in settled or len(left[m]) != 1:
            continue
        settled.add(m)
        (slot,) = left[m]
        for p in meetings[m].participants:
            for other in by_participant[p]:
                if other != m and slot in left[other]:
                    left[other].discard(slot)
                    taken[(other, slot)] = m
                    if len(left[other]) <= 1:
                        queue.append(other)
    reasons = []
    for m, slots in left.items():
        if not slots and domains[m]:
            reasons.append(_no_slot_left_reason(problem, meetings[m], taken, forbidden))
    if reasons:
        return reasons
    for participant in problem.participants:
        mine = by_participant.get(participant.id, [])
        crowded = _hall_violation(mine, left)
        if crowded:
            group, usable = crowded
            reasons.append(
                f"participant {participant.id} has {len(group)} meetings "
                f"({_listed(group)}) that can only use {len(usable)} slots ({_listed(usable)}), "
                f"given its forbidden slots and the fixed meetings"
            )
    return reasons


def _no_slot_left_reason(
    problem: Problem,
    meeting: Meeting,
    taken: dict[tuple[int, int], int],
    forbidden: dict[int, frozenset[int]],
) -> str:
    meetings = {m.id: m for m in problem.meetings}
    a, b = meeting.participants
    where = "" if meeting.session is Session.ANY else f" in the {meeting.session}"
    why = []
    if meeting.fixed_slot is not None:
        why.append(f"it is fixed at slot {meeting.fixed_slot}")
    else:
        for p in (a, b):
            session = set(problem.session_slots(meeting.session))
            blocked = sorted(forbidden.get(p, frozenset()) & session)
            if blocked:
                why.append(f"{p} cannot attend {_slots(blocked)}")
    fixed_by: dict[int, list[tuple[int, int]]] = defaultdict(list)
    forced: list[tuple[int, int, int]] = []
    for (m, slot), taker in sorted(taken.items()):
        if m != meeting.id:
            continue
        other = meetings[taker]
        common = min(set(other.participants) & {a, b})
        if other.fixed_slot == slot:
            fixed_by[common].append((slot, taker))
        else:
            forced.append((common, taker, slot))
    for p, pairs in fixed_by.items():
        slots, takers = [t for t, _ in pairs], [m for _, m in pairs]
        many = len(pairs) > 1
        why.append(
            f"{p} has {'meetings' if many else 'meeting'} {_listed(takers)} fixed at "
            f"{_slots(slots)}"
        )
    for p, taker, slot in forced:
        why.append(f"{p}'s meeting {taker} can only be at slot {slot}")
    return (
        f"participants {a} and {b} have no common free slot{where} for meeting {meeting.id}: "
        + "; ".join(why)
    )


def _hall_violation(
    meetings: list[int], options: dict[int, set[int]]
) -> tuple[list[int], list[int]] | None:
    """Meetings that need more distinct slots than they can use together, or None.

    From a maximum matching of meetings to slots, the meetings reachable from an unmatched one
    by alternating paths can only use the slots reached, one fewer than them.
    """
    owner: dict[int, int] = {}

    def augment(m: int, seen: set[int]) -> bool:
        for t in sorted(options[m]):
            if t in seen:
                continue
            seen.add(t)
            if t not in owner or augment(owner[t], seen):
                owner[t] = m
                return True
        return False

    unmatched = [m for m in meetings if not augment(m, set())]
    if not unmatched:
        return None
    group, slots = {unmatched[0]}, set()
    frontier = [unmatched[0]]
    while frontier:
        m = frontier.pop()
        for t in options[m]:
            if t not in slots:
                slots.add(t)
                if t in owner and owner[t] not in group:
                    group.add(owner[t])
                    frontier.append(owner[t])
    return sorted(group), sorted(slots)


def _slots(slots: list[int]) -> str:
    return f"slot {slots[0]}" if len(slots) == 1 else f"slots {_listed(slots)}"


def _listed(items: list[int]) -> str:
    words = [str(i) for i in items]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


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
    if meeting.session is Session.ANY:
        return f"participants {a} and {b} have no common free slot for meeting {meeting.id}"
    return (
        f"participants {a} and {b} have no common free slot in the {meeting.session} "
        f"for meeting {meeting.id}"
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
    # The predecessor that sets each meeting's earliest slot, to name the chain.
    pushed_by: dict[int, int] = {}
    for m in _topological(required, successors):
        for before in required[m].after:
            if before in earliest and m in earliest and earliest[before] + 1 > earliest[m]:
                earliest[m] = earliest[before] + 1
                pushed_by[m] = before
        if m in earliest and earliest[m] > max(domains[m]):
            chain = [m]
            while chain[-1] in pushed_by:
                chain.append(pushed_by[chain[-1]])
            path = " -> ".join(str(c) for c in reversed(chain))
            reasons.append(
                f"meeting {m} cannot be placed: the precedences {path} need it at slot "
                f"{earliest[m]} or later (meeting {chain[-1]} can be at slot "
                f"{min(domains[chain[-1]])} at the earliest), but it can be at slot "
                f"{max(domains[m])} at the latest"
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
