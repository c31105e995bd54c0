from datetime import date
from decimal import Decimal

import pytest

from regionforum.names import RegionResolver, shipped_regions
from regionforum.registry.errors import ImportFailed
from regionforum.registry.imports.rows import (
    RowParser,
    columns_map,
    parse_date,
    parse_forum,
    row_hash,
)
from tests.registry.sheets import EN_HEADER, RU_HEADER, ru_row

RESOLVER = RegionResolver(shipped_regions())


def parser(header=RU_HEADER, reporter="BY"):
    return RowParser(
        file="by.csv",
        columns=columns_map(header, file="by.csv"),
        resolver=RESOLVER,
        reporter_country=reporter,
        forum_numbers=lambda number: 1 <= number <= 12,
    )


def messages(row):
    return [(error.column, error.value, error.message) for error in row.errors]


def test_columns_map_english_and_russian_headers_in_any_case():
    columns = columns_map(
        ["TITLE", "Вид документа", "Сторона 1", "регион 1", "party_2", "Region_2",
         "Дата подписания", "Сумма", "Extra"],
        file="a.csv",
    )  # fmt: skip
    assert columns.index["title"] == 0
    assert columns.index["region_1"] == 3
    assert columns.index["region_2"] == 5
    assert columns.ignored == ["Extra"]
    assert columns.party_numbers == [1, 2]


def test_columns_map_remark_in_brackets_ignored():
    columns = columns_map(
        ["Вид", "Предмет", "Сторона 1", "Регион 1", "Сторона 2", "Регион 2",
         "Дата подписания (дд.мм.гггг)"],
        file="a.csv",
    )  # fmt: skip
    assert columns.index["signed_on"] == 6


def test_row_parser_unit_in_amount_header_applies_to_cells():
    header = [*RU_HEADER[:8], "Сумма (млн руб.)", *RU_HEADER[9:]]
    row = parser(header=header).parse(2, ru_row(amount="2,5", currency=""))
    assert row.errors == []
    assert (row.money.value, row.money.currency) == (Decimal("2500000"), "BYN")
    assert columns_map(["amount, USD", *EN_HEADER[1:8]], file="a.csv").remarks == {"amount": "USD"}


def test_columns_map_missing_required_column_fails_the_file():
    with pytest.raises(ImportFailed) as caught:
        columns_map(["title", "kind"], file="a.csv")
    assert caught.value.message == (
        'Required columns are missing: "party_1" (сторона 1), "region_1" (регион стороны 1), '
        '"party_2" (сторона 2), "region_2" (регион стороны 2), "signed_on" (дата подписания). '
        "Row 1 must hold the column headers."
    )


def test_columns_map_same_field_twice_fails_the_file():
    with pytest.raises(ImportFailed) as caught:
        columns_map([*RU_HEADER, "title"], file="a.csv")
    assert '"Наименование" and "title"' in caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-06-30", date(2021, 6, 30)),
        ("30.06.2021", date(2021, 6, 30)),
        ("1.7.21", date(2021, 7, 1)),
        ("30 июня 2021", date(2021, 6, 30)),
        ("3 мая 2019 г.", date(2019, 5, 3)),
        ("44377", date(2021, 6, 30)),
        ("30-06-2021", date(2021, 6, 30)),
        ("June 30, 2021", date(2021, 6, 30)),
        ("30 June 2021", date(2021, 6, 30)),
        ("2021.06.30", date(2021, 6, 30)),
        ("2021/06/30", date(2021, 6, 30)),
        ("«30» июня 2021 г.", date(2021, 6, 30)),
        ("30 чэрвеня 2021", date(2021, 6, 30)),
        ("3 траўня 2019 г.", date(2019, 5, 3)),
        ("12 снежня 2020", date(2020, 12, 12)),
        # Typed by hand, or a date cell exported with its time of midnight.
        ("30,06,2021", date(2021, 6, 30)),
        ("30.06.2021.", date(2021, 6, 30)),
        ("30.06.2021 0:00:00", date(2021, 6, 30)),
        ("30.06.2021 00:00", date(2021, 6, 30)),
    ],
)
def test_parse_date_listed_forms(text, expected):
    assert parse_date(text) == expected


def test_parse_date_impossible_day_says_so():
    assert parse_date("31.02.2021") == (
        "There is no such date as 31.02.2021 (check the day and the month)."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8", 8), ("8.0", 8), ("VIII", 8), ("VIII Форум регионов", 8), ("8th Forum", 8),
     ("вчера", None)],
)  # fmt: skip
def test_parse_forum_forms(text, expected):
    assert parse_forum(text) == expected


def test_row_parser_valid_row_is_typed():
    row = parser().parse(2, ru_row(amount="2,5 млн", currency="руб."))
    assert row.errors == []
    assert row.kind == "agreement"
    assert row.signed_on == date(2021, 6, 30)
    assert row.parties == [
        ("Гомельский облисполком", "BY-HO"),
        ("ОАО «Гомсельмаш»", "RU-SMO"),
    ]
    assert row.forum == 8
    assert row.status == "signed"
    assert (row.money.value, row.money.currency) == (Decimal("2500000"), "BYN")


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Cooperation Agreement", "agreement"), ("Trade contract", "contract"),
     ("Меморандум о взаимопонимании", "memorandum"), ("Road map", "roadmap"),
     ("Договор поставки", "contract")],
)  # fmt: skip
def test_row_parser_kind_word_anywhere(text, kind):
    assert parser().parse(2, ru_row(kind=text)).kind == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Дополнительное соглашение", "agreement"), ("соглашения", "agreement"),
     ("Договора купли-продажи", "contract"), ("Контракт №5", "contract"), ("MoU", "memorandum"),
     ("Memoranda", "memorandum"), ("Дорожная карта", "roadmap"), ("roadmap", "roadmap"),
     ("Программы", "programme"), ("program", "programme"), ("Protocols", "protocol")],
)  # fmt: skip
def test_row_parser_kind_in_other_grammatical_forms(text, kind):
    assert parser().parse(2, ru_row(kind=text)).kind == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Пагадненне аб супрацоўніцтве", "agreement"), ("Дагавор пастаўкі", "contract"),
     ("Мемарандум", "memorandum"), ("Пратакол", "protocol"), ("Праграма", "programme"),
     ("Дарожная карта", "roadmap")],
)  # fmt: skip
def test_row_parser_kind_in_belarusian(text, kind):
    assert parser().parse(2, ru_row(kind=text)).kind == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Договор о сотрудничестве", "agreement"), ("договор о взаимодействии", "agreement"),
     ("Contract of cooperation", "agreement"), ("Дагавор аб супрацоўніцтве", "agreement"),
     ("Договор поставки", "contract"), ("Внешнеторговый контракт", "contract"),
     ("Cooperation contract", "agreement")],
)  # fmt: skip
def test_row_parser_contract_about_cooperation_is_an_agreement(text, kind):
    assert parser().parse(2, ru_row(kind=text)).kind == kind


@pytest.mark.parametrize(
    ("text", "status"),
    [("Выполняется", "in progress"), ("в стадии реализации", "in progress"),
     ("Реализовано", "fulfilled"), ("падпісана", "signed"), ("выконваецца", "in progress"),
     ("выканана", "fulfilled"), ("скасавана", "terminated")],
)  # fmt: skip
def test_row_parser_status_synonyms_and_belarusian(text, status):
    assert parser().parse(2, ru_row(status=text)).status == status


@pytest.mark.parametrize(
    "text", ["договорённость", "Договоренность", "Соглашательство", "программист"]
)
def test_row_parser_word_that_only_begins_like_a_kind_is_refused(text):
    row = parser().parse(2, ru_row(kind=text))
    assert (row.kind, [(error.column, error.value) for error in row.errors]) == (
        "",
        [("Вид документа", text)],
    )
    assert row.errors[0].message == (
        f'"{text}" is not a kind of document. Use agreement, contract, memorandum, protocol, '
        "roadmap or programme (соглашение, договор, контракт, меморандум, протокол, дорожная "
        "карта, программа)."
    )


def test_row_parser_rouble_before_redenomination_is_byr():
    row = parser().parse(2, ru_row(signed_on="05.06.2014", amount="1000", currency="руб."))
    assert (row.money.value, row.money.currency) == (Decimal("1000"), "BYR")


def test_row_parser_ambiguous_rouble_without_reporter_is_rejected():
    row = parser(reporter=None).parse(2, ru_row(amount="1000", currency="руб."))
    assert [(error.column, error.value) for error in row.errors] == [("Валюта", "руб.")]


@pytest.mark.parametrize(
    ("fields", "column", "value"),
    [
        ({"signed_on": "31.02.2021"}, "Дата подписания", "31.02.2021"),
        ({"amount": "-5", "currency": "USD"}, "Сумма", "-5"),
        ({"amount": "abc", "currency": "USD"}, "Сумма", "abc"),
        ({"amount": "9" * 25, "currency": "USD"}, "Сумма", "9" * 25),
        ({"amount": "5", "currency": "XYZ"}, "Валюта", "XYZ"),
        ({"region_2": "Нарния"}, "Регион стороны 2", "Нарния"),
        ({"kind": "письмо"}, "Вид документа", "письмо"),
        ({"status": "в раздумьях"}, "Статус", "в раздумьях"),
        ({"forum": "XL"}, "Форум", "XL"),
        ({"party_1": ""}, "Сторона 1", ""),
    ],
)
def test_row_parser_bad_cell_names_column_and_value(fields, column, value):
    row = parser().parse(7, ru_row(**fields))
    assert [(error.row, error.column, error.value) for error in row.errors] == [(7, column, value)]
    assert row.errors[0].message


def test_row_parser_row_with_one_cell_lists_each_missing_field():
    row = parser().parse(3, ["1"])
    assert [error.column for error in row.errors] == [
        "Наименование",
        "Вид документа",
        "Дата подписания",
        "Сторона 1",
        "Регион стороны 1",
        "Сторона 2",
        "Регион стороны 2",
    ]


def test_row_parser_huge_cell_rejected_without_echoing_it():
    row = parser().parse(2, ru_row(title="x" * 1_048_576))
    assert len(row.errors) == 1
    assert (
        row.errors[0].message == "The text holds 1,048,576 characters; at most 5,000 are allowed."
    )
    assert len(row.errors[0].value) < 100


def test_row_parser_long_reference_rejected():
    row = parser().parse(2, ru_row(ref="7" * 201))
    assert [(error.column, error.message) for error in row.errors] == [
        ("№", "The text holds 201 characters; at most 200 are allowed.")
    ]


@pytest.mark.parametrize(
    ("fields", "column", "value", "message"),
    [
        (
            {"title": "Supply\x00of milk"},
            "Наименование",
            "Supply\\u0000of milk",
            "The text holds a control character (U+0000) at position 7; remove it.",
        ),
        (
            {"party_1": "ОАО\udc80"},
            "Сторона 1",
            "ОАО\\udc80",
            "The text holds a broken character (a lone surrogate, U+DC80) at position 4; it "
            "cannot be stored.",
        ),
    ],
)
def test_row_parser_control_characters_rejected_naming_the_cell(fields, column, value, message):
    row = parser().parse(2, ru_row(**fields))
    assert [(error.column, error.value, error.message) for error in row.errors] == [
        (column, value, message)
    ]


def test_row_parser_keeps_line_breaks_and_tabs():
    row = parser().parse(2, ru_row(title="Поставка\nмолока\tи сыра"))
    assert (row.errors, row.title) == ([], "Поставка\nмолока\tи сыра")


def test_row_hash_ignores_column_order():
    assert row_hash({"a": "1", "b": "2"}) == row_hash({"b": "2", "a": "1"})
    assert row_hash({"a": "1"}) != row_hash({"a": "2"})


def test_row_parser_region_with_a_slip_is_read_with_a_warning_naming_the_cell():
    row = parser(reporter="BY").parse(4, ru_row(region_1="Гомелская обл."))

    assert (row.errors, row.parties[0][1]) == ([], "BY-HO")
    assert row.warnings == [
        'Row 4, column "Регион стороны 1": "Гомелская обл." was read as Gomel Oblast (BY-HO), '
        'taking "гомелская" for "гомельская".'
    ]


def test_row_parser_region_with_a_slip_near_two_regions_is_refused_naming_both():
    row = parser(reporter="RU").parse(5, ru_row(region_2="Тамская область"))

    assert messages(row) == [
        (
            "Регион стороны 2",
            "Тамская область",
            '"Тамская область" is not a region we know, and it is too near several to guess: '
            "the nearest are Tomsk Oblast (RU-TOM), Omsk Oblast (RU-OMS). Write the region's "
            "name as it is spelt, or its ISO 3166-2 code.",
        )
    ]
    assert row.warnings == []


def test_row_parser_slip_in_the_partners_region_is_refused_with_the_nearest():
    row = parser(reporter="BY").parse(6, ru_row(region_2="Смоленская облсть"))

    assert messages(row) == [
        (
            "Регион стороны 2",
            "Смоленская облсть",
            '"Смоленская облсть" is not a region we know. The nearest is Smolensk Oblast '
            "(RU-SMO); write the region's name as it is spelt, or its ISO 3166-2 code.",
        )
    ]


def test_row_parser_made_up_place_like_a_region_is_refused():
    row = parser(reporter="RU").parse(6, ru_row(region_2="Пензия"))

    assert [(error.column, error.value) for error in row.errors] == [("Регион стороны 2", "Пензия")]
    assert "Penza Oblast (RU-PNZ)" in row.errors[0].message


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", 'The amount "два миллиона" is not a number.'),
        ("ru", "Сумма «два миллиона» не является числом."),
        ("be", "Сума «два миллиона» не з'яўляецца лікам."),
    ],
)
def test_row_parser_money_messages_are_in_the_users_language(language, message):
    from django.utils import translation

    with translation.override(language):
        row = parser().parse(2, ru_row(amount="два миллиона", currency="BYN"))

    assert messages(row) == [("Сумма", "два миллиона", message)]
