"""`regionforum strategy import FILE [--partial] [--json]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _(
        "The strategy to 2030. `import` reads a sheet (CSV, XLSX, ODS) of programmes, projects, "
        "milestones and indicator values; exit 0 when every row went in, 1 when rows were "
        "rejected, 2 when the file cannot be read or the arguments are wrong. `priorities` loads "
        "the strategy's priorities."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help=_("import a strategy sheet"))
        load.add_argument("file", metavar="FILE")
        load.add_argument(
            "--partial", action="store_true", help=_("import the valid rows of a file with errors")
        )
        load.add_argument(
            "--json", action="store_true", dest="as_json", help=_("print the result as JSON")
        )
        actions.add_parser("priorities", help=_("load the strategy's priorities"))

    def handle(self, *args: Any, **options: Any) -> None:
        from regionforum.forums.management.importing import import_and_report
        from regionforum.strategy.imports import strategy_import_run
        from regionforum.strategy.services import themes_load

        # The priorities a sheet names must be there first; loading them changes nothing twice.
        count = themes_load()
        if options["action"] == "priorities":
            self.stdout.write(_("%(count)d priorities of the strategy.") % {"count": count})
            return
        path = Path(options["file"])
        import_and_report(
            self,
            path=path,
            run=lambda: strategy_import_run(path=path, partial=options["partial"]),
            as_json=options["as_json"],
        )
