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
        "participant 3 cannot attend slot 1, but meeting 2 is there",
        "meeting 2 is at table 2, outside 1..1",
        "required meeting 3 is not scheduled",
        "participant 1 is booked twice at slot 1: meetings 1 and 2",
        "reported 1 break, but the schedule has 0",
    ]


def test_schedule_violations_checks_fairness_and_precedence() -> None:
    problem = make_problem([(1, 2), (1, 3), (1, 4)], slots=5, after={1: (3,)})
    placements = (
        Placement(1, (1, 2), 1, 1),
        Placement(2, (1, 3), 3, 1),
        Placement(3, (1, 4), 5, 1),
    )
    assert schedule_violations(problem, placements, fairness=1) == [
        "meeting 3 must come before meeting 1, but they are at slots 5 and 1",
        "unfair: participant 1 has 2 breaks and participant 2 has 0 breaks, a difference of 2, "
        "more than the fairness limit 1",
    ]
