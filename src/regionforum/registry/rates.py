"""The rate table in force: the shipped official rates, overlaid with the loaded ones."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from regionforum.money import Rate, RateTable, shipped_rates
from regionforum.registry.models import ExchangeRate


def rate_table() -> RateTable:
    loaded = [
        Rate(on=row.on, currency=row.currency, units_per_usd=row.units_per_usd, source=row.source)
        for row in ExchangeRate.objects.all()
    ]
    return RateTable(shipped_rates()).overlay(loaded)


@transaction.atomic
def rates_load(*, rates: Iterable[Rate]) -> tuple[int, int]:
    """Store official rates; a later load of the same currency and date replaces the earlier.

    Returns (created, updated).
    """
    by_key = {(rate.currency, rate.on): rate for rate in rates}
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
    return len(to_create), len(to_update)
