from datetime import date
from decimal import Decimal

import pytest

from regionforum.money import (
    Conversion,
    Money,
    MoneyError,
    Rate,
    RateTable,
    Span,
    shipped_rates,
    spans_of,
)


def _rate(on: str, currency: str, units: str, source: str = "test") -> Rate:
    return Rate(date.fromisoformat(on), currency, Decimal(units), source)


def test_rate_on_latest_on_or_before():
    table = RateTable([_rate("2022-06-01", "RUB", "60"), _rate("2022-06-30", "RUB", "51.158")])
    assert table.rate_on("RUB", date(2022, 5, 31)) is None
    assert table.rate_on("RUB", date(2022, 6, 1)) == _rate("2022-06-01", "RUB", "60")
    assert table.rate_on("RUB", date(2022, 6, 29)) == _rate("2022-06-01", "RUB", "60")
    assert table.rate_on("RUB", date(2022, 6, 30)) == _rate("2022-06-30", "RUB", "51.158")
    assert table.rate_on("RUB", date(2030, 1, 1)) == _rate("2022-06-30", "RUB", "51.158")


def test_rate_on_unknown_currency_is_none():
    assert RateTable([_rate("2022-06-01", "RUB", "60")]).rate_on("CNY", date(2022, 7, 1)) is None


def test_rate_on_usd_is_always_one():
    rate = RateTable().rate_on("USD", date(2019, 3, 4))
    assert rate == Rate(date(2019, 3, 4), "USD", Decimal(1), "US dollar")


def test_rates_given_out_of_order_are_sorted():
    table = RateTable([_rate("2022-06-30", "RUB", "51"), _rate("2022-06-01", "RUB", "60")])
    assert table.rate_on("RUB", date(2022, 6, 15)).units_per_usd == Decimal("60")


def test_add_overrides_the_same_currency_and_date():
    table = RateTable([_rate("2022-06-01", "RUB", "60", "shipped")])
    table.add(_rate("2022-06-01", "RUB", "61", "loaded"))
    table.add(_rate("2022-05-01", "RUB", "70", "loaded"))
    assert table.rate_on("RUB", date(2022, 6, 2)) == _rate("2022-06-01", "RUB", "61", "loaded")
    assert table.rate_on("RUB", date(2022, 5, 2)) == _rate("2022-05-01", "RUB", "70", "loaded")
    assert len(table) == 2


def test_constructor_later_rate_of_same_key_wins():
    table = RateTable([_rate("2022-06-01", "RUB", "60"), _rate("2022-06-01", "RUB", "61")])
    assert table.rate_on("RUB", date(2022, 6, 1)).units_per_usd == Decimal("61")


def test_overlay_takes_precedence_and_leaves_the_original():
    shipped = RateTable([_rate("2022-06-01", "RUB", "57.15", "shipped")])
    rates = [_rate("2022-06-01", "RUB", "60", "cbr"), _rate("2022-06-30", "RUB", "51.158", "cbr")]
    loaded = shipped.overlay(rates, spans_of(rates))
    assert loaded.rate_on("RUB", date(2022, 6, 15)) == _rate("2022-06-01", "RUB", "60", "cbr")
    assert loaded.rate_on("RUB", date(2022, 7, 1)) == _rate("2022-06-30", "RUB", "51.158", "cbr")
    assert shipped.rate_on("RUB", date(2022, 7, 1)) == _rate(
        "2022-06-01", "RUB", "57.15", "shipped"
    )


@pytest.mark.parametrize("units", ["0", "-1", "NaN", "Infinity"])
def test_rate_must_be_positive(units):
    with pytest.raises(MoneyError):
        _rate("2022-06-01", "RUB", units)


def test_convert_rounds_to_cents_and_reports_the_rate():
    table = RateTable([_rate("2022-06-30", "RUB", "51.1580", "Bank of Russia")])
    conversion = table.convert(Money(Decimal("1000000"), "RUB"), date(2022, 7, 3))
    assert conversion == Conversion(
        usd=Decimal("19547.28"),
        rate=Decimal("51.1580"),
        rate_date=date(2022, 6, 30),
        source="Bank of Russia",
    )


def test_convert_rounds_half_up():
    table = RateTable([_rate("2022-01-01", "EUR", "8")])
    assert table.convert(Money(Decimal("0.04"), "EUR"), date(2022, 1, 1)).usd == Decimal("0.01")


def test_convert_usd_at_rate_one():
    conversion = RateTable().convert(Money(Decimal("1234.567"), "USD"), date(2020, 1, 1))
    assert conversion == Conversion(
        usd=Decimal("1234.57"), rate=Decimal(1), rate_date=date(2020, 1, 1), source="US dollar"
    )


def test_convert_without_a_rate_is_none_never_zero():
    table = RateTable([_rate("2022-06-01", "RUB", "60")])
    assert table.convert(Money(Decimal("100"), "CNY"), date(2022, 7, 1)) is None
    assert table.convert(Money(Decimal("100"), "RUB"), date(2022, 5, 1)) is None


BELARUS = RateTable(
    [
        _rate("2016-06-01", "BYR", "19820", "nbrb"),
        _rate("2016-06-30", "BYR", "20116", "nbrb"),
        _rate("2016-07-01", "BYN", "2.0116", "nbrb"),
        _rate("2016-08-01", "BYN", "1.9900", "nbrb"),
    ]
)


def test_convert_byr_before_the_redenomination():
    conversion = BELARUS.convert(Money(Decimal("20116000"), "BYR"), date(2016, 6, 30))
    assert conversion == Conversion(Decimal("1000.00"), Decimal("20116"), date(2016, 6, 30), "nbrb")


def test_convert_byr_after_the_redenomination_uses_byn_times_10000():
    conversion = BELARUS.convert(Money(Decimal("19900000"), "BYR"), date(2016, 8, 15))
    assert conversion == Conversion(
        Decimal("1000.00"), Decimal("19900.0000"), date(2016, 8, 1), "nbrb (BYN × 10 000)"
    )


def test_convert_byn_before_the_redenomination_uses_byr_over_10000():
    conversion = BELARUS.convert(Money(Decimal("2011.6"), "BYN"), date(2016, 6, 30))
    assert conversion == Conversion(
        Decimal("1000.00"), Decimal("2.0116"), date(2016, 6, 30), "nbrb (BYR ÷ 10 000)"
    )


def test_convert_same_value_across_the_redenomination():
    before = BELARUS.convert(Money(Decimal("20116000"), "BYR"), date(2016, 6, 30))
    after = BELARUS.convert(Money(Decimal("2011.6"), "BYN"), date(2016, 7, 1))
    assert before.usd == after.usd == Decimal("1000.00")


def test_rate_on_byr_on_redenomination_day_prefers_the_byn_rate():
    rate = BELARUS.rate_on("BYR", date(2016, 7, 1))
    assert rate == Rate(date(2016, 7, 1), "BYR", Decimal("20116.0000"), "nbrb (BYN × 10 000)")


def test_rate_on_byn_prefers_its_own_rate_of_the_same_date():
    table = BELARUS.overlay([_rate("2016-06-30", "BYN", "2.0", "own")])
    assert table.rate_on("BYN", date(2016, 6, 30)) == _rate("2016-06-30", "BYN", "2.0", "own")


def test_shipped_table_converts_byr_and_byn_consistently():
    table = RateTable(shipped_rates())
    june = table.convert(Money(Decimal("19820000"), "BYR"), date(2016, 6, 15))
    july = table.convert(Money(Decimal("1992"), "BYN"), date(2016, 7, 15))
    late_byr = table.convert(Money(Decimal("19920000"), "BYR"), date(2016, 7, 15))
    assert june.usd == july.usd == late_byr.usd == Decimal("1000.00")


def test_overlay_single_rate_gives_way_to_the_shipped_table_after_its_day():
    shipped = RateTable(
        [
            _rate("2022-06-01", "RUB", "57.15", "shipped"),
            _rate("2022-07-01", "RUB", "58", "shipped"),
        ]
    )
    rates = [_rate("2022-06-27", "RUB", "51.2", "cbr")]
    loaded = shipped.overlay(rates, spans_of(rates))

    assert loaded.rate_on("RUB", date(2022, 6, 27)) == _rate("2022-06-27", "RUB", "51.2", "cbr")
    assert loaded.rate_on("RUB", date(2022, 6, 28)) == _rate(
        "2022-06-01", "RUB", "57.15", "shipped"
    )


SHIPPED_MONTHLY = RateTable(
    [_rate(f"{year}-{month:02}-01", "RUB", "57", "shipped") for year in (2020, 2021, 2022, 2023)
     for month in range(1, 13)]
    + [_rate(f"{year}-{month:02}-01", "BYN", "2.5", "shipped") for year in (2020, 2021, 2022)
       for month in range(1, 13)]
)  # fmt: skip
ANNUAL = [
    _rate("2021-01-01", "RUB", "73.7", "annual"),
    _rate("2022-01-01", "RUB", "68.5", "annual"),
]


def test_spans_of_an_annual_table_cover_its_last_year():
    assert spans_of(ANNUAL) == [Span("RUB", date(2021, 1, 1), date(2022, 12, 31))]


def test_spans_of_count_months_across_leap_years_and_month_ends():
    leap = [_rate("2020-01-01", "RUB", "72"), _rate("2021-01-01", "RUB", "73.7")]
    year_ends = [_rate("2023-02-28", "BYN", "3"), _rate("2024-02-29", "BYN", "3.2")]
    monthly = [_rate(f"2022-{month:02}-01", "EUR", "0.95") for month in (1, 2, 3)]
    assert spans_of(leap + year_ends + monthly) == [
        Span("BYN", date(2023, 2, 28), date(2025, 2, 28)),
        Span("EUR", date(2022, 1, 1), date(2022, 3, 31)),
        Span("RUB", date(2020, 1, 1), date(2021, 12, 31)),
    ]


def test_spans_of_daily_and_single_rates():
    daily = [_rate(f"2022-06-{day:02}", "RUB", "60") for day in (1, 2, 3, 6, 7)]
    single = [_rate("2022-06-27", "BYN", "2.5")]
    assert spans_of(daily + single) == [
        Span("BYN", date(2022, 6, 27), date(2022, 6, 27)),
        Span("RUB", date(2022, 6, 1), date(2022, 6, 7)),
    ]


def test_overlay_inside_a_span_only_loaded_rates_count():
    table = SHIPPED_MONTHLY.overlay(ANNUAL, spans_of(ANNUAL))
    assert table.rate_on("RUB", date(2022, 7, 15)) == _rate("2022-01-01", "RUB", "68.5", "annual")
    assert table.rate_on("RUB", date(2022, 12, 31)).units_per_usd == Decimal("68.5")
    assert table.rate_on("RUB", date(2021, 3, 1)).units_per_usd == Decimal("73.7")


def test_overlay_outside_every_span_the_shipped_table_counts():
    table = SHIPPED_MONTHLY.overlay(ANNUAL, spans_of(ANNUAL))
    assert table.rate_on("RUB", date(2020, 6, 1)).source == "shipped"
    assert table.rate_on("RUB", date(2023, 1, 1)).source == "shipped"
    # A currency the file does not hold keeps the shipped rates everywhere.
    assert table.rate_on("BYN", date(2022, 7, 15)).source == "shipped"


def test_overlay_two_spans_of_one_currency_leave_the_gap_to_the_shipped_table():
    early = [_rate("2020-01-01", "RUB", "72")]
    late = [_rate("2022-06-01", "RUB", "60"), _rate("2022-07-01", "RUB", "58")]
    table = SHIPPED_MONTHLY.overlay(
        early + late, [Span("RUB", date(2020, 1, 1), date(2020, 12, 31)), *spans_of(late)]
    )
    assert table.rate_on("RUB", date(2020, 9, 1)).units_per_usd == Decimal("72")
    assert table.rate_on("RUB", date(2021, 9, 1)).source == "shipped"
    assert table.rate_on("RUB", date(2022, 7, 20)).units_per_usd == Decimal("58")
    assert table.rate_on("RUB", date(2022, 8, 1)).source == "shipped"


def test_overlay_byn_span_serves_byr_amounts_after_the_redenomination():
    rates = [
        _rate("2021-01-01", "BYN", "2.54", "annual"),
        _rate("2022-01-01", "BYN", "2.62", "annual"),
    ]
    table = BELARUS.overlay(rates, spans_of(rates))
    assert table.rate_on("BYR", date(2022, 8, 1)) == Rate(
        date(2022, 1, 1), "BYR", Decimal("26200.00"), "annual (BYN × 10 000)"
    )


DENOMINATED_BYN = [
    _rate("2016-01-01", "BYN", "1.99", "annual"),
    _rate("2017-01-01", "BYN", "1.93", "annual"),
]


def test_overlay_byn_span_keeps_shipped_byr_rates_out_before_the_redenomination():
    table = BELARUS.overlay(DENOMINATED_BYN, spans_of(DENOMINATED_BYN))
    assert table.rate_on("BYN", date(2016, 6, 30)) == _rate("2016-01-01", "BYN", "1.99", "annual")
    assert table.rate_on("BYR", date(2016, 6, 30)) == Rate(
        date(2016, 1, 1), "BYR", Decimal("19900.00"), "annual (BYN × 10 000)"
    )


def test_overlay_byn_span_keeps_shipped_rates_out_after_the_redenomination():
    table = BELARUS.overlay(DENOMINATED_BYN, spans_of(DENOMINATED_BYN))
    # The shipped BYN row of 1 August 2016 is newer than the annual one, and counts no more.
    assert table.rate_on("BYN", date(2016, 8, 15)) == _rate("2016-01-01", "BYN", "1.99", "annual")
    assert table.rate_on("BYN", date(2017, 12, 31)).units_per_usd == Decimal("1.93")
    assert table.rate_on("BYN", date(2018, 1, 1)).source == "nbrb"


def test_overlay_byr_span_covers_byn_amounts_dated_inside_it():
    byr = [_rate("2015-01-01", "BYR", "15000", "own"), _rate("2016-01-01", "BYR", "20000", "own")]
    table = BELARUS.overlay(byr, spans_of(byr))
    assert table.rate_on("BYN", date(2016, 8, 15)) == Rate(
        date(2016, 1, 1), "BYN", Decimal("2"), "own (BYR ÷ 10 000)"
    )
    assert table.rate_on("BYN", date(2017, 1, 1)).source == "nbrb"


def test_overlay_stale_rate_gives_way_to_much_newer_shipped_rate():
    shipped = RateTable([_rate("2024-06-01", "RUB", "89", "shipped")])
    rates = [_rate("2014-01-10", "RUB", "33", "cbr")]
    loaded = shipped.overlay(rates, spans_of(rates))

    assert loaded.rate_on("RUB", date(2024, 6, 30)) == _rate("2024-06-01", "RUB", "89", "shipped")
    assert loaded.rate_on("RUB", date(2014, 2, 1)) == _rate("2014-01-10", "RUB", "33", "cbr")


def test_overlay_counts_and_iterates_both_layers():
    shipped = RateTable([_rate("2022-06-01", "RUB", "57.15", "shipped")])
    loaded = shipped.overlay([_rate("2022-06-30", "RUB", "51.158", "cbr")])

    assert len(loaded) == 2
    assert {rate.source for rate in loaded} == {"shipped", "cbr"}
