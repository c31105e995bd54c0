"""Our JSON problem format (see docs/scheduling.md) and the JSON of the `schedule` contract."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
from typing import Any

from regionforum.scheduling.problem import (
    Meeting,
    Participant,
    Problem,
    ProblemError,
    Schedule,
    Session,
    validate_structure,
)


class _Located(dict[str, Any]):
    """A JSON object that remembers the line it starts on, for error messages."""

    line = 0


def _loads(text: str) -> Any:
    newlines = [i for i, char in enumerate(text) if char == "\n"]
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[_Located, int]:
        obj, end = json.decoder.JSONObject(s_and_end, *args)  # type: ignore[attr-defined]
        located = _Located(obj)
        located.line = bisect.bisect_left(newlines, s_and_end[1]) + 1
        return located, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        return decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise ProblemError(exc.msg, where=f"line {exc.lineno}, column {exc.colno}") from exc


def _where(obj: object, path: str) -> str:
    line = obj.line if isinstance(obj, _Located) else 0
    return f"line {line}, field {path}" if line else f"field {path}"


def _object(value: object, path: str, parent: object) -> _Located:
    if not isinstance(value, _Located):
        raise ProblemError("expected an object", where=_where(parent, path))
    return value


def _int(obj: _Located, key: str, path: str, *, default: int | None = None) -> int:
    if key not in obj:
        if default is not None:
            return default
        raise ProblemError("missing", where=_where(obj, f"{path}{key}"))
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProblemError(
            f"expected an integer, found {value!r}", where=_where(obj, f"{path}{key}")
        )
    return value


def _int_list(obj: _Located, key: str, path: str) -> list[int]:
    value = obj.get(key, [])
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise ProblemError("expected a list of integers", where=_where(obj, f"{path}{key}"))
    return value


def _optional_int(obj: _Located, key: str, path: str) -> int | None:
    value = obj.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ProblemError(
            f"expected an integer or null, found {value!r}", where=_where(obj, f"{path}{key}")
        )
    return value


def parse_problem_json(text: str) -> Problem:
    """Read our JSON problem format; ProblemError names the line and field at fault."""
    root = _loads(text)
    if not isinstance(root, _Located):
        raise ProblemError("expected an object at the top level", where="line 1")
    slots = _int(root, "slots", "")
    morning = _int(root, "morning_slots", "", default=slots)
    tables = _int(root, "tables", "")

    raw_meetings = root.get("meetings")
    if not isinstance(raw_meetings, list):
        raise ProblemError("expected a list", where=_where(root, "meetings"))
    meetings: list[Meeting] = []
    for i, raw in enumerate(raw_meetings):
        path = f"meetings[{i}]."
        item = _object(raw, f"meetings[{i}]", root)
        pair = _int_list(item, "participants", path)
        if len(pair) != 2:
            raise ProblemError(
                "expected two participant ids", where=_where(item, f"{path}participants")
            )
        session_name = item.get("session", "any")
        try:
            session = Session(session_name)
        except ValueError:
            raise ProblemError(
                f"expected morning, afternoon or any, found {session_name!r}",
                where=_where(item, f"{path}session"),
            ) from None
        required = item.get("required", True)
        if not isinstance(required, bool):
            raise ProblemError("expected true or false", where=_where(item, f"{path}required"))
        fixed = item.get("fixed_slot")
        if fixed is not None and (isinstance(fixed, bool) or not isinstance(fixed, int)):
            raise ProblemError(
                "expected a slot number or null", where=_where(item, f"{path}fixed_slot")
            )
        meeting = Meeting(
            id=_int(item, "id", path, default=i + 1),
            participants=(pair[0], pair[1]),
            session=session,
            required=required,
            priority=_int(item, "priority", path, default=1),
            fixed_slot=fixed,
            after=tuple(_int_list(item, "after", path)),
            table=_optional_int(item, "table", path),
        )
        _check_meeting(problem_slots=slots, meeting=meeting, where=_where(item, f"meetings[{i}]"))
        meetings.append(meeting)

    if "participants" in root:
        raw_participants = root["participants"]
        if not isinstance(raw_participants, list):
            raise ProblemError("expected a list", where=_where(root, "participants"))
        participants = []
        for i, raw in enumerate(raw_participants):
            path = f"participants[{i}]."
            item = _object(raw, f"participants[{i}]", root)
            forbidden = _int_list(item, "forbidden", path)
            for slot in forbidden:
                if not 1 <= slot <= slots:
                    raise ProblemError(
                        f"slot {slot} is out of range 1..{slots}",
                        where=_where(item, f"{path}forbidden"),
                    )
            participants.append(
                Participant(
                    id=_int(item, "id", path),
                    forbidden=frozenset(forbidden),
                    table=_optional_int(item, "table", path),
                    max_in_row=_optional_int(item, "max_in_row", path),
                )
            )
    else:
        ids = sorted({p for m in meetings for p in m.participants})
        participants = [Participant(id=p) for p in ids]

    problem = Problem(
        slots=slots,
        morning_slots=morning,
        tables=tables,
        participants=tuple(participants),
        meetings=tuple(meetings),
        max_in_row=_optional_int(root, "max_in_row", ""),
        fairness=_optional_int(root, "fairness", ""),
    )
    validate_structure(problem)
    return problem


def _check_meeting(*, problem_slots: int, meeting: Meeting, where: str) -> None:
    """The errors a reader can pin to a line; validate_structure catches the rest."""
    a, b = meeting.participants
    if a == b:
        raise ProblemError(f"participant {a} meets itself", where=where)
    if meeting.fixed_slot is not None and not 1 <= meeting.fixed_slot <= problem_slots:
        raise ProblemError(
            f"fixed slot {meeting.fixed_slot} is out of range 1..{problem_slots}", where=where
        )


def problem_to_json(problem: Problem) -> dict[str, Any]:
    """A problem in our JSON format (the inverse of parse_problem_json); the tables kept and
    the limits of meetings in a row appear only where they are set."""
    document: dict[str, Any] = {
        "slots": problem.slots,
        "morning_slots": problem.morning_slots,
        "tables": problem.tables,
        "participants": [
            {"id": p.id, "forbidden": sorted(p.forbidden)}
            | _set_only(table=p.table, max_in_row=p.max_in_row)
            for p in problem.participants
        ],
        "meetings": [
            {
                "id": m.id,
                "participants": list(m.participants),
                "session": m.session.value,
                "required": m.required,
                "priority": m.priority,
                "fixed_slot": m.fixed_slot,
                "after": list(m.after),
            }
            | _set_only(table=m.table)
            for m in problem.meetings
        ],
    }
    return document | _set_only(max_in_row=problem.max_in_row, fairness=problem.fairness)


def _set_only(**fields: int | None) -> dict[str, int]:
    return {key: value for key, value in fields.items() if value is not None}


def schedule_to_json(result: Schedule) -> dict[str, Any]:
    """The output of `regionforum schedule`, as DESIGN.md fixes it, plus a few extra fields."""
    return {
        "status": result.status.value,
        "breaks": result.breaks,
        "bound": result.bound,
        "scheduled": len(result.placements),
        "unscheduled": list(result.unscheduled),
        "meetings": [
            {
                "id": p.meeting,
                "participants": list(p.participants),
                "slot": p.slot,
                "table": p.table,
            }
            for p in sorted(result.placements, key=lambda p: p.meeting)
        ],
        "seconds": round(result.seconds, 3),
        "fairness": result.fairness,
        "per_participant_breaks": {str(p): b for p, b in result.per_participant_breaks.items()},
        "reason": result.reason,
        "left_out": [
            {"id": meeting, "reason": reason} for meeting, reason in sorted(result.left_out.items())
        ],
    }
