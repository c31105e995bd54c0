"""`regionforum schedule PROBLEM --out FILE [--time-limit S] [--fairness D]`, without Django.

Exit codes: 0 a schedule was found; 1 the problem is infeasible (the reason is on stderr and in
the output); 2 the problem file can't be read or is malformed, or the arguments are wrong;
3 no schedule within the time limit (not proven infeasible).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn, TextIO

from regionforum.scheduling.dzn import parse_dzn
from regionforum.scheduling.jsonio import parse_problem_json, schedule_to_json
from regionforum.scheduling.problem import Problem, ProblemError, Status
from regionforum.scheduling.scheduler import (
    DEFAULT_FAIRNESS,
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    ScheduleError,
    schedule,
)

EXIT_FOUND = 0
EXIT_INFEASIBLE = 1
EXIT_BAD_INPUT = 2
EXIT_NOT_FOUND = 3


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def build_parser(prog: str = "regionforum schedule") -> argparse.ArgumentParser:
    parser = _Parser(prog=prog, description="Schedule B2B meetings into slots and tables.")
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("problem", help="our JSON problem file, or a MiniZinc .dzn file")
    parser.add_argument(
        "--out", required=True, help="where to write the schedule JSON ('-': stdout)"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        help=f"seconds; the best schedule so far is returned (default {DEFAULT_TIME_LIMIT:g})",
    )
    parser.add_argument(
        "--fairness",
        type=int,
        default=DEFAULT_FAIRNESS,
        help=f"most minus fewest breaks of any two participants (default {DEFAULT_FAIRNESS})",
    )
    parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help="solver threads (default 2)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")


def format_output(document: dict[str, object]) -> str:
    """JSON with one line per field and one line per meeting: readable and diffable."""
    lines = []
    for key, value in document.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            items = ",\n".join(f"  {json.dumps(item, ensure_ascii=False)}" for item in value)
            lines.append(f' "{key}": [\n{items}\n ]')
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}"


def read_problem(path: Path) -> Problem:
    """Read a problem by its extension: .dzn is MiniZinc data, anything else our JSON."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".dzn":
        return parse_dzn(text)
    return parse_problem_json(text)


def run(argv: list[str], *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Parse arguments, schedule, write the output; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(parser.format_usage().rstrip(), file=err)
        print(f"regionforum schedule: error: {exc}", file=err)
        return EXIT_BAD_INPUT
    return execute(
        problem_path=Path(args.problem),
        out_path=args.out,
        time_limit=args.time_limit,
        fairness=args.fairness,
        workers=args.workers,
        quiet=args.quiet,
        stdout=out,
        stderr=err,
    )


def execute(
    *,
    problem_path: Path,
    out_path: str,
    time_limit: float,
    fairness: int,
    workers: int,
    quiet: bool,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """The command itself, shared by run() and the Django management command."""
    if time_limit <= 0 or fairness < 0 or workers < 1:
        print(
            "regionforum schedule: error: --time-limit must be positive, --fairness not "
            "negative and --workers at least 1",
            file=stderr,
        )
        return EXIT_BAD_INPUT
    try:
        problem = read_problem(problem_path)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"regionforum schedule: cannot read {problem_path}: {exc}", file=stderr)
        return EXIT_BAD_INPUT
    except ProblemError as exc:
        print(f"regionforum schedule: {problem_path}: {exc}", file=stderr)
        return EXIT_BAD_INPUT

    def progress(message: str) -> None:
        print(message, file=stderr, flush=True)

    try:
        result = schedule(
            problem,
            fairness=fairness,
            time_limit=time_limit,
            workers=workers,
            progress=None if quiet else progress,
        )
    except ProblemError as exc:
        print(f"regionforum schedule: {problem_path}: {exc}", file=stderr)
        return EXIT_BAD_INPUT
    except ScheduleError as exc:
        print(f"regionforum schedule: internal error: {exc}", file=stderr)
        return EXIT_NOT_FOUND

    document = format_output(schedule_to_json(result))
    try:
        if out_path == "-":
            stdout.write(document + "\n")
        else:
            Path(out_path).write_text(document + "\n", encoding="utf-8")
    except OSError as exc:
        print(f"regionforum schedule: cannot write {out_path}: {exc}", file=stderr)
        return EXIT_BAD_INPUT

    if result.status is Status.INFEASIBLE:
        print(f"regionforum schedule: infeasible: {result.reason}", file=stderr)
        return EXIT_INFEASIBLE
    if not result.placements and result.status is Status.UNKNOWN:
        print(f"regionforum schedule: {result.reason}", file=stderr)
        return EXIT_NOT_FOUND
    print(
        f"{result.status.value}: {len(result.placements)} meetings scheduled, "
        f"{result.breaks} breaks (bound {result.bound}), {result.seconds:.1f}s",
        file=stderr,
    )
    return EXIT_FOUND
