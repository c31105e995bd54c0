"""The bilingual glossary: sectors, concepts and their Russian and English terms.

The data lives in `data/glossary.json`, so that it is reviewed and extended as data:
- `sectors`: id → `{"ru": [...], "en": [...]}`, the taxonomy a profile's sectors resolve to;
- `concepts`: `[{"id", "sector", "group"?, "ru": [...], "en": [...]}]`. A term is a phrase of
  one or more words; it is found in a text when every one of its stems is there, in any order
  and inflection. Concepts of one `group` are related (polymer film and PET preforms are both
  packaging) without being the same thing. A concept with `"role": true` is a part a partner
  plays (a dealer, a distributor) rather than a thing;
- `words`: `[{"ru": [...], "en": [...]}]`, everyday words of the forum's trades and their
  translations ("котёл" – "boiler", "аренда" – "rental"). They are not concepts: a shared word
  says far less than a shared concept. Each word is spelled as its first English form in the
  n-grams, so that a phrase the glossary does not know still meets its translation;
- `stopwords`: words that say what kind of statement a phrase is ("ищем", "we offer",
  "поставщиков") and not what it is about; they are left out of the n-grams.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import OSA

from regionforum.matching.text import stems_of

# A stem this long may carry a typo; shorter ones ("лес", "oil", "ит") must be exact.
_FUZZY_MIN_LENGTH = 5
# A Russian word whose stem starts with a glossary stem at least this long, followed by at most
# a few letters, is that stem plus a suffix the stemmer left on ("полиэтиленовая" →
# "полиэтиленов" → "полиэтилен"). More letters make another word ("полиэтилентерефталат" is not
# "полиэтилен"); English stems are left alone ("waterproof" is not "water").
_PREFIX_MIN_LENGTH = 5
_PREFIX_MAX_SUFFIX = 4
# Suffixes that make a word for a person or a doctrine: "программист" is not "программа".
_OTHER_WORD_SUFFIXES = ("ист", "изм", "щик", "чик", "тел")
# Words that introduce what a thing is for: in "spare parts for tractors" or "комбикорма для
# КРС" the need is the first thing, not the second.
_PURPOSE_MARKERS = frozenset({"for", "для"})


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    sector: str
    group: str
    terms: tuple[tuple[str, ...], ...]


class Glossary:
    """Finds the concepts and sectors that a phrase speaks of."""

    def __init__(self, data: dict[str, object]) -> None:
        sectors = data["sectors"]
        concepts = data["concepts"]
        stopwords = data["stopwords"]
        assert isinstance(sectors, dict)
        assert isinstance(concepts, list)
        assert isinstance(stopwords, dict)
        self.stopwords: frozenset[str] = frozenset(
            stem for words in stopwords.values() for word in words for stem in stems_of(word)
        )
        raw_terms = {
            entry["id"]: [
                stems
                for term in [*entry.get("ru", ()), *entry.get("en", ())]
                if (stems := stems_of(term))
            ]
            for entry in concepts
        }
        words = data.get("words", [])
        assert isinstance(words, list)
        raw_words = [
            [
                stems
                for word in [*entry.get("ru", ()), *entry.get("en", ())]
                if (stems := stems_of(word))
            ]
            for entry in words
        ]
        self._vocabulary: frozenset[str] = frozenset(
            stem for terms in raw_terms.values() for term in terms for stem in term
        ) | frozenset(stem for forms in raw_words for form in forms for stem in form)
        self._vocabulary_list = sorted(self._vocabulary)
        self._canonical_cache: dict[str, str] = {}
        self.concepts: dict[str, Concept] = {
            entry["id"]: Concept(
                id=entry["id"],
                sector=entry["sector"],
                group=entry.get("group", entry["id"]),
                terms=tuple(
                    dict.fromkeys(
                        tuple(self.canonical(stem) for stem in term)
                        for term in raw_terms[entry["id"]]
                    )
                ),
            )
            for entry in concepts
        }
        self._pivots: dict[str, str] = {}
        for forms in raw_words:
            english = [form for form in forms if all(stem.isascii() for stem in form)]
            if not english:
                continue
            pivot = " ".join(self.canonical(stem) for stem in english[0])
            for form in forms:
                if len(form) == 1:
                    self._pivots.setdefault(self.canonical(form[0]), pivot)
        self.roles: frozenset[str] = frozenset(
            entry["id"] for entry in concepts if entry.get("role", False)
        )
        self.sector_terms: dict[str, tuple[tuple[str, ...], ...]] = {
            sector: tuple(
                tuple(self.canonical(stem) for stem in stems_of(term))
                for term in [*names.get("ru", ()), *names.get("en", ())]
            )
            for sector, names in sectors.items()
        }
        self._by_stem: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for concept in self.concepts.values():
            for term in concept.terms:
                self._by_stem.setdefault(term[0], []).append((concept.id, term))

    def analyse(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The stems of `text` in the glossary's spelling (see `canonical`): all of them, in
        which terms are looked for (a term may hold a stop word: "water supply"), and those that
        are not stop words, which carry the meaning."""
        every = tuple(self.canonical(stem) for stem in stems_of(text))
        content = tuple(
            canonical
            for stem, canonical in zip(stems_of(text), every, strict=True)
            if stem not in self.stopwords
        )
        return every, content

    def pivot(self, stem: str) -> str:
        """How a (canonical) stem is spelled in the n-grams: the English word it translates
        ("котл" → "boiler"), or itself."""
        return self._pivots.get(stem, stem)

    def trim(self, text: str) -> str:
        """`text` without the stop words it opens with ("Ищем поставщиков полимерной плёнки"
        → "полимерной плёнки"), as a reason quotes it; `text` itself if nothing else is left."""
        words = text.split()
        for start, word in enumerate(words):
            if any(stem not in self.stopwords for stem in stems_of(word)):
                return " ".join(words[start:])
        return text

    def canonical(self, stem: str) -> str:
        """The glossary's spelling of `stem`: its shortest prefix that is a glossary stem (so
        that "полиэтиленов" and "полиэтилен" are one), else the glossary stem it is a one- or
        two-letter typo of, else `stem` itself."""
        cached = self._canonical_cache.get(stem)
        if cached is not None:
            return cached
        found = stem
        if len(stem) >= _PREFIX_MIN_LENGTH:
            prefix = stem if stem in self._vocabulary else None
            if not stem.isascii():
                prefix = next(
                    (
                        stem[:end]
                        for end in range(
                            max(_PREFIX_MIN_LENGTH, len(stem) - _PREFIX_MAX_SUFFIX), len(stem) + 1
                        )
                        if stem[:end] in self._vocabulary
                        and not stem[end:].startswith(_OTHER_WORD_SUFFIXES)
                    ),
                    None,
                )
            if prefix is not None:
                found = prefix
            elif len(stem) >= _FUZZY_MIN_LENGTH:
                limit = 1 if len(stem) < 8 else 2
                match = process.extractOne(
                    stem,
                    self._vocabulary_list,
                    scorer=OSA.distance,
                    score_cutoff=limit,
                )
                if match is not None and len(match[0]) >= _FUZZY_MIN_LENGTH:
                    found = self.canonical(match[0])
        self._canonical_cache[stem] = found
        return found

    def concepts_in(self, stems: Iterable[str]) -> frozenset[str]:
        """The concepts with a term all of whose stems are among `stems`, except those whose
        term lies inside a longer term found there ("окна ПВХ" is windows, not PVC; "wood
        chips" are not chips), nor an English term right before another, which it qualifies
        ("wheat flour" is flour, "truck tyres" are tyres). A phrase that opens with a role
        ("dealers of our tractors") is about the role: the things named after it are what the
        role deals in, not what is sought ("cheese for our retail chain" is still cheese).
        Likewise what follows "for" or "для" after a first concept says what that concept is
        for ("spare parts for tractors" are spare parts)."""
        order = tuple(stems)
        first: dict[str, int] = {}
        for position, stem in enumerate(order):
            first.setdefault(stem, position)
        found = {
            (concept, frozenset(term))
            for stem in first
            for concept, term in self._by_stem.get(stem, ())
            if all(part in first for part in term)
        }
        spans = {
            (concept, term): (min(first[part] for part in term), max(first[part] for part in term))
            for concept, term in found
        }
        kept = {
            (concept, spans[concept, term][0])
            for concept, term in found
            if not any(term < other for other_concept, other in found if other_concept != concept)
            and not (
                all(part.isascii() for part in term)
                and any(
                    spans[concept, term][1] + 1 == spans[other_concept, other][0]
                    for other_concept, other in found
                    if other_concept != concept and not term < other
                )
            )
        }
        if kept:
            opening = min(position for _concept, position in kept)
            purpose = next(
                (
                    position
                    for position, stem in enumerate(order)
                    if position > opening and stem in _PURPOSE_MARKERS
                ),
                None,
            )
            if purpose is not None:
                kept = {(concept, position) for concept, position in kept if position < purpose}
        role_at = min(
            (position for concept, position in kept if concept in self.roles), default=None
        )
        return frozenset(
            concept
            for concept, position in kept
            if role_at is None or concept in self.roles or position < role_at
        )

    def sectors_in(self, texts: Iterable[str]) -> frozenset[str]:
        """The taxonomy sectors that `texts` (a profile's own sector labels) name."""
        found: set[str] = set()
        for text in texts:
            present = frozenset(self.canonical(stem) for stem in stems_of(text))
            found.update(
                sector
                for sector, terms in self.sector_terms.items()
                if any(term and present.issuperset(term) for term in terms)
            )
        return frozenset(found)


@cache
def shipped_glossary() -> Glossary:
    """The glossary that ships with the package."""
    text = resources.files("regionforum.matching").joinpath("data/glossary.json").read_text("utf-8")
    return Glossary(json.loads(text))
