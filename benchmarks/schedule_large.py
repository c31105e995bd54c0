"""A large generated forum: 2,000 participants, 10,000 meetings, 16 slots.

Builds a seeded random problem shaped like a big forum (a few busy hosts, many participants
with a handful of meetings, some session restrictions and forbidden slots), schedules it, and
prints the breaks, the proven bound and the gap, with the machine it ran on.

    .venv/bin/python benchmarks/schedule_large.py [--time-limit 60] [--seed 1] [--save FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from regionforum.scheduling.jsonio import problem_to_json
from regionforum.scheduling.problem import Meeting, Participant, Problem, Session
from regionforum.scheduling.scheduler import schedule

# benchmarks/ is not a package; the machine description is shared with the B2B benchmark.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from schedule_b2b import check_output, machine


def generate(
    *, participants: int, meetings: int, slots: int, seed: int, max_meetings: int = 12
) -> Problem:
    """A random forum in which every participant has at most max_meetings meetings."""
    rng = random.Random(seed)
    morning = slots // 2
    # Popularity skewed like a real forum: some participants are asked for far more often.
    weights = [rng.paretovariate(2.0) for _ in range(participants)]
    load = [0] * participants
    pairs: set[tuple[int, int]] = set()
    people = list(range(participants))
    while len(pairs) < meetings:
        a, b = rng.choices(people, weights=weights, k=2)
        pair = (min(a, b), max(a, b))
        if a == b or pair in pairs or load[a] >= max_meetings or load[b] >= max_meetings:
            continue
        pairs.add(pair)
        load[a] += 1
        load[b] += 1
    forbidden: dict[int, frozenset[int]] = {}
    for p in people:
        free = slots - load[p]
        if free >= 2 and rng.random() < 0.1:
            # Someone arriving late or leaving early: a block at either end of the day.
            span = rng.randint(1, min(3, free - 1))
            block = range(1, span + 1) if rng.random() < 0.5 else range(slots - span + 1, slots + 1)
            forbidden[p] = frozenset(block)
    meeting_list = []
    for number, (a, b) in enumerate(sorted(pairs), start=1):
        roll = rng.random()
        session = (
            Session.MORNING if roll < 0.1 else Session.AFTERNOON if roll < 0.2 else Session.ANY
        )
        meeting_list.append(Meeting(id=number, participants=(a + 1, b + 1), session=session))
    tables = -(-meetings // slots) * 11 // 10  # a tenth more tables than the average need
    return Problem(
        slots=slots,
        morning_slots=morning,
        tables=tables,
        participants=tuple(
            Participant(id=p + 1, forbidden=forbidden.get(p, frozenset())) for p in people
        ),
        meetings=tuple(meeting_list),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=10000)
    parser.add_argument("--slots", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--save", type=Path, help="also write the problem as our JSON format")
    args = parser.parse_args(argv)

    started = time.monotonic()
    problem = generate(
        participants=args.participants, meetings=args.meetings, slots=args.slots, seed=args.seed
    )
    generated = time.monotonic() - started
    if args.save:
        args.save.write_text(json.dumps(problem_to_json(problem)), encoding="utf-8")
    print(f"machine: {machine()}")
    print(
        f"problem: {len(problem.participants)} participants, {len(problem.meetings)} meetings, "
        f"{problem.slots} slots ({problem.morning_slots} morning), {problem.tables} tables, "
        f"seed {args.seed}; generated in {generated:.1f}s"
    )
    print(f"setup: {args.workers} workers, time limit {args.time_limit:g}s, fairness d = 2")

    def progress(message: str) -> None:
        print(f"  {message}", flush=True)

    started = time.monotonic()
    result = schedule(problem, time_limit=args.time_limit, workers=args.workers, progress=progress)
    seconds = time.monotonic() - started
    print(
        f"status {result.status.value}: {len(result.placements)} meetings scheduled, "
        f"{len(result.unscheduled)} unscheduled, {result.breaks} breaks, bound {result.bound}"
    )
    if result.breaks is not None and result.bound is not None:
        gap = result.breaks - result.bound
        share = gap / result.breaks if result.breaks else 0.0
        print(f"gap to the bound: {gap} breaks ({share:.1%}); wall time {seconds:.1f}s")
    else:
        print(f"no schedule ({result.reason}); wall time {seconds:.1f}s")
    print(f"schedule --check: {check_output(problem, result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
