import io
import json
from pathlib import Path
from typing import Any

from regionforum.scheduling.cli import run

# Six participants, four slots (1..2 the morning), two tables. Meeting 1 is morning-only,
# meeting 5 afternoon-only, meeting 4 is fixed at slot 4, meeting 1 must come before meeting 2,
# and participant 6 cannot attend slot 3.
DZN = """nBusiness = 6;
nMeetings = 5;
nTables = 2;
nTotalSlots = 4;
nMorningSlots = 2;
requested = [|1, 2, 1, |1, 3, 3, |2, 3, 2, |3, 4, 3, |5, 6, 2, |];
forbidden = [{0},{0},{0},{0},{0},{3}];
fixed = [0,0,0,4,0];
precedences = [{},{1},{},{},{}];
"""

# meeting id -> (slot, table); participant 2 has one break (slots 1 and 3), nobody else any.
VALID = {1: (1, 1), 2: (2, 1), 3: (3, 1), 4: (4, 1), 5: (4, 2)}
PAIRS = {1: [1, 2], 2: [1, 3], 3: [2, 3], 4: [3, 4], 5: [5, 6]}


def _document(placements: dict[int, tuple[int, int]], **fields: Any) -> dict[str, Any]:
    meetings = [
        {"id": m, "participants": PAIRS.get(m, [1, 2]), "slot": slot, "table": table}
        for m, (slot, table) in placements.items()
    ]
    return {"status": "optimal", **fields, "meetings": meetings}


def _check(tmp_path: Path, document: object, *extra: str) -> tuple[int, str, str]:
    problem = tmp_path / "small.dzn"
    problem.write_text(DZN)
    schedule = tmp_path / "schedule.json"
    schedule.write_text(document if isinstance(document, str) else json.dumps(document))
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(["--check", str(schedule), str(problem), *extra], stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def _violations(tmp_path: Path, placements: dict[int, tuple[int, int]]) -> list[str]:
    code, stdout, _ = _check(tmp_path, _document(placements))
    assert code == 1
    return [line[2:] for line in stdout.splitlines() if line.startswith("- ")]


def test_check_valid_schedule_exits_0_with_breaks(tmp_path: Path) -> None:
    document = _document(VALID, breaks=1, scheduled=5, unscheduled=[], fairness=2)
    code, stdout, stderr = _check(tmp_path, document)
    assert (code, stderr) == (0, "")
    assert stdout == "breaks: 1\nvalid: the schedule meets every rule of the problem\n"


def test_check_lists_every_violation(tmp_path: Path) -> None:
    code, stdout, _ = _check(tmp_path, _document({**VALID, 5: (1, 2), 3: (3, 3)}, breaks=0))
    assert code == 1
    assert stdout == (
        "breaks: 1\n"
        "invalid: 3 violations\n"
        "- meeting 3 is at table 3, outside 1..2\n"
        "- meeting 5 belongs to the afternoon (slots 3..4) but is at slot 1\n"
        "- reported 0 breaks, but the schedule has 1\n"
    )


def test_check_catches_missing_twice_and_unknown_meetings(tmp_path: Path) -> None:
    placements = {m: VALID[m] for m in (1, 2, 4, 5)}
    assert _violations(tmp_path, placements) == ["required meeting 3 is not scheduled"]
    assert _violations(tmp_path, {**VALID, 9: (1, 2)}) == ["meeting 9 is not in the problem"]
    document = _document(VALID)
    document["meetings"].append(dict(document["meetings"][-1], slot=3))
    code, stdout, _ = _check(tmp_path, document)
    assert code == 1
    assert "- meeting 5 is placed twice (slots 4 and 3)\n" in stdout


def test_check_catches_double_bookings(tmp_path: Path) -> None:
    assert _violations(tmp_path, {**VALID, 2: (3, 2)}) == [
        "participant 3 is booked twice at slot 3: meetings 2 and 3"
    ]
    assert _violations(tmp_path, {**VALID, 5: (4, 1)}) == [
        "table 1 is booked twice at slot 4: meetings 4 and 5"
    ]


def test_check_catches_forbidden_fixed_and_session(tmp_path: Path) -> None:
    assert _violations(tmp_path, {**VALID, 5: (3, 2)}) == [
        "participant 6 cannot attend slot 3, but meeting 5 is there"
    ]
    assert _violations(tmp_path, {**VALID, 4: (1, 2)}) == ["meeting 4 is fixed at slot 4, not 1"]
    assert _violations(tmp_path, {**VALID, 5: (1, 2)}) == [
        "meeting 5 belongs to the afternoon (slots 3..4) but is at slot 1"
    ]


def test_check_catches_precedence(tmp_path: Path) -> None:
    assert _violations(tmp_path, {**VALID, 1: (2, 1), 2: (1, 1)}) == [
        "meeting 1 must come before meeting 2, but they are at slots 2 and 1"
    ]


def test_check_fairness_option_overrides_the_file(tmp_path: Path) -> None:
    code, stdout, _ = _check(tmp_path, _document(VALID, fairness=2), "--fairness", "0")
    assert code == 1
    assert stdout.splitlines()[2:] == [
        "- unfair: participant 2 has 1 break and participant 1 has 0 breaks, "
        "a difference of 1, more than the fairness limit 0"
    ]


def test_check_catches_a_file_that_contradicts_itself(tmp_path: Path) -> None:
    document = _document(
        VALID, breaks=1, scheduled=4, unscheduled=[5], per_participant_breaks={"2": 0}
    )
    code, stdout, _ = _check(tmp_path, document)
    assert code == 1
    assert stdout.splitlines()[2:] == [
        "- reported 4 meetings scheduled, but the file places 5",
        "- meeting 5 is listed as unscheduled but is placed",
        "- participant 2 is reported with 0 breaks, but has 1",
    ]


def test_check_unreadable_files_exit_2(tmp_path: Path) -> None:
    code, stdout, stderr = _check(tmp_path, "{not json")
    assert (code, stdout) == (2, "")
    assert "schedule.json: line 1, column 2: Expecting property name" in stderr
    document = _document(VALID)
    document["meetings"][0]["slot"] = "1"
    code, _, stderr = _check(tmp_path, document)
    assert code == 2
    assert "schedule.json: meetings[0]: slot must be an integer, found '1'" in stderr
    code, _, stderr = _check(tmp_path, {"status": "optimal"})
    assert code == 2
    assert "field meetings: missing, or not a list" in stderr
    stderr_io = io.StringIO()
    code = run(
        ["--check", str(tmp_path / "nope.json"), str(tmp_path / "small.dzn")],
        stdout=io.StringIO(),
        stderr=stderr_io,
    )
    assert code == 2
    assert "cannot read" in stderr_io.getvalue()
    assert "Traceback" not in stderr_io.getvalue()


def test_check_accepts_what_schedule_writes(tmp_path: Path) -> None:
    problem = tmp_path / "small.dzn"
    problem.write_text(DZN)
    out = tmp_path / "out.json"
    assert run([str(problem), "--out", str(out), "--quiet"], stderr=io.StringIO()) == 0
    stdout = io.StringIO()
    assert run(["--check", str(out), str(problem)], stdout=stdout) == 0
    assert stdout.getvalue().endswith("valid: the schedule meets every rule of the problem\n")


# Participant 1 keeps table 2 and has at most 2 meetings in a row (the forum allows 3);
# meeting 4 must be at table 1. Slots 1-3 the morning, 4-5 the afternoon.
OPTIONS = {
    "slots": 5,
    "morning_slots": 3,
    "tables": 2,
    "max_in_row": 3,
    "fairness": 1,
    "participants": [
        {"id": 1, "table": 2, "max_in_row": 2},
        {"id": 2},
        {"id": 3},
        {"id": 4},
        {"id": 5},
    ],
    "meetings": [
        {"id": 1, "participants": [1, 2]},
        {"id": 2, "participants": [1, 3]},
        {"id": 3, "participants": [1, 4]},
        {"id": 4, "participants": [2, 5], "table": 1},
    ],
}


def _check_options(tmp_path: Path, placements: dict[int, tuple[int, int]]) -> tuple[int, str]:
    problem = tmp_path / "options.json"
    problem.write_text(json.dumps(OPTIONS))
    schedule = tmp_path / "schedule.json"
    meetings = [{"id": m, "slot": slot, "table": table} for m, (slot, table) in placements.items()]
    schedule.write_text(json.dumps({"meetings": meetings}))
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(["--check", str(schedule), str(problem)], stdout=stdout, stderr=stderr)
    assert stderr.getvalue() == ""
    return code, stdout.getvalue()


def test_check_accepts_kept_tables_and_runs_within_the_limits(tmp_path: Path) -> None:
    # 1 meets at slots 2, 3 and 4: three in a row only across lunch.
    code, stdout = _check_options(tmp_path, {1: (2, 2), 2: (3, 2), 3: (4, 2), 4: (1, 1)})
    assert (code, stdout) == (0, "breaks: 0\nvalid: the schedule meets every rule of the problem\n")


def test_check_catches_kept_tables_and_too_many_in_a_row(tmp_path: Path) -> None:
    code, stdout = _check_options(tmp_path, {1: (1, 2), 2: (2, 1), 3: (3, 2), 4: (4, 2)})
    assert code == 1
    assert stdout == (
        "breaks: 1\n"
        "invalid: 3 violations\n"
        "- participant 1 keeps table 2 all day, but meeting 2 is at table 1\n"
        "- meeting 4 must be at table 1, but is at table 2\n"
        "- participant 1 has 3 meetings in a row (slots 1-3), more than its limit of 2\n"
    )


def test_check_takes_the_forum_limit_and_the_problem_fairness(tmp_path: Path) -> None:
    # Participant 2 (the forum's limit of 3) is fine with 2 in a row; fairness 1 from the
    # problem: 1 has 2 breaks (slots 1, 3, 5), the others none.
    code, stdout = _check_options(tmp_path, {1: (1, 2), 2: (3, 2), 3: (5, 2), 4: (2, 1)})
    assert code == 1
    assert stdout == (
        "breaks: 2\n"
        "invalid: 1 violation\n"
        "- unfair: participant 1 has 2 breaks and participant 2 has 0 breaks, a difference of "
        "2, more than the fairness limit 1\n"
    )
