"""Official exchange rates and conversion to US dollars.

A rate is the number of currency units one US dollar buys on a date. The rate for a date is the
latest one published on or before it, so a table of monthly or daily rates both work.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

from regionforum.money.amounts import Money
from regionforum.money.currencies import BYR_PER_BYN
from regionforum.money.errors import MoneyError

_CENT = Decimal("0.01")
_ONE = Decimal(1)
# An overlaid (loaded) rate is preferred to an underlying (shipped) one that is at most this much
# newer: the shipped table holds one rate a month, and within that month an official rate of the
# day is the better one, even when the month's row happens to be dated after it.
PRECEDENCE_WINDOW = timedelta(days=31)


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
                f"The rate of {self.currency} on {self.on} must be a positive number, "
                f"not {self.units_per_usd}."
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

    __slots__ = ("_series", "_under")

    def __init__(self, rates: Iterable[Rate] = (), *, under: RateTable | None = None) -> None:
        self._under = under
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

    def overlay(self, rates: Iterable[Rate]) -> RateTable:
        """A new table whose `rates` take precedence over this one's, which stays unchanged.

        For a date, the latest overlaid rate on or before it wins unless this table has one
        more than PRECEDENCE_WINDOW newer: loaded daily rates beat the shipped monthly ones
        around them, and a stale loaded rate does not hide years of shipped ones.
        """
        return RateTable(rates, under=self)

    def _latest(self, currency: str, on: date) -> Rate | None:
        own = None
        found = self._series.get(currency)
        if found is not None:
            dates, series = found
            index = bisect_right(dates, on)
            own = series[index - 1] if index else None
        if self._under is None:
            return own
        under = self._under._latest(currency, on)
        if own is None or (under is not None and under.on - own.on > PRECEDENCE_WINDOW):
            return under
        return own

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
