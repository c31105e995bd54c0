import pytest

from regionforum.scheduling.dzn import parse_dzn
from regionforum.scheduling.problem import ProblemError, Session

SMALL = """% a comment
nBusiness = 3;
nMeetings = 3;
nTables = 2;
nTotalSlots = 4;
nMorningSlots = 2;
requested = [|1, 2, 1,
|1, 3, 2,
|2, 3, 3,
|];
meetingsxBusiness = [{1,2,3},{1,2,4},{1,3,4}];
nMeetingsBusiness = [2,2,2];
forbidden = [{0},{0,4},{1..2}];
fixed = [0,0,4];
precedences = [{},{1},{}];
"""


def test_parse_dzn_reads_scalars_meetings_and_restrictions() -> None:
    problem = parse_dzn(SMALL)
    assert (problem.slots, problem.morning_slots, problem.tables) == (4, 2, 2)
    assert [m.participants for m in problem.meetings] == [(1, 2), (1, 3), (2, 3)]
    assert [m.session for m in problem.meetings] == [
        Session.MORNING,
        Session.AFTERNOON,
        Session.ANY,
    ]
    assert [p.forbidden for p in problem.participants] == [
        frozenset(),
        frozenset({4}),
        frozenset({1, 2}),
    ]
    assert [m.fixed_slot for m in problem.meetings] == [None, None, 4]
    assert [m.after for m in problem.meetings] == [(), (1,), ()]


def test_parse_dzn_without_optional_arrays_defaults_to_free() -> None:
    text = SMALL.split("meetingsxBusiness")[0]
    problem = parse_dzn(text)
    assert all(p.forbidden == frozenset() for p in problem.participants)
    assert all(m.fixed_slot is None and m.after == () for m in problem.meetings)


def test_parse_dzn_syntax_error_names_line_and_field() -> None:
    text = SMALL.replace("|1, 3, 2,", "|1, 3; 2,")
    with pytest.raises(ProblemError, match=r"^line 8, field requested: expected a number"):
        parse_dzn(text)


def test_parse_dzn_wrong_row_count_names_field() -> None:
    text = SMALL.replace("nMeetings = 3;", "nMeetings = 4;")
    with pytest.raises(ProblemError, match=r"line 7, field requested: has 3 rows, expected"):
        parse_dzn(text)


def test_parse_dzn_self_meeting_is_named() -> None:
    text = SMALL.replace("|2, 3, 3,", "|3, 3, 3,")
    with pytest.raises(ProblemError, match="row 3: participant 3 meets itself"):
        parse_dzn(text)


def test_parse_dzn_fixed_slot_out_of_range_is_named() -> None:
    text = SMALL.replace("fixed = [0,0,4];", "fixed = [0,0,5];")
    with pytest.raises(ProblemError, match=r"field fixed: meeting 3: slot 5 is out of range 1..4"):
        parse_dzn(text)


def test_parse_dzn_forbidden_slot_out_of_range_is_named() -> None:
    text = SMALL.replace("{0,4}", "{0,9}")
    with pytest.raises(ProblemError, match=r"participant 2: slot 9 is out of range 1..4"):
        parse_dzn(text)


def test_parse_dzn_precedence_cycle_is_read_as_given() -> None:
    # A cycle makes the problem infeasible (feasibility.py says so), not the file malformed.
    text = SMALL.replace("precedences = [{},{1},{}];", "precedences = [{3},{1},{2}];")
    assert [m.after for m in parse_dzn(text).meetings] == [(3,), (1,), (2,)]


def test_parse_dzn_missing_scalar_is_named() -> None:
    text = SMALL.replace("nTables = 2;\n", "")
    with pytest.raises(ProblemError, match=r"^field nTables: missing$"):
        parse_dzn(text)


def test_parse_dzn_unexpected_character_names_line() -> None:
    with pytest.raises(ProblemError, match=r"^line 2: unexpected character '#'"):
        parse_dzn("nBusiness = 3;\n# nope\n")
