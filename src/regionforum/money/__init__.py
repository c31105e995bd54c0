"""Money without Django: parse amounts and currencies, and convert them to US dollars.

Every amount keeps its value and currency; conversion uses the official rate in force on the
value date and says which rate, of which date and from which source, it used.
"""

from regionforum.money.amounts import (
    Money,
    ParsedAmount,
    parse_amount,
    parse_money,
    sum_by_currency,
)
from regionforum.money.currencies import BYR_PER_BYN, REDENOMINATION, resolve_currency
from regionforum.money.errors import AmountError, CurrencyError, MoneyError, RatesFileError
from regionforum.money.rates import Conversion, Rate, RateTable, Span, spans_of
from regionforum.money.readers import FORMATS, guess_format, read_rates, shipped_rates

__all__ = [
    "BYR_PER_BYN",
    "FORMATS",
    "REDENOMINATION",
    "AmountError",
    "Conversion",
    "CurrencyError",
    "Money",
    "MoneyError",
    "ParsedAmount",
    "Rate",
    "RateTable",
    "RatesFileError",
    "Span",
    "guess_format",
    "parse_amount",
    "parse_money",
    "read_rates",
    "resolve_currency",
    "shipped_rates",
    "spans_of",
    "sum_by_currency",
]
