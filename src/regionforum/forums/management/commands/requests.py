"""`regionforum requests import FILE --forum N [--json]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _(
        "A forum's meeting requests. `import` reads a sheet (CSV, XLSX, ODS) with columns from, "
        "to, priority and status by participant ref; exit 0 when every row went in, 1 when rows "
        "were rejected (then nothing is written), 2 when the file cannot be read or the "
        "arguments are wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help=_("import a sheet of meeting requests"))
        load.add_argument("file", metavar="FILE")
        load.add_argument("--forum", type=int, required=True, help=_("the forum's number"))
        load.add_argument(
            "--json", action="store_true", dest="as_json", help=_("print the result as JSON")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from regionforum.forums.imports.requests import requests_import_run
        from regionforum.forums.management.importing import forum_of, import_and_report

        forum = forum_of(options["forum"])
        path = Path(options["file"])
        import_and_report(
            self,
            path=path,
            run=lambda: requests_import_run(path=path, forum=forum),
            as_json=options["as_json"],
        )
