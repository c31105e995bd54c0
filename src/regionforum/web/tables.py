"""The tables of the figures pages, drawn as HTML and downloaded as CSV or XLSX from the same
rows, so that a download holds what the page shows, with the page's filters."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse

from regionforum.analytics.exports import neutralise

DOWNLOADS = ("csv", "xlsx")
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class Cell:
    # What a download holds: a number stays a number.
    value: Any
    text: str = ""
    href: str = ""
    numeric: bool = False

    @property
    def shown(self) -> str:
        return self.text or ("" if self.value is None else str(self.value))


@dataclass(slots=True)
class Table:
    slug: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    # Shown above the long tables, folded away below the summary.
    folded: bool = False


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(value)
    if value is None:
        return ""
    try:
        return float(value) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        return neutralise(str(value))


def download_response(
    *, headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, name: str
) -> HttpResponse:
    """A CSV or XLSX file of `rows` under `headers`; text cells that a spreadsheet would run
    as a formula are neutralised."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(name[:31])
        sheet.append([neutralise(str(header)) for header in headers])
        for row in rows:
            sheet.append([_plain(value) for value in row])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(), content_type=_XLSX)
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow([neutralise(str(header)) for header in headers])
        for row in rows:
            writer.writerow([_plain(value) for value in row])
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def table_download(table: Table, *, fmt: str, name: str) -> HttpResponse:
    return download_response(
        headers=table.headers,
        rows=([cell.value for cell in row] for row in table.rows),
        fmt=fmt,
        name=f"{name}-{table.slug}",
    )
