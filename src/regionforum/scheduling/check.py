"""`regionforum schedule --check`: a schedule file (the output of `schedule`) against its problem.

The schedule is read from its own JSON and judged by validate.py alone: nothing of the solver,
the heuristic or the break counting they use is involved. Beyond the rules of the problem it
checks that the file agrees with itself: the reported breaks, the count of scheduled meetings,
the per-participant breaks and the list of unscheduled meetings.
"""

from __future__ import annotations

import json
from typing import Any

from regionforum.scheduling.problem import Placement, Problem, ProblemError
from regionforum.scheduling.validate import Verdict, check_placements


def read_schedule(text: str, problem: Problem) -> tuple[tuple[Placement, ...], dict[str, Any]]:
    """The placements of a schedule JSON and the document itself; ProblemError if malformed.

    A meeting given without its participants gets the problem's (none for an unknown id).
    """
    pairs = {m.id: m.participants for m in problem.meetings}
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemError(exc.msg, where=f"line {exc.lineno}, column {exc.colno}") from exc
    if not isinstance(document, dict):
        raise ProblemError("expected an object at the top level", where="line 1")
    entries = document.get("meetings")
    if not isinstance(entries, list):
        raise ProblemError("missing, or not a list", where="field meetings")
    placements = []
    for index, entry in enumerate(entries):
        where = f"meetings[{index}]"
        if not isinstance(entry, dict):
            raise ProblemError("expected an object", where=where)
        numbers = {}
        for key in ("id", "slot", "table"):
            value = entry.get(key)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ProblemError(f"{key} must be an integer, found {value!r}", where=where)
            numbers[key] = value
        pair = entry.get("participants")
        if pair is not None and (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(p, int) and not isinstance(p, bool) for p in pair)
        ):
            raise ProblemError(f"participants must be two integers, found {pair!r}", where=where)
        placements.append(
            Placement(
                meeting=numbers["id"],
                participants=(pair[0], pair[1])
                if pair is not None
                else pairs.get(numbers["id"], (0, 0)),
                slot=numbers["slot"],
                table=numbers["table"],
            )
        )
    for key in ("breaks", "scheduled", "fairness"):
        value = document.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ProblemError(
                f"expected an integer or null, found {value!r}", where=f"field {key}"
            )
    return tuple(placements), document


def check_schedule(problem: Problem, text: str, *, fairness: int | None) -> Verdict:
    """Judge a schedule file; fairness None takes the file's own `fairness`, else the
    problem's, else 2."""
    placements, document = read_schedule(text, problem)
    limit = next(
        (d for d in (fairness, document.get("fairness"), problem.fairness) if d is not None), 2
    )
    verdict = check_placements(
        problem,
        placements,
        fairness=limit,
        breaks=document.get("breaks"),
    )
    violations = verdict.violations
    scheduled = document.get("scheduled")
    if scheduled is not None and scheduled != len(placements):
        violations.append(
            f"reported {scheduled} meetings scheduled, but the file places {len(placements)}"
        )
    violations.extend(_unscheduled_violations(problem, placements, document.get("unscheduled")))
    violations.extend(_per_participant_violations(verdict, document.get("per_participant_breaks")))
    return verdict


def _unscheduled_violations(
    problem: Problem, placements: tuple[Placement, ...], listed: object
) -> list[str]:
    if listed is None:
        return []
    if not isinstance(listed, list):
        return ["the unscheduled field is not a list"]
    placed = {p.meeting for p in placements}
    found = [f"meeting {m} is listed as unscheduled but is placed" for m in listed if m in placed]
    missing = [m.id for m in problem.meetings if m.id not in placed and m.id not in listed]
    found.extend(f"meeting {m} is neither placed nor listed as unscheduled" for m in missing)
    return found


def _per_participant_violations(verdict: Verdict, reported: object) -> list[str]:
    if not isinstance(reported, dict):
        return []
    found = []
    for participant, breaks in sorted(verdict.per_participant_breaks.items()):
        claimed = reported.get(str(participant))
        if claimed is not None and claimed != breaks:
            found.append(
                f"participant {participant} is reported with {claimed} breaks, but has {breaks}"
            )
    return found
