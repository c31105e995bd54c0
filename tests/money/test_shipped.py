from datetime import date
from decimal import Decimal

import pytest

from regionforum.money import RateTable, shipped_rates

TABLE = RateTable(shipped_rates())


def _months(first: date, last: date) -> list[date]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


@pytest.mark.parametrize(
    ("currency", "first", "last"),
    [
        ("RUB", date(2014, 1, 1), date(2025, 6, 1)),
        ("EUR", date(2014, 1, 1), date(2025, 6, 1)),
        ("BYR", date(2014, 1, 1), date(2016, 6, 1)),
        ("BYN", date(2016, 7, 1), date(2025, 6, 1)),
    ],
)
def test_shipped_table_has_every_month(currency, first, last):
    dates = [rate.on for rate in shipped_rates() if rate.currency == currency]
    assert dates == _months(first, last)


def test_shipped_table_names_a_source_for_every_rate():
    banks = {
        "RUB": "Bank of Russia",
        "BYR": "National Bank of the Republic of Belarus",
        "BYN": "National Bank of the Republic of Belarus",
        "EUR": "ECB",
    }
    for rate in shipped_rates():
        assert rate.source.startswith(banks[rate.currency])
        assert "approximate" in rate.source


@pytest.mark.parametrize(
    ("currency", "on", "low", "high"),
    [
        ("RUB", date(2014, 1, 15), "32", "35"),
        ("RUB", date(2015, 2, 15), "56", "70"),
        ("RUB", date(2018, 6, 15), "60", "65"),
        ("RUB", date(2022, 3, 15), "100", "106"),
        ("RUB", date(2022, 6, 15), "51", "60"),
        ("RUB", date(2023, 10, 15), "90", "100"),
        ("RUB", date(2024, 12, 15), "100", "105"),
        ("RUB", date(2025, 6, 15), "78", "82"),
        ("BYR", date(2014, 1, 15), "9400", "9700"),
        ("BYR", date(2016, 6, 15), "19500", "20500"),
        ("BYN", date(2016, 7, 15), "1.95", "2.05"),
        ("BYN", date(2021, 6, 15), "2.4", "2.6"),
        ("BYN", date(2024, 6, 15), "3.1", "3.3"),
        ("EUR", date(2014, 3, 15), "0.72", "0.73"),
        ("EUR", date(2022, 9, 15), "1.0", "1.02"),
    ],
)
def test_shipped_table_notable_points(currency, on, low, high):
    rate = TABLE.rate_on(currency, on)
    assert Decimal(low) <= rate.units_per_usd <= Decimal(high)


def test_shipped_eur_is_the_inverse_of_the_ecb_figure():
    rate = TABLE.rate_on("EUR", date(2014, 1, 1))
    assert rate.units_per_usd == Decimal("0.734754")
    assert "USD per EUR 1.3610" in rate.source


def test_shipped_table_has_no_rate_before_2014():
    assert TABLE.rate_on("RUB", date(2013, 12, 31)) is None


def test_shipped_rates_is_a_fresh_list():
    rates = shipped_rates()
    rates.clear()
    assert len(shipped_rates()) == 414
