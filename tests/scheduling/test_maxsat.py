"""The MaxSAT model against exhaustive search, and the race's child process."""

from __future__ import annotations

import dataclasses
import itertools
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from regionforum.scheduling import maxsat
from regionforum.scheduling.breaks import count_breaks
from regionforum.scheduling.problem import Problem, Session, Status
from tests.scheduling.helpers import make_problem

pytestmark = pytest.mark.skipif(not maxsat.available(), reason="MaxSAT solver not loadable")


def exhaustive_optimum(problem: Problem, fairness: int | None) -> tuple[int, int] | None:
    """(unscheduled priority, breaks) of the best schedule, by trying every assignment."""
    forbidden = problem.forbidden_by_participant()
    options = []
    for meeting in problem.meetings:
        allowed: list[int | None] = list(problem.allowed_slots(meeting, forbidden))
        options.append(allowed if meeting.required else [None, *allowed])
    best = None
    for combo in itertools.product(*options):
        slots = {m.id: t for m, t in zip(problem.meetings, combo, strict=True) if t is not None}
        if any(
            sum(1 for t in slots.values() if t == slot) > problem.tables
            for slot in range(1, problem.slots + 1)
        ):
            continue
        agenda: dict[int, list[int]] = {p.id: [] for p in problem.participants}
        for meeting in problem.meetings:
            if meeting.id in slots:
                for p in meeting.participants:
                    agenda[p].append(slots[meeting.id])
        if any(len(set(times)) < len(times) for times in agenda.values()):
            continue
        if any(
            m.id in slots and j in slots and slots[j] >= slots[m.id]
            for m in problem.meetings
            for j in m.after
        ):
            continue
        breaks = [count_breaks(times) for times in agenda.values()]
        if fairness is not None and max(breaks) - min(breaks) > fairness:
            continue
        unscheduled = sum(m.priority for m in problem.meetings if m.id not in slots)
        key = (unscheduled, sum(breaks))
        best = key if best is None or key < best else best
    return best


def random_problem(rng: random.Random) -> Problem:
    people = rng.randint(3, 5)
    slots = rng.randint(4, 6)
    pairs = []
    while len(pairs) < rng.randint(4, 6):
        a, b = rng.sample(range(1, people + 1), 2)
        pairs.append((a, b))
    n = len(pairs)
    return make_problem(
        pairs,
        slots=slots,
        morning_slots=slots // 2,
        tables=rng.randint(1, 3),
        forbidden={p: {rng.randint(1, slots)} for p in range(1, people + 1) if rng.random() < 0.4},
        sessions={
            i: rng.choice([Session.MORNING, Session.AFTERNOON])
            for i in range(1, n + 1)
            if rng.random() < 0.2
        },
        fixed={i: rng.randint(1, slots) for i in range(1, n + 1) if rng.random() < 0.1},
        after={i: (i - 1,) for i in range(2, n + 1) if rng.random() < 0.15},
        optional={i: rng.randint(1, 3) for i in range(1, n + 1) if rng.random() < 0.3},
    )


def check_answer(problem: Problem, fairness: int | None, backend: str) -> None:
    expected = exhaustive_optimum(problem, fairness)
    result = maxsat._solve(problem, fairness, {}, backend)
    if expected is None:
        assert result.status is Status.INFEASIBLE
        return
    assert result.status is Status.OPTIMAL
    times: dict[int, list[int]] = {p.id: [] for p in problem.participants}
    for meeting in problem.meetings:
        if meeting.id in result.slots:
            for p in meeting.participants:
                times[p].append(result.slots[meeting.id])
    breaks = sum(count_breaks(t) for t in times.values())
    assert (result.unscheduled_priority, breaks) == expected


@pytest.mark.parametrize("backend", sorted(maxsat.BACKENDS))
@pytest.mark.parametrize("seed", range(40))
def test_maxsat_optimum_matches_exhaustive_search(seed: int, backend: str) -> None:
    rng = random.Random(seed)
    problem = random_problem(rng)
    check_answer(problem, fairness=rng.choice([None, 0, 1, 2]), backend=backend)


def clauses(
    problem: Problem, fairness: int | None, by_agenda: bool
) -> tuple[list[list[int]], list[list[int]]]:
    """The hard and soft clauses of the problem's MaxSAT model."""
    encoding = maxsat.encode(problem, fairness=fairness, lower_bounds={}, by_agenda=by_agenda)
    return encoding.wcnf.hard, encoding.wcnf.soft


@pytest.mark.parametrize("by_agenda", [True, False])
def test_encoding_does_not_depend_on_the_order_of_meetings(by_agenda: bool) -> None:
    problem = random_problem(random.Random(7))
    reordered = dataclasses.replace(problem, meetings=tuple(reversed(problem.meetings)))
    assert reordered.meetings != problem.meetings
    assert clauses(reordered, 1, by_agenda) == clauses(problem, 1, by_agenda)


def test_encoding_does_not_depend_on_how_participants_are_numbered() -> None:
    # Agendas of 6, 1, 2 and 3 meetings: the busiest participant's meetings enter first.
    pairs = [(1, 2), (1, 3), (1, 3), (1, 4), (1, 4), (1, 4)]
    problem = make_problem(pairs, slots=8, tables=2, forbidden={3: {2}})
    renumbered = make_problem(
        [(5 - a, 5 - b) for a, b in pairs], slots=8, tables=2, forbidden={2: {2}}
    )
    assert clauses(renumbered, None, True) == clauses(problem, None, True)


def test_maxsat_fairness_allows_a_minimum_above_zero() -> None:
    # Both participants must break once (slot 2 is forbidden): max - min = 0 is still fair.
    problem = make_problem([(1, 2), (1, 2)], slots=3, forbidden={1: {2}})
    answer = maxsat._solve(problem, 0, {})
    assert answer.status is Status.OPTIMAL
    assert sorted(answer.slots.values()) == [1, 3]


def test_maxsat_fairness_counts_participants_without_breaks() -> None:
    # Participant 3 has one meeting and so no break; 1 and 2 cannot avoid one: unfair at d = 0.
    problem = make_problem([(1, 2), (1, 2), (3, 4)], slots=3, forbidden={1: {2}})
    assert maxsat._solve(problem, 0, {}).status is Status.INFEASIBLE
    assert maxsat._solve(problem, 1, {}).status is Status.OPTIMAL


def test_maxsat_lower_bounds_are_respected() -> None:
    problem = make_problem([(1, 2), (1, 3)], slots=3, forbidden={1: {2}})
    answer = maxsat._solve(problem, None, {1: 1})
    assert answer.status is Status.OPTIMAL
    assert sorted(answer.slots.values()) == [1, 3]


def test_race_reports_the_answer_from_its_child_process() -> None:
    problem = make_problem([(1, 2), (2, 3), (3, 4)], slots=3)
    arrived = threading.Event()
    race = maxsat.Race(
        problem,
        fairness=2,
        lower_bounds={},
        on_answer=lambda _answer: arrived.set(),
    )
    assert arrived.wait(timeout=60)
    race.stop()
    assert race.answer is not None
    assert race.answer.status is Status.OPTIMAL
    assert len(race.answer.slots) == 3


def test_race_stop_ends_a_running_child(monkeypatch: pytest.MonkeyPatch) -> None:
    sleeper = [sys.executable, "-c", "import time; time.sleep(600)"]
    monkeypatch.setattr(maxsat, "_CHILD_COMMAND", sleeper)
    problem = make_problem([(1, 2)], slots=2)
    race = maxsat.Race(problem, fairness=2, lower_bounds={}, on_answer=print)
    race.stop()
    assert not race.running()
    assert race.answer is None


def test_maxsat_required_meeting_without_a_slot_is_infeasible() -> None:
    problem = make_problem([(1, 2), (2, 3)], slots=3, fixed={1: 2}, forbidden={1: {2}})
    assert maxsat._solve(problem, 2, {}).status is Status.INFEASIBLE


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_child_dies_with_its_parent() -> None:
    # A parent that starts a child the way the race does, then is killed outright.
    child = (
        "from regionforum.scheduling.maxsat import _end_with_parent; _end_with_parent(); "
        "import time; time.sleep(60)"
    )
    parent = (
        "import subprocess, sys, time\n"
        f"c = subprocess.Popen([sys.executable, '-c', {child!r}])\n"
        "print(c.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    child_pid = int(process.stdout.readline())
    time.sleep(0.5)  # let the child ask to die with its parent
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{child_pid}").exists():
        state = Path(f"/proc/{child_pid}/stat").read_text().split()[2]
        if state == "Z":  # killed, waiting for init to reap it
            break
        time.sleep(0.1)
    else:
        assert not Path(f"/proc/{child_pid}").exists()


def all_required(problem: Problem) -> Problem:
    return dataclasses.replace(
        problem, meetings=tuple(dataclasses.replace(m, required=True) for m in problem.meetings)
    )


@pytest.mark.parametrize("seed", range(40))
def test_sat_climb_optimum_matches_exhaustive_search(seed: int) -> None:
    rng = random.Random(seed)
    problem = all_required(random_problem(rng))
    fairness = rng.choice([None, 0, 1, 2])
    expected = exhaustive_optimum(problem, fairness)
    answer = maxsat.climb(problem, fairness, {}, 0)
    if expected is None:
        assert answer.status is Status.INFEASIBLE
        return
    assert answer.status is Status.OPTIMAL
    assert len(answer.slots) == len(problem.meetings)
    times: dict[int, list[int]] = {p.id: [] for p in problem.participants}
    for meeting in problem.meetings:
        for p in meeting.participants:
            times[p].append(answer.slots[meeting.id])
    assert (0, sum(count_breaks(t) for t in times.values())) == expected


def test_sat_climb_rises_from_its_start_to_the_first_bound_with_a_schedule() -> None:
    # Slots 2 and 4 are forbidden to participant 1, whose three meetings need 1, 3 and 5: two
    # breaks, found by climbing from 0 through 1.
    problem = make_problem([(1, 2), (1, 3), (1, 4)], slots=5, forbidden={1: {2, 4}})
    answer = maxsat.climb(problem, None, {}, 0)
    assert answer.status is Status.OPTIMAL
    assert sorted(answer.slots.values()) == [1, 3, 5]


def test_sat_climb_proves_infeasibility_whatever_the_bound() -> None:
    # Participant 3 has one meeting and so no break; 1 and 2 cannot avoid one: unfair at d = 0.
    problem = make_problem([(1, 2), (1, 2), (3, 4)], slots=3, forbidden={1: {2}})
    assert maxsat.climb(problem, 0, {}, 0).status is Status.INFEASIBLE
    assert maxsat.climb(problem, 0, {}, 5).status is Status.INFEASIBLE
    fair = maxsat.climb(problem, 1, {}, 0)
    assert fair.status is Status.OPTIMAL
    assert sorted((fair.slots[1], fair.slots[2])) == [1, 3]


def test_race_runs_the_sat_climb_in_its_child_process() -> None:
    problem = make_problem([(1, 2), (1, 3)], slots=3, forbidden={1: {2}})
    arrived = threading.Event()
    race = maxsat.Race(
        problem,
        fairness=2,
        lower_bounds={},
        on_answer=lambda _answer: arrived.set(),
        backend=maxsat.CLIMB,
        start=1,
    )
    assert arrived.wait(30)
    race.stop()
    assert race.answer is not None
    assert race.answer.status is Status.OPTIMAL
    assert sorted(race.answer.slots.values()) == [1, 3]
