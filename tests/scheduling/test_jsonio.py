import json

import pytest

from regionforum.scheduling.jsonio import parse_problem_json, problem_to_json
from regionforum.scheduling.problem import ProblemError, Session

from .helpers import make_problem

PROBLEM = """{
  "slots": 4,
  "morning_slots": 2,
  "tables": 3,
  "participants": [
    {"id": 10, "forbidden": [1]},
    {"id": 20},
    {"id": 30}
  ],
  "meetings": [
    {"id": 1, "participants": [10, 20], "session": "afternoon"},
    {"id": 2, "participants": [10, 30], "required": false, "priority": 3, "after": [1]},
    {"id": 3, "participants": [20, 30], "fixed_slot": 2}
  ]
}
"""


def test_parse_problem_json_reads_every_field() -> None:
    problem = parse_problem_json(PROBLEM)
    assert (problem.slots, problem.morning_slots, problem.tables) == (4, 2, 3)
    assert [p.forbidden for p in problem.participants] == [frozenset({1}), frozenset(), frozenset()]
    first, second, third = problem.meetings
    assert (first.participants, first.session, first.required) == (
        (10, 20),
        Session.AFTERNOON,
        True,
    )
    assert (second.required, second.priority, second.after) == (False, 3, (1,))
    assert third.fixed_slot == 2


def test_parse_problem_json_round_trips() -> None:
    problem = make_problem(
        [(1, 2), (2, 3)], slots=3, forbidden={1: {3}}, fixed={2: 1}, after={1: (2,)}
    )
    assert parse_problem_json(json.dumps(problem_to_json(problem))) == problem


def test_parse_problem_json_syntax_error_names_line() -> None:
    with pytest.raises(ProblemError, match=r"^line 2, column 13: Illegal trailing comma"):
        parse_problem_json('{\n  "slots": 4,\n  }')


def test_parse_problem_json_bad_field_names_line_and_path() -> None:
    text = PROBLEM.replace('"priority": 3', '"priority": "high"')
    with pytest.raises(
        ProblemError, match=r"^line 12, field meetings\[1\]\.priority: expected an integer"
    ):
        parse_problem_json(text)


def test_parse_problem_json_self_meeting_is_named() -> None:
    text = PROBLEM.replace('"participants": [20, 30]', '"participants": [30, 30]')
    with pytest.raises(
        ProblemError, match=r"^line 13, field meetings\[2\]: participant 30 meets itself$"
    ):
        parse_problem_json(text)


def test_parse_problem_json_slot_out_of_range_is_named() -> None:
    text = PROBLEM.replace('"fixed_slot": 2', '"fixed_slot": 7')
    with pytest.raises(ProblemError, match=r"fixed slot 7 is out of range 1..4$"):
        parse_problem_json(text)


def test_parse_problem_json_unknown_session_is_named() -> None:
    text = PROBLEM.replace('"afternoon"', '"evening"')
    with pytest.raises(
        ProblemError, match=r"^line 11, field meetings\[0\]\.session: expected morning"
    ):
        parse_problem_json(text)


def test_parse_problem_json_without_participants_derives_them() -> None:
    problem = parse_problem_json(
        '{"slots": 2, "tables": 1, "meetings": [{"participants": [2, 1]}]}'
    )
    assert [p.id for p in problem.participants] == [1, 2]
    assert problem.meetings[0].id == 1


OPTIONS = """{
  "slots": 4,
  "tables": 3,
  "fairness": 0,
  "max_in_row": 3,
  "participants": [
    {"id": 1, "table": 2, "max_in_row": 2},
    {"id": 2, "table": null},
    {"id": 3}
  ],
  "meetings": [
    {"id": 1, "participants": [1, 2]},
    {"id": 2, "participants": [2, 3], "table": 3}
  ]
}
"""


def test_parse_problem_json_reads_the_organisers_options() -> None:
    problem = parse_problem_json(OPTIONS)
    assert (problem.fairness, problem.max_in_row) == (0, 3)
    assert [(p.table, p.max_in_row) for p in problem.participants] == [
        (2, 2),
        (None, None),
        (None, None),
    ]
    assert [m.table for m in problem.meetings] == [None, 3]
    assert problem.run_limits() == {1: 2, 2: 3, 3: 3}
    assert parse_problem_json(json.dumps(problem_to_json(problem))) == problem


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"table": 2,', '"table": 4,', "participant 1: table 4 is out of range 1..3"),
        (
            '"table": 2,',
            '"table": "A",',
            "line 7, field participants[0].table: expected an integer or null, found 'A'",
        ),
        ('"table": 3}', '"table": 0}', "meeting 2: table 0 is out of range 1..3"),
        (
            '"max_in_row": 3,',
            '"max_in_row": 0,',
            "max_in_row: the most meetings in a row must be at least 1",
        ),
        (
            '"max_in_row": 2}',
            '"max_in_row": 0}',
            "participant 1: the most meetings in a row must be at least 1",
        ),
        ('"fairness": 0,', '"fairness": -1,', "fairness: must not be negative"),
    ],
)
def test_parse_problem_json_names_a_bad_option(old: str, new: str, message: str) -> None:
    with pytest.raises(ProblemError) as caught:
        parse_problem_json(OPTIONS.replace(old, new, 1))
    assert str(caught.value) == message
