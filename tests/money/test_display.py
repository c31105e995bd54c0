from decimal import Decimal

import pytest

from regionforum.money.display import (
    money_text,
    number_text,
    percent_text,
    signed_percent_text,
    usd_compact,
    usd_text,
)


@pytest.mark.parametrize(
    ("locale", "number", "money", "usd", "compact", "percent"),
    [
        ("en", "1,234.5", "1,234.50\xa0RUB", "$6,679,400,095", "$1.2B", "26%"),
        (
            "ru",
            "1\xa0234,5",
            "1\xa0234,50\xa0RUB",
            "6\xa0679\xa0400\xa0095\xa0$",
            "1,2\xa0млрд\xa0$",
            "26\xa0%",
        ),
        (
            "be",
            "1\xa0234,5",
            "1\xa0234,50\xa0RUB",
            "6\xa0679\xa0400\xa0095\xa0$",
            "1,2\xa0млрд\xa0$",
            "26\xa0%",
        ),
    ],
)
def test_amounts_are_written_as_the_locale_writes_them(
    locale, number, money, usd, compact, percent
):
    assert number_text(Decimal("1234.5"), locale=locale, digits=1) == number
    assert money_text(Decimal("1234.5"), "RUB", locale=locale) == money
    assert usd_text(Decimal("6679400095"), locale=locale) == usd
    assert usd_compact(Decimal("1234500000"), locale=locale) == compact
    assert percent_text(0.257, locale=locale) == percent


def test_half_way_amounts_round_up_not_to_even():
    assert usd_text(Decimal("2.5"), locale="en") == "$3"
    assert usd_compact(Decimal("1250000000"), locale="en") == "$1.3B"
    assert number_text(Decimal("0.125"), locale="en", digits=2) == "0.13"


@pytest.mark.parametrize(
    ("locale", "rise", "fall", "flat"),
    [
        ("en", "+26%", "-5%", "+0%"),
        ("ru", "+26\xa0%", "-5\xa0%", "+0\xa0%"),
        ("be", "+26\xa0%", "-5\xa0%", "+0\xa0%"),
    ],
)
def test_signed_percent_keeps_the_sign_in_the_locale_pattern(locale, rise, fall, flat):
    assert signed_percent_text(0.257, locale=locale) == rise
    assert signed_percent_text(-0.05, locale=locale) == fall
    assert signed_percent_text(0, locale=locale) == flat
