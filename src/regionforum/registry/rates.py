"""The rate table in force: the shipped official rates, replaced over the spans of the loaded
files, currency by currency."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from regionforum.money import Money as Amount
from regionforum.money import Rate, RateTable, Span, shipped_rates, spans_of
from regionforum.registry.models import ExchangeRate, Money, RateLoad

# A span of BYN also serves BYR amounts after the redenomination, and one of BYR BYN amounts
# before it.
_SERVED = {"BYN": {"BYN", "BYR"}, "BYR": {"BYN", "BYR"}}


def rate_table() -> RateTable:
    loaded = [
        Rate(on=row.on, currency=row.currency, units_per_usd=row.units_per_usd, source=row.source)
        for row in ExchangeRate.objects.all()
    ]
    spans = [
        Span(load.currency, load.first, load.last)
        for load in RateLoad.objects.only("currency", "first", "last")
    ]
    # Rates stored before loads kept their spans: each currency's rates are then one span.
    covered = {span.currency for span in spans}
    spans += spans_of(rate for rate in loaded if rate.currency not in covered)
    return RateTable(shipped_rates()).overlay(loaded, spans)


@transaction.atomic
def rates_load(*, rates: Iterable[Rate], file_name: str = "") -> tuple[int, int, list[Span]]:
    """Store one file's official rates; over each currency's span they replace the shipped
    table and every rate loaded before (a later load of the same currency and date replaces the
    earlier one, and an earlier rate inside the span that the file does not hold is dropped, so
    that the span is on the file's basis alone). Amounts already in the registry are converted
    again, so that every figure is on the new basis.

    Returns (created, updated, spans).
    """
    by_key = {(rate.currency, rate.on): rate for rate in rates}
    spans = spans_of(by_key.values())
    for span in spans:
        days = [on for currency, on in by_key if currency == span.currency]
        ExchangeRate.objects.filter(
            currency=span.currency, on__range=(span.first, span.last)
        ).exclude(on__in=days).delete()
        RateLoad.objects.filter(
            currency=span.currency, first__gte=span.first, last__lte=span.last
        ).delete()
        sources = sorted({rate.source for key, rate in by_key.items() if key[0] == span.currency})
        RateLoad.objects.create(
            currency=span.currency,
            first=span.first,
            last=span.last,
            rates=len(days),
            file_name=file_name[:255],
            source="; ".join(sources)[:200],
        )
    existing = {
        (row.currency, row.on): row
        for row in ExchangeRate.objects.filter(currency__in={key[0] for key in by_key})
    }
    to_create, to_update = [], []
    for key, rate in by_key.items():
        row = existing.get(key)
        if row is None:
            to_create.append(
                ExchangeRate(
                    on=rate.on,
                    currency=rate.currency,
                    units_per_usd=rate.units_per_usd,
                    source=rate.source,
                )
            )
        elif row.units_per_usd != rate.units_per_usd or row.source != rate.source:
            row.units_per_usd = rate.units_per_usd
            row.source = rate.source
            to_update.append(row)
    ExchangeRate.objects.bulk_create(to_create, batch_size=1000)
    ExchangeRate.objects.bulk_update(to_update, ["units_per_usd", "source"], batch_size=1000)
    money_convert(
        currencies={code for span in spans for code in _SERVED.get(span.currency, {span.currency})}
    )
    return len(to_create), len(to_update), spans


def money_convert(*, currencies: set[str]) -> int:
    """Convert the stored amounts in these currencies again at the table in force; returns how
    many changed."""
    table = rate_table()
    changed = []
    for money in Money.objects.filter(currency__in=currencies).iterator(chunk_size=2000):
        conversion = table.convert(Amount(money.value, money.currency), money.value_date)
        fields = (
            (conversion.usd, conversion.rate, conversion.rate_date, conversion.source[:200])
            if conversion is not None
            else (None, None, None, "")
        )
        if fields != (money.usd, money.rate, money.rate_date, money.rate_source):
            money.usd, money.rate, money.rate_date, money.rate_source = fields
            changed.append(money)
    Money.objects.bulk_update(changed, ["usd", "rate", "rate_date", "rate_source"], batch_size=1000)
    return len(changed)
