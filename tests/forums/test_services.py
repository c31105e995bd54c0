from datetime import date
from decimal import Decimal

import pytest

from regionforum.forums.models import Forum
from regionforum.forums.numerals import from_roman, to_roman
from regionforum.forums.services import forum_calendar_load


@pytest.mark.django_db
def test_forum_calendar_load_creates_thirteen_forums_once():
    assert forum_calendar_load() == (13, 0)
    assert forum_calendar_load() == (0, 0)

    assert Forum.objects.count() == 13
    eighth = Forum.objects.get(number=8)
    assert (eighth.year, eighth.starts_on, eighth.ends_on) == (
        2021,
        date(2021, 6, 29),
        date(2021, 7, 1),
    )
    assert (eighth.announced_agreements, eighth.announced_value, eighth.announced_currency) == (
        None,
        Decimal("850000000.00"),
        "USD",
    )
    assert Forum.objects.get(number=11).announced_agreements == 250


@pytest.mark.django_db
def test_forum_calendar_load_restores_edited_forum():
    forum_calendar_load()
    Forum.objects.filter(number=3).update(host_cities="Somewhere")

    assert forum_calendar_load() == (0, 1)
    assert Forum.objects.get(number=3).host_cities == "Minsk"


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "I"), (4, "IV"), (8, "VIII"), (9, "IX"), (13, "XIII"), (39, "XXXIX")],
)
def test_roman_numerals_round_trip(number, numeral):
    assert to_roman(number) == numeral
    assert from_roman(numeral.lower()) == number


@pytest.mark.parametrize("text", ["", "IIII", "VX", "ABC", "8"])
def test_from_roman_rejects_malformed(text):
    assert from_roman(text) is None
