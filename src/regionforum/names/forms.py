"""How far a written word is from the words that regions' names are made of, letter by letter.

The resolver matches on skeletons (see `text.py`), which fold away whatever romanisations and
case endings disagree on. That is right for reading a name, and wrong for judging a slip: on the
skeleton "Пензия" and "Пенза" are one word, and so are "Pskovia" and "Псков". A slip is judged
here instead, on the written letters:

- Cyrillic text is compared in its own script with the declined forms of the names' Cyrillic
  words, each by its own paradigm (an adjective in "-ская" takes "-ской", "-скую" …, a noun in
  "-ия" takes "-ии", "-ию" …, never another paradigm's endings), and, transliterated, with the
  Latin names as they are written;
- Latin text is compared with the Latin names and with the Cyrillic ones transliterated, after a
  fold of what romanisation systems disagree on ("ja"/"ya", "kh"/"h", "ts"/"c", "-skiy"/"-sky").

A distance is the optimal string alignment distance (a swap of neighbours is one edit).
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from rapidfuzz import process
from rapidfuzz.distance import OSA

from regionforum.names.text import normalise_text, skeleton_word, strip_marks

# Distances above this are not told apart: a word this far from a name is not that name.
FAR: Final = 3

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# A letter-for-letter transliteration: unlike the skeleton, it keeps endings and soft signs apart.
_TO_LATIN: Final = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "yo",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "і": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ў": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "â": "ya",
        "û": "yu",
        "š": "sh",
        "č": "ch",
        "ž": "zh",
        "ŭ": "u",
        "ł": "l",
        "ć": "c",
        "ś": "s",
        "ź": "z",
        "ń": "n",
    }
)

# What romanisation systems write differently for one Cyrillic letter; endings stay apart.
_LATIN_FOLDS: Final = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"shch|sch", "sh"),
        (r"tch", "ch"),
        (r"kh|x", "h"),
        (r"ts|tz", "c"),
        (r"j", "y"),
        (r"w", "v"),
        (r"(?<=[aeiou])i", "y"),
        (r"i(?=[aou])", "y"),
        (r"(?:iy|ii|yy|yi)$", "y"),
    )
)


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


def latin_key(word: str) -> str:
    """A Latin word, or a Cyrillic one transliterated letter by letter, with the differences
    between romanisation systems folded."""
    latin = strip_marks(word.translate(_TO_LATIN))
    for pattern, replacement in _LATIN_FOLDS:
        latin = pattern.sub(replacement, latin)
    return latin


class Paradigm(StrEnum):
    """How a word of a name declines, as far as a slip must respect it: "Пензия" is not a form
    of "Пенза", nor "Тверия" of "Тверь"."""

    ADJECTIVE = "adjective"
    IA = "ia"
    A = "a"
    SOFT = "soft"
    NOUN = "noun"


_ADJECTIVE_ENDINGS: Final = (
    "ая",
    "яя",
    "ой",
    "ей",
    "ую",
    "юю",
    "ою",
    "ею",
    "ий",
    "ый",
    "ие",
    "ые",
    "ого",
    "его",
    "ому",
    "ему",
    "им",
    "ым",
    "ом",
    "ем",
    "их",
    "ых",
    "ое",
    "ее",
    # Belarusian.
    "ай",
    "ага",
    "аму",
    "ае",
    "ія",
    "іх",
    "ім",
    "і",
    "ы",
)
_CYRILLIC_ADJECTIVE: Final = re.compile(r"(?:ая|яя|ий|ый|ой|ое|ія|ые|ие)$")
_HUSHING: Final = tuple("гкхжшчщ")
_MIN_DECLINED: Final = 4


def cyrillic_forms(word: str) -> tuple[Paradigm, tuple[str, ...]]:
    """The paradigm of one normalised Cyrillic word of a name, and its declined forms."""
    if len(word) < _MIN_DECLINED:
        return Paradigm.NOUN, (word,)
    if _CYRILLIC_ADJECTIVE.search(word):
        base = word[:-2]
        return Paradigm.ADJECTIVE, (word, *(base + ending for ending in _ADJECTIVE_ENDINGS))
    if word.endswith(("ия", "ія", "ея")):
        base = word[:-1]
        return Paradigm.IA, (word, *(base + ending for ending in ("и", "ю", "ей", "і", "яй")))
    if word.endswith("а"):
        base = word[:-1]
        plural = "и" if base.endswith(_HUSHING) else "ы"
        endings = ("е", "у", "ой", "ою", "ай", "і", plural)
        return Paradigm.A, (word, *(base + ending for ending in endings))
    if word.endswith("ь"):
        base = word[:-1]
        endings = ("и", "ью", "і", "ю", "я", "е", "ем")
        return Paradigm.SOFT, (word, *(base + ending for ending in endings))
    if word.endswith("й"):
        base = word[:-1]
        return Paradigm.NOUN, (word, *(base + ending for ending in ("я", "ю", "е", "ем")))
    if word[-1] in "еоэыуюяі":
        return Paradigm.NOUN, (word,)
    return Paradigm.NOUN, (word, *(word + ending for ending in ("а", "у", "е", "ом", "ам", "ем")))


# "-иа" is no Russian ending: a slip for "-ия".
_CYRILLIC_IA: Final = re.compile(r"(?:ия|ии|ию|ией|ія|іі|ію|иа)$")
# Ukrainian writes the feminine adjective "-ська".
_CYRILLIC_ADJECTIVE_INPUT: Final = re.compile(
    "(?:" + "|".join(sorted((*_ADJECTIVE_ENDINGS, "ська", "цька"), key=len, reverse=True)) + ")$"
)
_LATIN_ADJECTIVE: Final = re.compile(
    r"sk(?:aya|aja|aia|iy|ij|ii|yi|yy|y|i|iego|oy|oye|oe|oj|oi|ogo)$"
)
# The nominatives, the feminine genitive ("Smolenskoy oblasti") and the Polish forms.
_LATIN_ADJECTIVE_ENDINGS: Final = ("aya", "iy", "y", "i", "oye", "oe", "oy", "oi", "iego")
_LATIN_IA: Final = re.compile(r"(?:ia|iya|ija|(?<!sk)ya)$")


def latin_forms(word: str) -> tuple[Paradigm, tuple[str, ...]]:
    """The paradigm of one Latin word of a name, and its forms: itself, and an adjective's other
    genders."""
    match = _LATIN_ADJECTIVE.search(word)
    if match is not None:
        base = word[: match.start() + 2]
        return Paradigm.ADJECTIVE, (word, *(base + ending for ending in _LATIN_ADJECTIVE_ENDINGS))
    if _LATIN_IA.search(word):
        return Paradigm.IA, (word,)
    if word.endswith("a"):
        return Paradigm.A, (word,)
    return Paradigm.NOUN, (word,)


def written_paradigm(word: str) -> Paradigm | None:
    """The paradigm a written word's ending shows, when it shows one clearly."""
    if is_cyrillic(word):
        if len(word) < _MIN_DECLINED + 1:
            return None
        if _CYRILLIC_IA.search(word):
            return Paradigm.IA
        if _CYRILLIC_ADJECTIVE_INPUT.search(word):
            return Paradigm.ADJECTIVE
        if word.endswith(("ь", "ью")):
            return Paradigm.SOFT
        if _CYRILLIC_A.search(word):
            return Paradigm.A
        return None
    if _LATIN_ADJECTIVE.search(word):
        return Paradigm.ADJECTIVE
    if _LATIN_IA.search(word):
        return Paradigm.IA
    if _LATIN_A.search(word):
        return Paradigm.A
    return None


# An "а" after "ск" is as likely an adjective with a letter lost ("Смоленска", "Smolenskya").
_CYRILLIC_A: Final = re.compile(r"(?<![сц]к)(?<![сц]к.)а$")
_LATIN_A: Final = re.compile(r"(?<!sk)(?<!sk.)a$")


@dataclass(frozen=True, slots=True)
class Near:
    """How far a word is from a key's names: the edits, and the written form it is nearest."""

    distance: int
    form: str


type _Pool = dict[str, dict[str, Paradigm]]


class FormIndex:
    """The written words of a set of names, each with the keys (region codes) it belongs to, to
    find how far a word is from each key's nearest form.

    Two adjustments keep a distance honest:
    - a form whose paradigm the written word's ending contradicts is one edit further away (a
      slip changes a letter, not how a word declines);
    - a Cyrillic word is held against a Latin name only for a region whose Cyrillic names are
      nowhere near, and one edit further away, since transliteration stretches and shrinks
      words ("я" is "ya"); a form only the skeleton equates ("Маскоўская" and "Московская")
      is one edit away."""

    def __init__(self, words: Mapping[str, Iterable[str]]) -> None:
        cyrillic: _Pool = defaultdict(dict)
        # Latin forms from Latin names, and from Cyrillic ones transliterated.
        native: _Pool = defaultdict(dict)
        transliterated: _Pool = defaultdict(dict)
        skeletons: _Pool = defaultdict(dict)
        # How to show a Latin form: the name's word as it is written.
        shown: dict[str, str] = {}
        for key, texts in words.items():
            for text in texts:
                for word in normalise_text(text).split():
                    latin: tuple[str, ...]
                    if is_cyrillic(word):
                        paradigm, forms = cyrillic_forms(word)
                        pool, latin = transliterated, (word,)
                        for form in forms:
                            cyrillic[form].setdefault(key, paradigm)
                    else:
                        paradigm, latin = latin_forms(word)
                        pool, forms = native, latin
                    for form in latin:
                        for spelt in (strip_marks(form), latin_key(form)):
                            pool[spelt].setdefault(key, paradigm)
                            shown.setdefault(spelt, word)
                    for form in forms:
                        skeletons[skeleton_word(form)].setdefault(key, paradigm)
                        shown.setdefault(skeleton_word(form), form)
        self._pools = {
            name: (list(pool), [pool[form] for form in pool])
            for name, pool in (
                ("cyrillic", cyrillic),
                ("native", native),
                ("transliterated", transliterated),
            )
        }
        self._skeletons = dict(skeletons)
        self._shown = shown
        self._cyrillic = frozenset(cyrillic)
        self._latin = frozenset(native) | frozenset(transliterated)

    def holds(self, word: str) -> bool:
        """Whether `word` is written as some form in its own script is (then `nearest` finds it
        0 edits away)."""
        if is_cyrillic(word):
            return word in self._cyrillic
        return strip_marks(word) in self._latin or latin_key(word) in self._latin

    def nearest(self, word: str) -> dict[str, Near]:
        """For each key with a form fewer than `FAR` edits from `word`, the nearest one."""
        found: dict[str, Near] = {}
        written = written_paradigm(word)

        def add(keys: Mapping[str, Paradigm], edits: int, form: str) -> None:
            for key, paradigm in keys.items():
                total = edits
                if total and written is not None and written is not paradigm:
                    total += 1
                if total < FAR and (key not in found or total < found[key].distance):
                    found[key] = Near(total, form)

        if is_cyrillic(word):
            searches = [("cyrillic", word)]
        else:
            plain = strip_marks(word)
            searches = [
                (pool, query)
                for pool in ("native", "transliterated")
                for query in (plain, latin_key(word))
            ]
        for pool, query in searches:
            forms, keys = self._pools[pool]
            for form, distance, index in process.extract(
                query, forms, scorer=OSA.distance, score_cutoff=FAR - 1, limit=None
            ):
                add(keys[index], int(distance), form if pool == "cyrillic" else self._shown[form])
        if is_cyrillic(word):
            # The Latin names count for a region whose Cyrillic names are nowhere near: "Пенза"
            # is the "Penza" of "Penza Oblast", but "Гомелская" is not the "Gomelskaya" of a
            # Latin name (that spelling drops the soft sign anyway).
            forms, keys = self._pools["native"]
            for form, distance, index in process.extract(
                latin_key(word), forms, scorer=OSA.distance, score_cutoff=FAR - 2, limit=None
            ):
                nowhere = {
                    key: paradigm for key, paradigm in keys[index].items() if key not in found
                }
                add(nowhere, int(distance) + (1 if distance else 0), self._shown[form])
        skeleton = skeleton_word(word)
        same = self._skeletons.get(skeleton)
        if same:
            add(same, 1, self._shown[skeleton])
        return found

    def distance(self, word: str) -> int:
        """How far `word` is from the nearest form of any key (at most `FAR`)."""
        return min((near.distance for near in self.nearest(word).values()), default=FAR)
