"""Start-up of `regionforum schedule` as a process: --help, and two small instances.

Each command runs as its own process, the way an organiser or a script calls it, and the
median and worst wall time of several runs are printed. The instances are built here: a
trivial one (two meetings, solved without breaks by the first heuristic) and a small one with
a forced break (six participants, where the solvers are loaded and run).

    .venv/bin/python benchmarks/schedule_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# benchmarks/ is not a package; the machine description is shared with the B2B benchmark.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from schedule_b2b import machine

TRIVIAL = """nBusiness = 3; nMeetings = 2; nTables = 1; nTotalSlots = 3; nMorningSlots = 3;
requested = [|1, 2, 3, |1, 3, 3, |];
forbidden = [{0},{0},{0}]; fixed = [0,0]; precedences = [{},{}];
"""
# Meeting 5 is afternoon-only and participant 2 meets in slots 1 and 3: one break at best.
SMALL = """nBusiness = 6; nMeetings = 5; nTables = 2; nTotalSlots = 4; nMorningSlots = 2;
requested = [|1, 2, 1, |1, 3, 3, |2, 3, 2, |3, 4, 3, |5, 6, 2, |];
forbidden = [{0},{0},{0},{0},{0},{3}]; fixed = [0,0,0,4,0]; precedences = [{},{1},{},{},{}];
"""


def timed(command: list[str], runs: int) -> tuple[float, float]:
    """Median and worst wall time of the command; it must exit 0."""
    times = []
    for _ in range(runs):
        started = time.monotonic()
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603
        times.append(time.monotonic() - started)
    return statistics.median(times), max(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    base = [sys.executable, "-m", "regionforum", "schedule"]
    print(f"machine: {machine()}")
    print(f"setup: {args.runs} runs of each command, each its own process")
    with tempfile.TemporaryDirectory() as folder:
        trivial, small = Path(folder) / "trivial.dzn", Path(folder) / "small.dzn"
        trivial.write_text(TRIVIAL, encoding="utf-8")
        small.write_text(SMALL, encoding="utf-8")
        out = str(Path(folder) / "out.json")
        commands = {
            "schedule --help": [*base, "--help"],
            "trivial instance": [*base, str(trivial), "--out", out, "--quiet"],
            "small instance, one break": [*base, str(small), "--out", out, "--quiet"],
        }
        for label, command in commands.items():
            median, worst = timed(command, args.runs)
            print(f"{label:<28} median {median:5.2f}s  worst {worst:5.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
