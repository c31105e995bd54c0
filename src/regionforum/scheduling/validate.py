"""An independent check of a schedule against its problem.

It shares no code with the model or the heuristic (not even break counting), so a bug there
cannot hide itself here.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from regionforum.scheduling.problem import Placement, Problem


def schedule_violations(
    problem: Problem,
    placements: tuple[Placement, ...],
    *,
    fairness: int,
    breaks: int | None = None,
) -> list[str]:
    """Every broken rule, in words; an empty list means the schedule is valid."""
    problems: list[str] = []
    meetings = {m.id: m for m in problem.meetings}
    forbidden = {p.id: p.forbidden for p in problem.participants}
    where: dict[int, Placement] = {}
    for placement in placements:
        if placement.meeting not in meetings:
            problems.append(f"meeting {placement.meeting} is not in the problem")
            continue
        if placement.meeting in where:
            problems.append(f"meeting {placement.meeting} is placed twice")
        where[placement.meeting] = placement
        meeting = meetings[placement.meeting]
        slot = placement.slot
        if tuple(placement.participants) != meeting.participants:
            problems.append(f"meeting {meeting.id} lists the wrong participants")
        if not 1 <= slot <= problem.slots:
            problems.append(f"meeting {meeting.id} is at slot {slot}, out of range")
        if meeting.session.value == "morning" and slot > problem.morning_slots:
            problems.append(f"meeting {meeting.id} is morning-only but at slot {slot}")
        if meeting.session.value == "afternoon" and slot <= problem.morning_slots:
            problems.append(f"meeting {meeting.id} is afternoon-only but at slot {slot}")
        if meeting.fixed_slot is not None and slot != meeting.fixed_slot:
            problems.append(f"meeting {meeting.id} is fixed at {meeting.fixed_slot}, not {slot}")
        for p in meeting.participants:
            if slot in forbidden.get(p, frozenset()):
                problems.append(f"participant {p} cannot attend slot {slot} (meeting {meeting.id})")
        if not 1 <= placement.table <= problem.tables:
            problems.append(f"meeting {meeting.id} is at table {placement.table}, out of range")

    for meeting in problem.meetings:
        if meeting.required and meeting.id not in where:
            problems.append(f"required meeting {meeting.id} is not scheduled")
        for before in meeting.after:
            both = meeting.id in where and before in where
            if both and where[before].slot >= where[meeting.id].slot:
                problems.append(f"meeting {before} must come before meeting {meeting.id}")

    tables_used = Counter((p.slot, p.table) for p in where.values())
    for (slot, table), count in sorted(tables_used.items()):
        if count > 1:
            problems.append(f"table {table} has {count} meetings at slot {slot}")
    per_slot = Counter(p.slot for p in where.values())
    for slot, count in sorted(per_slot.items()):
        if count > problem.tables:
            problems.append(f"slot {slot} has {count} meetings for {problem.tables} tables")

    agenda: dict[int, list[int]] = defaultdict(list)
    for placement in where.values():
        for p in meetings[placement.meeting].participants:
            agenda[p].append(placement.slot)
    gaps: dict[int, int] = {}
    for participant in problem.participants:
        slots = sorted(agenda.get(participant.id, []))
        if len(slots) != len(set(slots)):
            problems.append(f"participant {participant.id} has two meetings in one slot")
        idle = set(range(slots[0], slots[-1] + 1)) - set(slots) if slots else set()
        gaps[participant.id] = sum(1 for t in idle if t - 1 not in idle)
    if gaps and max(gaps.values()) - min(gaps.values()) > fairness:
        problems.append(
            f"breaks range from {min(gaps.values())} to {max(gaps.values())}, "
            f"more than the fairness limit {fairness}"
        )
    if breaks is not None and breaks != sum(gaps.values()):
        problems.append(f"reported {breaks} breaks, but the schedule has {sum(gaps.values())}")
    return problems
