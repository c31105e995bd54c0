from collections import defaultdict

import pytest

from regionforum.scheduling import scheduler
from regionforum.scheduling.problem import Session, Status
from regionforum.scheduling.progress import Progress
from regionforum.scheduling.scheduler import schedule

from .helpers import make_problem


def _slots(result) -> dict[int, int]:  # type: ignore[no-untyped-def]
    return {p.meeting: p.slot for p in result.placements}


def test_schedule_star_without_breaks_is_optimal() -> None:
    problem = make_problem([(1, 2), (1, 3), (1, 4)], slots=5, tables=1)
    result = schedule(problem, time_limit=10)
    assert result.status is Status.OPTIMAL
    assert (result.breaks, result.bound) == (0, 0)
    assert sorted(_slots(result).values()) in ([1, 2, 3], [2, 3, 4], [3, 4, 5])


def test_schedule_forced_break_is_counted_and_proven() -> None:
    # Participant 1 meets 2 in the morning and 3 in the afternoon; 2 can't do slot 2 and 3
    # can't do slot 3, so 1 meets at slots 1 and 4 with one break.
    problem = make_problem(
        [(1, 2), (1, 3)],
        slots=4,
        morning_slots=2,
        forbidden={2: {2}, 3: {3}},
        sessions={1: Session.MORNING, 2: Session.AFTERNOON},
    )
    result = schedule(problem, time_limit=10)
    assert result.status is Status.OPTIMAL
    assert _slots(result) == {1: 1, 2: 4}
    assert (result.breaks, result.bound) == (1, 1)
    assert result.per_participant_breaks == {1: 1, 2: 0, 3: 0}


def test_schedule_progress_reports_carry_the_figures_of_their_messages() -> None:
    problem = make_problem(
        [(1, 2), (1, 3)],
        slots=4,
        morning_slots=2,
        forbidden={2: {2}, 3: {3}},
        sessions={1: Session.MORNING, 2: Session.AFTERNOON},
    )
    reports: list[Progress] = []
    result = schedule(problem, time_limit=10, progress=reports.append)
    assert result.breaks == 1
    bounds = [r.bound for r in reports if r.bound is not None]
    breaks = [r.best_breaks for r in reports if r.best_breaks is not None]
    # The per-participant bound (1) is proven before the search, and every schedule found
    # has at least that many breaks.
    assert bounds and max(bounds) == result.bound == 1
    assert breaks and min(breaks) == 1
    for report in reports:
        if report.bound is not None:
            assert f"{report.bound}" in report.message
        if report.best_breaks is not None:
            assert f"{report.best_breaks} breaks" in report.message


def test_schedule_respects_fixed_slots_and_precedences() -> None:
    problem = make_problem(
        [(1, 2), (1, 3), (1, 4), (2, 3)],
        slots=6,
        fixed={2: 3},
        after={1: (3,), 3: (2,)},
    )
    result = schedule(problem, time_limit=10)
    slots = _slots(result)
    assert result.status is Status.OPTIMAL
    assert slots[2] == 3
    assert slots[2] < slots[3] < slots[1]
    assert result.breaks == 0


def test_schedule_respects_table_capacity() -> None:
    pairs = [(1, 2), (3, 4), (5, 6), (7, 8)]
    result = schedule(make_problem(pairs, slots=2, tables=2), time_limit=10)
    per_slot: dict[int, int] = defaultdict(int)
    for placement in result.placements:
        per_slot[placement.slot] += 1
        assert 1 <= placement.table <= 2
    assert dict(per_slot) == {1: 2, 2: 2}


def test_schedule_infeasible_participant_is_named() -> None:
    problem = make_problem([(1, 2), (1, 3), (1, 4)], slots=3, forbidden={1: {2}})
    result = schedule(problem, time_limit=10)
    assert result.status is Status.INFEASIBLE
    assert result.placements == ()
    assert result.reason == "participant 1 has 3 required meetings but only 2 free slots"


def test_schedule_over_capacity_session_is_named() -> None:
    problem = make_problem(
        [(1, 2), (3, 4), (5, 6)],
        slots=4,
        morning_slots=1,
        tables=2,
        sessions={1: Session.MORNING, 2: Session.MORNING, 3: Session.MORNING},
    )
    result = schedule(problem, time_limit=10)
    assert result.status is Status.INFEASIBLE
    assert result.reason == (
        "the morning session is over capacity: 3 required meetings for 1 slots x 2 tables = 2"
    )


def test_schedule_unfair_problem_is_infeasible_with_fairness_zero() -> None:
    # The forced break of participant 1, beside participants with none.
    problem = make_problem(
        [(1, 2), (1, 3)],
        slots=4,
        morning_slots=2,
        forbidden={2: {2}, 3: {3}},
        sessions={1: Session.MORNING, 2: Session.AFTERNOON},
    )
    result = schedule(problem, fairness=0, time_limit=10)
    assert result.status is Status.INFEASIBLE
    assert result.reason is not None
    assert result.reason == (
        "participant 1 cannot have fewer than 1 break (its sessions, forbidden slots, fixed "
        "meetings and precedences force them), while participant 2, with fewer than two "
        "meetings, has none: the fairness limit allows a difference of 0"
    )


def test_schedule_solver_proves_infeasible_without_simple_reason() -> None:
    # A triangle needs three slots; two slots each are free, but no slot suits every pair.
    problem = make_problem([(1, 2), (2, 3), (1, 3)], slots=2)
    result = schedule(problem, time_limit=10)
    assert result.status is Status.INFEASIBLE
    assert result.reason is not None
    assert "proved by the solver" in result.reason


def test_schedule_optional_meetings_follow_priority() -> None:
    # One slot: participant 1 can meet 2 (priority 1) or 3 (priority 5), not both.
    problem = make_problem([(1, 2), (1, 3)], slots=1, optional={1: 1, 2: 5})
    result = schedule(problem, time_limit=10)
    assert result.status is Status.OPTIMAL
    assert _slots(result) == {2: 1}
    assert result.unscheduled == (1,)


def test_schedule_without_a_solver_answer_returns_the_greedy_schedule_as_partial(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from regionforum.scheduling import scheduler, solver

    problem = make_problem([(1, 2), (2, 3), (1, 4)], slots=3, tables=5)
    # The greedy schedule leaves meeting 1 out, and the solver answers nothing in time.
    monkeypatch.setattr(scheduler, "greedy_slots", lambda *args, **kwargs: {2: 1, 3: 2})
    monkeypatch.setattr(
        solver,
        "solve_slots",
        lambda *args, **kwargs: solver.SlotResult(Status.UNKNOWN, {}, 0, 0),
    )
    result = schedule(problem, time_limit=2)
    assert result.status is Status.UNKNOWN
    assert _slots(result) == {2: 1, 3: 2}
    assert result.unscheduled == (1,)
    assert result.reason is not None
    assert "1 required meetings are left out: meeting 1 (participants 1 and 2)" in result.reason


def test_partial_schedule_drops_a_follower_of_a_meeting_left_out() -> None:
    # The greedy schedule may place meeting 2 although meeting 1, which must come first, has
    # no place; returned as it was, that schedule failed validation.
    problem = make_problem([(1, 2), (1, 3), (4, 5)], slots=3, after={2: (1,)})
    result = scheduler._finish_partial(problem, {2: 2, 3: 1}, None, 2, 0.0)
    assert result.status is Status.UNKNOWN
    assert [p.meeting for p in result.placements] == [3]
    assert result.left_out[2] == "meeting 2 must come after meeting 1, which has no place"
    assert "2 required meetings are left out" in (result.reason or "")
