"""Which language an organisation's name is written in, as far as its spelling tells.

The sheets spell one organisation in Russian, Belarusian, English or a romanisation of the
Russian. A name is given a language only on evidence in its letters and words:
- Cyrillic with a Belarusian-only letter (і, ў) and no Russian-only one (и, щ, ъ) is Belarusian,
  and the other way round Russian; a Belarusian or Russian abbreviation of the legal form
  ("ТАА", "ООО") counts as such a letter. Cyrillic with neither (say "Гомель") is Russian only
  for an organisation of the Russian side, whose names are written in Russian.
- Latin is English when it has an English word and no sign of a romanised Russian word
  ("Minskij traktornyj zavod" is a transliteration, not an English name).

Anything else has no language: a transliteration is never taken for a translation.
"""

import re
from typing import Final, Literal

Language = Literal["ru", "be", "en"]

LANGUAGES: Final[tuple[Language, ...]] = ("ru", "be", "en")

_RUSSIAN_LETTERS: Final = frozenset("ищъ")
_BELARUSIAN_LETTERS: Final = frozenset("іў")
_RUSSIAN_WORDS: Final = frozenset(
    {"ооо", "оао", "зао", "пао", "одо", "фгуп", "гуп", "муп", "сооо", "иооо", "нао", "ао", "ип"}
)
_BELARUSIAN_WORDS: Final = frozenset({"таа", "аат", "ат", "зат", "тдв", "уп", "дзяржаўнае"})
_ENGLISH_WORDS: Final = frozenset(
    {
        "a",
        "academy",
        "administration",
        "agency",
        "agricultural",
        "and",
        "association",
        "authority",
        "automobile",
        "bank",
        "building",
        "center",
        "centre",
        "chamber",
        "chemical",
        "city",
        "closed",
        "college",
        "commerce",
        "committee",
        "company",
        "corporation",
        "council",
        "district",
        "energy",
        "engineering",
        "executive",
        "factory",
        "federal",
        "for",
        "government",
        "group",
        "health",
        "holding",
        "hospital",
        "house",
        "industrial",
        "industry",
        "institute",
        "international",
        "investment",
        "joint",
        "jsc",
        "limited",
        "llc",
        "ltd",
        "machine",
        "medical",
        "ministry",
        "municipal",
        "national",
        "of",
        "ojsc",
        "open",
        "pjsc",
        "plant",
        "public",
        "regional",
        "republic",
        "research",
        "school",
        "science",
        "service",
        "society",
        "state",
        "stock",
        "technical",
        "technology",
        "the",
        "trade",
        "tractor",
        "union",
        "unitary",
        "university",
        "works",
    }
)
# Russian grammatical endings and words, written in Latin letters: English spells place names
# the same way ("Khabarovsk"), so only these tell a romanisation from an English name.
_ROMANISED: Final = re.compile(
    r"(?:\w*(?:skiy|skij|skii|skaya|skaja|skoye|skoe|nyy|nyj|niy|nij|ogo|aya|oye|ykh|ikh)"
    r"|zavod\w*|obshch\w*|obsch\w*|upravleni\w*|ispolkom\w*|kombinat|tovarishch\w*)",
    re.IGNORECASE,
)
_WORD: Final = re.compile(r"[^\W\d_]+")


def name_language(name: str, *, russian_side: bool = False) -> Language | None:
    """The language `name` is written in, or None where its spelling does not tell.

    `russian_side` says the name is of an organisation in a Russian region, whose names are
    written in Russian: there a Cyrillic name without Belarusian letters is Russian.
    """
    words = [word.casefold() for word in _WORD.findall(name)]
    letters = "".join(words)
    if not letters:
        return None
    cyrillic = sum(1 for letter in letters if "\u0400" <= letter <= "\u04ff")
    latin = sum(1 for letter in letters if "a" <= letter <= "z")
    if cyrillic > latin:
        russian = bool(_RUSSIAN_LETTERS.intersection(letters)) or any(
            word in _RUSSIAN_WORDS for word in words
        )
        belarusian = bool(_BELARUSIAN_LETTERS.intersection(letters)) or any(
            word in _BELARUSIAN_WORDS for word in words
        )
        if belarusian and not russian:
            return "be"
        if russian and not belarusian:
            return "ru"
        if not russian and not belarusian and russian_side:
            return "ru"
        return None
    if latin > cyrillic:
        english = any(word in _ENGLISH_WORDS for word in words)
        romanised = any(_ROMANISED.fullmatch(word) for word in words)
        return "en" if english and not romanised else None
    return None


def names_by_language(
    names: list[tuple[str, bool]], *, known: dict[Language, str] | None = None
) -> dict[Language, str]:
    """A name per language from the names an organisation was seen under, in the order seen.

    Each name comes with whether it is of the Russian side (see `name_language`). A language
    in `known` keeps its name; each other language takes the first name written in it.
    """
    found: dict[Language, str] = {
        language: name for language, name in (known or {}).items() if name
    }
    for name, russian_side in names:
        language = name_language(name, russian_side=russian_side)
        if language is not None and language not in found:
            found[language] = name.strip()
    return found
