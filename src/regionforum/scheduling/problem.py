"""The B2B meeting-scheduling problem and its result, as plain data.

Slots are numbered 1..slots; the morning session is 1..morning_slots and the afternoon the rest.
Tables are numbered 1..tables. Participant and meeting ids are the caller's own integers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Session(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    ANY = "any"


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


class ProblemError(ValueError):
    """A problem that cannot be read or is malformed; `where` points at the culprit."""

    def __init__(self, message: str, *, where: str = "") -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where


@dataclass(frozen=True, slots=True)
class Participant:
    id: int
    forbidden: frozenset[int] = frozenset()
    # The table the participant keeps all day (an exhibitor at their stand), or None.
    table: int | None = None
    # Most meetings in a row before a pause; None takes the problem's own limit.
    max_in_row: int | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    id: int
    participants: tuple[int, int]
    session: Session = Session.ANY
    required: bool = True
    # Weight of an optional meeting in the first objective (how much scheduling it is worth).
    priority: int = 1
    fixed_slot: int | None = None
    # Ids of the meetings that must take place strictly before this one.
    after: tuple[int, ...] = ()
    # The table the meeting must take, or None.
    table: int | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    slots: int
    morning_slots: int
    tables: int
    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]
    # Most meetings in a row before a pause for every participant (None: no limit). The pause
    # between the morning and the afternoon counts as one.
    max_in_row: int | None = None
    # The organiser's fairness limit d, or None for the caller's default.
    fairness: int | None = None

    def session_slots(self, session: Session) -> range:
        if session is Session.MORNING:
            return range(1, self.morning_slots + 1)
        if session is Session.AFTERNOON:
            return range(self.morning_slots + 1, self.slots + 1)
        return range(1, self.slots + 1)

    def allowed_slots(self, meeting: Meeting, forbidden: Mapping[int, frozenset[int]]) -> list[int]:
        """Slots a meeting may take: its session, its fixed slot, and both participants free.

        No slot when its participants keep different tables (or the meeting is fixed at another
        table than one of them keeps), if forbidden is this problem's Availability.
        """
        if isinstance(forbidden, Availability) and forbidden.table_conflict(meeting):
            return []
        a, b = meeting.participants
        blocked = forbidden.get(a, frozenset()) | forbidden.get(b, frozenset())
        candidates = self.session_slots(meeting.session)
        if meeting.fixed_slot is not None:
            candidates = range(meeting.fixed_slot, meeting.fixed_slot + 1)
            if meeting.fixed_slot not in self.session_slots(meeting.session):
                return []
        return [t for t in candidates if t not in blocked]

    def forbidden_by_participant(self) -> Availability:
        return Availability(
            {p.id: p.forbidden for p in self.participants},
            {p.id: p.table for p in self.participants if p.table is not None},
        )

    def run_limits(self) -> dict[int, int]:
        """Participant -> most meetings in a row, for the participants who have a limit."""
        limits = {}
        for participant in self.participants:
            limit = participant.max_in_row
            if limit is None:
                limit = self.max_in_row
            if limit is not None:
                limits[participant.id] = limit
        return limits


class Availability(dict[int, frozenset[int]]):
    """Each participant's forbidden slots, and the tables that participants keep."""

    def __init__(self, forbidden: dict[int, frozenset[int]], tables: dict[int, int]) -> None:
        super().__init__(forbidden)
        self.tables = tables

    def meeting_tables(self, meeting: Meeting) -> set[int]:
        """The tables a meeting is held to: its own and those its participants keep."""
        held = {self.tables[p] for p in meeting.participants if p in self.tables}
        if meeting.table is not None:
            held.add(meeting.table)
        return held

    def table_conflict(self, meeting: Meeting) -> bool:
        return len(self.meeting_tables(meeting)) > 1


@dataclass(frozen=True, slots=True)
class Placement:
    meeting: int
    participants: tuple[int, int]
    slot: int
    table: int


@dataclass(frozen=True, slots=True)
class Schedule:
    status: Status
    placements: tuple[Placement, ...]
    unscheduled: tuple[int, ...]
    # Total breaks of the schedule; None when there is no schedule.
    breaks: int | None
    # Proven lower bound on breaks for any schedule that is no worse on scheduled priority.
    bound: int | None
    seconds: float
    fairness: int
    per_participant_breaks: dict[int, int] = field(default_factory=dict)
    reason: str | None = None
    # Meeting id -> why it has no place, for every meeting the schedule leaves out.
    left_out: dict[int, str] = field(default_factory=dict)


def validate_structure(problem: Problem) -> None:
    """Raise ProblemError for a malformed problem, naming the meeting or participant at fault."""
    if problem.slots < 1:
        raise ProblemError("must be at least 1", where="slots")
    if not 0 <= problem.morning_slots <= problem.slots:
        raise ProblemError(f"must be between 0 and slots ({problem.slots})", where="morning_slots")
    if problem.tables < 1:
        raise ProblemError("must be at least 1", where="tables")
    _check_run_limit(problem.max_in_row, where="max_in_row")
    if problem.fairness is not None and problem.fairness < 0:
        raise ProblemError("must not be negative", where="fairness")
    participant_ids: set[int] = set()
    for participant in problem.participants:
        if participant.id in participant_ids:
            raise ProblemError("duplicate participant id", where=f"participant {participant.id}")
        participant_ids.add(participant.id)
        _check_table(problem, participant.table, where=f"participant {participant.id}")
        _check_run_limit(participant.max_in_row, where=f"participant {participant.id}")
        for slot in participant.forbidden:
            if not 1 <= slot <= problem.slots:
                raise ProblemError(
                    f"forbidden slot {slot} is out of range 1..{problem.slots}",
                    where=f"participant {participant.id}",
                )
    meeting_ids: set[int] = set()
    for meeting in problem.meetings:
        where = f"meeting {meeting.id}"
        if meeting.id in meeting_ids:
            raise ProblemError("duplicate meeting id", where=where)
        meeting_ids.add(meeting.id)
        a, b = meeting.participants
        if a == b:
            raise ProblemError(f"participant {a} meets itself", where=where)
        for p in (a, b):
            if p not in participant_ids:
                raise ProblemError(f"unknown participant {p}", where=where)
        if meeting.fixed_slot is not None and not 1 <= meeting.fixed_slot <= problem.slots:
            raise ProblemError(
                f"fixed slot {meeting.fixed_slot} is out of range 1..{problem.slots}", where=where
            )
        if meeting.priority < 0:
            raise ProblemError("priority must not be negative", where=where)
        _check_table(problem, meeting.table, where=where)
    for meeting in problem.meetings:
        for before in meeting.after:
            if before not in meeting_ids:
                raise ProblemError(
                    f"precedence names unknown meeting {before}", where=f"meeting {meeting.id}"
                )
            if before == meeting.id:
                raise ProblemError("meeting must precede itself", where=f"meeting {meeting.id}")


def _check_table(problem: Problem, table: int | None, *, where: str) -> None:
    if table is not None and not 1 <= table <= problem.tables:
        raise ProblemError(f"table {table} is out of range 1..{problem.tables}", where=where)


def _check_run_limit(limit: int | None, *, where: str) -> None:
    if limit is not None and limit < 1:
        raise ProblemError("the most meetings in a row must be at least 1", where=where)


def find_precedence_cycle(meetings: tuple[Meeting, ...]) -> list[int]:
    """A cycle of 'must come before' as meeting ids (first repeated at the end), or []."""
    before = {m.id: m.after for m in meetings}
    state: dict[int, int] = {}  # 1 = on the current path, 2 = finished
    for root in before:
        if root in state:
            continue
        stack: list[tuple[int, int]] = [(root, 0)]
        path: list[int] = [root]
        state[root] = 1
        while stack:
            node, index = stack[-1]
            successors = before[node]
            if index < len(successors):
                stack[-1] = (node, index + 1)
                nxt = successors[index]
                if state.get(nxt) == 1:
                    cycle = path[path.index(nxt) :]
                    # Reported in time order: each meeting comes before the next.
                    return [*reversed(cycle), cycle[-1]]
                # A meeting outside the given ones (an optional one, say) ends the path.
                if nxt not in state and nxt in before:
                    state[nxt] = 1
                    stack.append((nxt, 0))
                    path.append(nxt)
            else:
                state[node] = 2
                stack.pop()
                path.pop()
    return []
