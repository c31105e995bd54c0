"""The B2B meeting-scheduling problem and its result, as plain data.

Slots are numbered 1..slots; the morning session is 1..morning_slots and the afternoon the rest.
Tables are numbered 1..tables. Participant and meeting ids are the caller's own integers.
"""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class Problem:
    slots: int
    morning_slots: int
    tables: int
    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]

    def session_slots(self, session: Session) -> range:
        if session is Session.MORNING:
            return range(1, self.morning_slots + 1)
        if session is Session.AFTERNOON:
            return range(self.morning_slots + 1, self.slots + 1)
        return range(1, self.slots + 1)

    def allowed_slots(self, meeting: Meeting, forbidden: dict[int, frozenset[int]]) -> list[int]:
        """Slots a meeting may take: its session, its fixed slot, and both participants free."""
        a, b = meeting.participants
        blocked = forbidden.get(a, frozenset()) | forbidden.get(b, frozenset())
        candidates = self.session_slots(meeting.session)
        if meeting.fixed_slot is not None:
            candidates = range(meeting.fixed_slot, meeting.fixed_slot + 1)
            if meeting.fixed_slot not in self.session_slots(meeting.session):
                return []
        return [t for t in candidates if t not in blocked]

    def forbidden_by_participant(self) -> dict[int, frozenset[int]]:
        return {p.id: p.forbidden for p in self.participants}


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


def validate_structure(problem: Problem) -> None:
    """Raise ProblemError for a malformed problem, naming the meeting or participant at fault."""
    if problem.slots < 1:
        raise ProblemError("must be at least 1", where="slots")
    if not 0 <= problem.morning_slots <= problem.slots:
        raise ProblemError(f"must be between 0 and slots ({problem.slots})", where="morning_slots")
    if problem.tables < 1:
        raise ProblemError("must be at least 1", where="tables")
    participant_ids: set[int] = set()
    for participant in problem.participants:
        if participant.id in participant_ids:
            raise ProblemError("duplicate participant id", where=f"participant {participant.id}")
        participant_ids.add(participant.id)
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
    for meeting in problem.meetings:
        for before in meeting.after:
            if before not in meeting_ids:
                raise ProblemError(
                    f"precedence names unknown meeting {before}", where=f"meeting {meeting.id}"
                )
            if before == meeting.id:
                raise ProblemError("meeting must precede itself", where=f"meeting {meeting.id}")


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
                if nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, 0))
                    path.append(nxt)
            else:
                state[node] = 2
                stack.pop()
                path.pop()
    return []
