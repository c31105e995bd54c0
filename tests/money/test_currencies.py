from datetime import date

import pytest

from regionforum.money import CurrencyError, resolve_currency

BEFORE = date(2016, 6, 30)
AFTER = date(2016, 7, 1)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("USD", "USD"),
        ("usd", "USD"),
        (" EUR ", "EUR"),
        ("RUB", "RUB"),
        ("RUR", "RUB"),
        ("BYN", "BYN"),
        ("BYR", "BYR"),
        ("CNY", "CNY"),
        ("KZT", "KZT"),
        ("GBP", "GBP"),
        ("JPY", "JPY"),
        ("долл. США", "USD"),
        ("долл.США", "USD"),
        ("дол. США", "USD"),
        ("доллар", "USD"),
        ("долларов", "USD"),
        ("долларов США", "USD"),
        ("доллары США", "USD"),
        ("долараў ЗША", "USD"),
        ("$", "USD"),
        ("US$", "USD"),
        ("US dollars", "USD"),
        ("U.S. dollars", "USD"),
        ("USD (долл. США)", "USD"),
        ("€", "EUR"),
        ("евро", "EUR"),
        ("еўра", "EUR"),
        ("euro", "EUR"),
        ("euros", "EUR"),
        ("рос. руб.", "RUB"),
        ("рос.руб.", "RUB"),
        ("росс. руб.", "RUB"),
        ("российских рублей", "RUB"),
        ("российский рубль", "RUB"),
        ("руб. РФ", "RUB"),
        ("рублей России", "RUB"),
        ("расійскіх рублёў", "RUB"),
        ("Russian roubles", "RUB"),
        ("Russian rubles", "RUB"),
        ("₽", "RUB"),
        ("юаней", "CNY"),
        ("китайских юаней", "CNY"),
        ("тенге", "KZT"),
        ("₸", "KZT"),
        ("фунтов стерлингов", "GBP"),
    ],
)
def test_resolve_currency_unambiguous_words(text, code):
    assert resolve_currency(text, reporter_country=None, on=AFTER) == code
    assert resolve_currency(text, reporter_country="BY", on=BEFORE) == code


@pytest.mark.parametrize(
    "text",
    [
        "бел. руб.",
        "бел.руб.",
        "белорусских рублей",
        "белорусский рубль",
        "беларускіх рублёў",
        "руб. РБ",
        "Belarusian roubles",
        "Br",
    ],
)
def test_resolve_currency_belarusian_rouble_follows_the_redenomination(text):
    assert resolve_currency(text, reporter_country=None, on=BEFORE) == "BYR"
    assert resolve_currency(text, reporter_country=None, on=AFTER) == "BYN"
    assert resolve_currency(text, reporter_country="RU", on=AFTER) == "BYN"
    assert resolve_currency(text, reporter_country=None, on=None) == "BYN"


@pytest.mark.parametrize("text", ["руб.", "руб", "рублей", "рубля", "р.", "рублёў", "roubles"])
@pytest.mark.parametrize(
    ("reporter", "on", "code"),
    [
        ("RU", AFTER, "RUB"),
        ("RU-SMO", BEFORE, "RUB"),
        ("BY", AFTER, "BYN"),
        ("by-mi", date(2022, 1, 1), "BYN"),
        ("BY", BEFORE, "BYR"),
        ("BY", None, "BYN"),
    ],
)
def test_resolve_currency_bare_rouble_by_reporter(text, reporter, on, code):
    assert resolve_currency(text, reporter_country=reporter, on=on) == code


@pytest.mark.parametrize("reporter", [None, "", "KZ"])
def test_resolve_currency_bare_rouble_without_reporter_is_ambiguous(reporter):
    with pytest.raises(CurrencyError) as raised:
        resolve_currency("руб.", reporter_country=reporter, on=AFTER)
    assert raised.value.message == (
        'The currency "руб." is ambiguous: it may be Russian roubles (RUB) or Belarusian roubles '
        "(BYN). Write RUB or BYN, or give the reporter's country (RU or BY)."
    )


def test_resolve_currency_explicit_code_ignores_reporter():
    assert resolve_currency("RUB", reporter_country="BY", on=AFTER) == "RUB"
    assert resolve_currency("BYR", reporter_country="BY", on=date(2018, 1, 1)) == "BYR"
    assert resolve_currency("BYN", reporter_country="BY", on=date(2015, 1, 1)) == "BYN"


@pytest.mark.parametrize("text", ["йен", "у.е.", "США", "доллар РФ", "абв", "12", "XYZ"])
def test_resolve_currency_unknown(text):
    with pytest.raises(CurrencyError) as raised:
        resolve_currency(text, reporter_country="RU", on=AFTER)
    assert raised.value.message == (
        f'The currency "{text}" is not one we know. Write an ISO code such as USD, EUR, RUB or BYN.'
    )


@pytest.mark.parametrize("text", ["USD EUR", "$ €", "RUB долл.", "руб. РФ РБ", "BYN рос. руб."])
def test_resolve_currency_two_currencies(text):
    with pytest.raises(CurrencyError) as raised:
        resolve_currency(text, reporter_country="RU", on=AFTER)
    assert raised.value.message == f'The currency "{text}" names more than one currency.'


def test_resolve_currency_empty():
    with pytest.raises(CurrencyError) as raised:
        resolve_currency("  ", reporter_country="RU", on=AFTER)
    assert raised.value.message == "The currency is empty."
