"""The capacity bound: positive where the tables force breaks, never above the optimum."""

from __future__ import annotations

import itertools
import random

import pytest

from regionforum.scheduling import capacity
from regionforum.scheduling.breaks import per_participant_breaks
from regionforum.scheduling.capacity import capacity_bound
from regionforum.scheduling.problem import Problem, Session
from regionforum.scheduling.scheduler import schedule
from regionforum.scheduling.solver import _Index

from .helpers import make_problem

TRIANGLE = [(1, 2), (1, 3), (2, 3)]


def _per_participant(problem: Problem) -> dict[int, int]:
    index = _Index(problem)
    index.compute_lower_bounds()
    return index.lower_bounds


def test_one_table_forces_a_break_in_a_triangle() -> None:
    # Three meetings fill the three slots; whoever is not in the middle one waits through it.
    problem = make_problem(TRIANGLE, slots=3, tables=1)
    assert _per_participant(problem) == {1: 0, 2: 0, 3: 0}
    assert capacity_bound(problem, None, {}) == 1
    result = schedule(problem, fairness=2, time_limit=10)
    assert (result.breaks, result.bound, result.status.value) == (1, 1, "optimal")


def test_two_tables_seat_the_triangle_unbroken() -> None:
    assert capacity_bound(make_problem(TRIANGLE, slots=3, tables=2), None, {}) == 0


def test_per_participant_bounds_are_kept() -> None:
    # 1 meets 2 at slot 1 and 3 at slot 3: a break of its own, whatever the tables.
    problem = make_problem([(1, 2), (1, 3)], slots=3, fixed={1: 1, 2: 3})
    assert capacity_bound(problem, None, {1: 1}) == 1


def test_participants_with_optional_meetings_are_left_out() -> None:
    problem = make_problem(TRIANGLE, slots=3, tables=1, optional={3: 1})
    assert capacity_bound(problem, None, {}) == 0


def test_a_day_too_long_to_enumerate_is_priced_by_the_walk() -> None:
    # The triangle squeezed into the first three of 30 slots: one table still forces a break.
    forbidden = {p: set(range(4, 31)) for p in (1, 2, 3)}
    problem = make_problem(TRIANGLE, slots=30, tables=1, forbidden=forbidden)
    assert capacity_bound(problem, None, {}) == 1
    assert capacity_bound(make_problem(TRIANGLE, slots=30, tables=1), None, {}) == 0


def test_the_walk_matches_the_enumeration_without_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without sessions or forbidden slots a kind's groups hold for every pattern, so both
    # pricings solve the same program.
    rng = random.Random(3)
    bounds = []
    for _ in range(30):
        people = list(range(1, rng.randint(5, 9) + 1))
        every = list(itertools.combinations(people, 2))
        pairs = rng.sample(every, min(len(every), rng.randint(6, 12)))
        problem = make_problem(pairs, slots=rng.randint(4, 8), tables=rng.randint(1, 3))
        fairness = rng.choice([None, 0, 1])
        enumerated = capacity_bound(problem, fairness, {})
        with monkeypatch.context() as patch:
            patch.setattr(capacity, "_MAX_SLOTS", 0)
            walked = capacity_bound(problem, fairness, {})
        assert walked == enumerated, problem
        bounds.append(walked)
    assert sum(bound > 0 for bound in bounds) >= 5


def _optimum(problem: Problem, fairness: int) -> int | None:
    """The fewest breaks of any fair schedule, by trying every assignment (tiny problems)."""
    forbidden = problem.forbidden_by_participant()
    domains = [problem.allowed_slots(m, forbidden) for m in problem.meetings]
    best = None
    for chosen in itertools.product(*domains):
        if any(chosen.count(t) > problem.tables for t in set(chosen)):
            continue
        slots = {m.id: t for m, t in zip(problem.meetings, chosen, strict=True)}
        busy = [(p, slots[m.id]) for m in problem.meetings for p in m.participants]
        if len(set(busy)) < len(busy):
            continue
        counts = per_participant_breaks(problem, slots).values()
        if max(counts) - min(counts) > fairness:
            continue
        total = sum(counts)
        best = total if best is None else min(best, total)
    return best


def _random_problem(rng: random.Random) -> Problem:
    people = list(range(1, rng.randint(4, 6) + 1))
    pairs = rng.sample(list(itertools.combinations(people, 2)), rng.randint(4, 6))
    slots = rng.randint(3, 5)
    return make_problem(
        pairs,
        slots=slots,
        tables=rng.randint(1, 2),
        morning_slots=slots // 2,
        forbidden={p: {rng.randint(1, slots)} for p in people if rng.random() < 0.3},
        sessions={i: Session.AFTERNOON for i in range(1, len(pairs) + 1) if rng.random() < 0.2},
        fixed={i: rng.randint(1, slots) for i in range(1, len(pairs) + 1) if rng.random() < 0.1},
    )


@pytest.mark.parametrize("walk", [False, True], ids=["enumerated", "walk"])
def test_the_bound_never_exceeds_the_optimum_of_small_problems(
    walk: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if walk:
        monkeypatch.setattr(capacity, "_MAX_SLOTS", 0)
    rng = random.Random(7)
    positive = 0
    checked = 0
    while checked < 60:
        problem = _random_problem(rng)
        fairness = rng.choice([0, 1, 2])
        optimum = _optimum(problem, fairness)
        if optimum is None:
            continue
        per_participant = _per_participant(problem)
        bound = capacity_bound(problem, fairness, per_participant)
        assert bound <= optimum, problem
        positive += bound > sum(per_participant.values())
        checked += 1
    # The check means something only if the bound often beats the per-participant one (the
    # walk, which drops the groups, a little less often).
    assert positive >= (4 if walk else 5)
