from regionforum.scheduling.problem import Placement
from regionforum.scheduling.validate import schedule_violations

from .helpers import make_problem


def test_schedule_violations_valid_schedule_is_empty() -> None:
    problem = make_problem([(1, 2), (1, 3)], slots=3)
    placements = (Placement(1, (1, 2), 1, 1), Placement(2, (1, 3), 2, 1))
    assert schedule_violations(problem, placements, fairness=2, breaks=0) == []


def test_schedule_violations_names_each_broken_rule() -> None:
    problem = make_problem([(1, 2), (1, 3), (4, 5)], slots=3, tables=1, forbidden={3: {1}})
    placements = (Placement(1, (1, 2), 1, 1), Placement(2, (1, 3), 1, 2))
    assert schedule_violations(problem, placements, fairness=2, breaks=1) == [
        "participant 3 cannot attend slot 1 (meeting 2)",
        "meeting 2 is at table 2, out of range",
        "required meeting 3 is not scheduled",
        "slot 1 has 2 meetings for 1 tables",
        "participant 1 has two meetings in one slot",
        "reported 1 breaks, but the schedule has 0",
    ]


def test_schedule_violations_checks_fairness_and_precedence() -> None:
    problem = make_problem([(1, 2), (1, 3), (1, 4)], slots=5, after={1: (3,)})
    placements = (
        Placement(1, (1, 2), 1, 1),
        Placement(2, (1, 3), 3, 1),
        Placement(3, (1, 4), 5, 1),
    )
    assert schedule_violations(problem, placements, fairness=1) == [
        "meeting 3 must come before meeting 1",
        "breaks range from 0 to 2, more than the fairness limit 1",
    ]
