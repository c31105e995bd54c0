"""The import's first stage: read the sheets regions send (CSV, XLSX, XLS and ODS).

A reader yields the header and then one row at a time, each with the row number a spreadsheet
shows (header on row 1), so that every message can point at the row the sender sees. Everything
that makes a file unreadable becomes one `ImportFailed` with a message for the sender.
`sheet_read` opens an agreement sheet and finds its header.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import itertools
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from regionforum.registry.errors import ImportFailed
from regionforum.registry.imports.rows import Columns, cell_text, columns_map, header_combine

# Enough of the file to tell its format, encoding and delimiter.
SAMPLE_BYTES = 256 * 1024
# How much less coherent cp1251 may read than the best guess and still be preferred.
CHAOS_MARGIN = 0.1
# csv refuses fields over 128 KiB by default; read long cells and reject them as row errors.
csv.field_size_limit(64 * 1024 * 1024)

# Offices often put a title or a date above the table; look this far down for the header.
HEADER_SEARCH_ROWS = 5

Cell = object


@dataclass(slots=True)
class Sheet:
    """An opened sheet: its header cells and a one-pass iterator over (row number, cells)."""

    name: str
    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Cell]]]


def sheet_read(path: Path, *, name: str, warnings: list[str]) -> tuple[Sheet, Columns]:
    """Open an agreement sheet and map its columns; what was set aside goes into `warnings`."""
    sheet = sheet_open(path, name=name, accept=_is_agreement_header)
    columns = _find_header(sheet, name, warnings)
    warnings.extend(
        _('The column "%(column)s" is not part of the agreement sheet and was ignored.')
        % {"column": column}
        for column in columns.ignored
    )
    return sheet, columns


def _is_agreement_header(header: list[str]) -> bool:
    try:
        columns_map(header, file="")
    except ImportFailed:
        return False
    return True


def _find_header(sheet: Sheet, name: str, warnings: list[str]) -> Columns:
    """The sheet's columns, from its first row or, failing that, from a header a few rows down,
    in one row or in two (headings merged over sub-headings)."""
    rows = itertools.chain(
        [(sheet.header_row, sheet.header)],
        (
            (number, [cell_text(cell) for cell in cells])
            for number, cells in itertools.islice(sheet.rows, HEADER_SEARCH_ROWS)
        ),
    )
    first_failure: ImportFailed | None = None
    above: tuple[int, list[str]] | None = None
    for number, texts in rows:
        try:
            columns = columns_map(texts, file=name)
        except ImportFailed as failure:
            first_failure = first_failure or failure
        else:
            if number != sheet.header_row:
                warnings.append(
                    _("The header is on row %(row)s; the rows above it were ignored.")
                    % {"row": number}
                )
            return columns
        if above is not None and any(above[1]):
            with suppress(ImportFailed):
                columns = columns_map(header_combine(above[1], texts), file=name)
                warnings.append(
                    _(
                        "The header takes rows %(first)s and %(second)s (headings merged over "
                        "sub-headings); they were read together."
                    )
                    % {"first": above[0], "second": number}
                )
                return columns
        above = (number, texts)
    assert first_failure is not None
    raise first_failure


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sheet_open(
    path: Path,
    *,
    name: str | None = None,
    accept: Callable[[list[str]], bool] = lambda header: True,
) -> Sheet:
    """Open a file as a sheet, detecting its format from its bytes, not its name.

    In a workbook, the first sheet whose header row `accept`s is taken.
    """
    display = name or path.name
    try:
        with path.open("rb") as stream:
            head = stream.read(SAMPLE_BYTES)
    except OSError as exc:
        raise ImportFailed(
            display, _("The file cannot be opened: %(reason)s.") % {"reason": exc.strerror}
        ) from None
    if not head.strip():
        raise ImportFailed(display, _("The file is empty."))
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return _workbook_open(path, display, accept)
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".ods"}:
        raise ImportFailed(
            display,
            _(
                "The file is named like a spreadsheet but is not one; it may be damaged. "
                "Open it and save it again as XLSX, ODS or CSV."
            ),
        )
    return _csv_open(path, display, head)


def _rows_with_header(display: str, rows: Iterator[tuple[int, list[Cell]]]) -> Sheet:
    for number, cells in rows:
        if any(_text(cell) for cell in cells):
            header = [_text(cell) for cell in cells]
            return Sheet(name=display, header=header, header_row=number, rows=rows)
    raise ImportFailed(display, _("The file has no header row and no rows."))


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    return str(cell).strip()


def csv_encoding(head: bytes, display: str) -> str:
    """The encoding of a CSV file, decided from its first bytes.

    UTF-8 (with or without a byte-order mark) when the bytes are valid UTF-8; otherwise a
    Cyrillic single-byte encoding, chosen by charset-normalizer among those that offices use.
    """
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if utf16 or head[:200].count(b"\x00") > 10:
        raise ImportFailed(
            display,
            _("The file is in UTF-16, which cannot be read. Save it as CSV in UTF-8."),
        )
    if b"\x00" in head:
        raise ImportFailed(
            display, _("The file contains NUL bytes, so it is not a text CSV file. Save it again.")
        )
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    from charset_normalizer import from_bytes

    matches = from_bytes(head, cp_isolation=["cp1251", "koi8_r", "cp866"])
    best = matches.best()
    if best is None:
        raise ImportFailed(
            display,
            _("The file's text encoding cannot be recognised. Save it as CSV in UTF-8."),
        )
    # Excel on Windows writes cp1251; on a short sample another encoding may look as good.
    windows = next((match for match in matches if match.encoding == "cp1251"), None)
    if windows is not None and windows.chaos <= best.chaos + CHAOS_MARGIN:
        return "cp1251"
    return str(best.encoding)


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter])


def _csv_open(path: Path, display: str, head: bytes) -> Sheet:
    encoding = csv_encoding(head, display)
    stream = path.open(encoding=encoding, errors="strict", newline="")
    try:
        sample = stream.read(SAMPLE_BYTES // 4)
    except UnicodeDecodeError:
        stream.close()
        raise ImportFailed(
            display, _("The file's text is not valid %(encoding)s.") % {"encoding": encoding}
        ) from None
    stream.seek(0)
    first_line = sample.split("\n", 1)[0]
    return _rows_with_header(display, _csv_rows(stream, display, encoding, _delimiter(first_line)))


def _csv_rows(
    stream: IO[str], display: str, encoding: str, delimiter: str
) -> Iterator[tuple[int, list[Cell]]]:
    with stream:
        reader = csv.reader(stream, delimiter=delimiter)
        number = 0
        try:
            for cells in reader:
                number += 1
                yield number, list(cells)
        except UnicodeDecodeError:
            raise ImportFailed(
                display,
                _("Row %(row)s is not valid %(encoding)s text; save the file as UTF-8.")
                % {"row": number + 1, "encoding": encoding},
            ) from None
        except csv.Error as exc:
            raise ImportFailed(
                display,
                _("Row %(row)s cannot be read as CSV: %(reason)s.")
                % {"row": number + 1, "reason": exc},
            ) from None


def _workbook_open(path: Path, display: str, accept: Callable[[list[str]], bool]) -> Sheet:
    """The first sheet whose header `accept`s, or else the first sheet with anything on it.

    A workbook often opens with an instructions sheet before the table.
    """
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        count = len(workbook.sheet_names)
        if not count:
            raise ImportFailed(display, _("The workbook has no sheets."))
        fallback: Sheet | None = None
        for position in range(count):
            sheet = workbook.get_sheet_by_index(position)
            start_row = sheet.start[0] if sheet.start else 0
            try:
                opened = _rows_with_header(
                    display, _workbook_rows(sheet.iter_rows(), start_row, display)
                )
            except ImportFailed:
                continue
            if accept(opened.header):
                return opened
            if fallback is None:
                fallback = opened
    except ImportFailed:
        raise
    except Exception:
        # calamine reports a damaged or foreign file with several exception types (zip, XML,
        # password, format); for the sender they all mean the same thing.
        raise ImportFailed(
            display,
            _("The file cannot be read as a spreadsheet; it may be damaged or password-protected."),
        ) from None
    if fallback is None:
        raise ImportFailed(display, _("The file has no header row and no rows."))
    return fallback


def _workbook_rows(
    rows: Iterator[list[Any]], start_row: int, display: str
) -> Iterator[tuple[int, list[Cell]]]:
    number = start_row
    try:
        for cells in rows:
            number += 1
            yield number, cells
    except Exception:
        # A damaged part of the workbook shows only when its rows are reached.
        raise ImportFailed(
            display,
            _("The spreadsheet is damaged at row %(row)s and cannot be read further.")
            % {"row": number + 1},
        ) from None
