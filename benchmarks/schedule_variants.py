"""Variants of the 20 B2B benchmark instances, to measure how robust the scheduler is.

The published instances have one numbering and no forbidden slots, fixed meetings or
precedences, so a change tuned on them alone may not carry over. Each variant is seeded and
reproducible:

- renumber: participants and meetings renumbered at random (the same forum: the published
  optimum holds, and the time should not change much);
- forbid: one more forbidden slot for a tenth of the participants;
- fix: a twentieth of the meetings fixed at random slots of their session;
- precede: a twentieth of the meetings must follow an earlier-numbered meeting of one of their
  participants.

The last three may make an instance infeasible; that is a proven answer too. Prints a row per
variant and how many were proven (optimal or infeasible), the slowest and the total.

    .venv/bin/python benchmarks/schedule_variants.py [--kinds renumber,forbid,fix,precede]
        [--seeds 1] [--time-limit 60] [NAME ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from pathlib import Path

from regionforum.scheduling.dzn import parse_dzn
from regionforum.scheduling.problem import Participant, Problem
from regionforum.scheduling.scheduler import schedule

# benchmarks/ is not a package; the machine and the published table come from the B2B benchmark.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from schedule_b2b import DEFAULT_INSTANCES, instance_files, machine, published_results


def renumber(problem: Problem, rng: random.Random) -> Problem:
    people = [p.id for p in problem.participants]
    person = dict(zip(people, rng.sample(people, len(people)), strict=True))
    ids = [m.id for m in problem.meetings]
    meeting = dict(zip(ids, rng.sample(ids, len(ids)), strict=True))
    participants = sorted(
        (Participant(person[p.id], p.forbidden) for p in problem.participants),
        key=lambda p: p.id,
    )
    meetings = []
    for m in problem.meetings:
        first, second = sorted(person[p] for p in m.participants)
        meetings.append(
            dataclasses.replace(
                m,
                id=meeting[m.id],
                participants=(first, second),
                after=tuple(meeting[j] for j in m.after),
            )
        )
    meetings.sort(key=lambda m: m.id)
    return dataclasses.replace(problem, participants=tuple(participants), meetings=tuple(meetings))


def forbid(problem: Problem, rng: random.Random) -> Problem:
    participants = tuple(
        Participant(p.id, p.forbidden | {rng.randint(1, problem.slots)})
        if rng.random() < 0.1
        else p
        for p in problem.participants
    )
    return dataclasses.replace(problem, participants=participants)


def fix(problem: Problem, rng: random.Random) -> Problem:
    meetings = tuple(
        dataclasses.replace(m, fixed_slot=rng.choice(problem.session_slots(m.session)))
        if rng.random() < 0.05
        else m
        for m in problem.meetings
    )
    return dataclasses.replace(problem, meetings=meetings)


def precede(problem: Problem, rng: random.Random) -> Problem:
    agendas: dict[int, list[int]] = {}
    for m in problem.meetings:
        for p in m.participants:
            agendas.setdefault(p, []).append(m.id)
    meetings = []
    for m in problem.meetings:
        earlier = [j for p in m.participants for j in agendas[p] if j < m.id]
        if earlier and rng.random() < 0.05:
            m = dataclasses.replace(m, after=(rng.choice(earlier),))
        meetings.append(m)
    return dataclasses.replace(problem, meetings=tuple(meetings))


KINDS = {"renumber": renumber, "forbid": forbid, "fix": fix, "precede": precede}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="instance names (default: all)")
    parser.add_argument("--instances", type=Path, default=DEFAULT_INSTANCES)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--seeds", type=int, default=1, help="variants of each kind")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--fairness", type=int, default=2)
    args = parser.parse_args(argv)

    kinds = args.kinds.split(",")
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        print(f"unknown kind {unknown[0]!r}; choose from {', '.join(KINDS)}", file=sys.stderr)
        return 2
    files = instance_files(args.instances, args.names)
    if not files:
        print(f"no .dzn instances in {args.instances}", file=sys.stderr)
        return 2
    published = published_results(args.instances)
    print(f"machine: {machine()}")
    print(f"setup: 2 workers, time limit {args.time_limit:g}s, fairness d = {args.fairness}")
    header = f"{'variant':<28} {'status':<10} {'breaks':>6} {'bound':>5} {'seconds':>8}  note"
    print(header)
    print("-" * len(header))
    total = slowest = 0.0
    runs = proven = 0
    for kind in kinds:
        for seed in range(1, args.seeds + 1):
            for path in files:
                name = path.name.split(".")[0]
                problem = parse_dzn(path.read_text(encoding="utf-8"))
                variant = KINDS[kind](problem, random.Random(f"{name}:{kind}:{seed}"))
                started = time.monotonic()
                result = schedule(variant, fairness=args.fairness, time_limit=args.time_limit)
                seconds = time.monotonic() - started
                total += seconds
                slowest = max(slowest, seconds)
                runs += 1
                proven += result.status.value in ("optimal", "infeasible")
                note = ""
                if kind == "renumber" and name in published:
                    optimum = published[name][0]
                    same = result.breaks == optimum
                    note = "published optimum" if same else f"published: {optimum}"
                breaks = "-" if result.breaks is None else result.breaks
                bound = "-" if result.bound is None else result.bound
                print(
                    f"{f'{name}:{kind}:{seed}':<28} {result.status.value:<10} {breaks:>6} "
                    f"{bound:>5} {seconds:>8.1f}  {note}",
                    flush=True,
                )
    print("-" * len(header))
    print(f"proven: {proven} of {runs}; slowest {slowest:.1f}s, total {total:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
