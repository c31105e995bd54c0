"""What organisers ask of the scheduler: fairness, tables kept all day, most meetings in a row
and priority meetings, each against an exhaustive search of every slot assignment."""

from __future__ import annotations

import dataclasses
import itertools
import random
import time

import pytest

from regionforum.scheduling import maxsat, repair
from regionforum.scheduling.heuristic import greedy_slots
from regionforum.scheduling.problem import Meeting, Participant, Problem, Status
from regionforum.scheduling.scheduler import _finish, schedule
from regionforum.scheduling.solver import _Index, _solve_model
from regionforum.scheduling.validate import schedule_violations


def _held_table(problem: Problem, meeting: Meeting) -> int | bool | None:
    """The table a meeting must take, None for any, False when it can take none."""
    keeps = {p.id: p.table for p in problem.participants}
    wanted = {t for t in (meeting.table, *(keeps[p] for p in meeting.participants)) if t}
    if len(wanted) > 1:
        return False
    return next(iter(wanted), None)


def _runs_fit(problem: Problem, participant: Participant, busy: set[int]) -> bool:
    limit = participant.max_in_row if participant.max_in_row is not None else problem.max_in_row
    if limit is None:
        return True
    for first in range(1, problem.slots - limit + 1):
        window = range(first, first + limit + 1)
        crosses_lunch = first <= problem.morning_slots < first + limit
        if not crosses_lunch and all(t in busy for t in window):
            return False
    return True


def brute_force(problem: Problem, fairness: int) -> tuple[int, int] | None:
    """(priority left out, breaks) of the best schedule, trying every slot of every meeting."""
    options: list[list[int | None]] = []
    for meeting in problem.meetings:
        slots: list[int | None] = list(range(1, problem.slots + 1))
        if _held_table(problem, meeting) is False:
            slots = []
        options.append(slots if meeting.required else [None, *slots])
    best = None
    for combo in itertools.product(*options):
        chosen = {m.id: t for m, t in zip(problem.meetings, combo, strict=True) if t is not None}
        if not _valid(problem, chosen):
            continue
        agenda = _agendas(problem, chosen)
        if not all(_runs_fit(problem, p, agenda[p.id]) for p in problem.participants):
            continue
        breaks = [_idle_runs(busy) for busy in agenda.values()]
        if max(breaks) - min(breaks) > fairness:
            continue
        key = (sum(m.priority for m in problem.meetings if m.id not in chosen), sum(breaks))
        best = key if best is None or key < best else best
    return best


def _agendas(problem: Problem, chosen: dict[int, int]) -> dict[int, set[int]]:
    agenda: dict[int, set[int]] = {p.id: set() for p in problem.participants}
    for meeting in problem.meetings:
        if meeting.id in chosen:
            for p in meeting.participants:
                agenda[p].add(chosen[meeting.id])
    return agenda


def _idle_runs(busy: set[int]) -> int:
    if not busy:
        return 0
    return sum(1 for t in range(min(busy) + 1, max(busy)) if t not in busy and t - 1 in busy)


def _valid(problem: Problem, chosen: dict[int, int]) -> bool:
    forbidden = {p.id: p.forbidden for p in problem.participants}
    seen: set[tuple[object, int]] = set()
    for meeting in problem.meetings:
        if meeting.id not in chosen:
            continue
        t = chosen[meeting.id]
        if meeting.fixed_slot is not None and t != meeting.fixed_slot:
            return False
        if t not in problem.session_slots(meeting.session):
            return False
        if any(j not in chosen or chosen[j] >= t for j in meeting.after):
            return False
        held = _held_table(problem, meeting)
        claims: list[tuple[object, int]] = [(("p", p), t) for p in meeting.participants]
        if held:
            claims.append((("table", held), t))
        for claim in claims:
            if claim in seen:
                return False
            seen.add(claim)
        if any(t in forbidden[p] for p in meeting.participants):
            return False
    per_slot = [
        sum(1 for t in chosen.values() if t == slot) for slot in range(1, problem.slots + 1)
    ]
    return max(per_slot, default=0) <= problem.tables


def random_problem(seed: int) -> Problem:
    """3-6 participants, 4-5 slots and 4-5 meetings, with kept tables and run limits."""
    rng = random.Random(seed)
    people = rng.randint(3, 6)
    slots = rng.randint(4, 5)
    tables = rng.randint(1, 3)
    participants = tuple(
        Participant(
            id=p,
            forbidden=frozenset({rng.randint(1, slots)}) if rng.random() < 0.2 else frozenset(),
            table=rng.randint(1, tables) if rng.random() < 0.3 else None,
            max_in_row=rng.randint(1, 3) if rng.random() < 0.3 else None,
        )
        for p in range(1, people + 1)
    )
    meetings = []
    for i in range(1, rng.randint(4, 5) + 1):
        a, b = rng.sample(range(1, people + 1), 2)
        optional = rng.random() < 0.4
        meetings.append(
            Meeting(
                id=i,
                participants=(a, b),
                required=not optional,
                priority=rng.randint(1, 5) if optional else 1,
                fixed_slot=rng.randint(1, slots) if rng.random() < 0.1 else None,
                after=(i - 1,) if i > 1 and rng.random() < 0.1 else (),
            )
        )
    return Problem(
        slots=slots,
        morning_slots=rng.choice([slots, slots // 2]),
        tables=tables,
        participants=participants,
        meetings=tuple(meetings),
        max_in_row=rng.choice([None, None, 2, 3]),
    )


def _key(problem: Problem, slots: dict[int, int]) -> tuple[int, int]:
    """(priority left out, breaks) of a schedule, counted here."""
    breaks = sum(_idle_runs(busy) for busy in _agendas(problem, slots).values())
    return sum(m.priority for m in problem.meetings if m.id not in slots), breaks


SEEDS = range(40)


@pytest.mark.parametrize("seed", SEEDS)
def test_schedule_proves_the_exhaustive_optimum(seed: int) -> None:
    problem = random_problem(seed)
    fairness = seed % 4
    expected = brute_force(problem, fairness)
    result = schedule(problem, fairness=fairness, time_limit=20, workers=2)
    if expected is None:
        assert result.status is Status.INFEASIBLE
        assert result.reason
        return
    assert result.status is Status.OPTIMAL
    slots = {p.meeting: p.slot for p in result.placements}
    assert _key(problem, slots) == expected
    assert result.breaks == expected[1]
    assert set(result.unscheduled) == {m.id for m in problem.meetings} - set(slots)


@pytest.mark.parametrize("seed", SEEDS)
def test_cp_sat_model_alone_finds_the_exhaustive_optimum(seed: int) -> None:
    problem = random_problem(seed)
    fairness = seed % 4
    expected = brute_force(problem, fairness)
    result = _solve_model(_Index(problem), fairness=fairness, time_limit=20, workers=1, hint=None)
    if expected is None:
        assert result.status is Status.INFEASIBLE
        return
    assert result.status is Status.OPTIMAL
    assert _key(problem, result.slots) == expected


@pytest.mark.skipif(not maxsat.available(), reason="MaxSAT solver not loadable")
@pytest.mark.parametrize("backend", sorted(maxsat.BACKENDS))
@pytest.mark.parametrize("seed", SEEDS)
def test_maxsat_model_alone_finds_the_exhaustive_optimum(seed: int, backend: str) -> None:
    problem = random_problem(seed)
    fairness = seed % 4
    expected = brute_force(problem, fairness)
    answer = maxsat._solve(problem, fairness, {}, backend)
    if expected is None:
        assert answer.status is Status.INFEASIBLE
        return
    assert answer.status is Status.OPTIMAL
    assert _key(problem, answer.slots) == expected


def _quiet(message: str, /, **figures: int | None) -> None:
    """Reports nowhere."""


def _larger_problem(seed: int) -> Problem:
    """40 participants, 90 meetings and 10 slots: participants 1-4 keep tables 1-4, and some
    have at most 2 or 3 meetings in a row."""
    rng = random.Random(seed)
    participants = tuple(
        Participant(
            id=p,
            table=p if p <= 4 else None,
            max_in_row=rng.choice([None, 2, 3]),
        )
        for p in range(1, 41)
    )
    pairs: set[tuple[int, int]] = set()
    degree = dict.fromkeys(range(1, 41), 0)
    while len(pairs) < 90:
        a, b = sorted(rng.sample(range(1, 41), 2))
        # At most 6 meetings each, which any run limit here leaves room for.
        if not (a <= 4 and b <= 4) and (a, b) not in pairs and max(degree[a], degree[b]) < 6:
            pairs.add((a, b))
            degree[a] += 1
            degree[b] += 1
    meetings = tuple(Meeting(id=i, participants=pair) for i, pair in enumerate(sorted(pairs), 1))
    return Problem(
        slots=10, morning_slots=5, tables=12, participants=participants, meetings=meetings
    )


@pytest.mark.parametrize("seed", range(3))
def test_greedy_and_repair_keep_tables_and_run_limits(seed: int) -> None:
    problem = _larger_problem(seed)
    greedy = greedy_slots(problem, fairness=3)
    repaired = repair.repair_slots(
        problem, greedy, fairness=3, deadline=time.monotonic() + 3, workers=2, say=_quiet
    )
    moved = repair.improve_by_moves(problem, repaired, 3, time.monotonic() + 1)
    for slots in (greedy, repaired, moved):
        complete = dataclasses.replace(
            problem,
            meetings=tuple(
                dataclasses.replace(m, required=m.id in slots) for m in problem.meetings
            ),
        )
        placed = _finish(complete, Status.FEASIBLE, slots, None, problem.slots, 0.0)
        assert schedule_violations(complete, placed.placements, fairness=problem.slots) == []
    assert len(repaired) == len(problem.meetings)


def test_more_in_a_row_than_allowed_forces_a_known_break() -> None:
    # Participant 1 meets 2, 3 and 4 in three slots, one table each: unlimited, no break;
    # at most two in a row, one break in four slots, and infeasible in three.
    meetings = tuple(Meeting(id=i, participants=(1, i + 1)) for i in range(1, 4))
    people = tuple(Participant(id=p) for p in range(1, 5))
    free = Problem(slots=4, morning_slots=4, tables=1, participants=people, meetings=meetings)
    assert schedule(free, fairness=3).breaks == 0
    limited = dataclasses.replace(free, max_in_row=2)
    result = schedule(limited, fairness=3)
    assert (result.status, result.breaks) == (Status.OPTIMAL, 1)
    short = dataclasses.replace(limited, slots=3, morning_slots=3)
    result = schedule(short, fairness=3)
    assert result.status is Status.INFEASIBLE
    assert result.reason == (
        "participant 1 has 3 required meetings but, with at most 2 in a row, can attend only "
        "2 slots"
    )


def test_lunch_is_a_pause_and_a_participant_overrides_the_forum_limit() -> None:
    # Slots 1-2 the morning, 3-4 the afternoon: four meetings in a row span lunch.
    meetings = tuple(Meeting(id=i, participants=(1, i + 1)) for i in range(1, 5))
    people = (Participant(id=1, max_in_row=2), *(Participant(id=p) for p in range(2, 6)))
    problem = Problem(
        slots=4, morning_slots=2, tables=1, participants=people, meetings=meetings, max_in_row=1
    )
    result = schedule(problem, fairness=3)
    assert (result.status, result.breaks) == (Status.OPTIMAL, 0)
    stricter = dataclasses.replace(problem, morning_slots=4)
    assert schedule(stricter, fairness=3).status is Status.INFEASIBLE


def test_two_participants_keeping_different_tables_cannot_meet() -> None:
    people = (Participant(id=1, table=1), Participant(id=2, table=2), Participant(id=3))
    required = Problem(
        slots=2,
        morning_slots=2,
        tables=2,
        participants=people,
        meetings=(Meeting(id=1, participants=(1, 2)), Meeting(id=2, participants=(1, 3))),
    )
    result = schedule(required)
    assert result.status is Status.INFEASIBLE
    assert result.reason == (
        "participants 1 and 2 keep tables 1 and 2 all day, so they cannot meet (meeting 1)"
    )
    optional = dataclasses.replace(
        required,
        meetings=(
            Meeting(id=1, participants=(1, 2), required=False, priority=9),
            Meeting(id=2, participants=(1, 3)),
        ),
    )
    result = schedule(optional)
    assert result.status is Status.OPTIMAL
    assert result.unscheduled == (1,)
    assert result.left_out == {
        1: "participants 1 and 2 keep tables 1 and 2 all day, so they cannot meet (meeting 1)"
    }
    assert [(p.meeting, p.table) for p in result.placements] == [(2, 1)]


def test_participants_sharing_a_kept_table_take_turns_and_others_sit_elsewhere() -> None:
    # 1 and 2 both keep table 1; meetings 1-3 and 2-4 need it in different slots, while 5-6
    # takes the other table.
    people = (
        Participant(id=1, table=1),
        Participant(id=2, table=1),
        *(Participant(id=p) for p in range(3, 7)),
    )
    meetings = (
        Meeting(id=1, participants=(1, 3)),
        Meeting(id=2, participants=(2, 4)),
        Meeting(id=3, participants=(5, 6)),
        Meeting(id=4, participants=(1, 2)),
    )
    problem = Problem(slots=3, morning_slots=3, tables=2, participants=people, meetings=meetings)
    result = schedule(problem, fairness=3)
    assert result.status is Status.OPTIMAL
    placed = {p.meeting: (p.slot, p.table) for p in result.placements}
    assert {placed[m][1] for m in (1, 2, 4)} == {1}
    assert len({placed[m][0] for m in (1, 2, 4)}) == 3
    assert placed[3][1] == 2
    crowded = dataclasses.replace(problem, slots=2, morning_slots=2)
    result = schedule(crowded, fairness=3)
    assert result.status is Status.INFEASIBLE
    assert result.reason == (
        "table 1 (kept by participants 1 and 2) has 3 required meetings but they can only use "
        "2 slots"
    )


def test_priority_meetings_are_kept_when_not_all_fit_on_every_exact_path() -> None:
    # One slot: participant 1 can meet 2 (priority 1) or 3 (priority 5), not both.
    people = tuple(Participant(id=p) for p in range(1, 4))
    meetings = (
        Meeting(id=1, participants=(1, 2), required=False, priority=1),
        Meeting(id=2, participants=(1, 3), required=False, priority=5),
    )
    problem = Problem(slots=1, morning_slots=1, tables=2, participants=people, meetings=meetings)
    result = schedule(problem)
    assert ([p.meeting for p in result.placements], result.unscheduled) == ([2], (1,))
    assert result.left_out == {
        1: "meeting 1: participants 1 and 2 have no common free slot left among its 1 allowed slots"
    }
    cp_sat = _solve_model(_Index(problem), fairness=2, time_limit=5, workers=1, hint=None)
    assert cp_sat.slots == {2: 1}
    if maxsat.available():
        for backend in maxsat.BACKENDS:
            assert maxsat._solve(problem, 2, {}, backend).slots == {2: 1}
    assert greedy_slots(problem, fairness=2) == {2: 1}


def test_fairness_comes_from_the_problem_unless_the_caller_gives_one() -> None:
    # Seed 4: no schedule at d = 0, and the optimum changes between d = 1 and d = 2.
    problem = dataclasses.replace(random_problem(4), fairness=1)
    expected = {d: brute_force(problem, d) for d in (0, 1, 2)}
    assert expected[0] is None
    assert expected[1] != expected[2]
    own = schedule(problem, time_limit=20)
    assert (own.status, own.fairness) == (Status.OPTIMAL, 1)
    assert _key(problem, {p.meeting: p.slot for p in own.placements}) == expected[1]
    given = schedule(problem, fairness=2, time_limit=20)
    assert _key(problem, {p.meeting: p.slot for p in given.placements}) == expected[2]
    assert schedule(problem, fairness=0, time_limit=20).status is Status.INFEASIBLE


def test_infeasible_only_with_a_run_limit_says_so_by_name() -> None:
    # Participant 1 may not meet twice in a row; meeting 1 is fixed at slot 2, the middle of
    # three, so meeting 2 has no slot. The plain checks count no shortage: the solver proves it.
    people = (Participant(id=1, max_in_row=1), Participant(id=2), Participant(id=3))
    meetings = (
        Meeting(id=1, participants=(1, 2), fixed_slot=2),
        Meeting(id=2, participants=(1, 3)),
    )
    problem = Problem(slots=3, morning_slots=3, tables=1, participants=people, meetings=meetings)
    assert brute_force(problem, 2) is None
    result = schedule(problem, time_limit=20)
    assert result.status is Status.INFEASIBLE
    assert result.reason == (
        "the most meetings in a row of participants 1 leave no schedule, though there is one "
        "without them (proved by the solver)"
    )
