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
        "meeting 3 cannot be placed: its precedences need a slot from 3 to 2"
    ]


def test_infeasibility_reasons_two_fixed_meetings_of_one_participant() -> None:
    problem = make_problem([(1, 2), (1, 3)], slots=3, fixed={1: 2, 2: 2})
    assert infeasibility_reasons(problem) == ["participant 1 has meetings 1, 2 all fixed at slot 2"]
