import random
import time
from dataclasses import replace

from regionforum.scheduling.breaks import per_participant_breaks
from regionforum.scheduling.heuristic import greedy_slots
from regionforum.scheduling.lns import improve_by_windows
from regionforum.scheduling.problem import Meeting, Participant, Placement, Problem
from regionforum.scheduling.restrictions import Restrictions
from regionforum.scheduling.tables import assign_tables
from regionforum.scheduling.validate import check_placements


def _random_problem(seed: int) -> Problem:
    rng = random.Random(seed)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 60:
        a, b = sorted(rng.sample(range(1, 31), 2))
        pairs.add((a, b))
    return Problem(
        slots=8,
        morning_slots=4,
        tables=12,
        participants=tuple(Participant(id=p) for p in range(1, 31)),
        meetings=tuple(
            Meeting(id=n, participants=pair) for n, pair in enumerate(sorted(pairs), start=1)
        ),
    )


def test_improve_by_windows_never_worse_and_valid() -> None:
    checked = 0
    for seed in range(3):
        problem = _random_problem(seed)
        start = greedy_slots(problem, fairness=None)
        if len(start) < len(problem.meetings):
            continue
        before = sum(per_participant_breaks(problem, start).values())
        slots = improve_by_windows(
            problem, start, fairness=None, deadline=time.monotonic() + 1.0, workers=1
        )
        after = sum(per_participant_breaks(problem, slots).values())
        assert after <= before
        assert set(slots) == set(start)
        participants = {m.id: m.participants for m in problem.meetings}
        tables = assign_tables(slots, participants, problem.tables)
        placements = tuple(
            Placement(meeting=m, participants=participants[m], slot=t, table=tables[m])
            for m, t in slots.items()
        )
        verdict = check_placements(problem, placements, fairness=None, breaks=after)
        assert verdict.violations == []
        checked += 1
    assert checked > 0


def test_windows_keep_tables_and_runs() -> None:
    """The re-solved windows keep a participant's table and the most meetings in a row."""
    checked = 0
    for seed in range(6):
        base = _random_problem(seed)
        problem = Problem(
            slots=base.slots,
            morning_slots=base.morning_slots,
            tables=base.tables,
            participants=tuple(
                Participant(
                    id=p.id,
                    table=p.id if p.id <= 3 else None,
                    max_in_row=2 if 4 <= p.id <= 12 else None,
                )
                for p in base.participants
            ),
            meetings=tuple(m for m in base.meetings if not set(m.participants) <= {1, 2, 3}),
        )
        start = greedy_slots(problem, fairness=None)
        # The greedy schedule may leave meetings out: the problem is the ones it placed.
        problem = replace(problem, meetings=tuple(m for m in problem.meetings if m.id in start))
        if not Restrictions(problem).fits(start, start):
            continue
        slots = improve_by_windows(
            problem, start, fairness=None, deadline=time.monotonic() + 1.0, workers=1, seed=seed
        )
        assert set(slots) == set(start)
        for table in (1, 2, 3):
            held = [slots[m.id] for m in problem.meetings if table in m.participants]
            assert len(held) == len(set(held)), f"table {table} booked twice"
        for p in range(4, 13):
            busy = {slots[m.id] for m in problem.meetings if p in m.participants}
            for first, last in ((1, 4), (5, 8)):
                session = [t in busy for t in range(first, last + 1)]
                runs = "".join("x" if b else "." for b in session).split(".")
                assert max(map(len, runs)) <= 2, f"participant {p} has {busy}"
        checked += 1
    assert checked > 0
