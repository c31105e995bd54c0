"""Writes for forums: the forum calendar."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from importlib import resources

from django.db import transaction

from regionforum.forums.models import Forum


def _calendar_rows() -> list[dict[str, str]]:
    text = resources.files("regionforum.forums").joinpath("data/forums.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _dates(text: str) -> tuple[date | None, date | None]:
    if not text:
        return None, None
    first, _sep, last = text.partition("/")
    return date.fromisoformat(first), date.fromisoformat(last or first)


@transaction.atomic
def forum_calendar_load() -> tuple[int, int]:
    """Create or refresh the forums from the shipped calendar. Returns (created, updated)."""
    created = updated = 0
    for row in _calendar_rows():
        starts_on, ends_on = _dates(row["dates"])
        fields = {
            "year": int(row["year"]),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "host_cities": row["host_cities"],
            "theme": row["theme"],
            "announced_agreements": int(row["agreements_signed"])
            if row["agreements_signed"]
            else None,
            "announced_value": Decimal(row["total_value"]) if row["total_value"] else None,
            "announced_currency": row["currency"],
            "source": row["source"],
        }
        forum, was_created = Forum.objects.get_or_create(number=int(row["number"]), defaults=fields)
        if was_created:
            created += 1
        elif any(getattr(forum, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(forum, name, value)
            forum.save()
            updated += 1
    return created, updated
