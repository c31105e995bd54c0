"""`regionforum schedule PROBLEM --out FILE [--time-limit S] [--fairness D]`, without Django.

Exit codes: 0 a schedule was found; 1 the problem is infeasible (the reason is on stderr and in
the output); 2 the problem file can't be read or is malformed, or the arguments are wrong;
3 no schedule within the time limit (not proven infeasible).

`regionforum schedule --check SCHEDULE.json PROBLEM [--fairness D]` verifies a schedule file
instead: it prints the breaks and every violation; exit 0 valid, 1 not, 2 a file can't be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn, TextIO

from regionforum.scheduling.check import check_schedule
from regionforum.scheduling.dzn import parse_dzn
from regionforum.scheduling.jsonio import parse_problem_json, schedule_to_json
from regionforum.scheduling.problem import Problem, ProblemError, Status
from regionforum.scheduling.progress import Progress
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
# --check
EXIT_VALID = 0
EXIT_INVALID = 1


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
    parser.add_argument("--out", help="where to write the schedule JSON ('-': stdout)")
    parser.add_argument(
        "--check",
        metavar="SCHEDULE",
        help="verify this schedule file against PROBLEM instead of scheduling",
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
        help="most minus fewest breaks of any two participants (default: the problem's own "
        f"fairness, else {DEFAULT_FAIRNESS}; with --check, the schedule file's own first)",
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
        check_path=args.check,
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
    out_path: str | None,
    check_path: str | None = None,
    time_limit: float,
    fairness: int | None,
    workers: int,
    quiet: bool,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """The command itself, shared by run() and the Django management command."""
    if fairness is not None and fairness < 0:
        print("regionforum schedule: error: --fairness must not be negative", file=stderr)
        return EXIT_BAD_INPUT
    if check_path is not None:
        return check(
            schedule_path=Path(check_path),
            problem_path=problem_path,
            fairness=fairness,
            stdout=stdout,
            stderr=stderr,
        )
    if out_path is None:
        print(
            "regionforum schedule: error: the following arguments are required: --out "
            "(or --check SCHEDULE)",
            file=stderr,
        )
        return EXIT_BAD_INPUT
    if time_limit <= 0 or workers < 1:
        print(
            "regionforum schedule: error: --time-limit must be positive and --workers at least 1",
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

    def progress(report: Progress) -> None:
        print(report.message, file=stderr, flush=True)

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


def check(
    *, schedule_path: Path, problem_path: Path, fairness: int | None, stdout: TextIO, stderr: TextIO
) -> int:
    """`--check`: judge a schedule file against its problem, in words."""
    try:
        problem = read_problem(problem_path)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"regionforum schedule: cannot read {problem_path}: {exc}", file=stderr)
        return EXIT_BAD_INPUT
    except ProblemError as exc:
        print(f"regionforum schedule: {problem_path}: {exc}", file=stderr)
        return EXIT_BAD_INPUT
    try:
        text = schedule_path.read_text(encoding="utf-8")
        verdict = check_schedule(problem, text, fairness=fairness)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"regionforum schedule: cannot read {schedule_path}: {exc}", file=stderr)
        return EXIT_BAD_INPUT
    except ProblemError as exc:
        print(f"regionforum schedule: {schedule_path}: {exc}", file=stderr)
        return EXIT_BAD_INPUT
    print(f"breaks: {verdict.breaks}", file=stdout)
    if not verdict.violations:
        print("valid: the schedule meets every rule of the problem", file=stdout)
        return EXIT_VALID
    count = len(verdict.violations)
    print(f"invalid: {count} violation{'s' if count > 1 else ''}", file=stdout)
    for violation in verdict.violations:
        print(f"- {violation}", file=stdout)
    return EXIT_INVALID
