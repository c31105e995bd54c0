"""Amounts and counts written as a language writes them, by CLDR's rules through Babel:
"$6,679,400,095" and "6 679 400 095 $", "1,234.50 RUB" and "1 234,50 RUB", "$1.2B" and
"1,2 млрд $". Half-way values round up, as people round figures, not to the even digit."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache

from babel import Locale
from babel.numbers import (
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
)

# Our own placement for an amount in its original currency: the ISO code after the number in
# every language, so that "руб." or "$" never leaves the currency in doubt.
_CODE_AFTER = "#,##0.00\xa0¤¤"


def number_text(value: Decimal | int, *, locale: str, digits: int = 0) -> str:
    """A number, grouped, with exactly `digits` decimals."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    with localcontext(rounding=ROUND_HALF_UP):
        return format_decimal(Decimal(value), format=pattern, locale=locale)


def money_text(value: Decimal, currency: str, *, locale: str) -> str:
    """An amount in its own currency, to the cent, with the currency's ISO code."""
    with localcontext(rounding=ROUND_HALF_UP):
        return format_currency(
            value, currency, format=_CODE_AFTER, locale=locale, currency_digits=False
        )


def usd_text(value: Decimal, *, locale: str) -> str:
    """A USD amount in whole dollars, with the sign where the language puts it."""
    with localcontext(rounding=ROUND_HALF_UP):
        return format_currency(
            value, "USD", format=_whole_pattern(locale), locale=locale, currency_digits=False
        )


def usd_compact(value: Decimal, *, locale: str) -> str:
    """A USD amount shortened for a label, to one decimal: $314.5M, 1,3 млрд $, $12K."""
    with localcontext(rounding=ROUND_HALF_UP):
        return format_compact_currency(value, "USD", locale=locale, fraction_digits=1)


def percent_text(fraction: float | Decimal, *, locale: str) -> str:
    """A fraction as a whole percentage: 0.257 is "26%" or "26 %"."""
    with localcontext(rounding=ROUND_HALF_UP):
        return format_percent(Decimal(str(fraction)), locale=locale)


def signed_percent_text(fraction: float | Decimal, *, locale: str) -> str:
    """A change as a whole percentage with its sign: 0.257 is "+26%" or "+26 %"."""
    with localcontext(rounding=ROUND_HALF_UP):
        return format_percent(
            Decimal(str(fraction)), format=_signed_percent_pattern(locale), locale=locale
        )


@cache
def _signed_percent_pattern(locale: str) -> str:
    pattern = Locale.parse(locale).percent_formats[None].pattern
    return f"+{pattern};-{pattern}"


@cache
def _whole_pattern(locale: str) -> str:
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    return re.sub(r"\.0+", "", pattern)
