"""Writes to the gazetteer."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from django.db import transaction
from django.utils.translation import gettext as _

from regionforum.gazetteer.models import Country, Region
from regionforum.names import shipped_regions

COUNTRIES = {
    "BY": ("Belarus", "Беларусь", "Беларусь"),
    "RU": ("Russia", "Россия", "Расія"),
}
SHIPPED_SOURCE = "ISO 3166-2 (codes via pycountry); names: regionforum names table"
_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,6}$")


@cache
def _display_names_be() -> dict[str, str]:
    """Belarusian names of the Russian regions. They are shown on pages but kept out of the
    names table that the resolver reads: there, a slip such as "Калужкая область" would be one
    edit from two regions' names and be refused."""
    raw = resources.files(__package__).joinpath("names_be.json").read_text("utf-8")
    names: dict[str, str] = json.loads(raw)["names"]
    return names


class GazetteerError(Exception):
    """A gazetteer write was refused; the message says why in plain words."""


@transaction.atomic
def gazetteer_load() -> tuple[int, int]:
    """Create or refresh the two countries and every shipped region. Returns (created, updated)."""
    countries = {}
    for code, (name_en, name_ru, name_be) in COUNTRIES.items():
        countries[code], _created = Country.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_ru": name_ru, "name_be": name_be}
        )
    existing = {region.code: region for region in Region.objects.all()}
    created = updated = 0
    for record in shipped_regions():
        fields = {
            "country": countries[record.country],
            "name_en": record.name_en,
            "name_ru": record.name_ru,
            "name_be": record.name_be or _display_names_be().get(record.code, ""),
            "is_iso": True,
            "source": SHIPPED_SOURCE,
        }
        region = existing.get(record.code)
        if region is None:
            Region.objects.create(code=record.code, **fields)
            created += 1
        elif any(getattr(region, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(region, name, value)
            region.save()
            updated += 1
    return created, updated


def region_add(
    *, code: str, country: str, name_en: str, name_ru: str, name_be: str = "", source: str = ""
) -> Region:
    """Add a region outside the ISO list, under the secretariat's own code."""
    code = code.strip().upper()
    if not _CODE.match(code):
        raise GazetteerError(
            _("The region code %(code)s must look like XX-ABC: a country code, a dash, a suffix.")
            % {"code": code}
        )
    if not code.startswith(f"{country.upper()}-"):
        raise GazetteerError(
            _("The region code %(code)s does not start with its country %(country)s.")
            % {"code": code, "country": country.upper()}
        )
    if Region.objects.filter(code=code).exists():
        raise GazetteerError(_("A region with the code %(code)s exists already.") % {"code": code})
    try:
        country_row = Country.objects.get(code=country.upper())
    except Country.DoesNotExist:
        raise GazetteerError(
            _("The country %(country)s is not in the gazetteer.") % {"country": country}
        ) from None
    if not name_en.strip() or not name_ru.strip():
        raise GazetteerError(_("A region needs an English and a Russian name."))
    return Region.objects.create(
        code=code,
        country=country_row,
        name_en=name_en.strip(),
        name_ru=name_ru.strip(),
        name_be=name_be.strip(),
        is_iso=False,
        source=source.strip(),
    )
