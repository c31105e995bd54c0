from regionforum.scheduling.feasibility import infeasibility_reasons
from regionforum.scheduling.problem import Session

from .helpers import make_problem


def test_infeasibility_reasons_feasible_problem_is_empty() -> None:
    assert infeasibility_reasons(make_problem([(1, 2), (2, 3)], slots=2)) == []


def test_infeasibility_reasons_session_slots_of_participant() -> None:
    problem = make_problem(
        [(1, 2), (1, 3)],
        slots=4,
        morning_slots=1,
        sessions={1: Session.MORNING, 2: Session.MORNING},
    )
    assert infeasibility_reasons(problem) == [
        "participant 1 has 2 required morning meetings but only 1 free morning slots"
    ]


def test_infeasibility_reasons_fixed_slot_forbidden() -> None:
    problem = make_problem([(1, 2)], slots=3, forbidden={2: {2}}, fixed={1: 2})
    assert infeasibility_reasons(problem) == [
        "meeting 1 is fixed at slot 2, which participant 2 cannot attend"
    ]


def test_infeasibility_reasons_precedence_chain_too_long() -> None:
    problem = make_problem([(1, 2), (3, 4), (5, 6)], slots=2, after={2: (1,), 3: (2,)})
    assert infeasibility_reasons(problem) == [
        "meeting 3 cannot be placed: the precedences 1 -> 2 -> 3 need it at slot 3 or later "
        "(meeting 1 can be at slot 1 at the earliest), but it can be at slot 2 at the latest"
    ]


def test_infeasibility_reasons_two_fixed_meetings_of_one_participant() -> None:
    problem = make_problem([(1, 2), (1, 3)], slots=3, fixed={1: 2, 2: 2})
    assert infeasibility_reasons(problem) == ["participant 1 has meetings 1, 2 all fixed at slot 2"]


def test_infeasibility_reasons_precedence_cycle() -> None:
    problem = make_problem([(1, 2), (3, 4), (5, 6)], slots=5, after={1: (3,), 2: (1,), 3: (2,)})
    assert infeasibility_reasons(problem) == [
        "the precedences form a cycle (each must come before the next): 2 -> 3 -> 1 -> 2"
    ]


def test_infeasibility_reasons_no_common_free_slot() -> None:
    problem = make_problem([(12, 40)], slots=3, forbidden={12: {1, 2}, 40: {3}})
    assert infeasibility_reasons(problem) == [
        "participants 12 and 40 have no common free slot for meeting 1"
    ]


def test_infeasibility_reasons_slot_taken_by_a_fixed_meeting() -> None:
    # Meeting 2 can only be at slot 2, where participant 1's fixed meeting 1 is.
    problem = make_problem([(1, 2), (1, 3), (1, 4)], slots=3, forbidden={3: {1, 3}}, fixed={1: 2})
    assert infeasibility_reasons(problem) == [
        "participants 1 and 3 have no common free slot for meeting 2: 3 cannot attend slots 1 "
        "and 3; 1 has meeting 1 fixed at slot 2"
    ]


def test_infeasibility_reasons_slots_taken_from_both_sides() -> None:
    # Meeting 2 could take slot 1 or 2: participant 2's meeting 1 is fixed at 2, and
    # participant 3's meeting 3 can only be at 1.
    problem = make_problem(
        [(1, 2), (2, 3), (3, 4)], slots=3, forbidden={3: {3}, 4: {2, 3}}, fixed={1: 2}
    )
    assert infeasibility_reasons(problem) == [
        "participants 2 and 3 have no common free slot for meeting 2: 3 cannot attend slot 3; "
        "2 has meeting 1 fixed at slot 2; 3's meeting 3 can only be at slot 1"
    ]


def test_infeasibility_reasons_hall_condition() -> None:
    # Three meetings of participant 1 can only use slots 1 and 2 between them.
    problem = make_problem(
        [(1, 2), (1, 3), (1, 4), (1, 5)],
        slots=4,
        forbidden={2: {3, 4}, 3: {3, 4}, 4: {3, 4}},
    )
    assert infeasibility_reasons(problem) == [
        "participant 1 has 3 meetings (1, 2 and 3) that can only use 2 slots (1 and 2), given "
        "its forbidden slots and the fixed meetings"
    ]
