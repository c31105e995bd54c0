"""The published variants of the B2B benchmark (JAIR 74, 2022, section 7.4): 100 files.

Each variant is one of the 20 instances with forbidden slots, fixed meetings or precedences,
and `expected.json` beside them holds its published result at fairness d = 2: the optimum
number of breaks, or "infeasible". A variant matches when we prove the same: optimal at that
number of breaks, or infeasible. Prints, per file, the expected and the obtained result, the
match, the seconds and the `schedule --check` verdict on the output file (or the reason of an
infeasibility); then how many match, the total time and the slowest.

    .venv/bin/python benchmarks/schedule_variants.py [--variants DIR] [--time-limit 60]
        [--process] [NAME ...]

A NAME is a file name without `.dzn` (forum-13.prec15) or a part of one (prec15, tic-12.):
every variant whose name contains it runs. `--process` runs each variant as its own
`regionforum schedule` process, as a user would, and times the whole process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from regionforum.scheduling.check import check_schedule
from regionforum.scheduling.dzn import parse_dzn
from regionforum.scheduling.problem import Problem

# benchmarks/ is not a package; the machine and the instances' folder come from the B2B one.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from schedule_b2b import DEFAULT_INSTANCES, check_output, machine

DEFAULT_VARIANTS = DEFAULT_INSTANCES / "variants"
# The limit for one variant.
PER_VARIANT_LIMIT = 60.0


def select(expected: dict[str, object], names: list[str]) -> list[str]:
    """The variants to run: all, or those whose name contains one of names."""
    chosen = sorted(expected)
    return [n for n in chosen if any(part in n for part in names)] if names else chosen


def run_in_process(
    problem: Problem, *, time_limit: float, workers: int, fairness: int
) -> tuple[str, int | None, str]:
    """Status, breaks and the check verdict (or the reason), scheduling in this process."""
    from regionforum.scheduling.scheduler import schedule

    result = schedule(problem, fairness=fairness, time_limit=time_limit, workers=workers)
    if result.status.value == "infeasible":
        return "infeasible", None, result.reason or ""
    return result.status.value, result.breaks, check_output(problem, result)


def run_as_process(
    path: Path, problem: Problem, *, time_limit: float, workers: int, fairness: int
) -> tuple[str, int | None, str]:
    """The same, through `regionforum schedule` in a process of its own."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "schedule.json"
        command = [
            sys.executable,
            "-m",
            "regionforum",
            "schedule",
            str(path),
            "--out",
            str(out),
            "--time-limit",
            f"{time_limit:g}",
            "--workers",
            str(workers),
            "--fairness",
            str(fairness),
            "--quiet",
        ]
        finished = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if not out.exists():
            return "error", None, finished.stderr.strip().splitlines()[-1:][0]
        text = out.read_text(encoding="utf-8")
    document = json.loads(text)
    if document["status"] == "infeasible":
        return "infeasible", None, document.get("reason") or ""
    verdict = check_schedule(problem, text, fairness=fairness)
    return document["status"], document["breaks"], "; ".join(verdict.violations) or "ok"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="variant names, or parts of them (default all)")
    parser.add_argument("--variants", type=Path, default=DEFAULT_VARIANTS)
    parser.add_argument("--time-limit", type=float, default=PER_VARIANT_LIMIT)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fairness", type=int, default=2)
    parser.add_argument(
        "--process", action="store_true", help="run each variant as its own process"
    )
    args = parser.parse_args(argv)

    expected_file = args.variants / "expected.json"
    try:
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"cannot read {expected_file}: {exc}", file=sys.stderr)
        return 2
    names = select(expected, args.names)
    if not names:
        print(f"no variant in {expected_file} matches {' '.join(args.names)}", file=sys.stderr)
        return 2
    print(f"machine: {machine()}")
    print(
        f"setup: {args.workers} workers, time limit {args.time_limit:g}s, fairness d = "
        f"{args.fairness}, {'a process per variant' if args.process else 'in process'}, "
        f"variants from {args.variants}"
    )
    header = (
        f"{'variant':<28} {'expected':>10} {'got':>10} {'status':<10} {'match':<5} "
        f"{'seconds':>7}  check or reason"
    )
    print(header)
    print("-" * len(header))
    total = 0.0
    matches = over = 0
    slowest = ("", 0.0)
    for name in names:
        path = args.variants / f"{name}.dzn"
        problem = parse_dzn(path.read_text(encoding="utf-8"))
        started = time.monotonic()
        if args.process:
            status, breaks, note = run_as_process(
                path,
                problem,
                time_limit=args.time_limit,
                workers=args.workers,
                fairness=args.fairness,
            )
        else:
            status, breaks, note = run_in_process(
                problem, time_limit=args.time_limit, workers=args.workers, fairness=args.fairness
            )
        seconds = time.monotonic() - started
        total += seconds
        slowest = max(slowest, (name, seconds), key=lambda item: item[1])
        over += seconds > PER_VARIANT_LIMIT
        want = expected[name]
        got = "infeasible" if status == "infeasible" else "-" if breaks is None else str(breaks)
        if want == "infeasible":
            match = status == "infeasible"
        else:
            match = status == "optimal" and breaks == want and note == "ok"
        matches += match
        print(
            f"{name:<28} {want!s:>10} {got:>10} {status:<10} {'yes' if match else 'NO':<5} "
            f"{seconds:>7.1f}  {note}",
            flush=True,
        )
    print("-" * len(header))
    print(
        f"matches: {matches} of {len(names)}; total {total:.1f}s; slowest {slowest[0]} "
        f"{slowest[1]:.1f}s; over {PER_VARIANT_LIMIT:g}s: {over}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
