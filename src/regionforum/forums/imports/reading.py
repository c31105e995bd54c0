"""The imports' first stage: open a programme sheet and map its header to fields.

The files are read by the agreement import's readers (CSV in any office encoding, XLSX, XLS and
ODS); only the columns differ. A header may be English or Russian, in any case and order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regionforum.forums.errors import ProgrammeImportFailed
from regionforum.registry.errors import ImportFailed, RowError
from regionforum.registry.imports.reading import Sheet, sheet_open
from regionforum.registry.imports.rows import cell_text

# Offices often put a title above the table; look this far down for the header.
HEADER_SEARCH_ROWS = 5


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """A sheet's fields: header names (lower case) → field, and the fields it cannot lack."""

    fields: Mapping[str, str]
    required: Sequence[str]
    # How the error message names a required field, in English and Russian.
    labels: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Columns:
    """Which cell holds which field, and the header text the sender gave it."""

    index: dict[str, int]
    header: dict[str, str]
    ignored: list[str]


@dataclass(slots=True)
class ImportReport:
    """What an import did with one file."""

    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    written: bool = False
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "written": self.written,
            "errors": [error.as_dict() for error in self.errors],
            "warnings": self.warnings,
        }


def header_key(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").strip(" :*.\t").split())


def columns_map(header: Sequence[str], *, spec: SheetSpec, file: str) -> Columns:
    """Map header cells to fields; a missing required column or a doubled one fails the file."""
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    ignored: list[str] = []
    for position, text in enumerate(header):
        if not text:
            continue
        name = spec.fields.get(header_key(text))
        if name is None:
            ignored.append(text)
            continue
        if name in index:
            raise ProgrammeImportFailed(
                file,
                _('The columns "%(first)s" and "%(second)s" both give %(field)s; keep one of them.')
                % {"first": names[name], "second": text, "field": name},
            )
        index[name] = position
        names[name] = text
    missing = [name for name in spec.required if name not in index]
    if missing:
        raise ProgrammeImportFailed(
            file,
            _("Required columns are missing: %(columns)s. Row 1 must hold the column headers.")
            % {"columns": ", ".join(spec.labels[name] for name in missing)},
        )
    return Columns(index=index, header=names, ignored=ignored)


def sheet_read(
    path: Path, *, name: str, spec: SheetSpec, warnings: list[str]
) -> tuple[Sheet, Columns]:
    """Open the file and find its header, on row 1 or a few rows down."""

    def accept(header: list[str]) -> bool:
        try:
            columns_map(header, spec=spec, file=name)
        except ProgrammeImportFailed:
            return False
        return True

    try:
        sheet = sheet_open(path, name=name, accept=accept)
    except ImportFailed as exc:
        raise ProgrammeImportFailed(name, exc.message) from None
    try:
        columns = columns_map(sheet.header, spec=spec, file=name)
    except ProgrammeImportFailed as first_failure:
        for number, cells in itertools.islice(sheet.rows, HEADER_SEARCH_ROWS):
            try:
                columns = columns_map([cell_text(cell) for cell in cells], spec=spec, file=name)
            except ProgrammeImportFailed:
                continue
            warnings.append(
                _("The header is on row %(row)s; the rows above it were ignored.") % {"row": number}
            )
            break
        else:
            raise first_failure from None
    warnings.extend(
        _('The column "%(column)s" is not part of the sheet and was ignored.') % {"column": column}
        for column in columns.ignored
    )
    return sheet, columns


def row_cells(columns: Columns, cells: Sequence[object]) -> dict[str, str]:
    """A row's cells by field, as the text a person sees."""
    return {
        name: cell_text(cells[position]) if position < len(cells) else ""
        for name, position in columns.index.items()
    }


def is_blank(cells: Sequence[object]) -> bool:
    return not any(cell not in (None, "") and str(cell).strip() for cell in cells)


class _Rejected(Exception):
    """Raised when rows fail as they are written, to roll the whole file back."""


def write_whole(report: ImportReport, *, partial: bool, write: Callable[[], None]) -> ImportReport:
    """The import rule for writing a checked file: without `partial`, a file with any rejected
    row (when read, or as it is written) stores nothing; with it, the valid rows go in."""
    if report.rejected and not partial:
        return report
    try:
        with transaction.atomic():
            write()
            if report.rejected and not partial:
                raise _Rejected
    except _Rejected:
        report.created = report.updated = report.unchanged = 0
        return report
    report.written = True
    return report
