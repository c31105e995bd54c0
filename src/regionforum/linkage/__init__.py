"""Record linkage: which reported rows are one agreement. Pure Python, no Django."""

from regionforum.linkage.rules import (
    AMOUNT_TOLERANCE,
    Evidence,
    Family,
    Linkage,
    Record,
    compare,
    kind_family,
    link,
    title_similarity,
)

__all__ = [
    "AMOUNT_TOLERANCE",
    "Evidence",
    "Family",
    "Linkage",
    "Record",
    "compare",
    "kind_family",
    "link",
    "title_similarity",
]
