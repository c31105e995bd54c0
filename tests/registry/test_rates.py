from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from regionforum.money import Money
from regionforum.registry.models import ExchangeRate
from regionforum.registry.rates import rate_table


@pytest.mark.django_db
def test_rates_load_csv_takes_precedence_over_shipped_table(tmp_path, capsys):
    rates = tmp_path / "rates.csv"
    rates.write_text("date,currency,units_per_usd\n2022-06-30,RUB,51.16\n2022-07-01,RUB,55\n")

    call_command("rates", "load", str(rates))

    assert capsys.readouterr().out.strip() == "rates.csv: 2 rates read, 2 added, 0 changed."
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

    assert capsys.readouterr().out.strip().splitlines()[-1] == (
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
