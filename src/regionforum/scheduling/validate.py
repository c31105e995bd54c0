"""An independent check of a schedule against its problem.

It shares no code with the model, the heuristic or the repair (not even break counting), so a
bug there cannot hide itself here. The scheduler runs it on every schedule it returns, and
`regionforum schedule --check` runs it on a schedule file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from regionforum.scheduling.problem import Meeting, Placement, Problem, Session


@dataclass(frozen=True, slots=True)
class Verdict:
    """Breaks as this module counts them, and every broken rule in words (none: valid)."""

    breaks: int
    per_participant_breaks: dict[int, int]
    violations: list[str]


def schedule_violations(
    problem: Problem,
    placements: tuple[Placement, ...],
    *,
    fairness: int,
    breaks: int | None = None,
) -> list[str]:
    """Every broken rule, in words; an empty list means the schedule is valid."""
    return check_placements(problem, placements, fairness=fairness, breaks=breaks).violations


def check_placements(
    problem: Problem,
    placements: tuple[Placement, ...],
    *,
    fairness: int | None,
    breaks: int | None = None,
) -> Verdict:
    """Check every rule of the problem; fairness None skips the fairness rule."""
    violations: list[str] = []
    meetings = {m.id: m for m in problem.meetings}
    forbidden = {p.id: p.forbidden for p in problem.participants}
    placed: dict[int, Placement] = {}
    for placement in placements:
        mid = placement.meeting
        if mid not in meetings:
            violations.append(f"meeting {mid} is not in the problem")
            continue
        if mid in placed:
            violations.append(
                f"meeting {mid} is placed twice (slots {placed[mid].slot} and {placement.slot})"
            )
            continue
        placed[mid] = placement
        violations.extend(_placement_violations(problem, meetings[mid], placement, forbidden))

    for meeting in problem.meetings:
        if meeting.required and meeting.id not in placed:
            violations.append(f"required meeting {meeting.id} is not scheduled")
    for meeting in problem.meetings:
        for before in meeting.after:
            if meeting.id in placed and before in placed:
                first, then = placed[before].slot, placed[meeting.id].slot
                if first >= then:
                    violations.append(
                        f"meeting {before} must come before meeting {meeting.id}, "
                        f"but they are at slots {first} and {then}"
                    )
            elif meeting.id in placed:
                violations.append(
                    f"meeting {meeting.id} is scheduled but meeting {before}, "
                    f"which must come before it, is not"
                )

    at_table: dict[tuple[int, int], list[int]] = defaultdict(list)
    busy: dict[tuple[int, int], list[int]] = defaultdict(list)
    for mid, placement in sorted(placed.items()):
        at_table[(placement.slot, placement.table)].append(mid)
        for p in meetings[mid].participants:
            busy[(p, placement.slot)].append(mid)
    for (slot, table), ids in sorted(at_table.items()):
        if len(ids) > 1:
            violations.append(f"table {table} is booked twice at slot {slot}: meetings {_and(ids)}")
    for (p, slot), ids in sorted(busy.items()):
        if len(ids) > 1:
            violations.append(
                f"participant {p} is booked twice at slot {slot}: meetings {_and(ids)}"
            )

    agenda: dict[int, set[int]] = defaultdict(set)
    for mid, placement in placed.items():
        for p in meetings[mid].participants:
            agenda[p].add(placement.slot)
    violations.extend(_kept_table_violations(problem, meetings, placed))
    violations.extend(_in_a_row_violations(problem, agenda))
    per_participant = {p.id: _idle_runs(agenda.get(p.id, set())) for p in problem.participants}
    total = sum(per_participant.values())
    if fairness is not None and per_participant:
        most = max(per_participant, key=lambda p: (per_participant[p], -p))
        fewest = min(per_participant, key=lambda p: (per_participant[p], p))
        spread = per_participant[most] - per_participant[fewest]
        if spread > fairness:
            violations.append(
                f"unfair: participant {most} has {_breaks(per_participant[most])} and "
                f"participant {fewest} has {_breaks(per_participant[fewest])}, a difference of "
                f"{spread}, more than the fairness limit {fairness}"
            )
    if breaks is not None and breaks != total:
        violations.append(f"reported {_breaks(breaks)}, but the schedule has {total}")
    return Verdict(breaks=total, per_participant_breaks=per_participant, violations=violations)


def _placement_violations(
    problem: Problem,
    meeting: Meeting,
    placement: Placement,
    forbidden: dict[int, frozenset[int]],
) -> list[str]:
    slot = placement.slot
    found: list[str] = []
    if tuple(placement.participants) != meeting.participants:
        a, b = meeting.participants
        found.append(
            f"meeting {meeting.id} is between participants {a} and {b}, "
            f"not {_and(list(placement.participants))}"
        )
    if not 1 <= slot <= problem.slots:
        found.append(f"meeting {meeting.id} is at slot {slot}, outside 1..{problem.slots}")
    elif meeting.session is Session.MORNING and slot > problem.morning_slots:
        found.append(
            f"meeting {meeting.id} belongs to the morning (slots 1..{problem.morning_slots}) "
            f"but is at slot {slot}"
        )
    elif meeting.session is Session.AFTERNOON and slot <= problem.morning_slots:
        found.append(
            f"meeting {meeting.id} belongs to the afternoon (slots {problem.morning_slots + 1}.."
            f"{problem.slots}) but is at slot {slot}"
        )
    if meeting.fixed_slot is not None and slot != meeting.fixed_slot:
        found.append(f"meeting {meeting.id} is fixed at slot {meeting.fixed_slot}, not {slot}")
    for p in meeting.participants:
        if slot in forbidden.get(p, frozenset()):
            found.append(
                f"participant {p} cannot attend slot {slot}, but meeting {meeting.id} is there"
            )
    if not 1 <= placement.table <= problem.tables:
        found.append(
            f"meeting {meeting.id} is at table {placement.table}, outside 1..{problem.tables}"
        )
    return found


def _kept_table_violations(
    problem: Problem, meetings: dict[int, Meeting], placed: dict[int, Placement]
) -> list[str]:
    """A meeting held to a table (its own, or one that a participant keeps) sits there."""
    keeps = {p.id: p.table for p in problem.participants if p.table is not None}
    found = []
    for mid, placement in sorted(placed.items()):
        meeting = meetings[mid]
        if meeting.table is not None and placement.table != meeting.table:
            found.append(
                f"meeting {mid} must be at table {meeting.table}, but is at table {placement.table}"
            )
        for p in meeting.participants:
            if p in keeps and placement.table != keeps[p]:
                found.append(
                    f"participant {p} keeps table {keeps[p]} all day, but meeting {mid} is at "
                    f"table {placement.table}"
                )
    return found


def _in_a_row_violations(problem: Problem, agenda: dict[int, set[int]]) -> list[str]:
    """No participant has more meetings in a row than its limit; lunch is a pause."""
    found = []
    for participant in problem.participants:
        limit = participant.max_in_row if participant.max_in_row is not None else problem.max_in_row
        busy = agenda.get(participant.id, set())
        if limit is None or not busy:
            continue
        run: list[int] = []
        for slot in range(1, problem.slots + 2):
            continues = slot in busy and not (run and slot == problem.morning_slots + 1)
            if continues:
                run.append(slot)
                continue
            if len(run) > limit:
                found.append(
                    f"participant {participant.id} has {len(run)} meetings in a row (slots "
                    f"{run[0]}-{run[-1]}), more than its limit of {limit}"
                )
            run = [slot] if slot in busy else []
    return found


def _idle_runs(slots: set[int]) -> int:
    """Breaks: maximal runs of free slots between a participant's first and last meeting."""
    if not slots:
        return 0
    return sum(1 for t in range(min(slots) + 1, max(slots)) if t not in slots and t - 1 in slots)


def _breaks(count: int) -> str:
    return f"{count} break" if count == 1 else f"{count} breaks"


def _and(items: list[int]) -> str:
    words = [str(i) for i in items]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)
