"""`regionforum schedule`: schedule B2B meetings from a problem file (see docs/scheduling.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Schedule B2B meetings into slots and tables (JSON or MiniZinc .dzn problem)."

    def add_arguments(self, parser: CommandParser) -> None:
        from regionforum.scheduling.cli import add_arguments

        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from regionforum.scheduling.cli import execute

        code = execute(
            problem_path=Path(options["problem"]),
            out_path=options["out"],
            check_path=options["check"],
            time_limit=options["time_limit"],
            fairness=options["fairness"],
            workers=options["workers"],
            quiet=options["quiet"],
            stdout=sys.stdout,
            stderr=sys.stderr,
        )
        if code:
            # CommandError would always exit 1; the contract needs 1, 2 and 3 to differ.
            sys.exit(code)
