"""Sheets as clerks lay them out by hand: merged two-row headers, headings, totals and notes
among the rows, the region in the party cell, US dates, and headers that name their paper."""

from datetime import date

import pytest

from regionforum.registry.imports import import_run
from regionforum.registry.imports.rows import (
    columns_map,
    header_combine,
    parse_date,
)
from regionforum.registry.models import Agreement, Organisation, SourceRecord
from tests.registry.imports.test_rows import parser
from tests.registry.sheets import EN_HEADER, RU_HEADER, ru_row, write_csv

TWO_ROWS_TOP = ["№", "Вид документа", "Наименование", "Сторона 1", "", "Сторона 2", "",
                "Дата подписания", "Сумма", "Валюта"]  # fmt: skip
TWO_ROWS_BOTTOM = ["", "", "", "Организация", "Регион", "наименование", "регион", "", "тыс.", ""]


def test_header_combine_reads_merged_parties_and_units():
    combined = header_combine(TWO_ROWS_TOP, TWO_ROWS_BOTTOM)

    assert combined == ["№", "Вид документа", "Наименование", "party_1", "region_1", "party_2",
                        "region_2", "Дата подписания", "Сумма (тыс.)", "Валюта"]  # fmt: skip
    columns = columns_map(combined, file="by.xlsx")
    assert columns.index["region_2"] == 6
    assert columns.remarks["amount"] == "тыс."


@pytest.mark.django_db
def test_import_run_two_row_header_under_a_title_is_read(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Информация о соглашениях"])
    sheet.append(TWO_ROWS_TOP)
    sheet.append(TWO_ROWS_BOTTOM)
    sheet.append(["1", "Договор", "Поставка комбайнов", "ОАО «Гомсельмаш»", "Гомельская обл.",
                  "ООО «Агроторг»", "Смоленская обл.", "30.06.2021", "1 500", "BYN"])  # fmt: skip
    sheet.merge_cells("D2:E2")
    sheet.merge_cells("F2:G2")
    sheet.merge_cells("B2:B3")
    path = tmp_path / "by.xlsx"
    workbook.save(path)

    report = import_run(path=path, reporter="BY")

    assert (report.created, report.rejected) == (1, 0)
    assert report.warnings[0] == (
        "The header takes rows 2 and 3 (headings merged over sub-headings); they were read "
        "together."
    )
    agreement = Agreement.objects.get()
    assert agreement.money.value == 1_500_000
    assert sorted(agreement.parties.values_list("organisation__region__code", flat=True)) == [
        "BY-HO",
        "RU-SMO",
    ]
    assert SourceRecord.objects.get().row == 4


@pytest.mark.django_db
def test_import_run_headings_totals_and_notes_are_skipped_not_rejected(tmp_path):
    blank = [""] * len(RU_HEADER)

    def layout(position, text):
        cells = list(blank)
        cells[position] = text
        return cells

    total = list(blank)
    total[2], total[8] = "ИТОГО", "3 000"
    rows = [
        layout(0, "1. Соглашения"),
        ru_row("1", amount="1 000", currency="BYN"),
        ru_row("2", amount="2 000", currency="BYN", signed_on="01.07.2021"),
        total,
        layout(0, "Исполнитель: Петрова А. С."),
        layout(0, "3"),
    ]
    path = write_csv(tmp_path / "by.csv", RU_HEADER, rows)

    report = import_run(path=path, reporter="BY")

    assert (report.rows, report.created, report.rejected) == (2, 2, 0)
    assert [warning.split(" has ")[0] for warning in report.warnings] == [
        "Row 2", "Row 5", "Row 6", "Row 7"
    ]  # fmt: skip
    assert Agreement.objects.count() == 2


def test_row_parser_row_with_a_title_only_is_still_an_agreement_row():
    # A row with a title and a party is an agreement with gaps: it is refused, not skipped.
    cells = ["", "", "Соглашение о сотрудничестве", "ОАО «Гомсельмаш»", "", "", "", "", "", ""]

    assert parser().names_an_agreement(cells)
    assert not parser().names_an_agreement(["", "", "ИТОГО", "", "", "", "", "", "3 000", ""])


@pytest.mark.parametrize(
    ("party", "name", "code"),
    [
        ("ОАО «Гомсельмаш» (Гомельская обл.)", "ОАО «Гомсельмаш»", "BY-HO"),
        ("Gomselmash OJSC, Gomel Oblast", "Gomselmash OJSC", "BY-HO"),
        ("ООО «Агроторг» (РФ, Смоленская обл.)", "ООО «Агроторг»", "RU-SMO"),
        ("Агроторг, ООО (Брянская обл.)", "Агроторг, ООО", "RU-BRY"),
        ("Kristall, JSC, Smolensk", "Kristall, JSC", "RU-SMO"),
    ],
)
def test_row_parser_region_written_in_the_party_cell_is_read(party, name, code):
    row = parser().parse(2, ru_row(party_2=party, region_2=""))

    assert row.errors == []
    assert row.parties[1] == (name, code)
    assert "was read from the name as" in row.warnings[0]


@pytest.mark.parametrize(
    "party",
    ["Агроторг, ООО", "ОАО «Гомсельмаш» (г. Жодино)", "(Гомельская обл.)", "ОАО «Гомельскя»"],
)
def test_row_parser_party_cell_without_a_readable_region_is_still_refused(party):
    row = parser().parse(2, ru_row(party_2=party, region_2=""))

    assert [(error.column, error.message) for error in row.errors] == [
        ("Регион стороны 2", "The region of party 2 is empty.")
    ]


@pytest.mark.parametrize(
    ("original", "header", "field"),
    [
        ("Наименование", "Наименование документа", "title"),
        ("Сумма", "Сумма договора", "amount"),
        ("Дата подписания", "Дата подписания соглашения", "signed_on"),
        ("№", "№ п/п", "ref"),
    ],
)
def test_columns_map_header_naming_its_paper(original, header, field):
    columns = columns_map(
        [header if name == original else name for name in RU_HEADER], file="by.csv"
    )

    assert columns.header[field] == header


def test_parse_date_month_first_reads_slashed_dates_in_us_order():
    assert parse_date("6/30/2021", month_first=True) == date(2021, 6, 30)
    assert parse_date("7/3/2021", month_first=True) == date(2021, 7, 3)
    # Dotted dates are day first whatever the column's slashed dates are.
    assert parse_date("07.03.2021", month_first=True) == date(2021, 3, 7)
    assert parse_date("7/3/2021") == date(2021, 3, 7)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (("6/30/2021", "7/3/2021"), [date(2021, 6, 30), date(2021, 7, 3)]),
        (("30/6/2021", "7/3/2021"), [date(2021, 6, 30), date(2021, 3, 7)]),
    ],
)
def test_import_run_slashed_dates_take_the_columns_order(tmp_path, dates, expected):
    rows = [
        ["S-1", "agreement", "Agreement on education", "OJSC Gomselmash", "BY-HO",
         "Agrotorg LLC", "RU-SMO", dates[0], "", "", "", ""],
        ["S-2", "agreement", "Agreement on tourism", "OJSC Gomselmash", "BY-HO",
         "Agrotorg LLC", "RU-SMO", dates[1], "", "", "", ""],
    ]  # fmt: skip
    path = write_csv(tmp_path / "sec.csv", EN_HEADER, rows)

    report = import_run(path=path)

    assert report.rejected == 0
    assert list(Agreement.objects.order_by("title").values_list("signed_on", flat=True)) == expected


@pytest.mark.django_db
def test_import_run_slashed_dates_both_ways_leave_the_impossible_one_refused(tmp_path):
    rows = [
        ["S-1", "agreement", "Agreement on education", "OJSC Gomselmash", "BY-HO",
         "Agrotorg LLC", "RU-SMO", "6/30/2021", "", "", "", ""],
        ["S-2", "agreement", "Agreement on tourism", "OJSC Gomselmash", "BY-HO",
         "Agrotorg LLC", "RU-SMO", "30/6/2021", "", "", "", ""],
    ]  # fmt: skip
    path = write_csv(tmp_path / "sec.csv", EN_HEADER, rows)

    report = import_run(path=path)

    assert [(error.row, error.value) for error in report.errors] == [(2, "6/30/2021")]


@pytest.mark.django_db
def test_import_run_organisations_get_the_kind_their_names_say(tmp_path):
    rows = [
        ru_row("1", party_1="Гомельский облисполком", party_2="ОАО «Кристалл»"),
        ru_row("2", party_1="ГГУ им. Ф. Скорины", party_2="Кристалл", signed_on="01.07.2021"),
    ]
    path = write_csv(tmp_path / "by.csv", RU_HEADER, rows)

    import_run(path=path, reporter="BY")

    assert sorted(Organisation.objects.values_list("name", "kind")) == [
        ("ГГУ им. Ф. Скорины", "university"),
        ("Гомельский облисполком", "government"),
        ("ОАО «Кристалл»", "enterprise"),
    ]


@pytest.mark.parametrize(("text", "code"), [("Брянск", "RU-BRY"), ("Смоленск", "RU-SMO"),
                                            ("Калуга", "RU-KLU"), ("Тула", "RU-TUL")])  # fmt: skip
def test_row_parser_partner_region_by_its_namesake_centre_is_read_for_either_reporter(text, code):
    for reporter in ("BY", "RU"):
        row = parser(reporter=reporter).parse(2, ru_row(region_2=text))

        assert row.errors == []
        assert row.parties[1][1] == code
        assert row.warnings == []


def test_columns_map_a_column_for_each_countrys_side():
    header = ["№", "Вид документа", "Наименование", "Белорусская сторона",
              "Регион белорусской стороны", "Российская сторона", "Субъект РФ",
              "Дата подписания"]  # fmt: skip

    columns = columns_map(header, file="by.xlsx")

    assert [columns.index[name] for name in ("party_1", "region_1", "party_2", "region_2")] == [
        3, 4, 5, 6
    ]  # fmt: skip
