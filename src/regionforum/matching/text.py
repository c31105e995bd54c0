"""Profile texts as phrases, and phrases as stems and character n-grams.

An offer or a need is written as a list ("полимерная плёнка; ПЭТ-преформы, стретч-плёнка").
Each item of the list is a phrase: the unit that is matched and that a reason quotes.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from regionforum.matching.stemming import stem_word
from regionforum.names.text import normalise_text, skeleton_word

# A list item ends at a semicolon, a line break, a bullet, a comma, or a full stop that is not
# inside a number ("0.5 мм", "1,5 т").
_ITEM_BREAK = re.compile(r"[;\n•·|]+|(?<!\d)[.,](?!\d)|\s[-–—]\s")
_NGRAM = 3
# English spellings of sounds that a Russian word writes with one letter, folded before the
# skeleton is made: "cryogenic" meets "криогенный", "phosphate" meets "фосфат". A "c" before
# e, i or y stays "c", the skeleton's letter for "ц" ("medicine", "медицина").
_ENGLISH_SOUNDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ck", "k"),
        (r"ph", "f"),
        (r"th", "t"),
        (r"qu", "kv"),
        (r"x", "ks"),
        (r"c(?![eiy])", "k"),
        # "polymer", "hydraulic": a y between consonants is the Russian "и".
        (r"(?<=[^aeiou])y(?=[^aeiou])", "i"),
    )
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One item of an offer or a need: the text as written, and its content stems."""

    text: str
    stems: tuple[str, ...]


def split_items(text: str) -> list[str]:
    """The items of a list written in free text, stripped, in order, without empty ones."""
    return [item.strip(" \t:()[]\"'«»") for item in _ITEM_BREAK.split(text) if item.strip()]


@lru_cache(maxsize=131072)
def stems_of(text: str) -> tuple[str, ...]:
    """The stems of every word of `text`, in order (stop words included)."""
    return tuple(stem_word(word) for word in normalise_text(text).split())


@lru_cache(maxsize=131072)
def char_ngrams(stem: str) -> tuple[str, ...]:
    """The character trigrams of a stem's Latin skeleton, with word boundaries marked, so that
    "полимерн" and "polymer" share most of theirs."""
    latin = stem
    if stem.isascii():
        for pattern, replacement in _ENGLISH_SOUNDS:
            latin = pattern.sub(replacement, latin)
    skeleton = skeleton_word(latin)
    if not skeleton:
        return ()
    padded = f"#{skeleton}#"
    if len(padded) <= _NGRAM:
        return (padded,)
    return tuple(padded[i : i + _NGRAM] for i in range(len(padded) - _NGRAM + 1))
