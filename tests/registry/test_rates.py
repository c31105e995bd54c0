from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from regionforum.money import Money
from regionforum.registry.models import ExchangeRate
from regionforum.registry.rates import rate_table


@pytest.mark.django_db
def test_rates_load_csv_takes_precedence_over_shipped_table(tmp_path, capsys):
    rates = tmp_path / "rates.csv"
    rates.write_text("date,currency,units_per_usd\n2022-06-30,RUB,51.16\n2022-07-01,RUB,55\n")

    call_command("rates", "load", str(rates))

    assert capsys.readouterr().out.strip().splitlines() == [
        "rates.csv: 2 rates read, 2 added, 0 changed.",
        "RUB: these rates alone are used from 2022-06-30 to 2022-07-01.",
    ]
    conversion = rate_table().convert(Money(Decimal("5116000"), "RUB"), date(2022, 6, 30))
    assert (conversion.usd, conversion.rate, conversion.rate_date) == (
        Decimal("100000.00"),
        Decimal("51.16"),
        date(2022, 6, 30),
    )


@pytest.mark.django_db
def test_rates_load_again_replaces_same_day(tmp_path, capsys):
    rates = tmp_path / "rates.csv"
    rates.write_text("date,currency,units_per_usd\n2022-06-30,RUB,51.16\n")
    call_command("rates", "load", str(rates))
    rates.write_text("date,currency,units_per_usd\n2022-06-30,RUB,52\n")

    call_command("rates", "load", str(rates))

    assert capsys.readouterr().out.strip().splitlines()[-2] == (
        "rates.csv: 1 rates read, 0 added, 1 changed."
    )
    assert ExchangeRate.objects.get().units_per_usd == Decimal("52")


@pytest.mark.django_db
def test_rates_load_malformed_file_exits_2_and_loads_nothing(tmp_path):
    rates = tmp_path / "rates.csv"
    rates.write_text("date,currency,units_per_usd\n2022-06-30,RUB,51.16\n2022-07-01,RUB,abc\n")

    with pytest.raises(CommandError) as error:
        call_command("rates", "load", str(rates))

    assert error.value.returncode == 2
    assert "abc" in str(error.value)
    assert "line 3" in str(error.value)
    assert ExchangeRate.objects.count() == 0


@pytest.mark.django_db
def test_rates_load_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("rates", "load", str(tmp_path / "nope.csv"))

    assert error.value.returncode == 2
    assert "cannot read the file" in str(error.value)


ANNUAL = (
    "date,currency,units_per_usd\n"
    "2021-01-01,RUB,73.7\n2022-01-01,RUB,68.5\n2023-01-01,RUB,85.2\n"
    "2021-01-01,BYN,2.54\n2022-01-01,BYN,2.62\n2023-01-01,BYN,3.0\n"
)


@pytest.mark.django_db
def test_rates_load_annual_table_is_the_basis_over_its_whole_span(tmp_path, capsys):
    rates = tmp_path / "annual.csv"
    rates.write_text(ANNUAL)

    call_command("rates", "load", str(rates))

    assert capsys.readouterr().out.strip().splitlines()[1:] == [
        "BYN: these rates alone are used from 2021-01-01 to 2023-12-31.",
        "RUB: these rates alone are used from 2021-01-01 to 2023-12-31.",
    ]
    table = rate_table()
    # Mid-2022, when the shipped monthly rouble rate was near 57, and late in the last year.
    assert table.rate_on("RUB", date(2022, 6, 30)).units_per_usd == Decimal("68.5")
    assert table.rate_on("RUB", date(2023, 11, 20)).units_per_usd == Decimal("85.2")
    assert table.rate_on("RUB", date(2020, 6, 30)).source.endswith("(shipped table)")
    assert table.rate_on("BYR", date(2022, 6, 30)).units_per_usd == Decimal("26200")


@pytest.mark.django_db
def test_rates_load_drops_earlier_rates_inside_the_new_span(tmp_path):
    daily = tmp_path / "daily.csv"
    daily.write_text("date,currency,units_per_usd\n2022-06-30,RUB,51.16\n2022-07-01,RUB,55\n")
    call_command("rates", "load", str(daily))
    annual = tmp_path / "annual.csv"
    annual.write_text(ANNUAL)

    call_command("rates", "load", str(annual))

    assert rate_table().rate_on("RUB", date(2022, 7, 1)).units_per_usd == Decimal("68.5")
    assert list(ExchangeRate.objects.filter(currency="RUB").values_list("on", flat=True)) == [
        date(2021, 1, 1),
        date(2022, 1, 1),
        date(2023, 1, 1),
    ]


@pytest.mark.django_db
def test_rates_load_converts_the_amounts_already_imported_again(tmp_path):
    from regionforum.registry.imports import import_run
    from regionforum.registry.models import Agreement
    from tests.registry.sheets import RU_HEADER, ru_row, write_csv

    row = ru_row(signed_on="30.06.2022", amount="68 500 000", currency="RUB")
    import_run(path=write_csv(tmp_path / "ru.csv", RU_HEADER, [row]), reporter="RU")
    before = Agreement.objects.get().money.usd
    rates = tmp_path / "annual.csv"
    rates.write_text(ANNUAL)

    call_command("rates", "load", str(rates))

    money = Agreement.objects.get().money
    assert before != Decimal("1000000.00")
    assert (money.usd, money.rate, money.rate_date) == (
        Decimal("1000000.00"),
        Decimal("68.5"),
        date(2022, 1, 1),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ru", "rates.csv: строка 3: Курс «abc» — не положительное число."),
        ("be", "rates.csv: радок 3: Курс «abc» — не дадатны лік."),
        ("en", 'rates.csv: line 3: The rate "abc" is not a positive number.'),
    ],
)
def test_rates_load_error_is_in_the_active_language(tmp_path, language, message):
    rates = tmp_path / "rates.csv"
    rates.write_text("date,currency,units_per_usd\n2022-06-30,RUB,51.16\n2022-07-01,RUB,abc\n")

    with translation.override(language), pytest.raises(CommandError) as error:
        call_command("rates", "load", str(rates))

    assert str(error.value).endswith(message)
    assert error.value.returncode == 2


@pytest.mark.django_db
def test_rates_load_error_from_a_bank_file_is_in_russian(tmp_path):
    rates = tmp_path / "rates.xml"
    rates.write_text('<?xml version="1.0"?>\n<Rates Date="30.06.2022"></Rates>\n')

    with translation.override("ru"), pytest.raises(CommandError) as error:
        call_command("rates", "load", str(rates))

    assert str(error.value).endswith(
        "rates.xml: строка 2: Корневой элемент — <Rates>, а не <ValCurs> Банка России."
    )
