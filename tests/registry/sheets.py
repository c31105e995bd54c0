"""Agreement sheets written at test time: CSV in any encoding, XLSX and ODS."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

RU_HEADER = [
    "№", "Вид документа", "Наименование", "Сторона 1", "Регион стороны 1", "Сторона 2",
    "Регион стороны 2", "Дата подписания", "Сумма", "Валюта", "Форум", "Статус",
]  # fmt: skip
EN_HEADER = [
    "ref", "kind", "title", "party_1", "region_1", "party_2", "region_2", "signed_on", "amount",
    "currency", "forum", "status",
]  # fmt: skip


def ru_row(ref="1", **fields) -> list[object]:
    row = {
        "ref": ref,
        "kind": "Соглашение",
        "title": "Соглашение о сотрудничестве в области образования",
        "party_1": "Гомельский облисполком",
        "region_1": "Гомельская область",
        "party_2": "ОАО «Гомсельмаш»",
        "region_2": "Смоленская область",
        "signed_on": "30.06.2021",
        "amount": "",
        "currency": "",
        "forum": "VIII Форум регионов",
        "status": "подписано",
    }
    row.update(fields)
    return list(row.values())


def write_csv(
    path: Path, header: list[str], rows: list[list[object]], *, encoding="utf-8", delimiter=","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def upload_form(tmp_path: Path, rows: list[list[object]], **fields: object) -> dict[str, object]:
    """The body of an upload (the import page's form, the API's POST /imports): a Russian-header
    CSV of `rows` as by.csv, sent by BY unless `fields` say otherwise."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = write_csv(tmp_path / "by.csv", RU_HEADER, rows)
    return {"file": SimpleUploadedFile("by.csv", path.read_bytes()), "reporter": "BY", **fields}


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_ods(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    for cells in [header, *rows]:
        row = TableRow()
        for value in cells:
            if isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path
