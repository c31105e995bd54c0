"""Organisation names per language: which name a page shows, and filling them from the sheets.

`organisation_name` is the one place that decides what name of an organisation a reader sees:
pages, agendas, reports and exports call it rather than read `name_ru`/`name_be`/`name_en`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import get_language
from simple_history.utils import bulk_update_with_history

from regionforum.names.languages import LANGUAGES, Language, name_language, names_by_language
from regionforum.registry.audit import audit_fields
from regionforum.registry.models import Organisation

if TYPE_CHECKING:
    from regionforum.accounts.models import User

# A Belarusian reader reads Russian: without a Belarusian name, the Russian one is shown (marked
# as Russian) before the original name, which may be a romanisation or English.
RUSSIAN_REGION = "RU-"
# Organisations read at a time: below the bound parameters a SQLite query may hold.
_CHUNK = 2000
_FALLBACKS: dict[str, tuple[Language, ...]] = {"be": ("ru",)}


@dataclass(frozen=True, slots=True)
class DisplayName:
    """An organisation's name as shown to a reader of one language.

    `translated` is False when the registry has no name in that language and `text` is another
    one; `lang` is the language `text` is written in ("und" when its spelling does not tell),
    so that a page marks it. `original` is the organisation's name of record.
    """

    text: str
    lang: str
    translated: bool
    original: str

    def __str__(self) -> str:
        return self.text


def organisation_names(organisation: Organisation) -> dict[str, str]:
    """The organisation's name in each language, "" where the registry has none."""
    return {language: str(getattr(organisation, f"name_{language}")) for language in LANGUAGES}


def organisation_names_data(organisation: Organisation) -> dict[str, str | None]:
    """The names per language as the exports and the API give them: null where none."""
    return {code: name or None for code, name in organisation_names(organisation).items()}


def organisation_names_seen(name: str, *, region_code: str) -> dict[str, str]:
    """The names per language that one name, seen for an organisation of that region, gives."""
    found = names_by_language([(name, region_code.startswith(RUSSIAN_REGION))])
    return {f"name_{code}": text[:500] for code, text in found.items()}


def organisation_name(organisation: Organisation, *, language: str | None = None) -> DisplayName:
    """The name to show a reader of `language` (the active language by default)."""
    language = (language or get_language() or "en").split("-")[0]
    names = organisation_names(organisation)
    if names.get(language):
        return DisplayName(names[language], language, True, organisation.name)
    for fallback in _FALLBACKS.get(language, ()):
        if names[fallback]:
            return DisplayName(names[fallback], fallback, False, organisation.name)
    written_in = next(
        (code for code, name in names.items() if name == organisation.name),
        name_language(organisation.name) or "und",
    )
    return DisplayName(organisation.name, written_in, False, organisation.name)


def organisation_names_fill(
    *, seen: Mapping[int, Iterable[str]], user: User | None = None, reason: str = ""
) -> int:
    """Fill the organisations' empty names per language from names they were seen under.

    `seen` holds, by organisation id, the names the sheets (or the API) gave it, in the order
    seen. A name already there, from a sheet or entered on the correction page, is kept.
    Returns how many organisations gained a name; each change is in their history.
    """
    names = {organisation_id: list(found) for organisation_id, found in seen.items() if found}
    if not names:
        return 0
    changed = []
    ids = sorted(names)
    organisations = (
        organisation
        for start in range(0, len(ids), _CHUNK)
        for organisation in Organisation.objects.filter(
            pk__in=ids[start : start + _CHUNK]
        ).select_related("region")
    )
    for organisation in organisations:
        known = organisation_names(organisation)
        if all(known.values()):
            continue
        russian = organisation.region.code.startswith(RUSSIAN_REGION)
        found = names_by_language(
            [(name, russian) for name in names[organisation.pk]],
            known={code: known[code] for code in LANGUAGES},
        )
        if any(not known[code] for code in found):
            for code, name in found.items():
                setattr(organisation, f"name_{code}", name[:500])
            changed.append(organisation)
    if changed:
        bulk_update_with_history(
            changed,
            Organisation,
            ["name_ru", "name_be", "name_en"],
            default_user=user,
            default_change_reason=reason,
            custom_historical_attrs=audit_fields(),
        )
    return len(changed)
