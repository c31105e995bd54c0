"""Stems of Russian and English words, so that inflected forms meet one glossary entry.

Russian follows the Snowball Russian algorithm (M. Porter, snowballstem.org), which strips
case, number, gender, verb and participle endings inside the word's RV region: "плёнка",
"плёнки" and "плёнку" share "пленк". English uses a light suffix stripper (plural, -ing, -ed,
a final -e) rather than the full Porter2 algorithm: profile texts are short noun phrases, and the
light rules keep "machine" and "machines", "package" and "packaging" together without the
over-stemming ("university" → "univers" = "universe") that the full algorithm brings.

Both are a few dozen lines, which is why they live here instead of in a new dependency.
"""

import re
from functools import lru_cache

_RU_VOWELS = frozenset("аеиоуыэюя")

_PERFECTIVE_GERUND_1 = ("вшись", "вши", "в")
_PERFECTIVE_GERUND_2 = ("ившись", "ывшись", "ивши", "ывши", "ив", "ыв")
_REFLEXIVE = ("ся", "сь")
_ADJECTIVE = (
    "ими", "ыми", "его", "ого", "ему", "ому", "ее", "ие", "ые", "ое", "ей", "ий", "ый", "ой",
    "ем", "им", "ым", "ом", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею",
)  # fmt: skip
_PARTICIPLE_1 = ("ем", "нн", "вш", "ющ", "щ")
_PARTICIPLE_2 = ("ивш", "ывш", "ующ")
_VERB_1 = (
    "ете", "йте", "ешь", "нно", "ла", "на", "ли", "ем", "ло", "но", "ет", "ют", "ны", "ть",
    "й", "л", "н",
)  # fmt: skip
_VERB_2 = (
    "ейте", "уйте", "ила", "ыла", "ена", "ите", "или", "ыли", "ило", "ыло", "ено", "ует",
    "уют", "ены", "ить", "ыть", "ишь", "ей", "уй", "ил", "ыл", "им", "ым", "ен", "ят", "ит",
    "ыт", "ую", "ю",
)  # fmt: skip
_NOUN = (
    "иями", "ями", "ами", "ией", "иям", "ием", "иях", "ев", "ов", "ие", "ье", "еи", "ии",
    "ей", "ой", "ий", "ям", "ем", "ам", "ом", "ах", "ях", "ию", "ью", "ия", "ья", "а", "е",
    "и", "й", "о", "у", "ы", "ь", "ю", "я",
)  # fmt: skip
_SUPERLATIVE = ("ейше", "ейш")
_DERIVATIONAL = ("ость", "ост")


def _by_length(endings: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(endings, key=len, reverse=True))


def _region_start(word: str, start: int) -> int:
    """Where the region after the first non-vowel that follows a vowel begins (R1 from 0)."""
    for index in range(start + 1, len(word)):
        if word[index] not in _RU_VOWELS and word[index - 1] in _RU_VOWELS:
            return index + 1
    return len(word)


def _strip(rv: str, endings: tuple[str, ...]) -> str | None:
    for ending in endings:
        if rv.endswith(ending):
            return rv[: -len(ending)]
    return None


def _strip_after_a(rv: str, endings: tuple[str, ...]) -> str | None:
    """Strip a group-1 ending: it counts only after "а" or "я", which stays."""
    for ending in endings:
        if rv.endswith(ending) and rv[: -len(ending)][-1:] in ("а", "я"):
            return rv[: -len(ending)]
    return None


def _strip_either(rv: str, group_1: tuple[str, ...], group_2: tuple[str, ...]) -> str | None:
    """The longest ending of either group wins, as Snowball's `among` does."""
    candidates = [
        stripped
        for stripped in (_strip_after_a(rv, group_1), _strip(rv, group_2))
        if stripped is not None
    ]
    return min(candidates, key=len) if candidates else None


_PG_1, _PG_2 = _by_length(_PERFECTIVE_GERUND_1), _by_length(_PERFECTIVE_GERUND_2)
_ADJ = _by_length(_ADJECTIVE)
_PART_1, _PART_2 = _by_length(_PARTICIPLE_1), _by_length(_PARTICIPLE_2)
_VERB_G1, _VERB_G2 = _by_length(_VERB_1), _by_length(_VERB_2)
_NOUNS = _by_length(_NOUN)


def _adjectival(rv: str) -> str | None:
    stripped = _strip(rv, _ADJ)
    if stripped is None:
        return None
    return _strip_either(stripped, _PART_1, _PART_2) or stripped


# Stems that Snowball would make the same as another word's: "сырьё" (raw materials) is not
# "сыр" (cheese).
_RUSSIAN_KEPT = ("сырь",)
# English words whose -ing is a noun of its own: "trucking" is not "trucks".
_ENGLISH_KEPT = frozenset({"trucking", "housing", "clothing"})


@lru_cache(maxsize=131072)
def stem_russian(word: str) -> str:
    """The Snowball stem of one lower-case Russian word ("ё" may be given as "ё" or "е")."""
    word = word.replace("ё", "е")
    for kept in _RUSSIAN_KEPT:
        if word.startswith(kept):
            return kept
    rv_start = next((i + 1 for i, char in enumerate(word) if char in _RU_VOWELS), len(word))
    prefix, rv = word[:rv_start], word[rv_start:]
    r2_start = _region_start(word, _region_start(word, 0) - 1)

    stripped = _strip_either(rv, _PG_1, _PG_2)
    if stripped is None:
        if rv.endswith(_REFLEXIVE):
            rv = rv[:-2]
        for step in (
            _adjectival,
            lambda part: _strip_either(part, _VERB_G1, _VERB_G2),
            lambda part: _strip(part, _NOUNS),
        ):
            stripped = step(rv)
            if stripped is not None:
                break
    rv = rv if stripped is None else stripped

    if rv.endswith("и"):
        rv = rv[:-1]
    derivational = _strip(rv, _DERIVATIONAL)
    if derivational is not None and rv_start + len(derivational) >= r2_start:
        rv = derivational
    if rv.endswith("нн"):
        rv = rv[:-1]
    else:
        superlative = _strip(rv, _SUPERLATIVE)
        if superlative is not None:
            rv = superlative[:-1] if superlative.endswith("нн") else superlative
        elif rv.endswith("ь"):
            rv = rv[:-1]
    return prefix + rv


_EN_SUFFIXES = re.compile(r"(?:ies|sses|ings?|ed|es|s|e)$")


@lru_cache(maxsize=131072)
def stem_english(word: str) -> str:
    """A light stem of one lower-case English word: "machines" → "machin", "packaging" →
    "packag", "supplies" → "suppli", "glass" stays "glass"."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is")) or word in _ENGLISH_KEPT:
        return word
    if word.endswith("y"):
        return word[:-1] + "i"
    match = _EN_SUFFIXES.search(word)
    if match is None:
        return word
    suffix = match.group()
    if suffix == "ies":
        return word[:-3] + "i"
    if suffix == "sses":
        return word[:-2]
    stem = word[: match.start()]
    if len(stem) < 3:
        return word
    if suffix.startswith("ing") or suffix == "ed":
        # "milling" → "mill" → "mil" would part from "mill": keep a doubled consonant.
        return stem.removesuffix("e")
    return stem.removesuffix("e") if suffix != "e" else stem


def stem_word(word: str) -> str:
    """The stem of one lower-case word in Russian (Cyrillic) or English (anything else)."""
    if any("а" <= char <= "я" or char == "ё" for char in word):
        return stem_russian(word)
    return stem_english(word)
