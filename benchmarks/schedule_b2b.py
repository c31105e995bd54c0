"""The B2B meeting-scheduling benchmark of Bofill et al. (JAIR 74, 2022): 20 instances.

Runs `regionforum.scheduling.schedule` on every `.dzn` file and prints, per instance, the
published optimum and time beside ours, with the proven bound and the status; then the machine.

    .venv/bin/python benchmarks/schedule_b2b.py [--instances DIR] [--time-limit 60] [NAME ...]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
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
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fairness", type=int, default=2)
    args = parser.parse_args(argv)

    files = instance_files(args.instances, args.names)
    if not files:
        print(f"no .dzn instances in {args.instances}", file=sys.stderr)
        return 2
    published = published_results(args.instances)
    print(f"machine: {machine()}")
    print(
        f"setup: {args.workers} workers, time limit {args.time_limit:g}s, "
        f"fairness d = {args.fairness}, instances from {args.instances}"
    )
    header = (
        f"{'instance':<16} {'optimum':>7} {'ours':>5} {'bound':>5} {'status':<10} "
        f"{'seconds':>8} {'published s':>11}  match check"
    )
    print(header)
    print("-" * len(header))
    total = 0.0
    matched = checked = 0
    for path in files:
        name = path.name.split(".")[0]
        problem = parse_dzn(path.read_text(encoding="utf-8"))
        started = time.monotonic()
        result = schedule(
            problem, fairness=args.fairness, time_limit=args.time_limit, workers=args.workers
        )
        seconds = time.monotonic() - started
        total += seconds
        optimum, published_time = published.get(name, (None, None))
        proven = result.status.value == "optimal" and result.breaks == optimum
        matched += proven
        check = check_output(problem, result)
        checked += check == "ok"
        print(
            f"{name:<16} {_show(optimum):>7} {_show(result.breaks):>5} {_show(result.bound):>5} "
            f"{result.status.value:<10} {seconds:>8.1f} {_show(published_time):>11}  "
            f"{'yes' if proven else 'no':<5} {check}",
            flush=True,
        )
    print("-" * len(header))
    published_total = sum(t for _, t in published.values())
    print(
        f"proven optimal at the published optimum: {matched} of {len(files)}; "
        f"passed --check: {checked}; "
        f"total {total:.1f}s (published best: {published_total:.1f}s)"
    )
    return 0


def _show(value: object) -> str:
    return "-" if value is None else str(value)


if __name__ == "__main__":
    sys.exit(main())
