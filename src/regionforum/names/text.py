"""Text folding shared by region and organisation matching.

`normalise_text` keeps the script and only folds what never carries meaning in a name (case,
"ё", punctuation, spacing). `transliterate` goes further and produces a *skeleton*: a lossy
Latin spelling in which the common romanisations of one Russian or Belarusian word coincide
("Могилёв", "Mogilyov", "Mahilioŭ" and "Магілёў" all become "mahilev"). The skeleton is a
matching key, never something to show a person.
"""

import re
import unicodedata
from functools import lru_cache

_QUOTES_AND_APOSTROPHES = "'’‘`´ʹʼʻ\"«»“”„‟‹›‚"
# "№" would become "No" under NFKC, and "№5" would then differ from "№ 5".
_DROP = str.maketrans({"№": " "} | dict.fromkeys(_QUOTES_AND_APOSTROPHES))
_NON_WORD = re.compile(r"[\W_]+")

# Cyrillic first (Russian, Belarusian, and the Ukrainian letters that turn up in Belarusian
# Latin-era texts), then the diacritic letters of scholarly, Belarusian Latin and Polish-style
# romanisation. Letters missing here lose their accents in `strip_marks`.
_TO_LATIN = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "ґ": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "є": "ye",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "і": "i",
        "ї": "yi",
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
        "ў": "v",
        "ф": "f",
        "х": "h",
        "ц": "c",
        "ч": "ch",
        "ш": "sh",
        "щ": "sh",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "š": "sh",
        "č": "ch",
        "ž": "zh",
        "ŭ": "v",
        "ł": "l",
        "ĺ": "l",
        "ć": "c",
        "ś": "s",
        "ź": "z",
        "ń": "n",
        "ë": "e",
        "ŝ": "sh",
        "ǔ": "v",
        "ě": "e",
        "ß": "ss",
    }
)

# ISO 9 letters (â for я, û for ю, è for э) need no entry: they fold to the same skeleton once
# their accents are stripped.
# Order matters: digraphs are folded before single letters are merged, and "yo"/"io" (ё) before
# "y" disappears.
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"shch|szcz|sch", "sh"),
        (r"sz", "sh"),
        (r"cz", "ch"),
        (r"kh", "h"),
        (r"t[sc]", "c"),
        (r"j", "y"),
        (r"w", "v"),
        # GOST 7.79 writes х as x.
        (r"x", "h"),
        (r"[yi]o", "e"),
        # Belarusian writes "Гомель" with h, Russian romanisations with g: one letter for both.
        (r"g", "h"),
        # Soft-vowel markers ("ya", "ja", "ia" for я) differ between systems; drop them.
        (r"y", ""),
        # Belarusian akanye: "Смоленск" / "Смаленск".
        (r"o", "a"),
        (r"i+(?=[aeu])", ""),
        (r"(?<=[aeu])i+", ""),
        # Doubled letters are a spelling habit ("Supply", "Калинин"); doubled digits are a
        # number ("100" is not "10").
        (r"(\D)\1+", r"\1"),
    )
)


# Latin letters that look like Cyrillic ones (in either case, once casefolded), and back: a
# word typed with both scripts is one word with a few keys pressed in the other layout.
_LATIN_LOOKALIKES = "aceopxykmhtbi"
_CYRILLIC_LOOKALIKES = "асеорхукмнтві"
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKALIKES, _CYRILLIC_LOOKALIKES)
_TO_LATIN_LOOKALIKES = str.maketrans(_CYRILLIC_LOOKALIKES, _LATIN_LOOKALIKES)
_LATIN_LETTER = re.compile("[a-z]")
_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")


def _one_script(word: str) -> str:
    """A word that mixes Latin and Cyrillic letters, in the script most of its letters are."""
    latin = len(_LATIN_LETTER.findall(word))
    cyrillic = len(_CYRILLIC_LETTER.findall(word))
    if not latin or not cyrillic:
        return word
    return word.translate(_TO_CYRILLIC if cyrillic >= latin else _TO_LATIN_LOOKALIKES)


def normalise_text(text: str) -> str:
    """Casefold, write "ё" as "е", drop quotes and apostrophes, turn punctuation into single
    spaces, and write a word typed in both scripts ("Бeлоpycский") in its main one. The script
    is kept."""
    folded = unicodedata.normalize("NFKC", text.translate(_DROP)).casefold().replace("ё", "е")
    words = _NON_WORD.sub(" ", folded).split()
    if _LATIN_LETTER.search(folded) and _CYRILLIC_LETTER.search(folded):
        words = [_one_script(word) for word in words]
    return " ".join(words)


def transliterate(text: str) -> str:
    """The script-independent Latin skeleton of `text`, word by word."""
    return " ".join(skeleton_word(word) for word in normalise_text(text).split())


def strip_marks(word: str) -> str:
    """`word` without its accents and other combining marks ("ć" is "c")."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=65536)
def skeleton_word(word: str) -> str:
    """The skeleton of one already normalised word."""
    latin = strip_marks(word.translate(_TO_LATIN))
    for pattern, replacement in _FOLDS:
        latin = pattern.sub(replacement, latin)
    return latin


_ADJECTIVE_STEM = re.compile(r"(?:sk|ck|n)$")
_VOWELS = "aeiu"


@lru_cache(maxsize=65536)
def stem(skeleton: str) -> str:
    """Strip the case ending of a skeleton word, so that "Смоленская", "Смоленской области",
    "Smolenskaya" and "Smolensk" share the stem "smalensk"."""
    stemmed = skeleton.rstrip(_VOWELS)
    if len(stemmed) < 2:
        return skeleton
    # -ого, -его, -ому, -ом, -ами after an adjective suffix ("Краснодарского", "Нижнего").
    for ending in ("am", "ah", "em", "eh"):
        shorter = stemmed.removesuffix(ending)
        if shorter != stemmed and len(shorter) >= 4 and _ADJECTIVE_STEM.search(shorter):
            return shorter
    return stemmed
