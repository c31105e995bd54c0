"""Amounts as the sheets write them: "1 234,5", "1,234.5", "2,5 млн", "$1.5m", "1,5 млн руб."."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from regionforum.money.currencies import (
    UnknownCurrency,
    choose_currency,
    currency_candidates,
    unknown_currency,
)
from regionforum.money.errors import AmountError, CurrencyError, gettext_noop

_NEGATIVE = gettext_noop('The amount "%(text)s" is negative; an amount must be zero or more.')
_TOO_LARGE = gettext_noop('The amount "%(text)s" is too large to be an amount.')


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency; `currency` is an ISO 4217 code."""

    value: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    """An amount cell read on its own.

    `currency` is the currency as the cell wrote it ("руб.", "$", "USD"), or None when the cell
    had none. It is checked to be a currency word, but only `resolve_currency` or `parse_money`
    can turn it into a code, because "руб." needs the reporter and "бел. руб." the date.
    """

    value: Decimal
    currency: str | None


# Spreadsheets group digits with plain, no-break, thin and narrow no-break spaces alike.
_SPACES = " \u00a0\u2000-\u200a\u202f\u205f\u3000"
_MINUS = "-\u2212\u2013\u2014"
_NUMBER = re.compile(rf"\d(?:[\d.,'’{_SPACES}]*\d)?")
_GROUP_SEPARATORS = re.compile(rf"[{_SPACES}'’]")
_SPACE_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
_PLAIN_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")

_FACTORS = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
# Russian, Belarusian and English words and abbreviations; a word ends where letters end, so
# "b" (billion) never eats the "B" of "Br" (the Belarusian rouble).
_MULTIPLIER = re.compile(
    rf"[{_SPACES}]*(?:"
    r"(?P<thousand>тыс|тысяч[аиы]?|thousands?|k)"
    r"|(?P<million>млн|миллион(?:а|ы|ов)?|міль[её]н(?:а|ы|аў)?|millions?|mln|mn|m)"
    r"|(?P<billion>млрд|миллиард(?:а|ы|ов)?|мільярд(?:а|ы|аў)?|billions?|bn|bln|b)"
    r"|(?P<trillion>трлн|триллион(?:а|ы|ов)?|трыль[её]н(?:а|ы|аў)?|trillions?|tn|trn)"
    r")(?![^\W\d_])\.?",
    re.IGNORECASE,
)
# No real agreement comes near this; a longer number is a pasted identifier, not an amount.
_LARGEST = Decimal(10) ** 18


def _grouped(digits: str, separator: str) -> bool:
    return re.fullmatch(rf"\d{{1,3}}(?:{re.escape(separator)}\d{{3}})+", digits) is not None


def _number(chunk: str, text: str, *, multiplied: bool) -> Decimal:
    """The number in `chunk`, whichever of "," and "." it uses for decimals and for thousands."""
    unreadable = AmountError(
        gettext_noop('The amount "%(text)s" is not a number we can read.'), text=text
    )
    spaced = _GROUP_SEPARATORS.sub(" ", chunk)
    if " " in spaced:
        if not _SPACE_GROUPED.fullmatch(spaced):
            if all(_PLAIN_NUMBER.fullmatch(part) for part in spaced.split(" ")):
                raise AmountError(
                    gettext_noop('The amount "%(text)s" holds more than one number.'), text=text
                )
            raise unreadable
        integer, _, fraction = spaced.replace(" ", "").replace(",", ".").partition(".")
    elif "," in spaced and "." in spaced:
        # Both appear: the last one is the decimal separator ("1,234.5", "1.234,5").
        decimal_sep = "," if spaced.rfind(",") > spaced.rfind(".") else "."
        thousands_sep = "." if decimal_sep == "," else ","
        integer, _, fraction = spaced.rpartition(decimal_sep)
        if thousands_sep in fraction or not _grouped(integer, thousands_sep):
            raise unreadable
        integer = integer.replace(thousands_sep, "")
    elif "," in spaced or "." in spaced:
        separator = "," if "," in spaced else "."
        parts = spaced.split(separator)
        if len(parts) > 2:
            if not _grouped(spaced, separator):
                raise unreadable
            integer, fraction = "".join(parts), ""
        else:
            left, right = parts
            # "1,234" and "1.234" are thousands; with a multiplier ("1,234 млн") or a leading
            # zero ("0,125") they are decimals, as nobody writes a thousand millions that way.
            thousands = (
                len(right) == 3 and len(left) <= 3 and not left.startswith("0") and not multiplied
            )
            integer, fraction = (left + right, "") if thousands else (left, right)
    else:
        integer, fraction = spaced, ""
    return Decimal(f"{integer}.{fraction}" if fraction else integer)


def _plain(value: Decimal) -> Decimal:
    """The same number without trailing zeros or exponent: 2500000, not 2.5E+6 or 2500000.0."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _multiplier(text: str) -> tuple[Decimal | None, str]:
    """A leading multiplier word in `text` and the rest of the text."""
    match = _MULTIPLIER.match(text)
    if match is None:
        return None, text.strip()
    word = next(name for name, found in match.groupdict().items() if found)
    return _FACTORS[word], text[match.end() :].strip()


def _trailing_multiplier(text: str) -> tuple[Decimal | None, str]:
    """A multiplier written after the currency ("USD mln", "долл. США тыс."), and the currency."""
    currency, _space, last = text.strip().rpartition(" ")
    match = _MULTIPLIER.fullmatch(last)
    if not currency or match is None:
        return None, text.strip()
    word = next(name for name, found in match.groupdict().items() if found)
    return _FACTORS[word], currency.strip()


def _parse(text: str, *, scaled: bool = False) -> tuple[Decimal, str | None, bool]:
    """The value, the currency text and whether a multiplier was written.

    `scaled` says the currency cell carries a multiplier ("млн руб."), which makes "1,234" read
    as a decimal just as a multiplier in the cell itself would.
    """
    stripped = text.strip()
    if not stripped:
        raise AmountError(gettext_noop("The amount is empty."))
    numbers = list(_NUMBER.finditer(stripped))
    if not numbers:
        raise AmountError(gettext_noop('The amount "%(text)s" is not a number.'), text=stripped)
    if len(numbers) > 1:
        raise AmountError(
            gettext_noop('The amount "%(text)s" holds more than one number.'), text=stripped
        )
    found = numbers[0]
    before = stripped[: found.start()].strip()
    if before and (before[0] in _MINUS or before[-1] in _MINUS):
        raise AmountError(_NEGATIVE, text=stripped)
    factor, after = _multiplier(stripped[found.end() :])
    if factor is None:
        factor, after = _trailing_multiplier(after)
    value = _number(found.group(), stripped, multiplied=scaled or factor is not None)
    if factor is not None:
        value *= factor
    if value >= _LARGEST:
        raise AmountError(_TOO_LARGE, text=stripped)
    currency = " ".join(part for part in (before, after) if part) or None
    if currency is not None:
        try:
            currency_candidates(currency)
        except UnknownCurrency as exc:
            raise AmountError(
                gettext_noop(
                    'The amount "%(text)s" has words that are neither a currency nor a '
                    'multiplier: "%(word)s".'
                ),
                text=stripped,
                word=exc.word,
            ) from None
    return _plain(value), currency, factor is not None


def parse_amount(text: str) -> ParsedAmount:
    """Read one amount cell: a non-negative number, a multiplier and a currency as written.

    Raises AmountError for an empty cell, text that is not a number, a negative number or more
    than one number, and CurrencyError when the cell names two currencies.
    """
    value, currency, _ = _parse(text)
    return ParsedAmount(value=value, currency=currency)


def _from_number(number: int | float | Decimal) -> Decimal:
    """A number from a spreadsheet's numeric cell, which needs none of the text rules."""
    if isinstance(number, float):
        if not math.isfinite(number):
            raise AmountError(gettext_noop('The amount "%(text)s" is not a number.'), text=number)
        # repr() is the shortest text that reads back as the same float: 0.1, not 0.1000…01.
        number = Decimal(repr(number))
    value = Decimal(number)
    if value < 0:
        raise AmountError(_NEGATIVE, text=number)
    if value >= _LARGEST:
        raise AmountError(_TOO_LARGE, text=number)
    return _plain(value)


def _candidates(text: str) -> frozenset[str]:
    try:
        return currency_candidates(text)
    except UnknownCurrency:
        raise unknown_currency(text) from None


def parse_money(
    amount_text: str | int | float | Decimal | None,
    currency_text: str | None,
    *,
    reporter_country: str | None,
    on: date | None,
) -> Money | None:
    """An amount cell and its currency cell read together, or None when there is no amount.

    The amount may be text or a spreadsheet's number. The currency may be written in the amount
    ("1,5 млн руб."), in the currency cell, or in both when they agree; the more precise one
    wins, so "руб." beside "BYN" is BYN. A currency cell may carry a multiplier ("тыс. руб.").
    """
    column_text = (currency_text or "").strip()
    if amount_text is None or (isinstance(amount_text, str) and not amount_text.strip()):
        return None
    factor, column_currency = _multiplier(column_text)
    if isinstance(amount_text, str):
        value, cell_currency, multiplied = _parse(amount_text, scaled=factor is not None)
        shown = amount_text.strip()
    else:
        value, cell_currency, multiplied = _from_number(amount_text), None, False
        shown = str(amount_text)
    if factor is not None:
        if multiplied:
            raise AmountError(
                gettext_noop(
                    'The amount "%(text)s" has a multiplier and so has its currency '
                    '"%(currency)s"; write only one of them.'
                ),
                text=shown,
                currency=column_text,
            )
        value = _plain(value * factor)
        if value >= _LARGEST:
            raise AmountError(_TOO_LARGE, text=f"{shown} {column_text}")
    written = [text for text in (column_currency, cell_currency) if text]
    if not written:
        raise CurrencyError(
            gettext_noop(
                'The amount "%(text)s" has no currency: fill in the currency (for example USD, '
                "RUB or BYN)."
            ),
            text=shown,
        )
    candidates = frozenset.intersection(*(_candidates(text) for text in written))
    if not candidates:
        raise CurrencyError(
            gettext_noop(
                'The amount "%(text)s" is in "%(written)s" but its currency says "%(currency)s".'
            ),
            text=shown,
            written=cell_currency,
            currency=column_currency,
        )
    code = choose_currency(candidates, written[0], reporter_country=reporter_country, on=on)
    return Money(value=value, currency=code)


def sum_by_currency(amounts: Iterable[Money]) -> dict[str, Decimal]:
    """The total of each currency, by code in alphabetical order: never one sum of mixed money."""
    totals: dict[str, Decimal] = {}
    for money in amounts:
        totals[money.currency] = totals.get(money.currency, Decimal(0)) + money.value
    return dict(sorted(totals.items()))
