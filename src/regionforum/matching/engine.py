"""Partner suggestions: whose offers meet whose needs, scored and explained.

Read top to bottom: profiles → phrases (with their concepts and n-gram vectors) → how well each
need is met by each offer → how well each participant's needs are met by each other
participant → the score of a pair, both ways → the ranked, explained suggestions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from regionforum.matching.glossary import Glossary, shipped_glossary
from regionforum.matching.text import char_ngrams, split_items
from regionforum.names import organisation_key

Matrix = npt.NDArray[np.float32]

# How much a need met by a concept of the same group counts (film for packaging is not PET
# preforms, but the two firms have something to talk about).
RELATED_CONCEPT = 0.35
# The cosine of two phrases' n-gram vectors below which their spelling says nothing.
NGRAM_FLOOR = 0.3
# An n-gram likeness is worth less than a shared concept, and much less again when the glossary
# knows both phrases and finds that they speak of different things.
NGRAM_WEIGHT = 0.8
NGRAM_WEIGHT_KNOWN_APART = 0.25
# A need whose sector is the other side's sector, but which no phrase of theirs meets.
SECTOR_ONLY = 0.12
# The weaker direction of a pair adds this share of itself: a pair that helps both ways ranks
# above one that helps one way.
RECIPROCITY = 0.5
# Each need met beyond the best one adds this share of how well it is met: of two partners who
# each meet one need fully, the one who meets a second need too ranks first.
BREADTH = 0.1
# Below this a pair is not suggested at all.
MIN_SCORE = 0.2
# Seeking participants scored at once by `suggest_all`, to bound the memory of one block.
BLOCK = 256


class Direction(StrEnum):
    """Which way a reason runs, seen from the participant who gets the suggestion."""

    THEY_OFFER = "they_offer"
    THEY_SEEK = "they_seek"


@dataclass(frozen=True, slots=True)
class Profile:
    """What a participant publishes: who they are, and what they offer and seek (Russian or
    English text, one item per line, comma or semicolon)."""

    ref: str
    name: str
    organisation: str
    region: str
    country: str
    sectors: tuple[str, ...] = ()
    offers: str = ""
    seeks: str = ""
    languages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reason:
    """One offer that meets one need. `offer` and `seek` quote the two profiles' phrases;
    `concept` is the glossary concept they share, or None when only their spelling matched."""

    direction: Direction
    offer: str
    seek: str
    score: float
    concept: str | None

    def __str__(self) -> str:
        if self.direction is Direction.THEY_OFFER:
            return f"offers: {self.offer} ↔ seeks: {self.seek}"
        return f"seeks: {self.seek} ↔ offers: {self.offer}"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Another participant worth meeting, with a score (1 for one side's needs fully met, up to
    half as much again for the other side's, a little more for each further need) and the
    reasons, best first. `why` is the reasons as one line."""

    ref: str
    score: float
    why: str
    reasons: tuple[Reason, ...]
    reciprocal: bool


@dataclass(frozen=True, slots=True)
class _Phrase:
    owner: int
    text: str
    concepts: frozenset[str]
    groups: frozenset[str]
    sectors: frozenset[str]


class _Side:
    """All the phrases of one side (every offer, or every need) of all profiles, as matrices
    whose rows are phrases, grouped by owner."""

    concept: Matrix
    group: Matrix
    ngram: Matrix
    known: npt.NDArray[np.bool_]

    def __init__(self, phrases: list[_Phrase], stems: list[tuple[str, ...]], count: int) -> None:
        self.phrases = phrases
        self.stems = stems
        self.owners = np.array([phrase.owner for phrase in phrases], dtype=np.int64)
        # The rows of participant p are starts[p]:starts[p + 1].
        self.starts = np.searchsorted(self.owners, np.arange(count + 1)).astype(np.int64)
        self.known = np.array([bool(phrase.concepts) for phrase in phrases], dtype=bool)

    def rows(self, participant: int) -> npt.NDArray[np.int64]:
        return np.arange(self.starts[participant], self.starts[participant + 1], dtype=np.int64)


def _phrases(
    profiles: Sequence[Profile], side: str, glossary: Glossary
) -> tuple[list[_Phrase], list[tuple[str, ...]]]:
    phrases: list[_Phrase] = []
    all_stems: list[tuple[str, ...]] = []
    for owner, profile in enumerate(profiles):
        for item in split_items(getattr(profile, side)):
            # Terms are looked for after the lead-in: "Supply of water meters" is not "water
            # supply".
            every, stems = glossary.analyse(glossary.trim(item))
            if not stems:
                continue
            concepts = glossary.concepts_in(every)
            entries = [glossary.concepts[concept] for concept in concepts]
            phrases.append(
                _Phrase(
                    owner=owner,
                    text=glossary.trim(item),
                    concepts=concepts,
                    groups=frozenset(entry.group for entry in entries),
                    sectors=frozenset(entry.sector for entry in entries),
                )
            )
            all_stems.append(tuple(glossary.pivot(stem) for stem in stems))
    return phrases, all_stems


def _vectorise(offers: _Side, seeks: _Side) -> None:
    """The concept, group and n-gram matrices of both sides. Only n-grams found on both sides
    can make two phrases alike, so the columns are those; a phrase's vector is normalised over
    all its n-grams, so that the cosine stays a cosine."""
    sides = (offers, seeks)
    grams = [
        [Counter(gram for stem in stems for gram in char_ngrams(stem)) for stems in side.stems]
        for side in sides
    ]
    document_frequency: Counter[str] = Counter()
    for side_grams in grams:
        for counts in side_grams:
            document_frequency.update(counts.keys())
    shared = set().union(*(c.keys() for c in grams[0])) & set().union(*(c.keys() for c in grams[1]))
    columns = {gram: i for i, gram in enumerate(sorted(shared))}
    total = sum(len(side_grams) for side_grams in grams)
    concepts = sorted({c for side in sides for p in side.phrases for c in p.concepts})
    groups = sorted({g for side in sides for p in side.phrases for g in p.groups})
    concept_column = {concept: i for i, concept in enumerate(concepts)}
    group_column = {group: i for i, group in enumerate(groups)}
    for side, side_grams in zip(sides, grams, strict=True):
        count = len(side.phrases)
        side.ngram = np.zeros((count, max(len(columns), 1)), dtype=np.float32)
        for row, counts in enumerate(side_grams):
            weights = {
                gram: n * (math.log((1 + total) / (1 + document_frequency[gram])) + 1)
                for gram, n in counts.items()
            }
            norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
            for gram, weight in weights.items():
                if gram in columns:
                    side.ngram[row, columns[gram]] = weight / norm
        side.concept = np.zeros((count, max(len(concepts), 1)), dtype=np.float32)
        side.group = np.zeros((count, max(len(groups), 1)), dtype=np.float32)
        for row, phrase in enumerate(side.phrases):
            for concept in phrase.concepts:
                side.concept[row, concept_column[concept]] = 1.0
            for group in phrase.groups:
                side.group[row, group_column[group]] = 1.0


class Matcher:
    """The suggestion index of one set of profiles (a forum's participants)."""

    def __init__(self, profiles: Sequence[Profile], *, glossary: Glossary | None = None) -> None:
        self.glossary = glossary or shipped_glossary()
        self.profiles = tuple(profiles)
        self.index = {profile.ref: i for i, profile in enumerate(self.profiles)}
        if len(self.index) != len(self.profiles):
            raise ValueError("two profiles have the same ref")
        count = len(self.profiles)
        self.sectors = [self.glossary.sectors_in(profile.sectors) for profile in self.profiles]
        organisations = [organisation_key(profile.organisation) for profile in self.profiles]
        self.organisation = np.unique(np.array(organisations), return_inverse=True)[1]
        self.offers = _Side(*_phrases(self.profiles, "offers", self.glossary), count)
        self.seeks = _Side(*_phrases(self.profiles, "seeks", self.glossary), count)
        _vectorise(self.offers, self.seeks)
        self._sector_members: dict[str, list[int]] = {}
        for participant, sectors in enumerate(self.sectors):
            for sector in sectors:
                self._sector_members.setdefault(sector, []).append(participant)

    # Step 1: how well each need (row) is met by each offer (column).
    def _need_by_offer(
        self, seek_rows: npt.NDArray[np.int64], offer_rows: npt.NDArray[np.int64] | None = None
    ) -> Matrix:
        seeks, offers = self.seeks, self.offers
        chosen = slice(None) if offer_rows is None else offer_rows
        concept = (seeks.concept[seek_rows] @ offers.concept[chosen].T) > 0
        group = (seeks.group[seek_rows] @ offers.group[chosen].T) > 0
        cosine = seeks.ngram[seek_rows] @ offers.ngram[chosen].T
        apart = seeks.known[seek_rows][:, None] & offers.known[chosen][None, :] & ~concept
        spelling = np.where(cosine >= NGRAM_FLOOR, cosine, 0.0) * np.where(
            apart, NGRAM_WEIGHT_KNOWN_APART, NGRAM_WEIGHT
        )
        met = np.maximum(spelling, np.where(group, RELATED_CONCEPT, 0.0))
        return np.where(concept, 1.0, met).astype(np.float32)

    # Step 2: how well each of some participants' needs are met by each participant.
    def _met(self, seekers: Sequence[int]) -> Matrix:
        """Rows: `seekers`; columns: every participant. A need counts by its best offer of the
        other side; several needs met combine as independent chances (1 − Π(1 − m))."""
        count = len(self.profiles)
        rows = np.concatenate([self.seeks.rows(seeker) for seeker in seekers])
        result = np.zeros((len(seekers), count), dtype=np.float32)
        if not len(rows) or not len(self.offers.phrases):
            return result
        need_offer = self._need_by_offer(rows)
        # Best offer of each participant for each need (offers are grouped by owner).
        has_offers = self.offers.starts[:-1] < self.offers.starts[1:]
        best = np.zeros((len(rows), count), dtype=np.float32)
        best[:, has_offers] = np.maximum.reduceat(
            need_offer, self.offers.starts[:-1][has_offers], axis=1
        )
        met = np.maximum(best, self._sector_only(rows))
        miss = _log_miss(met)
        lengths = [len(self.seeks.rows(seeker)) for seeker in seekers]
        position = 0
        for i, length in enumerate(lengths):
            if length:
                block = met[position : position + length]
                result[i] = -np.expm1(miss[position : position + length].sum(axis=0)) + BREADTH * (
                    block.sum(axis=0) - block.max(axis=0)
                )
            position += length
        return result

    def _sector_only(self, rows: npt.NDArray[np.int64]) -> Matrix:
        """A weak score for a need in a sector that the other participant names as theirs."""
        result = np.zeros((len(rows), len(self.profiles)), dtype=np.float32)
        for i, row in enumerate(rows):
            for sector in self.seeks.phrases[row].sectors:
                result[i, self._sector_members.get(sector, [])] = SECTOR_ONLY
        return result

    # Step 3: the score of each pair, both ways, and the ranking.
    def _scores(self, participants: Sequence[int]) -> tuple[Matrix, Matrix]:
        """For `participants` (rows) and every participant (columns): how well the column meets
        the row's needs, and how well the row meets the column's."""
        they_offer = self._met(participants)
        they_seek = np.zeros_like(they_offer)
        for i, participant in enumerate(participants):
            they_seek[i] = self._met_by(participant)
        return they_offer, they_seek

    def _met_by(self, participant: int) -> Matrix:
        """How well `participant`'s offers meet each participant's needs."""
        offer_rows = self.offers.rows(participant)
        count = len(self.profiles)
        seek_rows = np.arange(len(self.seeks.phrases), dtype=np.int64)
        if not len(seek_rows):
            return np.zeros(count, dtype=np.float32)
        best = np.zeros(len(seek_rows), dtype=np.float32)
        if len(offer_rows):
            best = self._need_by_offer(seek_rows, offer_rows).max(axis=1)
        sectors = self.sectors[participant]
        sector = np.array(
            [SECTOR_ONLY if phrase.sectors & sectors else 0.0 for phrase in self.seeks.phrases],
            dtype=np.float32,
        )
        met = np.maximum(best, sector)
        totals = np.zeros(count, dtype=np.float64)
        np.add.at(totals, self.seeks.owners, _log_miss(met))
        sums = np.zeros(count, dtype=np.float64)
        np.add.at(sums, self.seeks.owners, met)
        peaks = np.zeros(count, dtype=np.float64)
        np.maximum.at(peaks, self.seeks.owners, met)
        return (-np.expm1(totals) + BREADTH * (sums - peaks)).astype(np.float32)

    def suggest(self, ref: str, *, limit: int = 10) -> list[Suggestion]:
        """The participants best worth meeting for participant `ref`, best first."""
        participant = self.index[ref]
        they_offer, they_seek = self._scores([participant])
        return self._ranked(participant, they_offer[0], they_seek[0], limit)

    def suggest_all(self, *, limit: int = 10) -> dict[str, list[Suggestion]]:
        """`suggest` for every participant, by ref."""
        count = len(self.profiles)
        met = np.zeros((count, count), dtype=np.float32)
        for start in range(0, count, BLOCK):
            block = list(range(start, min(start + BLOCK, count)))
            met[start : start + len(block)] = self._met(block)
        return {
            profile.ref: self._ranked(i, met[i], met[:, i], limit)
            for i, profile in enumerate(self.profiles)
        }

    def _ranked(
        self, participant: int, they_offer: Matrix, they_seek: Matrix, limit: int
    ) -> list[Suggestion]:
        score = np.maximum(they_offer, they_seek) + RECIPROCITY * np.minimum(they_offer, they_seek)
        score[self.organisation == self.organisation[participant]] = 0.0
        candidates = np.flatnonzero(score >= MIN_SCORE)
        order = candidates[np.lexsort((candidates, -score[candidates]))][:limit]
        return [
            self._explain(
                participant,
                int(other),
                float(score[other]),
                float(they_offer[other]),
                float(they_seek[other]),
            )
            for other in order
        ]

    # Step 4: the reasons of one suggestion.
    def _explain(
        self, participant: int, other: int, score: float, they_offer: float, they_seek: float
    ) -> Suggestion:
        reasons = [
            *self._reasons(seeker=participant, offerer=other, direction=Direction.THEY_OFFER),
            *self._reasons(seeker=other, offerer=participant, direction=Direction.THEY_SEEK),
        ]
        reasons.sort(key=lambda reason: -reason.score)
        return Suggestion(
            ref=self.profiles[other].ref,
            score=round(score, 4),
            why="; ".join(str(reason) for reason in reasons[:3]),
            reasons=tuple(reasons),
            reciprocal=they_offer >= MIN_SCORE and they_seek >= MIN_SCORE,
        )

    def _reasons(self, *, seeker: int, offerer: int, direction: Direction) -> list[Reason]:
        seek_rows = self.seeks.rows(seeker)
        offer_rows = self.offers.rows(offerer)
        reasons: list[Reason] = []
        if not len(seek_rows):
            return reasons
        if len(offer_rows):
            need_offer = self._need_by_offer(seek_rows, offer_rows)
        for i, seek_row in enumerate(seek_rows):
            need = self.seeks.phrases[seek_row]
            if len(offer_rows) and need_offer[i].max() >= MIN_SCORE:
                j = int(need_offer[i].argmax())
                offer = self.offers.phrases[offer_rows[j]]
                shared = sorted(need.concepts & offer.concepts)
                reasons.append(
                    Reason(
                        direction,
                        offer.text,
                        need.text,
                        round(float(need_offer[i, j]), 4),
                        shared[0] if shared else None,
                    )
                )
            elif need.sectors & self.sectors[offerer]:
                sector = sorted(need.sectors & self.sectors[offerer])[0]
                reasons.append(Reason(direction, f"sector {sector}", need.text, SECTOR_ONLY, None))
        return reasons


def _log_miss(met: Matrix) -> Matrix:
    """log(1 − met), −inf for a need fully met, so that sums of it combine needs."""
    with np.errstate(divide="ignore"):
        return np.log1p(-met.astype(np.float64)).astype(np.float32)


def suggest(profiles: Sequence[Profile], *, for_ref: str, limit: int = 10) -> list[Suggestion]:
    """The participants best worth meeting for `for_ref`, best first (at most `limit`)."""
    return Matcher(profiles).suggest(for_ref, limit=limit)


def suggest_all(profiles: Sequence[Profile], *, limit: int = 10) -> dict[str, list[Suggestion]]:
    """The suggestions of every participant, by ref."""
    return Matcher(profiles).suggest_all(limit=limit)
