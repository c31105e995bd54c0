"""Currency words as people write them in the sheets, resolved to ISO 4217 codes.

A cell may say "USD", "долл. США", "$", "€", "рос. руб.", "бел. руб." or just "руб.". The last
is ambiguous between Russian and Belarusian roubles; the reporter's country settles it. The
Belarusian rouble was redenominated on 1 July 2016 (10 000 BYR = 1 BYN), so "бел. руб." means
BYR before that date and BYN from it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from functools import cache

from regionforum.money.errors import CurrencyError, gettext_noop

REDENOMINATION = date(2016, 7, 1)
BYR_PER_BYN = Decimal(10000)

_BELARUSIAN = frozenset({"BYN", "BYR"})
_ANY_ROUBLE = frozenset({"RUB", "BYN", "BYR"})

# Codes that ISO no longer lists but sheets still use. RUR was the rouble's code before the
# 1998 redenomination; in sheets from 2014 on it is an old habit for today's RUB, not old money.
_EXTRA_CODES = {"BYR": "BYR", "RUR": "RUB"}

_SYMBOLS = "$€₽₸£"
_TOKEN = re.compile(rf"[{_SYMBOLS}]|[^\W\d_]+")

# Each family of currency words, with the country words that may qualify it.
_DOLLAR, _EURO, _ROUBLE, _YUAN, _TENGE, _POUND = (
    "dollar",
    "euro",
    "rouble",
    "yuan",
    "tenge",
    "pound",
)
_US, _RU, _BY, _CN, _KZ, _GB = "US", "RU", "BY", "CN", "KZ", "GB"

_FAMILY_WORDS: dict[str, tuple[str, ...]] = {
    _DOLLAR: ("доллар", "долар", "dollar", "долл", "дол", "$"),
    _EURO: ("евро", "еўра", "euro", "€"),
    _ROUBLE: ("рубл", "рубел", "руб", "р", "rubl", "roubl", "rubel", "₽", "br"),
    _YUAN: ("юан", "yuan", "renminbi", "rmb"),
    _TENGE: ("тенге", "tenge", "₸"),
    _POUND: ("фунт", "pound", "£"),
}
# Short words must match exactly; the others are stems ("долларов", "рублей", "roubles").
_EXACT_ONLY = frozenset({"дол", "р", "руб", "br", "rmb"})

_COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    _US: ("сша", "зша", "us", "usa", "америк", "american"),
    _RU: ("рос", "росс", "росси", "расійск", "рф", "rf", "russia"),
    _BY: ("бел", "белорус", "беларус", "рб", "belarus", "byelorus"),
    _CN: ("китай", "кнр", "chinese"),
    _KZ: ("казах", "kazakh"),
    _GB: ("стерлинг", "sterling", "британ", "british"),
}
_EXACT_COUNTRY = frozenset(
    {"us", "рос", "росс", "рф", "rf", "бел", "рб", "кнр", "сша", "зша", "usa"}
)

# The words a symbol implies on its own: "₽" is the Russian rouble's sign, "Br" the Belarusian.
_IMPLIED_COUNTRY = {"₽": _RU, "br": _BY}

_FAMILY_CODES: dict[str, dict[str | None, frozenset[str]]] = {
    _DOLLAR: {None: frozenset({"USD"}), _US: frozenset({"USD"})},
    _EURO: {None: frozenset({"EUR"})},
    _ROUBLE: {None: _ANY_ROUBLE, _RU: frozenset({"RUB"}), _BY: _BELARUSIAN},
    _YUAN: {None: frozenset({"CNY"}), _CN: frozenset({"CNY"})},
    _TENGE: {None: frozenset({"KZT"}), _KZ: frozenset({"KZT"})},
    _POUND: {None: frozenset({"GBP"}), _GB: frozenset({"GBP"})},
}

# Words that may stand beside a currency without changing it ("рублей в РФ", "of America").
_FILLER = frozenset({"в", "у", "of", "the", "america", "америки", "states", "united", "s", "u"})


class UnknownCurrency(Exception):
    """Raised inside this package when a text holds a word that is not a currency word."""

    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


@cache
def _iso_codes() -> frozenset[str]:
    # pycountry reads its data on first use; only a currency lookup should pay for that.
    import pycountry

    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def belarusian_rouble(on: date | None) -> str:
    """BYR before the 2016 redenomination, BYN from it (and when the date is unknown)."""
    return "BYR" if on is not None and on < REDENOMINATION else "BYN"


def _match(word: str, words: tuple[str, ...], exact: frozenset[str]) -> bool:
    return any(word == stem or (stem not in exact and word.startswith(stem)) for stem in words)


def _tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    folded = folded.replace("u.s.", "us")
    return _TOKEN.findall(folded)


def currency_candidates(text: str) -> frozenset[str]:
    """The ISO codes `text` may mean: one code, or several roubles when the text leaves it open.

    Raises UnknownCurrency for a word that is no currency word, and CurrencyError when the words
    name two different currencies.
    """
    if any(char.isdigit() for char in text):
        raise UnknownCurrency(text.strip())
    codes: set[str] = set()
    families: set[str] = set()
    countries: set[str] = set()
    for token in _tokens(text):
        code = token.upper()
        if len(token) == 3 and token.isascii() and (code in _EXTRA_CODES or code in _iso_codes()):
            codes.add(_EXTRA_CODES.get(code, code))
            continue
        family = next(
            (name for name, words in _FAMILY_WORDS.items() if _match(token, words, _EXACT_ONLY)),
            None,
        )
        if family is not None:
            families.add(family)
            if token in _IMPLIED_COUNTRY:
                countries.add(_IMPLIED_COUNTRY[token])
            continue
        country = next(
            (
                name
                for name, words in _COUNTRY_WORDS.items()
                if _match(token, words, _EXACT_COUNTRY)
            ),
            None,
        )
        if country is not None:
            countries.add(country)
        elif token not in _FILLER:
            raise UnknownCurrency(token)
    if not codes and not families:
        raise UnknownCurrency(text.strip())
    if len(codes) > 1 or len(families) > 1 or len(countries) > 1:
        raise CurrencyError(
            gettext_noop('The currency "%(text)s" names more than one currency.'), text=text.strip()
        )
    if countries and not families:
        raise UnknownCurrency(text.strip())
    candidates = frozenset(codes)
    if families:
        by_country = _FAMILY_CODES[families.pop()]
        country = next(iter(countries), None)
        if country not in by_country:
            raise UnknownCurrency(text.strip())
        candidates = candidates & by_country[country] if codes else by_country[country]
    if not candidates:
        raise CurrencyError(
            gettext_noop('The currency "%(text)s" names more than one currency.'), text=text.strip()
        )
    return candidates


def choose_currency(
    candidates: frozenset[str], text: str, *, reporter_country: str | None, on: date | None
) -> str:
    """One code out of `candidates`: the date picks BYR or BYN, the reporter RUB or BYN."""
    if len(candidates) == 1:
        return next(iter(candidates))
    if candidates == _BELARUSIAN:
        return belarusian_rouble(on)
    country = (reporter_country or "").strip().upper().split("-")[0]
    if country == "RU":
        return "RUB"
    if country == "BY":
        return belarusian_rouble(on)
    raise CurrencyError(
        gettext_noop(
            'The currency "%(text)s" is ambiguous: it may be Russian roubles (RUB) or Belarusian '
            "roubles (BYN). Write RUB or BYN, or give the reporter's country (RU or BY)."
        ),
        text=text.strip(),
    )


def unknown_currency(text: str) -> CurrencyError:
    return CurrencyError(
        gettext_noop(
            'The currency "%(text)s" is not one we know. '
            "Write an ISO code such as USD, EUR, RUB or BYN."
        ),
        text=text.strip(),
    )


def resolve_currency(text: str, *, reporter_country: str | None, on: date | None) -> str:
    """The ISO 4217 code that `text` names, for an amount reported by `reporter_country` on `on`.

    `reporter_country` is an ISO 3166-1 or 3166-2 code ("BY", "RU-SMO") and settles a bare
    "руб."; `on` is the value date, which tells BYR from BYN.
    """
    if not text.strip():
        raise CurrencyError(gettext_noop("The currency is empty."))
    try:
        candidates = currency_candidates(text)
    except UnknownCurrency:
        raise unknown_currency(text) from None
    return choose_currency(candidates, text, reporter_country=reporter_country, on=on)
