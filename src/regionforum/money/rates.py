"""Official exchange rates and conversion to US dollars.

A rate is the number of currency units one US dollar buys on a date. The rate for a date is the
latest one published on or before it, so a table of monthly or daily rates both work. A table
loaded over the shipped one replaces it, currency by currency, over the spans its files cover.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from itertools import pairwise
from statistics import median_low

from regionforum.money.amounts import Money
from regionforum.money.currencies import BYR_PER_BYN
from regionforum.money.errors import MoneyError, gettext_noop

_CENT = Decimal("0.01")
_ONE = Decimal(1)
# BYR and BYN are one currency in two denominations: a span of either is a span of both, or a
# file of denominated BYN rates would leave the shipped BYR rates to convert inside its span.
_DENOMINATIONS = {"BYR": ("BYR", "BYN"), "BYN": ("BYN", "BYR")}


@dataclass(frozen=True, slots=True)
class Rate:
    """`units_per_usd` units of `currency` bought one US dollar on `on`, as `source` says."""

    on: date
    currency: str
    units_per_usd: Decimal
    source: str

    def __post_init__(self) -> None:
        # Division by the rate must never meet zero, a negative or a NaN.
        if not (self.units_per_usd.is_finite() and self.units_per_usd > 0):
            raise MoneyError(
                gettext_noop(
                    "The rate of %(currency)s on %(on)s must be a positive number, not %(units)s."
                ),
                currency=self.currency,
                on=self.on,
                units=self.units_per_usd,
            )


@dataclass(frozen=True, slots=True)
class Span:
    """The dates over which a loaded file's rates of `currency` replace the shipped table."""

    currency: str
    first: date
    last: date

    def __contains__(self, on: object) -> bool:
        return isinstance(on, date) and self.first <= on <= self.last


def spans_of(rates: Iterable[Rate]) -> list[Span]:
    """The span each currency of one file covers: from its first date to the end of the period
    its last rate stands for.

    The period is the file's own spacing (the median gap between its dates): a table of one rate
    a year dated 1 January covers the whole of its last year, a monthly table its last month, a
    daily file its last day. A file with one rate of a currency covers that day.
    """
    dates: dict[str, set[date]] = {}
    for rate in rates:
        dates.setdefault(rate.currency, set()).add(rate.on)
    return [
        Span(currency, min(days), _period_end(sorted(days)))
        for currency, days in sorted(dates.items())
    ]


def _period_end(ordered: list[date]) -> date:
    """The last day of the period the last of these dates stands for."""
    last = ordered[-1]
    if len(ordered) < 2:
        return last
    if len({day.day for day in ordered}) == 1:
        # Rates a month, a quarter or a year apart: count in months, since a day count would
        # drift with month lengths and leap years (1 January 2021 + 365 days is 1 January 2022).
        months = median_low(
            (later.year - earlier.year) * 12 + later.month - earlier.month
            for earlier, later in pairwise(ordered)
        )
        total = last.year * 12 + last.month - 1 + months
        year, month = total // 12, total % 12 + 1
        return date(year, month, min(last.day, monthrange(year, month)[1])) - timedelta(days=1)
    return (
        last
        + median_low(later - earlier for earlier, later in pairwise(ordered))
        - timedelta(days=1)
    )


@dataclass(frozen=True, slots=True)
class Conversion:
    """A USD value and the rate (units per USD), rate date and source it was computed with."""

    usd: Decimal
    rate: Decimal
    rate_date: date
    source: str


class RateTable:
    """Rates by currency and date; `rate_on` is a binary search, cheap enough for every row."""

    __slots__ = ("_series", "_spans", "_under")

    def __init__(
        self,
        rates: Iterable[Rate] = (),
        *,
        under: RateTable | None = None,
        spans: Iterable[Span] = (),
    ) -> None:
        self._under = under
        self._spans: dict[str, list[Span]] = {}
        for span in spans:
            self._spans.setdefault(span.currency, []).append(span)
        # A later rate of the same currency and date replaces an earlier one.
        by_key = {(rate.currency, rate.on): rate for rate in rates}
        grouped: dict[str, list[Rate]] = {}
        for rate in by_key.values():
            grouped.setdefault(rate.currency, []).append(rate)
        self._series: dict[str, tuple[list[date], list[Rate]]] = {}
        for currency, series in grouped.items():
            series.sort(key=lambda rate: rate.on)
            self._series[currency] = ([rate.on for rate in series], series)

    def __iter__(self) -> Iterator[Rate]:
        """This table's own rates, then those of the table it overlays."""
        for _, series in self._series.values():
            yield from series
        if self._under is not None:
            yield from self._under

    def __len__(self) -> int:
        own = sum(len(series) for _, series in self._series.values())
        return own + (len(self._under) if self._under is not None else 0)

    def add(self, rate: Rate) -> None:
        """Add a rate, replacing one of the same currency and date."""
        dates, series = self._series.setdefault(rate.currency, ([], []))
        index = bisect_left(dates, rate.on)
        if index < len(dates) and dates[index] == rate.on:
            series[index] = rate
        else:
            dates.insert(index, rate.on)
            series.insert(index, rate)

    def overlay(self, rates: Iterable[Rate], spans: Iterable[Span] = ()) -> RateTable:
        """A new table whose `rates` replace this one's, which stays unchanged, over `spans`.

        Inside a span of a currency only the overlaid rates count (a secretariat that loads its
        annual averages gets figures on exactly that basis), and a span of BYR or BYN holds for
        both; outside every span this table's rates do, and the overlaid ones only where this
        table has none of that currency.
        """
        return RateTable(rates, under=self, spans=spans)

    def spans(self) -> list[Span]:
        """The spans over which this table replaces the one beneath it."""
        return [span for spans in self._spans.values() for span in spans]

    def _own(self, currency: str, on: date) -> Rate | None:
        found = self._series.get(currency)
        if found is None:
            return None
        dates, series = found
        index = bisect_right(dates, on)
        return series[index - 1] if index else None

    def _covers(self, currency: str, on: date) -> bool:
        return any(
            on in span
            for code in _DENOMINATIONS.get(currency, (currency,))
            for span in self._spans.get(code, ())
        )

    def _latest(self, currency: str, on: date) -> Rate | None:
        own = self._own(currency, on)
        if self._under is None or self._covers(currency, on):
            return own
        under = self._under._latest(currency, on)
        return under if under is not None else own

    def rate_on(self, currency: str, on: date) -> Rate | None:
        """The latest rate of `currency` (an ISO code) on or before `on`, or None.

        BYR and BYN are one currency at 10 000 to 1 across the 1 July 2016 redenomination, so
        each is derived from the other when the other's rate is the more recent: a BYR amount
        after the date converts at the BYN rate × 10 000, a BYN amount before it at BYR / 10 000.
        """
        if currency == "USD":
            return Rate(on=on, currency="USD", units_per_usd=_ONE, source="US dollar")
        own = self._latest(currency, on)
        if currency not in ("BYR", "BYN"):
            return own
        other = self._latest("BYN" if currency == "BYR" else "BYR", on)
        if other is None or (own is not None and own.on >= other.on):
            return own
        if currency == "BYR":
            units, note = other.units_per_usd * BYR_PER_BYN, "BYN × 10 000"
        else:
            units, note = other.units_per_usd / BYR_PER_BYN, "BYR ÷ 10 000"
        return Rate(
            on=other.on,
            currency=currency,
            units_per_usd=units,
            source=f"{other.source[:170]} ({note})",
        )

    def convert(self, money: Money, on: date) -> Conversion | None:
        """`money` in USD at the rate in force on `on`, rounded to the cent; None without a rate."""
        rate = self.rate_on(money.currency, on)
        if rate is None:
            return None
        with localcontext() as context:
            # Old Belarusian roubles run to trillions; the default 28 digits could round them.
            context.prec = 50
            usd = (money.value / rate.units_per_usd).quantize(_CENT, rounding=ROUND_HALF_UP)
        return Conversion(usd=usd, rate=rate.units_per_usd, rate_date=rate.on, source=rate.source)
