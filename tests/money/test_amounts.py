from datetime import date
from decimal import Decimal

import pytest

from regionforum.money import (
    AmountError,
    CurrencyError,
    Money,
    ParsedAmount,
    parse_amount,
    parse_money,
    sum_by_currency,
)

NBSP, THIN, NARROW_NBSP = "\u00a0", "\u2009", "\u202f"


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("1 234,5", "1234.5", None),
        ("1,234.5", "1234.5", None),
        ("1.234,5", "1234.5", None),
        ("2,5 млн", "2500000", None),
        ("1.2 bn", "1200000000", None),
        ("12 млрд", "12000000000", None),
        ("300 тыс.", "300000", None),
        ("1 234 567", "1234567", None),
        (f"1{NBSP}234{NBSP}567", "1234567", None),
        (f"1{THIN}234{THIN}567", "1234567", None),
        (f"1{NARROW_NBSP}234,50", "1234.5", None),
        ("$1.5m", "1500000", "$"),
        ("1,5 млн руб.", "1500000", "руб."),
        ("USD 2 000 000", "2000000", "USD"),
        ("1,234", "1234", None),
        ("1.234", "1234", None),
        ("1,5", "1.5", None),
        ("0,125", "0.125", None),
        ("1234,567", "1234.567", None),
        ("1.234.567", "1234567", None),
        ("1,234,567", "1234567", None),
        ("1.234.567,89", "1234567.89", None),
        ("1'234'567", "1234567", None),
        ("1,234 млн", "1234000", None),
        ("2,5млн", "2500000", None),
        ("300тыс.руб.", "300000", "руб."),
        ("5 тысяч", "5000", None),
        ("5 thousand", "5000", None),
        ("5k", "5000", None),
        ("3 миллиона", "3000000", None),
        ("3 миллионов", "3000000", None),
        ("3 million", "3000000", None),
        ("3 mln", "3000000", None),
        ("3 M", "3000000", None),
        ("4 миллиарда", "4000000000", None),
        ("4 billion", "4000000000", None),
        ("4 b", "4000000000", None),
        ("2 мільёны", "2000000", None),
        ("2 мільёнаў", "2000000", None),
        ("2 мільярдаў", "2000000000", None),
        ("1,2 трлн бел. руб.", "1200000000000", "бел. руб."),
        ("5 млн. долл. США", "5000000", "долл. США"),
        ("€2.5bn", "2500000000", "€"),
        ("US$ 3 mln", "3000000", "US$"),
        ("100 ₽", "100", "₽"),
        ("5 Br", "5", "Br"),
        ("0", "0", None),
        ("  42  ", "42", None),
    ],
)
def test_parse_amount_reads_every_written_form(text, value, currency):
    assert parse_amount(text) == ParsedAmount(value=Decimal(value), currency=currency)


def test_parse_amount_without_exponent_or_trailing_zeros():
    assert str(parse_amount("2,5 млн").value) == "2500000"
    assert str(parse_amount("1 234,50").value) == "1234.5"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The amount is empty."),
        (f"  {NBSP} ", "The amount is empty."),
        ("abc", 'The amount "abc" is not a number.'),
        ("-5", 'The amount "-5" is negative; an amount must be zero or more.'),
        ("−1 000", 'The amount "−1 000" is negative; an amount must be zero or more.'),
        ("$-5", 'The amount "$-5" is negative; an amount must be zero or more.'),
        ("10 20", 'The amount "10 20" holds more than one number.'),
        ("1-2 млн", 'The amount "1-2 млн" holds more than one number.'),
        ("5 млн и 3 млн", 'The amount "5 млн и 3 млн" holds more than one number.'),
        ("1,2,3", 'The amount "1,2,3" is not a number we can read.'),
        ("1,234.5,6", 'The amount "1,234.5,6" is not a number we can read.'),
        (
            "12 apples",
            'The amount "12 apples" has words that are neither a currency nor a multiplier: '
            '"apples".',
        ),
        (
            "более 5 млн",
            'The amount "более 5 млн" has words that are neither a currency nor a multiplier: '
            '"более".',
        ),
        ("1" + "0" * 18, f'The amount "1{"0" * 18}" is too large to be an amount.'),
    ],
)
def test_parse_amount_rejects_with_a_message(text, message):
    with pytest.raises(AmountError) as raised:
        parse_amount(text)
    assert raised.value.message == message


def test_parse_amount_two_currencies_is_a_currency_error():
    with pytest.raises(CurrencyError) as raised:
        parse_amount("$5 руб.")
    assert raised.value.message == 'The currency "$ руб." names more than one currency.'


def test_parse_money_none_when_both_empty():
    assert parse_money("", None, reporter_country=None, on=None) is None
    assert parse_money("  ", "  ", reporter_country=None, on=None) is None
    assert parse_money(None, None, reporter_country=None, on=None) is None


def test_parse_money_none_when_only_currency():
    assert parse_money("", "RUB", reporter_country=None, on=None) is None


def test_parse_money_currency_beside_the_amount():
    money = parse_money("1 234,5", "USD", reporter_country=None, on=date(2020, 1, 1))
    assert money == Money(value=Decimal("1234.5"), currency="USD")


def test_parse_money_currency_inside_the_amount():
    money = parse_money("1,5 млн руб.", None, reporter_country="RU-SMO", on=date(2020, 1, 1))
    assert money == Money(value=Decimal("1500000"), currency="RUB")


def test_parse_money_ambiguous_rouble_in_cell_settled_by_column():
    money = parse_money("1,5 млн руб.", "BYN", reporter_country=None, on=date(2020, 1, 1))
    assert money == Money(value=Decimal("1500000"), currency="BYN")


def test_parse_money_column_wins_over_reporter_when_consistent():
    money = parse_money("100 руб.", "RUB", reporter_country="BY", on=date(2020, 1, 1))
    assert money == Money(value=Decimal("100"), currency="RUB")


def test_parse_money_ambiguous_column_settled_by_cell():
    money = parse_money("100 BYN", "руб.", reporter_country=None, on=date(2020, 1, 1))
    assert money == Money(value=Decimal("100"), currency="BYN")


def test_parse_money_same_currency_written_twice():
    money = parse_money("$1.5m", "USD", reporter_country=None, on=None)
    assert money == Money(value=Decimal("1500000"), currency="USD")


def test_parse_money_conflict_is_a_currency_error():
    with pytest.raises(CurrencyError) as raised:
        parse_money("100 руб.", "USD", reporter_country="BY", on=date(2020, 1, 1))
    assert raised.value.message == 'The amount "100 руб." is in "руб." but its currency says "USD".'


def test_parse_money_amount_without_currency_is_an_error():
    with pytest.raises(CurrencyError) as raised:
        parse_money("5 000", None, reporter_country="BY", on=date(2020, 1, 1))
    assert raised.value.message == (
        'The amount "5 000" has no currency: fill in the currency (for example USD, RUB or BYN).'
    )


def test_parse_money_ambiguous_without_reporter_is_an_error():
    with pytest.raises(CurrencyError) as raised:
        parse_money("5 000", "руб.", reporter_country=None, on=date(2020, 1, 1))
    assert "ambiguous" in raised.value.message
    assert "RUB or BYN" in raised.value.message


def test_parse_money_unknown_currency_column():
    with pytest.raises(CurrencyError) as raised:
        parse_money("5", "йен", reporter_country=None, on=None)
    assert raised.value.message == (
        'The currency "йен" is not one we know. Write an ISO code such as USD, EUR, RUB or BYN.'
    )


def test_parse_money_belarusian_roubles_before_redenomination_are_byr():
    money = parse_money("20 000 000", "бел. руб.", reporter_country=None, on=date(2016, 6, 30))
    assert money == Money(value=Decimal("20000000"), currency="BYR")


def test_parse_money_multiplier_in_currency_column():
    money = parse_money("1,5", "тыс. руб.", reporter_country="RU", on=date(2020, 1, 1))
    assert money == Money(value=Decimal("1500"), currency="RUB")
    money = parse_money("2", "млн USD", reporter_country=None, on=None)
    assert money == Money(value=Decimal("2000000"), currency="USD")


def test_parse_money_multiplier_in_currency_column_makes_three_decimals_decimal():
    money = parse_money("1,234", "млн руб.", reporter_country="RU", on=None)
    assert money == Money(value=Decimal("1234000"), currency="RUB")


def test_parse_money_too_large_with_the_column_multiplier():
    with pytest.raises(AmountError) as raised:
        parse_money("5 000 000", "трлн руб.", reporter_country="RU", on=None)
    assert raised.value.message == 'The amount "5 000 000 трлн руб." is too large to be an amount.'


def test_parse_money_two_multipliers_is_an_error():
    with pytest.raises(AmountError) as raised:
        parse_money("5 млн", "тыс. руб.", reporter_country="RU", on=None)
    assert raised.value.message == (
        'The amount "5 млн" has a multiplier and so has its currency "тыс. руб."; '
        "write only one of them."
    )


@pytest.mark.parametrize(
    ("number", "value"),
    [(1500000, "1500000"), (1500000.0, "1500000"), (0.1, "0.1"), (Decimal("12.50"), "12.5")],
)
def test_parse_money_numeric_cells(number, value):
    money = parse_money(number, "EUR", reporter_country=None, on=None)
    assert money == Money(value=Decimal(value), currency="EUR")


@pytest.mark.parametrize("number", [-1, -0.5, float("nan"), float("inf")])
def test_parse_money_numeric_cells_rejected(number):
    with pytest.raises(AmountError):
        parse_money(number, "EUR", reporter_country=None, on=None)


def test_sum_by_currency_never_mixes_currencies():
    totals = sum_by_currency(
        [
            Money(Decimal("1.5"), "USD"),
            Money(Decimal("100"), "RUB"),
            Money(Decimal("2.5"), "USD"),
            Money(Decimal("3"), "BYN"),
        ]
    )
    assert totals == {"BYN": Decimal("3"), "RUB": Decimal("100"), "USD": Decimal("4.0")}
    assert list(totals) == ["BYN", "RUB", "USD"]


def test_sum_by_currency_empty():
    assert sum_by_currency([]) == {}


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("2.3 USD mln", Decimal("2300000"), "USD"),
        ("2,3 USD млн", Decimal("2300000"), "USD"),
        ("1 500 долл. США тыс.", Decimal("1500000"), "USD"),
        ("1,234 USD mln", Decimal("1234000"), "USD"),
    ],
)
def test_parse_money_multiplier_after_the_currency(text, value, currency):
    # A header "Amount (USD mln)" puts its unit after the cell's number in this order.
    assert parse_money(text, None, reporter_country=None, on=None) == Money(value, currency)
