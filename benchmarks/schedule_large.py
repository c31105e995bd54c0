"""Large generated forums, each scheduled once: breaks, proven bound, gap and time.

Each case is a seeded random problem shaped like a big forum (a few busy hosts, many
participants with a handful of meetings, some session restrictions and forbidden slots):
- `forum`: 2,000 participants, 10,000 meetings, 16 slots over 2 days (the issue's target:
  at most 1.5 times the bound within 2 minutes);
- `mid`: 500 participants, 2,500 meetings, 16 slots (target: optimal or within 5%);
- `skewed`: 2,000 participants, 6,402 meetings, 40 slots, 300 tables, where a few
  participants are requested by many (the issue's example that once gave no schedule).

    .venv/bin/python benchmarks/schedule_large.py [CASE ...] [--time-limit 120] [--seed 1]
        [--save FILE]

Every schedule goes through `schedule --check`.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from regionforum.scheduling.jsonio import problem_to_json
from regionforum.scheduling.problem import Meeting, Participant, Problem, Session
from regionforum.scheduling.progress import Progress
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


def generate_skewed(
    *,
    participants: int,
    meetings: int,
    slots: int,
    tables: int,
    seed: int,
    stars: int = 20,
    star_share: float = 0.1,
    max_meetings: int = 12,
) -> Problem:
    """A forum where `stars` participants are asked for by many: star_share of the meetings
    each involve one of them (at most slots - 2 each), the rest as in generate."""
    rng = random.Random(seed)
    load = [0] * participants
    pairs: set[tuple[int, int]] = set()
    people = list(range(participants))
    star_cap = slots - 2
    star_meetings = min(int(meetings * star_share), stars * star_cap)
    while len(pairs) < star_meetings:
        star = rng.randrange(stars)
        other = rng.randrange(stars, participants)
        pair = (star, other)
        if pair in pairs or load[star] >= star_cap or load[other] >= max_meetings:
            continue
        pairs.add(pair)
        load[star] += 1
        load[other] += 1
    weights = [rng.paretovariate(2.0) for _ in range(participants)]
    while len(pairs) < meetings:
        a, b = rng.choices(people[stars:], weights=weights[stars:], k=2)
        pair = (min(a, b), max(a, b))
        if a == b or pair in pairs or load[a] >= max_meetings or load[b] >= max_meetings:
            continue
        pairs.add(pair)
        load[a] += 1
        load[b] += 1
    return Problem(
        slots=slots,
        morning_slots=slots // 2,
        tables=tables,
        participants=tuple(Participant(id=p + 1) for p in people),
        meetings=tuple(
            Meeting(id=number, participants=(a + 1, b + 1))
            for number, (a, b) in enumerate(sorted(pairs), start=1)
        ),
    )


CASES: dict[str, Callable[[int], Problem]] = {
    "forum": lambda seed: generate(participants=2000, meetings=10000, slots=16, seed=seed),
    "mid": lambda seed: generate(participants=500, meetings=2500, slots=16, seed=seed),
    "skewed": lambda seed: generate_skewed(
        participants=2000, meetings=6402, slots=40, tables=300, seed=seed
    ),
}


def peak_megabytes() -> float:
    """The largest resident set of this process so far (the kernel reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help=f"any of {', '.join(CASES)} (default: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--save", type=Path, help="also write the (last) problem as our JSON")
    args = parser.parse_args(argv)
    unknown = [case for case in args.cases if case not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r}; choose from {', '.join(CASES)}")
    print(f"machine: {machine()}")
    print(f"setup: {args.workers} workers, time limit {args.time_limit:g}s, fairness d = 2")
    for case in args.cases or list(CASES):
        run_case(case, args)
    return 0


def run_case(case: str, args: argparse.Namespace) -> None:
    """Generate one case, schedule it, and print its figures."""
    started = time.monotonic()
    problem = CASES[case](args.seed)
    generated = time.monotonic() - started
    if args.save:
        args.save.write_text(json.dumps(problem_to_json(problem)), encoding="utf-8")
    print()
    print(
        f"case {case}: {len(problem.participants)} participants, {len(problem.meetings)} "
        f"meetings, {problem.slots} slots ({problem.morning_slots} morning), {problem.tables} "
        f"tables, seed {args.seed}; generated in {generated:.1f}s"
    )

    def progress(report: Progress) -> None:
        print(f"  {report.message}", flush=True)

    started = time.monotonic()
    result = schedule(problem, time_limit=args.time_limit, workers=args.workers, progress=progress)
    seconds = time.monotonic() - started
    print(
        f"status {result.status.value}: {len(result.placements)} meetings scheduled, "
        f"{len(result.unscheduled)} unscheduled, {result.breaks} breaks, bound {result.bound}"
    )
    if result.breaks is not None and result.bound is not None:
        gap = result.breaks - result.bound
        ratio = f"{result.breaks / result.bound:.2f}x the bound" if result.bound else "bound 0"
        print(
            f"gap to the bound: {gap} breaks ({ratio}); wall time {seconds:.1f}s; "
            f"peak memory {peak_megabytes():.0f} MB"
        )
    else:
        print(f"no schedule ({result.reason}); wall time {seconds:.1f}s")
    if result.reason:
        print(f"reason: {result.reason[:300]}")
    print(f"schedule --check: {check_output(problem, result)}")


if __name__ == "__main__":
    sys.exit(main())
