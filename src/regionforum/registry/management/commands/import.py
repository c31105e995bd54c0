import json
import logging
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from regionforum.registry.errors import ImportFailed, RegistryError
from regionforum.registry.imports import ImportReport, import_run, reporter_country

logger = logging.getLogger(__name__)

TOTALS = ("rows", "created", "merged", "unchanged", "updated", "removed", "review", "rejected")


class Command(BaseCommand):
    help = _(
        "Import agreement sheets (CSV, XLSX, ODS). Exit 0 when every row went in, 1 when rows "
        "were rejected, 2 when a file cannot be read or the arguments are wrong."
    )
    # Django's system checks ask SQLite whether it supports JSON inside an immediate (writing)
    # transaction, which gives up after five seconds while another import writes, and then fail
    # the command with a false "SQLite does not support JSONFields". An import waits for the
    # other one instead (see imports.pipeline); `regionforum check` runs the checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--reporter",
            default="",
            help=_("who sent the files: BY, RU or a region code such as RU-SMO"),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("check and report, write nothing")
        )
        parser.add_argument(
            "--partial", action="store_true", help=_("import the valid rows of a file with errors")
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help=_("print the result as JSON")
        )

    def handle(self, *args, files, reporter, dry_run, partial, as_json, **options):
        _require_migrated()
        try:
            reporter_country(code=reporter)
        except RegistryError as exc:
            raise CommandError(exc.message, returncode=2) from None
        reports: list[ImportReport] = []
        failures: list[dict[str, object]] = []
        for name in files:
            path = Path(name)
            try:
                reports.append(
                    import_run(
                        path=path,
                        reporter=reporter,
                        partial=partial,
                        dry_run=dry_run,
                        waiting=lambda path=path: self._say_waiting(path),
                    )
                )
            except (ImportFailed, RegistryError) as exc:
                failures.append(
                    {"file": path.name, "row": None, "column": None, "message": exc.message}
                )
            except DatabaseError as exc:
                # The operator's log says what failed; the traceback only at the debug level,
                # so that none reaches the person at the terminal.
                logger.error("import of %s could not be written: %s", path, exc)
                logger.debug("import of %s could not be written", path, exc_info=True)
                failures.append(
                    {
                        "file": path.name,
                        "row": None,
                        "column": None,
                        "message": _(
                            "The registry could not be written; nothing from this file was "
                            "stored. Try again, and tell the administrator if it happens again."
                        ),
                    }
                )
            except Exception as exc:
                # The reader turns every unreadable file into ImportFailed, so this is a fault of
                # ours: say so, and what it was, rather than blame the file. The traceback goes
                # to the log, not to the person at the terminal.
                logger.error("import of %s failed: %r", path, exc)
                logger.debug("import of %s failed", path, exc_info=True)
                failures.append(
                    {
                        "file": path.name,
                        "row": None,
                        "column": None,
                        "message": _(
                            "The import stopped on an internal error (%(error)s); nothing from "
                            "this file was stored. The error was logged; tell the administrator."
                        )
                        % {"error": type(exc).__name__},
                    }
                )
        if as_json:
            self._print_json(reports, failures, dry_run)
        else:
            self._print_text(reports, failures, dry_run)
        if failures:
            sys.exit(2)
        if any(report.rejected for report in reports):
            sys.exit(1)

    def _say_waiting(self, path):
        # On stderr, so that --json output stays one document.
        self.stderr.write(
            _(
                "%(file)s: another import is writing to the registry; this one waits for it to "
                "finish and then continues."
            )
            % {"file": path.name}
        )

    def _print_json(self, reports, failures, dry_run):
        result: dict[str, object] = {
            name: sum(getattr(report, name) for report in reports) for name in TOTALS
        }
        result["errors"] = failures + [
            {
                "file": error.file,
                "row": error.row,
                "column": error.column,
                "message": error.message,
                "value": error.value,
            }
            for report in reports
            for error in report.errors
        ]
        result["warnings"] = [warning for report in reports for warning in report.warnings]
        result["removals"] = [removal for report in reports for removal in report.removals]
        result["dry_run"] = dry_run
        # Per-file totals; the errors are listed above and the row preview is the web page's.
        result["files"] = [
            {
                key: value
                for key, value in report.as_dict().items()
                if key not in {"errors", "preview", "removals", "outcomes"}
            }
            for report in reports
        ]
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _print_text(self, reports, failures, dry_run):
        for failure in failures:
            self.stderr.write(f"{failure['file']}: {failure['message']}")
        for report in reports:
            for warning in report.warnings:
                self.stderr.write(f"{report.file}: {warning}")
            for error in report.errors:
                self.stderr.write(
                    _('%(file)s, row %(row)s, column "%(column)s": %(message)s')
                    % {
                        "file": error.file,
                        "row": error.row,
                        "column": error.column,
                        "message": error.message,
                    }
                )
            if report.rejected and not report.written and not dry_run:
                outcome = _("nothing was imported; correct the rows or use --partial")
            elif dry_run:
                outcome = _("dry run, nothing was written")
            else:
                outcome = _("imported")
            self.stdout.write(
                _(
                    "%(file)s: %(rows)s rows: %(created)s new agreements, %(merged)s merged, "
                    "%(unchanged)s unchanged, %(updated)s updated, %(removed)s removed, "
                    "%(review)s to review, %(rejected)s rejected (%(outcome)s)."
                )
                % {
                    **{name: getattr(report, name) for name in TOTALS},
                    "file": report.file,
                    "outcome": outcome,
                }
            )
            for removal in report.removals:
                self.stdout.write(self._removal_text(removal))

    @staticmethod
    def _removal_text(removal):
        if removal["agreement_withdrawn"]:
            outcome = _("withdrawn, and agreement %(agreement)s with it") % removal
        else:
            outcome = _("withdrawn; agreement %(agreement)s is still reported by other rows") % (
                removal
            )
        return _(
            '  row %(row)s (ref "%(ref)s") "%(title)s" is no longer in the file: %(outcome)s.'
        ) % {
            **removal,
            "outcome": outcome,
        }


def _require_migrated() -> None:
    """Refuse, with the fix in words, to import into a database that is not set up."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(
            _("The database is not set up yet: run “regionforum migrate” first."), returncode=2
        )
