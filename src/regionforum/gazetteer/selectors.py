"""Reads of the gazetteer."""

from __future__ import annotations

from django.db.models import QuerySet

from regionforum.gazetteer.models import Region
from regionforum.names import RegionRecord, RegionResolver


def region_list() -> QuerySet[Region]:
    return Region.objects.select_related("country").order_by("country__code", "name_en")


def region_records() -> list[RegionRecord]:
    records = []
    for region in region_list().prefetch_related("extra_names"):
        records.append(
            RegionRecord(
                code=region.code,
                country=region.country.code,
                name_en=region.name_en,
                name_ru=region.name_ru,
                name_be=region.name_be or None,
                variants=tuple(extra.name for extra in region.extra_names.all()),
            )
        )
    return records


def region_resolver() -> RegionResolver:
    """A resolver over the regions in the database, or the shipped table before it is loaded."""
    from regionforum.names import shipped_regions

    records = region_records()
    if not records:
        records = shipped_regions()
    else:
        # A loaded gazetteer carries only the main names; the shipped variants still apply. A
        # shipped region is read by the names table's Belarusian name, not by the display-only
        # one the gazetteer adds for a Russian region (see gazetteer.services).
        shipped = {record.code: record for record in shipped_regions()}
        records = [
            RegionRecord(
                code=record.code,
                country=record.country,
                name_en=record.name_en,
                name_ru=record.name_ru,
                name_be=shipped[record.code].name_be,
                variants=record.variants + shipped[record.code].variants,
            )
            if record.code in shipped
            else record
            for record in records
        ]
    return RegionResolver(records)
