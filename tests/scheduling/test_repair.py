"""The piecewise repair of a large problem's schedule."""

from __future__ import annotations

import random
import time

import pytest

from regionforum.scheduling import repair
from regionforum.scheduling.breaks import count_breaks
from regionforum.scheduling.problem import Placement, Problem
from regionforum.scheduling.tables import assign_tables
from regionforum.scheduling.validate import schedule_violations
from tests.scheduling.helpers import make_problem


def violations(problem: Problem, slots: dict[int, int], fairness: int) -> list[str]:
    participants = {m.id: m.participants for m in problem.meetings}
    tables = assign_tables(slots, participants, problem.tables)
    placements = tuple(
        Placement(meeting=m, participants=participants[m], slot=t, table=tables[m])
        for m, t in slots.items()
    )
    return schedule_violations(problem, placements, fairness=fairness, breaks=None)


def _quiet(message: str, /, **figures: int | None) -> None:
    """Reports nowhere."""


def test_repair_places_left_out_meetings_and_closes_unfair_breaks() -> None:
    # A chain 1-2-3-4-5 and a star around 6; two tables.
    pairs = [(1, 2), (2, 3), (3, 4), (4, 5), (6, 1), (6, 2), (6, 3), (6, 4)]
    problem = make_problem(pairs, slots=6, tables=2)
    # Meeting 2 (2-3) left out, and participant 6 meets at 1, 3 and 5 (with 6-4 at 6): 2 breaks.
    start = {1: 2, 3: 2, 4: 1, 5: 1, 6: 3, 7: 5, 8: 6}
    slots = repair.repair_slots(
        problem, start, fairness=1, deadline=time.monotonic() + 2, workers=2, say=_quiet
    )
    assert set(slots) == {m.id for m in problem.meetings}
    assert violations(problem, slots, fairness=1) == []
    agenda = [slots[m] for m in (5, 6, 7, 8)]
    assert count_breaks(agenda) <= 1


def test_a_stalled_repair_re_solves_larger_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    # Meeting 1 (1-2) is left out, and no piece ever repairs it.
    problem = make_problem([(1, 2), (2, 3), (1, 4)], slots=3, tables=5)
    sizes: list[int] = []
    around = repair._around

    def recorded(state: repair._State, centre: int, rng: random.Random, size: int) -> set[int]:
        sizes.append(size)
        return around(state, centre, rng, size)

    monkeypatch.setattr(repair, "_around", recorded)
    monkeypatch.setattr(repair, "_solve_piece", lambda *args, **kwargs: None)
    slots = repair.repair_slots(
        problem,
        {2: 1, 3: 2},
        fairness=None,
        deadline=time.monotonic() + 0.5,
        workers=1,
        say=_quiet,
    )
    assert 1 not in slots
    # One piece a round: small ones until _STALL rounds have repaired nobody, then large ones.
    stall = repair._STALL
    assert sizes[:stall] == [repair._SMALL] * stall
    assert len(sizes) > stall
    assert set(sizes[stall:]) == {repair._LARGE}


def test_capacity_is_shared_so_pieces_solved_together_fit() -> None:
    problem = make_problem([(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)], slots=2, tables=4)
    state = repair._State(problem, {1: 1, 2: 1, 3: 2})
    shares = repair._share_capacity(state, [{1, 4}, {2}])
    # Slot 1: 2 taken (meetings 1 and 2), 2 free, one each. Slot 2: meeting 3 stays, 3 free.
    assert shares[0] == {1: 2, 2: 2}
    assert shares[1] == {1: 2, 2: 1}
    for t in (1, 2):
        fixed = sum(1 for m, slot in state.slots.items() if slot == t and m not in {1, 2, 4})
        assert fixed + shares[0][t] + shares[1][t] <= problem.tables


def test_improving_moves_close_a_break_where_a_slot_is_free() -> None:
    # Participant 1 meets 2 at slot 1 and 3 at slot 3; slot 2 is free for 1 and 3.
    problem = make_problem([(1, 2), (1, 3)], slots=3, tables=1)
    state = repair._State(problem, {1: 1, 2: 3})
    moved = repair._improving_moves(state, [1, 2, 3], 2, time.monotonic() + 5)
    assert moved == 1
    assert state.breaks(1) == 0
    assert violations(problem, state.slots, fairness=2) == []


def test_improve_by_moves_returns_a_better_schedule_and_keeps_the_given_one() -> None:
    problem = make_problem([(1, 2), (1, 3), (4, 5)], slots=4, tables=2)
    given = {1: 1, 2: 4, 3: 2}
    improved = repair.improve_by_moves(problem, given, 2, time.monotonic() + 5)
    assert given == {1: 1, 2: 4, 3: 2}
    assert count_breaks([improved[1], improved[2]]) == 0
    assert violations(problem, improved, fairness=2) == []


def test_improving_moves_respect_tables_and_fairness() -> None:
    # Slot 2 is full (one table, taken by 4-5), so 1's break stays.
    problem = make_problem([(1, 2), (1, 3), (4, 5)], slots=3, tables=1)
    state = repair._State(problem, {1: 1, 2: 3, 3: 2})
    assert repair._improving_moves(state, [1, 2, 3, 4, 5], 2, time.monotonic() + 5) == 0
    # Pairs 1-2 and 3-4 meet twice each, at slots 1 and 3: everyone has one break. Closing
    # 1-2's breaks would leave 3 and 4 above the new fewest (0) at fairness 0: no move.
    problem = make_problem([(1, 2), (1, 2), (3, 4), (3, 4)], slots=3, tables=2)
    state = repair._State(problem, {1: 1, 2: 3, 3: 1, 4: 3})
    assert repair._improving_moves(state, [1, 2, 3, 4], 0, time.monotonic() + 5) == 0
    # With someone at no break (5-6 meet once), the fewest is 0 and the move is made.
    problem = make_problem([(1, 2), (1, 2), (5, 6)], slots=3, tables=2)
    state = repair._State(problem, {1: 1, 2: 3, 3: 1})
    assert repair._improving_moves(state, [1, 2, 5, 6], 2, time.monotonic() + 5) == 1
    assert state.breaks(1) == state.breaks(2) == 0


def test_improving_swaps_exchange_two_meetings_of_one_participant() -> None:
    # One table: every slot is full, so no single move is possible. Participant 2 meets 1 at
    # slot 1 and 4 at slot 3; swapping 1's meetings (with 2 and with 3) closes 2's break.
    problem = make_problem([(1, 2), (1, 3), (2, 4)], slots=3, tables=1)
    state = repair._State(problem, {1: 1, 2: 2, 3: 3})
    assert repair._improving_moves(state, [1, 2, 3, 4], 2, time.monotonic() + 5) == 1
    assert state.slots == {1: 2, 2: 1, 3: 3}
    assert sum(state.breaks(p) for p in (1, 2, 3, 4)) == 0
    assert violations(problem, state.slots, fairness=2) == []


@pytest.mark.parametrize("chains", [True, False])
def test_repair_runs_the_kempe_chain_search_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, chains: bool
) -> None:
    # Participant 1 meets 2 at slot 1 and 3 at slot 3, a break that the chain of meetings 2,
    # 3 and 4 swapping slots 2 and 3 removes (2 cannot come at slot 2).
    problem = make_problem([(1, 2), (1, 3), (3, 4), (4, 5)], slots=3, forbidden={2: {2}})
    calls: list[dict[int, int]] = []
    anneal = repair.anneal

    def recorded(problem: Problem, slots: dict[int, int], **options: object) -> dict[int, int]:
        calls.append(dict(slots))
        return anneal(problem, slots, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(repair, "anneal", recorded)
    slots = repair.repair_slots(
        problem,
        {1: 1, 2: 3, 3: 2, 4: 3},
        fairness=2,
        deadline=time.monotonic() + 1,
        workers=1,
        say=_quiet,
        chains=chains,
    )
    assert calls == ([{1: 1, 2: 3, 3: 2, 4: 3}] if chains else [])
    assert violations(problem, slots, fairness=2) == []
    assert sum(count_breaks(slots[m] for m in mine) for mine in ((1, 2), (2, 3), (3, 4))) == 0
