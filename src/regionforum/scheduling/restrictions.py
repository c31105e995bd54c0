"""Whether meetings may take slots beyond their own domains: the tables that participants keep
all day, and the most meetings a participant has in a row before a pause.

The heuristic, the repair and the slot-window search ask `Restrictions.fits` before they move a
meeting or accept a re-solved piece; the exact models (solver.py, maxsat.py) state the same
rules as constraints. A meeting whose participants keep different tables has no allowed slot
at all (Problem.allowed_slots), so it never reaches these checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from regionforum.scheduling.problem import Availability, Meeting, Problem


class Restrictions:
    """The kept tables and run limits of one problem, indexed for quick checks."""

    def __init__(self, problem: Problem) -> None:
        availability = problem.forbidden_by_participant()
        self.morning_slots = problem.morning_slots
        self.slots = problem.slots
        self.run_limits = problem.run_limits()
        # Meeting -> the one table it is held to; table -> the meetings held to it.
        self.table_of: dict[int, int] = {}
        self.at_table: dict[int, list[int]] = defaultdict(list)
        self.by_participant: dict[int, list[int]] = defaultdict(list)
        for meeting in problem.meetings:
            held = availability.meeting_tables(meeting)
            if len(held) == 1:
                (table,) = held
                self.table_of[meeting.id] = table
                self.at_table[table].append(meeting.id)
            for p in meeting.participants:
                if p in self.run_limits:
                    self.by_participant[p].append(meeting.id)
        self.participants_of = {m.id: m.participants for m in problem.meetings}
        self.active = bool(self.table_of or self.run_limits)

    def session_of(self, slot: int) -> tuple[int, int]:
        """The first and last slot of the session that holds slot."""
        if slot <= self.morning_slots:
            return 1, self.morning_slots
        return self.morning_slots + 1, self.slots

    def run_windows(self, participant: int) -> list[range]:
        """Every run of one slot more than the participant's limit within a session: none of
        them may be busy throughout."""
        limit = self.run_limits.get(participant)
        if limit is None:
            return []
        sessions = ((1, self.morning_slots), (self.morning_slots + 1, self.slots))
        return [
            range(start, start + limit + 1)
            for first, last in sessions
            for start in range(first, last - limit + 1)
        ]

    def run_fits(self, participant: int, busy: Iterable[int]) -> bool:
        """Whether busy slots keep the participant within its most meetings in a row."""
        limit = self.run_limits.get(participant)
        if limit is None:
            return True
        taken = set(busy)
        for slot in taken:
            first, last = self.session_of(slot)
            if slot - 1 >= first and slot - 1 in taken:
                continue  # not the start of a run
            end = slot
            while end + 1 <= last and end + 1 in taken:
                end += 1
            if end - slot + 1 > limit:
                return False
        return True

    def fits(self, slots: Mapping[int, int], changes: Mapping[int, int | None]) -> bool:
        """Whether the schedule slots, with changes applied (None takes a meeting out), keeps
        the kept tables and run limits wherever the changed meetings are involved."""
        if not self.active:
            return True

        def slot_of(meeting: int) -> int | None:
            return changes[meeting] if meeting in changes else slots.get(meeting)

        people: set[int] = set()
        for meeting, slot in changes.items():
            people.update(p for p in self.participants_of[meeting] if p in self.run_limits)
            table = self.table_of.get(meeting)
            if slot is None or table is None:
                continue
            sharing = sum(1 for other in self.at_table[table] if slot_of(other) == slot)
            if sharing > 1:
                return False
        for p in people:
            busy = [slot_of(m) for m in self.by_participant[p]]
            if not self.run_fits(p, (t for t in busy if t is not None)):
                return False
        return True


def table_conflict_reason(availability: Availability, meeting: Meeting) -> str | None:
    """Why a meeting cannot be held at all because of the tables it is held to, or None."""
    held = availability.meeting_tables(meeting)
    if len(held) < 2:
        return None
    a, b = meeting.participants
    if a in availability.tables and b in availability.tables:
        return (
            f"participants {a} and {b} keep tables {availability.tables[a]} and "
            f"{availability.tables[b]} all day, so they cannot meet (meeting {meeting.id})"
        )
    keeper = a if a in availability.tables else b
    return (
        f"meeting {meeting.id} is fixed at table {meeting.table}, but participant {keeper} "
        f"keeps table {availability.tables[keeper]} all day"
    )


def restriction_reasons(problem: Problem, domains: Mapping[int, list[int]]) -> list[str]:
    """Counting reasons why the required meetings (those in domains) break the kept tables or
    the most meetings in a row: a table with more meetings than slots they can use, or a
    participant with more meetings than its limit lets it attend."""
    rules = Restrictions(problem)
    reasons = []
    for table, held in sorted(rules.at_table.items()):
        mine = [m for m in held if m in domains]
        usable = {t for m in mine for t in domains[m]}
        if len(mine) > len(usable):
            keepers = [p.id for p in problem.participants if p.table == table]
            who = f" (kept by participants {_listed(keepers)})" if keepers else ""
            reasons.append(
                f"table {table}{who} has {len(mine)} required meetings but they can only use "
                f"{len(usable)} slots"
            )
    counts: dict[int, int] = defaultdict(int)
    for meeting in problem.meetings:
        if meeting.id in domains:
            for p in meeting.participants:
                counts[p] += 1
    for participant in problem.participants:
        limit = rules.run_limits.get(participant.id)
        if limit is None or not counts[participant.id]:
            continue
        most = _most_attended(rules, participant.forbidden, limit)
        if counts[participant.id] > most:
            reasons.append(
                f"participant {participant.id} has {counts[participant.id]} required meetings "
                f"but, with at most {limit} in a row, can attend only {most} slots"
            )
    return reasons


def _most_attended(rules: Restrictions, forbidden: frozenset[int], limit: int) -> int:
    """The most slots a participant can be busy in: every stretch of free slots of a session,
    of length n, holds at most n - n // (limit + 1) of them."""
    total = 0
    stretch = 0
    for slot in range(1, rules.slots + 2):
        ends_session = slot == rules.morning_slots + 1
        if slot > rules.slots or slot in forbidden or ends_session:
            total += stretch - stretch // (limit + 1)
            stretch = 0
        if slot <= rules.slots and slot not in forbidden:
            stretch += 1
    return total


def _listed(items: list[int]) -> str:
    words = [str(i) for i in items]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)
