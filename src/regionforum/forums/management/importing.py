"""What the `participants import` and `requests import` commands share: running one import
of a programme sheet and reporting it as `regionforum import` does (its JSON and exit codes)."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from regionforum.forums.errors import ProgrammeError, ProgrammeImportFailed

if TYPE_CHECKING:
    from regionforum.forums.imports import ImportReport
    from regionforum.forums.models import Forum

logger = logging.getLogger(__name__)

TOTALS = ("rows", "created", "updated", "unchanged", "rejected")


def forum_of(number: int) -> Forum:
    from regionforum.forums.selectors import forum_get

    try:
        return forum_get(number=number)
    except ProgrammeError as exc:
        raise CommandError(exc.message, returncode=2) from None
    except DatabaseError:
        raise CommandError(
            _("The database is not set up yet: run “regionforum migrate” first."), returncode=2
        ) from None


def import_and_report(
    command: BaseCommand,
    *,
    path: Path,
    run: Callable[[], ImportReport],
    as_json: bool,
) -> None:
    """Run one import, print its result, and exit 0, 1 (rows rejected) or 2 (file unreadable)."""
    report: ImportReport | None = None
    failure: str | None = None
    try:
        report = run()
    except ProgrammeImportFailed as exc:
        failure = exc.message
    except DatabaseError as exc:
        logger.error("import of %s could not be written: %s", path, exc)
        logger.debug("import of %s could not be written", path, exc_info=True)
        failure = _(
            "The programme could not be written; nothing from this file was stored. Try again, "
            "and tell the administrator if it happens again."
        )
    if as_json:
        command.stdout.write(
            json.dumps(_result(path, report, failure), ensure_ascii=False, indent=2)
        )
    else:
        _print_text(command, path, report, failure)
    if failure is not None:
        sys.exit(2)
    if report is not None and report.rejected:
        sys.exit(1)


def _result(path: Path, report: ImportReport | None, failure: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {name: getattr(report, name, 0) for name in TOTALS}
    result["written"] = bool(report and report.written)
    errors: list[dict[str, Any]] = []
    if failure is not None:
        errors.append({"file": path.name, "row": None, "column": None, "message": failure})
    if report is not None:
        errors.extend(
            {
                "file": error.file,
                "row": error.row,
                "column": error.column,
                "message": error.message,
                "value": error.value,
            }
            for error in report.errors
        )
    result["errors"] = errors
    result["warnings"] = report.warnings if report else []
    return result


def _print_text(
    command: BaseCommand, path: Path, report: ImportReport | None, failure: str | None
) -> None:
    if failure is not None:
        command.stderr.write(f"{path.name}: {failure}")
    if report is None:
        return
    for warning in report.warnings:
        command.stderr.write(f"{report.file}: {warning}")
    for error in report.errors:
        command.stderr.write(
            _('%(file)s, row %(row)s, column "%(column)s": %(message)s')
            % {
                "file": error.file,
                "row": error.row,
                "column": error.column,
                "message": error.message,
            }
        )
    if report.written:
        outcome = _("imported")
    else:
        outcome = _("nothing was imported; correct the rows or use --partial")
    command.stdout.write(
        _(
            "%(file)s: %(rows)s rows: %(created)s new, %(updated)s updated, %(unchanged)s "
            "unchanged, %(rejected)s rejected (%(outcome)s)."
        )
        % {
            **{name: getattr(report, name) for name in TOTALS},
            "file": report.file,
            "outcome": outcome,
        }
    )
