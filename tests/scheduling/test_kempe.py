import random
import time

from regionforum.scheduling.breaks import complete_and_fair, per_participant_breaks
from regionforum.scheduling.heuristic import greedy_slots
from regionforum.scheduling.kempe import anneal
from regionforum.scheduling.problem import Placement, Problem, Session
from regionforum.scheduling.tables import assign_tables
from regionforum.scheduling.validate import check_placements

from .helpers import make_problem

# Participant 1 meets 2 at slot 1 and 3 at slot 3: one break. Neither of its meetings can move
# alone (2 cannot come at slot 2, 3 is busy then), nor can 3 swap its two meetings (4 would be
# booked twice at slot 3): only the chain of meetings 2, 3 and 4 swapping slots 2 and 3
# removes the break.
_CHAIN = [(1, 2), (1, 3), (3, 4), (4, 5)]
_CHAIN_START = {1: 1, 2: 3, 3: 2, 4: 3}


def _breaks(problem: Problem, slots: dict[int, int]) -> int:
    return sum(per_participant_breaks(problem, slots).values())


def _violations(problem: Problem, slots: dict[int, int], fairness: int | None) -> list[str]:
    participants = {m.id: m.participants for m in problem.meetings}
    tables = assign_tables(slots, participants, problem.tables)
    placements = tuple(
        Placement(meeting=m, participants=participants[m], slot=t, table=tables[m])
        for m, t in slots.items()
    )
    verdict = check_placements(
        problem, placements, fairness=fairness, breaks=_breaks(problem, slots)
    )
    return verdict.violations


def test_anneal_takes_a_chain_that_no_single_move_or_swap_finds() -> None:
    problem = make_problem(_CHAIN, slots=3, forbidden={2: {2}})
    slots = anneal(problem, _CHAIN_START, fairness=2, deadline=time.monotonic() + 0.5)
    assert _breaks(problem, _CHAIN_START) == 1
    assert _breaks(problem, slots) == 0
    assert slots == {1: 1, 2: 2, 3: 3, 4: 2}
    assert _violations(problem, slots, 2) == []


def test_anneal_keeps_a_fixed_meeting_out_of_its_chains() -> None:
    # With meeting 4 fixed at slot 3 the chain is closed; one break is then the optimum.
    problem = make_problem(_CHAIN, slots=3, forbidden={2: {2}}, fixed={4: 3})
    slots = anneal(problem, _CHAIN_START, fairness=2, deadline=time.monotonic() + 0.5)
    assert slots[4] == 3
    assert _breaks(problem, slots) == 1
    assert _violations(problem, slots, 2) == []


def test_anneal_leaves_its_input_unchanged() -> None:
    problem = make_problem(_CHAIN, slots=3, forbidden={2: {2}})
    start = dict(_CHAIN_START)
    anneal(problem, start, fairness=2, deadline=time.monotonic() + 0.2)
    assert start == _CHAIN_START


def _random_problem(seed: int) -> Problem:
    """40 participants, 90 meetings in 10 slots, with sessions, forbidden slots, fixed meetings
    and precedences."""
    rng = random.Random(seed)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 90:
        a, b = sorted(rng.sample(range(1, 41), 2))
        pairs.add((a, b))
    ordered = sorted(pairs)
    return make_problem(
        ordered,
        slots=10,
        morning_slots=5,
        tables=11,
        forbidden={p: {rng.choice([1, 10])} for p in rng.sample(range(1, 41), 6)},
        sessions={
            m: rng.choice([Session.MORNING, Session.AFTERNOON])
            for m in rng.sample(range(1, 91), 10)
        },
        fixed={m: rng.randint(1, 10) for m in rng.sample(range(1, 91), 3)},
        after={m: (m - 1,) for m in rng.sample(range(2, 91), 3)},
    )


def test_anneal_never_worse_and_valid_on_random_problems() -> None:
    checked = 0
    before = after = 0
    for seed in range(20):
        problem = _random_problem(seed)
        start = greedy_slots(problem, fairness=2)
        if not complete_and_fair(problem, start, 2) or _violations(problem, start, 2):
            continue
        slots = anneal(problem, start, fairness=2, deadline=time.monotonic() + 0.5, seed=seed)
        assert set(slots) == set(start)
        assert _breaks(problem, slots) <= _breaks(problem, start)
        before += _breaks(problem, start)
        after += _breaks(problem, slots)
        kept = {m.id for m in problem.meetings if m.fixed_slot is not None or m.after}
        kept |= {j for m in problem.meetings for j in m.after}
        assert {m: slots[m] for m in kept} == {m: start[m] for m in kept}
        assert _violations(problem, slots, 2) == []
        checked += 1
    assert checked >= 3
    # The greedy schedules have breaks to spare: the search must find some of them.
    assert after < before
