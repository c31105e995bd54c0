"""One file's rows become agreements: read → parse → match → write, in `import_run`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext as _

from regionforum.registry.audit import Via, audit_source
from regionforum.registry.errors import RegistryError, RowError
from regionforum.registry.imports.matching import earlier_rows_match, rows_link
from regionforum.registry.imports.reading import file_digest, sheet_read
from regionforum.registry.imports.restore import backup_is, backup_read, backup_write
from regionforum.registry.imports.rows import ParsedRow, RowParser, columns_map, rows_parse
from regionforum.registry.imports.writing import Writer

if TYPE_CHECKING:
    from regionforum.accounts.models import User

Progress = Callable[[str, int, int | None], None]


@dataclass(slots=True)
class ImportReport:
    """What an import did (or, in a dry run, would do) with one file."""

    file: str
    rows: int = 0
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    updated: int = 0
    review: int = 0
    rejected: int = 0
    removed: int = 0
    written: bool = False
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The rows of the earlier import that the file no longer holds, withdrawn by this one.
    removals: list[dict[str, Any]] = field(default_factory=list)
    # The first rows and every rejected row (up to a limit), as read, for the web preview.
    preview: list[dict[str, Any]] = field(default_factory=list)
    # What became of each row written, by row number: {"outcome": new, merged, review,
    # unchanged or updated, "agreement": the id of the registry agreement it joined, if any}.
    outcomes: dict[int, dict[str, Any]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "updated": self.updated,
            "review": self.review,
            "rejected": self.rejected,
            "removed": self.removed,
            "written": self.written,
            "errors": [error.as_dict() for error in self.errors],
            "warnings": self.warnings,
            "removals": self.removals,
            "preview": self.preview,
            "outcomes": {str(row): outcome for row, outcome in self.outcomes.items()},
        }


class _DryRun(Exception):
    """Raised at the end of a dry run to roll its writes back."""


# Any constant: the key of the PostgreSQL advisory lock that imports take one at a time.
IMPORT_LOCK = 0x7265_6766  # "regf"
# How long an import on SQLite waits for another one to finish writing before it gives up; a
# large sheet takes minutes, and SQLite's own default (5 s) would fail it with "database is
# locked". PostgreSQL's advisory lock waits as long as it takes.
SQLITE_WAIT_SECONDS = 3600


@contextmanager
def _registry_transaction(
    waiting: Callable[[], None] | None, resumed: Callable[[], None] | None = None
) -> Iterator[None]:
    """One transaction in which one import at a time reconciles and writes.

    Two imports of the same rows at once would each find the other's agreements missing and
    create them twice. On PostgreSQL an advisory lock, held until the transaction ends, makes
    the second import wait for the first and then see what it wrote. SQLite's immediate
    transactions already write one at a time; the second waits for the first instead of giving
    up after SQLite's default five seconds. `waiting` is called once when the import has to
    wait, so that the person who started it knows why nothing happens, and `resumed` once the
    wait is over and this import goes on.
    """
    if connection.vendor == "sqlite":
        # The immediate transaction begins by taking the write lock: past it, the wait is over.
        with _sqlite_patience(waiting) as waited, transaction.atomic():
            if waited and resumed is not None:
                resumed()
            yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK])
                if not cursor.fetchone()[0]:
                    if waiting is not None:
                        waiting()
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
                    if resumed is not None:
                        resumed()
        yield


@contextmanager
def write_patience(
    waiting: Callable[[], None] | None, resumed: Callable[[], None] | None = None
) -> Iterator[None]:
    """For a write outside the import's transaction (a web job's own status): on SQLite, while
    another import holds the write lock, wait for it as an import would instead of failing
    after SQLite's five seconds, with `waiting` and `resumed` around the wait."""
    if connection.vendor != "sqlite":
        yield
        return
    with _sqlite_patience(waiting) as waited:
        yield
    if waited and resumed is not None:
        resumed()


@contextmanager
def _sqlite_patience(waiting: Callable[[], None] | None) -> Iterator[bool]:
    """Tell whether another process is writing, and wait long for it, on this connection;
    yields whether it was writing."""
    if connection.in_atomic_block:
        # The caller's transaction already holds SQLite's write lock (immediate mode).
        yield False
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        before = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA busy_timeout = 0")
        waited = False
        try:
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("ROLLBACK")
        except OperationalError:
            waited = True
            if waiting is not None:
                waiting()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_WAIT_SECONDS * 1000:d}")
    try:
        yield waited
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {before:d}")


def import_run(
    *,
    path: Path,
    file_name: str | None = None,
    reporter: str = "",
    partial: bool = False,
    dry_run: bool = False,
    user: User | None = None,
    progress: Progress | None = None,
    waiting: Callable[[], None] | None = None,
    resumed: Callable[[], None] | None = None,
) -> ImportReport:
    """Read, check, reconcile and store one file.

    Without `partial`, one rejected row means nothing is written. A dry run does all the work,
    reports it, and rolls it back. Raises ImportFailed for a file that cannot be read at all.
    A JSON file is a registry export, restored as it was (`restore`).
    `waiting` is called when another import is writing and this one waits for it to finish,
    `resumed` when that wait is over.
    """
    from regionforum.gazetteer.selectors import region_resolver
    from regionforum.registry.rates import rate_table

    country = reporter_country(code=reporter)
    reporter = reporter.strip().upper()
    name = file_name or path.name
    report = ImportReport(file=name)
    if backup_is(name):
        return _backup_restore(
            path,
            name=name,
            report=report,
            partial=partial,
            dry_run=dry_run,
            user=user,
            waiting=waiting,
            resumed=resumed,
        )

    sheet, columns = sheet_read(path, name=name, warnings=report.warnings)

    forums = ForumNumbers()
    parser = RowParser(
        file=name,
        columns=columns,
        resolver=region_resolver(),
        reporter_country=country,
        forum_numbers=forums.known,
    )
    rows = rows_parse(sheet.rows, parser=parser, report=report, progress=progress)
    if report.rows == 0:
        # A region with nothing to report this year sends its template empty: a valid import.
        report.warnings.append(
            _("The file has a header row but no agreements below it; there was nothing to import.")
        )
    if report.rejected and not partial:
        return report

    try:
        with _registry_transaction(waiting, resumed):
            forums.ensure(number for row in rows if (number := row.forum) is not None)
            rates = rate_table()
            writer = Writer(
                report=report,
                file_name=name,
                reporter=reporter,
                user=user,
                forums=forums,
                rates=rates,
                progress=progress,
                sha256=file_digest(path),
            )
            with audit_source(via=Via.IMPORT, batch_id=writer.batch.pk):
                earlier = earlier_rows_match(rows, file_name=name, reporter=reporter)
                writer.earlier_rows(earlier)
                # New rows are linked only now, so that they meet the corrected agreements.
                if earlier.new:
                    writer.new_rows(
                        rows_link(earlier.new, file_name=name, rates=rates, progress=progress)
                    )
            writer.close()
            if dry_run:
                raise _DryRun
    except _DryRun:
        return report
    report.written = True
    return report


def _backup_restore(
    path: Path,
    *,
    name: str,
    report: ImportReport,
    partial: bool,
    dry_run: bool,
    user: User | None,
    waiting: Callable[[], None] | None,
    resumed: Callable[[], None] | None,
) -> ImportReport:
    forums = ForumNumbers()
    backup = backup_read(path, name=name, report=report, known_forum=forums.known)
    if report.rejected and not partial:
        return report
    try:
        with _registry_transaction(waiting, resumed):
            forums.ensure(entry.forum for entry in backup.agreements if entry.forum is not None)
            backup_write(
                backup,
                report=report,
                name=name,
                sha256=file_digest(path),
                forums=forums,
                user=user,
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        return report
    report.written = True
    return report


def row_check(*, values: dict[str, str], reporter: str = "") -> ParsedRow:
    """One agreement's fields as a person types them on a page (`kind`, `signed_on`, `party_1`…),
    read and checked exactly as a sheet's row is: the same forms, messages and limits."""
    from regionforum.gazetteer.selectors import region_resolver

    columns = columns_map(list(values), file="")
    forums = ForumNumbers()
    parser = RowParser(
        file="",
        columns=columns,
        resolver=region_resolver(),
        reporter_country=reporter_country(code=reporter) if reporter else None,
        forum_numbers=forums.known,
    )
    parsed = parser.parse(1, list(values.values()))
    if parsed.forum is not None:
        forums.ensure([parsed.forum])
    return parsed


def reporter_country(*, code: str) -> str | None:
    """The country of a reporter code (BY, RU, RU-SMO), or None for no reporter.

    An unknown code is refused: a wrong reporter would silently turn roubles into the other
    country's roubles.
    """
    from regionforum.gazetteer.models import Region
    from regionforum.names import shipped_regions

    value = code.strip().upper()
    if not value:
        return None
    if value in {"BY", "RU"}:
        return value
    known = Region.objects.filter(code=value).exists() or any(
        region.code == value for region in shipped_regions()
    )
    if not known or value[:2] not in {"BY", "RU"}:
        raise RegistryError(
            _(
                '"%(code)s" is not a reporter code. Use BY or RU (ISO 3166-1) or a region '
                "code such as RU-SMO (ISO 3166-2)."
            )
            % {"code": code}
        )
    return value[:2]


class ForumNumbers:
    """The forum numbers a row may name: those in the registry and in the shipped calendar."""

    def __init__(self) -> None:
        from regionforum.forums.models import Forum

        self.ids = dict(Forum.objects.values_list("number", "id"))
        self.calendar: set[int] | None = None

    def known(self, number: int) -> bool:
        if number in self.ids:
            return True
        if self.calendar is None:
            from regionforum.forums.services import _calendar_rows

            self.calendar = {int(row["number"]) for row in _calendar_rows()}
        return number in self.calendar

    def ensure(self, numbers: Iterable[int]) -> None:
        """Load the forum calendar when a row names a forum the registry does not hold yet."""
        if set(numbers) - set(self.ids):
            from regionforum.forums.models import Forum
            from regionforum.forums.services import forum_calendar_load

            forum_calendar_load()
            self.ids = dict(Forum.objects.values_list("number", "id"))
