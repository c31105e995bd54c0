"""Names of regions and organisations: normalisation, transliteration and resolution.

Pure Python (no Django): the gazetteer, the importer and the CLI all build on it.
"""

from regionforum.names.organisations import (
    organisation_key,
    organisation_kind,
    organisation_legal_form,
)
from regionforum.names.regions import RegionMatch, RegionRecord, RegionResolver, shipped_regions
from regionforum.names.text import normalise_text, transliterate

__all__ = [
    "RegionMatch",
    "RegionRecord",
    "RegionResolver",
    "normalise_text",
    "organisation_key",
    "organisation_kind",
    "organisation_legal_form",
    "shipped_regions",
    "transliterate",
]
