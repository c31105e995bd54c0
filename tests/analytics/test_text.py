from decimal import Decimal

import pytest

from regionforum.analytics.claims import verdict
from regionforum.analytics.text import count_phrase, rounded, share_phrase, usd_quoted


@pytest.mark.parametrize(
    ("value", "qualifier", "quoted"),
    [
        (374, "more than", Decimal(370)),
        (378, "nearly", Decimal(380)),
        (370, "exactly", Decimal(370)),
        (12, "exactly", Decimal(12)),
        (2934, "nearly", Decimal(3000)),
        (2150, "more than", Decimal(2100)),
    ],
)
def test_rounded_picks_the_qualifier(value, qualifier, quoted):
    figure = rounded(value)

    assert (figure.qualifier, figure.value) == (qualifier, quoted)


@pytest.mark.parametrize("value", [21, 99, 101, 374, 378, 999, 1001, 2934, 71, 1_234_567])
def test_rounded_is_confirmed_by_the_claims_check(value):
    figure = rounded(value)

    assert verdict(qualifier=figure.qualifier, stated=figure.value, actual=Decimal(value)) == (
        "confirmed"
    )


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("2934000000"), "nearly $3 billion"),
        (Decimal("2500000000"), "$2.5 billion"),
        (Decimal("812400000"), "more than $810 million"),
        (Decimal("255000"), "more than $250,000"),
    ],
)
def test_usd_quoted(amount, text):
    assert usd_quoted(amount) == text


def test_count_and_share_phrases():
    assert (count_phrase(374), count_phrase(7), share_phrase(0.2731)) == (
        "more than 370",
        "7",
        "about 27%",
    )


@pytest.mark.parametrize(
    ("language", "quoted", "count", "share"),
    [
        ("ru", "почти 2,5 млрд долларов США", "более 1\xa0300", "около 27\xa0%"),
        ("be", "амаль 2,5 млрд долараў ЗША", "больш за 1\xa0300", "каля 27\xa0%"),
    ],
)
def test_phrases_write_numbers_in_the_language_of_the_sentence(language, quoted, count, share):
    from django.utils import translation

    with translation.override(language):
        assert (usd_quoted(Decimal("2490000000")), count_phrase(1374), share_phrase(0.2731)) == (
            quoted,
            count,
            share,
        )
