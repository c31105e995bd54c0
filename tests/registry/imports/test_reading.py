from datetime import date, datetime

import pytest

from regionforum.registry.errors import ImportFailed
from regionforum.registry.imports.reading import sheet_open
from tests.registry.sheets import write_csv, write_ods, write_xlsx


def rows_of(path):
    sheet = sheet_open(path)
    return sheet.header, list(sheet.rows)


def test_sheet_open_csv_cp1251_semicolon(tmp_path):
    path = write_csv(
        tmp_path / "ru.csv", ["Наименование", "Сумма"], [["Поставка", "1 234,5"]],
        encoding="cp1251", delimiter=";",
    )  # fmt: skip
    assert rows_of(path) == (["Наименование", "Сумма"], [(2, ["Поставка", "1 234,5"])])


def test_sheet_open_csv_utf8_bom_and_line_break_in_quoted_cell(tmp_path):
    path = write_csv(
        tmp_path / "a.csv", ["title", "notes"], [["Первая\nстрока", "x"], ["Вторая", "y"]],
        encoding="utf-8-sig",
    )  # fmt: skip
    header, rows = rows_of(path)
    assert header == ["title", "notes"]
    # The quoted line break stays one spreadsheet row: the next row is row 3, as Excel shows.
    assert rows == [(2, ["Первая\nстрока", "x"]), (3, ["Вторая", "y"])]


def test_sheet_open_xlsx_keeps_date_cells(tmp_path):
    path = write_xlsx(tmp_path / "by.xlsx", ["title", "signed_on"], [["A", date(2021, 6, 30)]])
    header, rows = rows_of(path)
    assert header == ["title", "signed_on"]
    assert rows[0][0] == 2
    assert rows[0][1][1] in (date(2021, 6, 30), datetime(2021, 6, 30))


def test_sheet_open_xlsx_formula_cell_gives_its_saved_value_not_the_formula(tmp_path):
    import re
    import zipfile

    plain = write_xlsx(tmp_path / "plain.xlsx", ["title", "amount"], [["A", 1]])
    with zipfile.ZipFile(plain) as workbook:
        parts = {name: workbook.read(name) for name in workbook.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(
        r'<c r="A2"[^>]*>.*?</c>',
        '<c r="A2" t="str"><f>CONCATENATE("=cmd","|x")</f><v>=cmd|x</v></c>',
        sheet,
    )
    sheet = re.sub(r'<c r="B2"[^>]*>.*?</c>', '<c r="B2"><f>2*500</f><v>1000</v></c>', sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    path = tmp_path / "formulas.xlsx"
    with zipfile.ZipFile(path, "w") as workbook:
        for name, data in parts.items():
            workbook.writestr(name, data)
    assert rows_of(path) == (["title", "amount"], [(2, ["=cmd|x", 1000.0])])


def test_sheet_open_ods(tmp_path):
    path = write_ods(tmp_path / "a.ods", ["title", "amount"], [["A", 12.5]])
    assert rows_of(path) == (["title", "amount"], [(2, ["A", 12.5])])


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "The file is empty."),
        (b"\n\n  \n", "blank.csv", "The file is empty."),
        (b"PK\x03\x04garbage", "broken.xlsx", "cannot be read as a spreadsheet"),
        (b"not a workbook at all", "fake.xlsx", "named like a spreadsheet but is not one"),
        ("title,kind\nA,B\n".encode("utf-16"), "u16.csv", "UTF-16"),
        (b"title,kind\nA\x00,B\n", "nul.csv", "NUL bytes"),
    ],
)
def test_sheet_open_unreadable_file_fails_with_message(tmp_path, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as caught:
        rows_of(path)
    assert message in caught.value.message
    assert caught.value.file == name


@pytest.mark.parametrize(
    "text", ["a;b\nМосква;1\n", "title;kind\nабв;где\n", "№;Сторона 1\n1;Ёж\n"]
)
def test_csv_encoding_short_cyrillic_sample_is_cp1251(text):
    from regionforum.registry.imports.reading import csv_encoding

    assert csv_encoding(text.encode("cp1251"), "a.csv") == "cp1251"
