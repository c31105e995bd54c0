"""The B2B meeting-scheduling benchmark of Bofill et al. (JAIR 74, 2022): 20 instances.

Runs `regionforum.scheduling.schedule` on every `.dzn` file and prints, per instance, the
published optimum and time beside ours, with the proven bound and the status; then the machine.

    .venv/bin/python benchmarks/schedule_b2b.py [--instances DIR] [--time-limit 60 ...]
        [--process] [NAME ...]

`--process` runs each instance as its own `regionforum schedule` process, as a user would,
and times the whole process. Several limits (`--time-limit 5 20`) print a table each, with
the issue's target for that limit: within 20% of the optimum at 5 s, within 2 breaks at 20 s,
proven optimal at 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from regionforum.scheduling.check import check_schedule
from regionforum.scheduling.cli import format_output
from regionforum.scheduling.dzn import parse_dzn
from regionforum.scheduling.jsonio import schedule_to_json
from regionforum.scheduling.problem import Problem, Schedule, Status
from regionforum.scheduling.scheduler import schedule

REPO = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCES = REPO.parent / "shared" / "benchmarks" / "b2b-jair2022"
# The anytime targets: at 5 s within 20% of the optimum, at 20 s within 2 breaks,
# and at the default limit the optimum proven.
PROVE_LIMIT = 60.0
NEAR_LIMIT = 20.0
NEAR_BREAKS = 2
ROUGH_SHARE = 0.2
_ROW = re.compile(r"^\|\s*([\w-]+)\s*\|(?:\s*\d+\s*\|){4}\s*(\d+)\s*\|\s*([\d.]+)\s*\|\s*$")


def published_results(folder: Path) -> dict[str, tuple[int, float]]:
    """Optimum and best published time per instance, from the table in the folder's README."""
    readme = folder / "README.md"
    if not readme.exists():
        return {}
    results = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            results[match.group(1)] = (int(match.group(2)), float(match.group(3)))
    return results


def instance_files(folder: Path, names: list[str]) -> list[Path]:
    """The folder's .dzn instances, sorted; only the named ones if names are given."""
    files = sorted(folder.glob("*.dzn"))
    return [f for f in files if f.name.split(".")[0] in names] if names else files


def check_output(problem: Problem, result: Schedule) -> str:
    """`schedule --check` on the output file the CLI would write: "ok", "-" or the violations.

    "-" means there is no schedule to check (infeasible, or none found).
    """
    if result.status is Status.INFEASIBLE or not result.placements:
        return "-"
    document = format_output(schedule_to_json(result))
    verdict = check_schedule(problem, document, fairness=result.fairness)
    return "; ".join(verdict.violations) if verdict.violations else "ok"


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    speed = ""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        cpuinfo = ""
    for line in cpuinfo.splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
        elif line.startswith("cpu MHz") and not speed:
            speed = f", {float(line.split(':', 1)[1]):.0f} MHz"
    from ortools import __version__ as ortools_version

    return (
        f"{model}{speed}, {os.cpu_count()} logical CPUs; Python {platform.python_version()}, "
        f"OR-Tools {ortools_version}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="instance names (default: all)")
    parser.add_argument("--instances", type=Path, default=DEFAULT_INSTANCES)
    parser.add_argument(
        "--time-limit",
        type=float,
        nargs="+",
        default=[60.0],
        help="one or more limits in seconds; each gets its own table (default 60)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fairness", type=int, default=2)
    parser.add_argument(
        "--process", action="store_true", help="run each instance as its own process"
    )
    args = parser.parse_args(argv)

    files = instance_files(args.instances, args.names)
    if not files:
        print(f"no .dzn instances in {args.instances}", file=sys.stderr)
        return 2
    published = published_results(args.instances)
    print(f"machine: {machine()}")
    for limit in args.time_limit:
        print()
        print(
            f"setup: {args.workers} workers, time limit {limit:g}s, fairness d = "
            f"{args.fairness}, {'a process per instance' if args.process else 'in process'}, "
            f"instances from {args.instances}; target: {_target_text(limit)}"
        )
        run_table(args, files, published, limit)
    return 0


def run_table(
    args: argparse.Namespace,
    files: list[Path],
    published: dict[str, tuple[int, float]],
    limit: float,
) -> None:
    """One row per instance at this time limit, then the totals."""
    header = (
        f"{'instance':<16} {'optimum':>7} {'ours':>5} {'bound':>5} {'status':<10} "
        f"{'seconds':>8} {'published s':>11}  target check"
    )
    print(header)
    print("-" * len(header))
    total = 0.0
    met = checked = proven_count = 0
    for path in files:
        name = path.name.split(".")[0]
        problem = parse_dzn(path.read_text(encoding="utf-8"))
        started = time.monotonic()
        if args.process:
            status, breaks, bound, check = run_as_process(
                path, problem, time_limit=limit, workers=args.workers, fairness=args.fairness
            )
        else:
            result = schedule(
                problem, fairness=args.fairness, time_limit=limit, workers=args.workers
            )
            status, breaks, bound = result.status.value, result.breaks, result.bound
            check = check_output(problem, result)
        seconds = time.monotonic() - started
        total += seconds
        optimum, published_time = published.get(name, (None, None))
        proven_count += status == "optimal" and breaks == optimum
        reached = _target_met(limit, status, breaks, optimum)
        met += reached
        checked += check == "ok"
        print(
            f"{name:<16} {_show(optimum):>7} {_show(breaks):>5} {_show(bound):>5} "
            f"{status:<10} {seconds:>8.1f} {_show(published_time):>11}  "
            f"{'yes' if reached else 'no':<6} {check}",
            flush=True,
        )
    print("-" * len(header))
    published_total = sum(t for _, t in published.values())
    print(
        f"limit {limit:g}s: target met on {met} of {len(files)}; proven optimal at the "
        f"published optimum: {proven_count}; passed --check: {checked}; "
        f"total {total:.1f}s (published best: {published_total:.1f}s)"
    )


def run_as_process(
    path: Path, problem: Problem, *, time_limit: float, workers: int, fairness: int
) -> tuple[str, int | None, int | None, str]:
    """Status, breaks, bound and the check verdict, through `regionforum schedule`."""
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
            lines = finished.stderr.strip().splitlines() or ["no output"]
            return "error", None, None, lines[-1]
        text = out.read_text(encoding="utf-8")
    document = json.loads(text)
    if document["status"] in ("infeasible", "unknown"):
        return document["status"], None, document.get("bound"), "-"
    verdict = check_schedule(problem, text, fairness=fairness)
    return (
        document["status"],
        document["breaks"],
        document.get("bound"),
        "; ".join(verdict.violations) or "ok",
    )


def _target_text(limit: float) -> str:
    if limit >= PROVE_LIMIT:
        return "proven optimal"
    if limit >= NEAR_LIMIT:
        return f"within {NEAR_BREAKS} breaks of the optimum"
    return f"within {ROUGH_SHARE:.0%} of the optimum"


def _target_met(limit: float, status: str, breaks: int | None, optimum: int | None) -> bool:
    """The issue's anytime targets: 20% at 5 s, 2 breaks at 20 s, the proof at 60 s."""
    if breaks is None or optimum is None:
        return False
    if limit >= PROVE_LIMIT:
        return status == "optimal" and breaks == optimum
    if limit >= NEAR_LIMIT:
        return breaks <= optimum + NEAR_BREAKS
    return breaks <= optimum * (1 + ROUGH_SHARE)


def _show(value: object) -> str:
    return "-" if value is None else str(value)


if __name__ == "__main__":
    sys.exit(main())
