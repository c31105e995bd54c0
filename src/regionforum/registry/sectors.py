"""Sectors as a controlled vocabulary with a label in each language. The sheets name a sector
as they please ("Машиностроение", "пищевая", "machine building"); an import stores the
vocabulary's code instead when it recognises the text, and pages show the code's label in the
user's language. Text that names no sector of the vocabulary is kept and shown as written.

The terms that name each sector are the matching glossary's (`matching/data/glossary.json`),
so that participants' sectors and agreements' sectors read the same words."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SECTORS: dict[str, Promise] = {
    "agriculture": _("Agriculture"),
    "chemicals": _("Chemical industry"),
    "construction": _("Construction"),
    "culture": _("Culture"),
    "education": _("Education"),
    "energy": _("Energy"),
    "food": _("Food industry"),
    "industry": _("Industry"),
    "it": _("Information technology"),
    "logistics": _("Transport and logistics"),
    "machinery": _("Machine building"),
    "medicine": _("Healthcare and medicine"),
    "metallurgy": _("Metallurgy"),
    "science": _("Science"),
    "textiles": _("Light industry"),
    "timber": _("Timber industry"),
    "tourism": _("Tourism"),
}
# Terms the glossary does not list but sheets and the demo use.
_MORE_TERMS = {
    "industry": ("industry", "промышленность"),
    "science": ("science", "research", "наука"),
    "culture": ("culture", "культура"),
    "logistics": ("transport", "транспорт"),
    "medicine": ("healthcare", "health care", "здравоохранение"),
}
_NOT_A_LETTER = re.compile(r"[^\w]+")


def _normal(text: str) -> str:
    return " ".join(_NOT_A_LETTER.sub(" ", text.casefold().replace("ё", "е")).split())


@cache
def _terms() -> tuple[dict[str, str], dict[str, str]]:
    """Every term's code, and each first word of a term that belongs to one code only."""
    raw = resources.files("regionforum.matching").joinpath("data", "glossary.json")
    glossary = json.loads(raw.read_text("utf-8"))["sectors"]
    # A code and the terms given here win over a glossary term that is broader ("science" is
    # also among education's terms).
    terms = {_normal(term): code for code in SECTORS for term in (code, *_MORE_TERMS.get(code, ()))}
    for code in SECTORS:
        for term in (*glossary.get(code, {}).get("ru", ()), *glossary.get(code, {}).get("en", ())):
            terms.setdefault(_normal(term), code)
    firsts: dict[str, set[str]] = {}
    for term, code in terms.items():
        firsts.setdefault(term.split()[0], set()).add(code)
    return terms, {word: codes.pop() for word, codes in firsts.items() if len(codes) == 1}


def sector_code(text: str) -> str:
    """The vocabulary's code for a sector as written, or "" when it names none: the whole
    text as a term, or one word that starts exactly one sector's terms ("пищевая")."""
    terms, firsts = _terms()
    normal = _normal(text)
    if normal in terms:
        return terms[normal]
    return firsts.get(normal, "") if " " not in normal else ""


def sector_label(value: str) -> str:
    """A stored sector in the current language: the label of its code, or the text itself."""
    code = value if value in SECTORS else sector_code(value)
    return str(SECTORS[code]) if code else value
