"""Which agreements serve a project: a score from shared words, the priority's terms, the sector
and the regions, with the reason in words, for a coordinator to confirm or reject.

The texts are matched on the business programme's stems (`regionforum.matching`): a Russian
title and an English one meet through the priority's terms in both languages ("микросхема",
"microchip"), and words of one language meet whatever their inflection.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from regionforum.matching import Glossary

# Weights: a term of the project's priority found in the agreement says the most; shared words
# of the titles count by how rare they are in the registry; the sector and a shared region
# only support a match that the words make.
_TERM = 2.0
_TERMS_COUNTED = 2
_SHARED_WORDS_MAX = 3.0
_SECTOR = 1.0
_REGION = 0.5
_THRESHOLD = 1.5
# The words must make a match on their own: a common word shared with the right sector and
# region ("information" in a fertiliser contract of an IT-labelled sheet) is no reason.
_WORDS_MIN = 1.0
# Stems that differ only in an ending the stemmer left on one of them ("микросхем" and
# "микросх", "semiconductor" and "semiconductors") are one word when the shorter has this
# many letters.
_PREFIX = 5


def _holds(words: frozenset[str], stem: str) -> bool:
    if stem in words:
        return True
    if len(stem) < _PREFIX:
        return False
    return any(
        len(word) >= _PREFIX and (word.startswith(stem) or stem.startswith(word)) for word in words
    )


@dataclass(frozen=True, slots=True)
class ProjectText:
    """What a project is about, as its link suggestions read it."""

    title: str
    description: str
    # The priority's names and terms, in every language.
    terms: Sequence[str]
    # Taxonomy sectors (`Glossary.sectors_in`) of the project and of its priority.
    sectors: frozenset[str]
    regions: frozenset[str]


@dataclass(frozen=True, slots=True)
class AgreementText:
    id: int
    title: str
    sector: str
    regions: frozenset[str]


@dataclass(frozen=True, slots=True)
class Candidate:
    agreement_id: int
    score: float
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


class Linker:
    """Scores agreements against projects; built once over the agreements it will score, whose
    word frequencies weigh the shared words."""

    def __init__(self, glossary: Glossary, agreements: Iterable[AgreementText]) -> None:
        self._glossary = glossary
        self._agreements = list(agreements)
        self._words = {
            item.id: frozenset(glossary.analyse(f"{item.title} {item.sector}")[1])
            for item in self._agreements
        }
        self._sectors = {
            item.id: glossary.sectors_in([item.sector, item.title]) for item in self._agreements
        }
        frequency: Counter[str] = Counter()
        for words in self._words.values():
            frequency.update(words)
        total = max(len(self._agreements), 1)
        self._rarity = {word: math.log(1 + total / count) for word, count in frequency.items()}
        self._rarity_max = math.log(1 + total)

    def candidates(self, project: ProjectText, *, limit: int = 10) -> list[Candidate]:
        """The agreements that seem to serve `project`, best first, each with its reasons."""
        own = frozenset(self._glossary.analyse(f"{project.title} {project.description}")[1])
        terms = [
            (term, frozenset(stems))
            for term in project.terms
            if (stems := self._glossary.analyse(term)[1])
        ]
        found = []
        for item in self._agreements:
            words = self._words[item.id]
            score = 0.0
            reasons: list[str] = []
            hits = [term for term, stems in terms if all(_holds(words, stem) for stem in stems)]
            if hits:
                score += _TERM * min(len(hits), _TERMS_COUNTED)
                reasons.append("terms: " + ", ".join(dict.fromkeys(hits)))
            shared = sorted(own & words)
            if shared:
                weight = sum(self._rarity.get(word, self._rarity_max) for word in shared)
                score += min(weight / self._rarity_max, _SHARED_WORDS_MAX)
                reasons.append("shared words: " + ", ".join(shared))
            if score < _WORDS_MIN:
                continue
            sectors = sorted(self._sectors[item.id] & project.sectors)
            if sectors:
                score += _SECTOR
                reasons.append("sector: " + ", ".join(sectors))
            regions = sorted(item.regions & project.regions)
            if regions:
                score += _REGION
                reasons.append("regions: " + ", ".join(regions))
            if score >= _THRESHOLD:
                found.append(Candidate(item.id, round(score, 3), tuple(reasons)))
        found.sort(key=lambda candidate: (-candidate.score, candidate.agreement_id))
        return found[:limit]
