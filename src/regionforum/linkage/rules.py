"""Decide which reported rows describe the same agreement (the reconciliation rule in DESIGN.md).

Two rows are candidates only when they share the signing date, the kind family and two party
regions (or their one region): those come out of the sheet almost unchanged whichever side
reports it, so they are safe blocking keys. Two regions rather than the whole set, because one
side often leaves out a third party that the other names. Inside a block, the organisations,
the amounts (in USD, 10% tolerance, on either rate basis) and the titles decide. A side reports
an agreement once, so a row joins at most one row of each other report; this is what keeps
apart two agreements between the same parties on the same day. A pair that wins without clear
evidence is returned as a doubt for a person to decide.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from itertools import combinations
from math import log

from rapidfuzz import fuzz

from regionforum.linkage.glossary import fold, same_goods, supplementary, understood


class Family(StrEnum):
    """Kinds that may describe one document: a side calls a memorandum an agreement, never a
    contract, so cooperation papers and commercial contracts are compared only among themselves."""

    COOPERATION = "cooperation"
    COMMERCIAL = "commercial"


COMMERCIAL_KINDS = frozenset({"contract"})


def kind_family(kind: str) -> Family:
    return Family.COMMERCIAL if kind in COMMERCIAL_KINDS else Family.COOPERATION


AMOUNT_TOLERANCE = 0.10
# Amounts this close (after conversion at the day's rate and rounding) pick out one deal.
CLOSE_AMOUNT = 0.05
# A pair at or above this score is merged without a rival even if no single sign is strong.
CONFIDENT_SCORE = 0.3
# Titles in one script this unlike name two papers. Low, because the sides paraphrase ("о
# создании совместного предприятия" / "об учреждении совместного производства"): the weighted
# overlap of two other goods' supply contracts stays below it, a paraphrase mostly above.
TITLES_APART = 0.2
# Titles with other numbers ("100 tractors", "150 tractors") are at most this alike: below
# TITLES_APART, so that they name two papers.
NUMBERS_APART = 0.1
# A rival within this margin of the best pair makes the choice between them a doubt.
RIVAL_MARGIN = 0.12
# Unless the pair's titles are this alike and the rival's this much less: a missing amount
# costs a pair more score than other goods cost the rival, yet the titles tell them apart.
SAME_TITLE = 0.8
TITLE_LEAD = 0.3
# Above this many rows on one day between the same regions, only pairs with a shared
# organisation or close amounts are compared, and at most this many for each row.
CROWDED_BLOCK = 300
MAX_CANDIDATES = 50
# Two rows of the same report are one agreement only when they are (nearly) identical.
SAME_SOURCE_TITLE = 0.92
# Organisations this alike are the same set, even where a typo kept a name from resolving.
SAME_PARTIES = 0.9
# Two contracts' titles that name the same goods in other words ("поставка карбамида",
# "поставка азотных удобрений") are this alike when the rest agrees: enough to be plausible,
# not enough to settle a rival by the titles alone (SAME_TITLE).
SAME_GOODS = 0.7


@dataclass(frozen=True, slots=True)
class Record:
    """A row, or an agreement already in the registry, as the rule sees it.

    `parties` are organisation identities (whatever the caller resolved names to), `title` is
    already normalised to one script, and `sources` name the reports it came from.
    """

    key: int
    sources: frozenset[str]
    signed_on: date
    family: Family
    regions: frozenset[str]
    parties: frozenset[str]
    usd: float | None
    title: str
    names: tuple[str, ...] = ()
    existing: bool = False
    # The script the title was written in ("cyrillic", "latin"): unlike titles in one language
    # are two papers, while a translation may share few words with its original (unless the
    # glossary knows every word of both).
    script: str = ""
    # The amount in USD at the day's market rate, when the table in force is another basis
    # (a secretariat's annual averages): a side that converted at the day's rate still matches.
    usd_market: float | None = None
    # The currency the amount was reported in: sides that report in other currencies may each
    # have converted at either basis.
    currency: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why two records were (or might be) one agreement."""

    a: int
    b: int
    signed_on: date
    family: Family
    regions: frozenset[str]
    shared_parties: int
    parties: int
    party_similarity: float
    usd_a: float | None
    usd_b: float | None
    title_similarity: float
    score: float
    # Whether unlike titles mean two papers: both in one script, both wholly understood by the
    # glossary, or with other numbers (which need no translation).
    comparable_titles: bool = False
    # The amounts' gap on the basis that brings them closer (see `amount_gap`).
    gap: float | None = None
    # Whether the titles are in one script (a paraphrase, not a translation).
    same_script: bool = False

    @property
    def same_parties(self) -> bool:
        return (
            self.shared_parties == self.parties and self.parties > 0
        ) or self.party_similarity >= SAME_PARTIES

    @property
    def amount_gap(self) -> float | None:
        return self.gap

    @property
    def close_amounts(self) -> bool:
        """Both amounts given and nearly equal: two different deals rarely come that close."""
        gap = self.amount_gap
        return gap is not None and gap <= CLOSE_AMOUNT and bool(self.usd_a)

    @property
    def plausible(self) -> bool:
        """Enough, with no rival in sight, to call the pair one agreement."""
        if self.comparable_titles and self.title_similarity < TITLES_APART:
            return False
        if self.close_amounts:
            return True
        return (
            self.party_similarity >= 0.5
            or self.title_similarity >= 0.6
            # A score made of a loose amount and a block's regions, with no organisation in
            # common, is two deals of one day between the same regions.
            or (self.score >= CONFIDENT_SCORE and self.shared_parties > 0)
        )


@dataclass(slots=True)
class Linkage:
    """The outcome: groups of record keys, why each member joined, and the doubtful pairs."""

    groups: list[list[int]]
    joined: dict[int, Evidence] = field(default_factory=dict)
    doubts: list[Evidence] = field(default_factory=list)


def _gap(a: float, b: float) -> float:
    high = max(a, b)
    return 0.0 if high == 0 else abs(a - b) / high


_NUMBER = re.compile(r"\d+")


@lru_cache(maxsize=65536)
def _numbers(title: str) -> frozenset[str]:
    return frozenset(_NUMBER.findall(title))


def _other_numbers(a: str, b: str) -> bool:
    numbers_a, numbers_b = _numbers(a), _numbers(b)
    return bool(numbers_a and numbers_b) and not numbers_a & numbers_b


def title_similarity(a: str, b: str, weights: Mapping[str, float] | None = None) -> float:
    """Similarity of two normalised titles, 0…1.

    Titles are compared as sets of folded stems. A stem weighs by how rare it is among the
    titles being linked (`weights`, see `stem_weights`; 1 each without them), so two supply
    contracts share little by sharing "supply", while a paraphrase that keeps the telling words
    and adds others stays alike: the measure is the mean of how much of the lighter title the
    other contains and of the overlap of both. Numbers in both weigh as much as the words,
    since they survive translation ("50 тракторов" and "50 tractors").
    """
    if not a or not b:
        return 0.0
    text = _stem_overlap(fold(a).split(), fold(b).split(), weights or {})
    if _other_numbers(a, b):
        # "150 tractors" and "100 tractors" are two deals, however alike the words.
        return min(text, NUMBERS_APART)
    numbers_a, numbers_b = _numbers(a), _numbers(b)
    if numbers_a and numbers_b:
        return (text + len(numbers_a & numbers_b) / len(numbers_a | numbers_b)) / 2
    return text


def _goods_similarity(a: str, b: str) -> float:
    """The similarity of two titles that name the same goods, with their numbers weighed as
    `title_similarity` weighs them."""
    if _other_numbers(a, b):
        return NUMBERS_APART
    numbers_a, numbers_b = _numbers(a), _numbers(b)
    if numbers_a and numbers_b:
        return (SAME_GOODS + len(numbers_a & numbers_b) / len(numbers_a | numbers_b)) / 2
    return SAME_GOODS


# A stem this alike to another (rapidfuzz ratio) is the same word with a typo or another ending.
SIMILAR_STEM = 80


def _stem_overlap(left: list[str], right: list[str], weights: Mapping[str, float]) -> float:
    if not left or not right:
        return 0.0

    def matched(stems: list[str], others: list[str]) -> float:
        return sum(
            weights.get(stem, 1.0)
            for stem in stems
            if stem in others
            or (len(stem) > 3 and any(fuzz.ratio(stem, other) >= SIMILAR_STEM for other in others))
        )

    weight_left = sum(weights.get(stem, 1.0) for stem in left)
    weight_right = sum(weights.get(stem, 1.0) for stem in right)
    hits_left, hits_right = matched(left, right), matched(right, left)
    contained = (
        hits_left / weight_left if weight_left <= weight_right else hits_right / weight_right
    )
    overlap = (hits_left + hits_right) / (weight_left + weight_right)
    return (contained + overlap) / 2


def stem_weights(titles: Iterable[str]) -> dict[str, float]:
    """How telling each folded stem is among these titles: its inverse document frequency (the
    smoothed form of BM25), near 0 for the stem that every supply contract has."""
    counts: Counter[str] = Counter()
    documents = 0
    for title in titles:
        documents += 1
        counts.update(set(fold(title).split()))
    return {
        stem: log((documents - count + 0.5) / (count + 0.5) + 1) for stem, count in counts.items()
    }


def _stems(name: str) -> str:
    # Five letters carry a proper name across languages ("gomelskiy"/"gomel"), and the glossary
    # carries the common words ("zavod"/"plant").
    return fold(name)


def _name_similarity(left: tuple[str, ...], right: tuple[str, ...]) -> float:
    """How alike the party names are, each name paired with its best counterpart, 0…1."""
    if not left or not right:
        return 0.0
    stems_right = [_stems(name) for name in right]
    total = 0.0
    for name in left:
        stem = _stems(name)
        total += max(fuzz.token_set_ratio(stem, other) for other in stems_right) / 100.0
    return total / max(len(left), len(right))


def amount_gap(a: Record, b: Record) -> float | None:
    """How far apart two amounts are, on the rate basis that brings them closer; None when one
    is missing. Both bases convert the same day, so a pair in one currency has one gap; a pair
    in two currencies may have been converted by each side at another basis (one clerk at the
    table, the other at the day's rate), so each amount takes the basis that brings it closer."""
    if a.usd is None or b.usd is None:
        return None
    gap = _gap(a.usd, b.usd)
    if a.usd_market is not None and b.usd_market is not None:
        gap = min(gap, _gap(a.usd_market, b.usd_market))
    if a.currency and b.currency and a.currency != b.currency:
        gap = min(_gap(x, y) for x in _bases(a) for y in _bases(b))
    return gap


def _bases(record: Record) -> list[float]:
    """A record's amount in USD on each basis it has."""
    assert record.usd is not None
    return [record.usd] if record.usd_market is None else [record.usd, record.usd_market]


def compare(a: Record, b: Record, weights: Mapping[str, float] | None = None) -> Evidence | None:
    """The evidence for one pair in a block, or None when the amounts rule it out."""
    gap = amount_gap(a, b)
    if gap is not None and gap > AMOUNT_TOLERANCE:
        return None
    if supplementary(a.title) != supplementary(b.title):
        # A supplementary agreement is another paper than the agreement it supplements.
        return None
    shared = len(a.parties & b.parties)
    parties = max(len(a.parties), len(b.parties))
    party_score = max(shared / parties if parties else 0.0, _name_similarity(a.names, b.names))
    similarity = title_similarity(a.title, b.title, weights)
    # Every organisation of the side that names fewer, and two of them unless that is all: one
    # side often leaves out a third party.
    fewer = min(len(a.parties), len(b.parties))
    parties_agree = party_score >= SAME_PARTIES or (
        shared == fewer > 0 and (shared >= 2 or shared == parties)
    )
    if (
        a.family is Family.COMMERCIAL
        and parties_agree
        and (gap is None or gap <= CLOSE_AMOUNT)
        and same_goods(a.title, b.title)
    ):
        similarity = max(similarity, _goods_similarity(a.title, b.title))
    amount_score = 0.35 if gap is None else 1.0 - gap / AMOUNT_TOLERANCE * 0.5
    score = 0.45 * party_score + 0.3 * amount_score + 0.25 * similarity
    return Evidence(
        a=a.key,
        b=b.key,
        signed_on=a.signed_on,
        family=a.family,
        regions=a.regions & b.regions,
        shared_parties=shared,
        parties=parties,
        party_similarity=party_score,
        usd_a=a.usd,
        usd_b=b.usd,
        title_similarity=similarity,
        score=score,
        comparable_titles=(bool(a.script) and a.script == b.script)
        or (understood(a.title) and understood(b.title))
        or _other_numbers(a.title, b.title),
        gap=gap,
        same_script=bool(a.script) and a.script == b.script,
    )


@dataclass(slots=True)
class _Group:
    members: list[int]
    sources: set[str]
    # The members' amounts on the table in force and at the market rate (None where a member
    # has no market amount): a group is consistent when one basis keeps them within tolerance.
    amounts: list[float]
    market: list[float | None]
    existing: bool
    currencies: set[str] = field(default_factory=set)


class _Groups:
    """Union-find over records, keeping what a merge must not violate."""

    def __init__(self, records: Iterable[Record]) -> None:
        self.parent: dict[int, int] = {}
        self.groups: dict[int, _Group] = {}
        for record in records:
            self.parent[record.key] = record.key
            self.groups[record.key] = _Group(
                [record.key],
                set(record.sources),
                [] if record.usd is None else [record.usd],
                [] if record.usd is None else [record.usd_market],
                record.existing,
                {record.currency} if record.usd is not None and record.currency else set(),
            )

    def find(self, key: int) -> int:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def can_join(self, a: int, b: int, *, same_source_allowed: bool) -> bool:
        left, right = self.groups[a], self.groups[b]
        if left.existing and right.existing:
            return False
        if left.sources & right.sources and not same_source_allowed:
            return False
        amounts = left.amounts + right.amounts
        if not amounts or _gap(min(amounts), max(amounts)) <= AMOUNT_TOLERANCE:
            return True
        market = left.market + right.market
        known = [value for value in market if value is not None]
        if len(known) == len(market) and _gap(min(known), max(known)) <= AMOUNT_TOLERANCE:
            return True
        if len(left.currencies | right.currencies) < 2:
            return False
        # Amounts in several currencies: each member on the basis that fits the rest.
        options = [
            [amount] if other is None else [amount, other]
            for amount, other in zip(amounts, market, strict=True)
        ]
        return _spread(options) <= AMOUNT_TOLERANCE

    def join(self, a: int, b: int) -> None:
        left, right = self.groups[a], self.groups.pop(b)
        self.parent[b] = a
        left.members.extend(right.members)
        left.sources |= right.sources
        left.amounts.extend(right.amounts)
        left.market.extend(right.market)
        left.existing = left.existing or right.existing
        left.currencies |= right.currencies


def _spread(options: list[list[float]]) -> float:
    """The smallest gap between the highest and the lowest of one value chosen for each member
    (`options[i]` are member i's values): the narrowest window holding a value of each."""
    points = sorted((value, member) for member, values in enumerate(options) for value in values)
    counts: Counter[int] = Counter()
    best = float("inf")
    low = 0
    for value, member in points:
        counts[member] += 1
        while len(counts) == len(options):
            low_value, low_member = points[low]
            best = min(best, _gap(low_value, value))
            counts[low_member] -= 1
            if not counts[low_member]:
                del counts[low_member]
            low += 1
    return best


def _region_keys(regions: frozenset[str]) -> list[tuple[str, ...]]:
    ordered = sorted(regions)
    if len(ordered) < 2:
        return [tuple(ordered)]
    return list(combinations(ordered, 2))


def _blocks(records: Sequence[Record]) -> list[list[Record]]:
    """Records by signing date, kind family and each pair of their regions (a record with three
    regions is in three blocks)."""
    blocks: dict[tuple[date, Family, tuple[str, ...]], list[Record]] = defaultdict(list)
    for record in records:
        for regions in _region_keys(record.regions):
            blocks[(record.signed_on, record.family, regions)].append(record)
    return [block for block in blocks.values() if len(block) > 1]


def _candidate_pairs(block: list[Record]) -> Iterator[tuple[Record, Record]]:
    """The pairs of a block worth comparing.

    Rows of one report are one agreement only as twins (same parties and title), found by
    grouping rather than by comparing every row with every other. Rows of different reports are
    all compared in a small block; in a crowded one (a busy forum day between the same regions)
    at most `MAX_CANDIDATES` for each row, found by `_crowded_pairs`.
    """
    twins: dict[tuple[frozenset[str], str], list[Record]] = defaultdict(list)
    for record in block:
        twins[(record.parties, record.title)].append(record)
    for members in twins.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.sources & b.sources and not (a.existing and b.existing):
                    yield a, b
    if len({record.sources for record in block}) == 1:
        return
    if len(block) <= CROWDED_BLOCK:
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if not (a.sources & b.sources) and not (a.existing and b.existing):
                    yield a, b
        return
    yield from _crowded_pairs(block)


def _crowded_pairs(block: list[Record]) -> Iterator[tuple[Record, Record]]:
    """Candidates in a crowded block, found through indexes rather than by looking at every row:
    the nearest amounts within the tolerance, the same title, the rows that share a title's
    rarest word, and those that share an organisation not shared by the whole block."""
    by_party: dict[str, list[Record]] = defaultdict(list)
    by_title: dict[str, list[Record]] = defaultdict(list)
    by_word: dict[str, list[Record]] = defaultdict(list)
    for record in block:
        for party in record.parties:
            by_party[party].append(record)
        by_title[record.title].append(record)
        for word in set(fold(record.title).split()):
            by_word[word].append(record)
    priced = sorted((record for record in block if record.usd is not None), key=_usd)
    amounts = [_usd(record) for record in priced]
    for a in block:
        sources: list[Iterable[Record]] = [by_title[a.title][:MAX_CANDIDATES]]
        if a.usd is not None:
            sources.append(_nearest(priced, amounts, a.usd))
        words = [by_word[word] for word in set(fold(a.title).split())]
        if words:
            sources.append(min(words, key=len)[:MAX_CANDIDATES])
        sources.extend(
            by_party[party] for party in a.parties if len(by_party[party]) <= MAX_CANDIDATES
        )
        candidates = {
            b.key: b
            for others in sources
            for b in others
            if b.key != a.key and not (a.sources & b.sources) and not (a.existing and b.existing)
        }
        chosen = list(candidates.values())
        if len(chosen) > MAX_CANDIDATES:
            chosen.sort(key=lambda b: (_rank_gap(a, b), b.title != a.title))
            chosen = chosen[:MAX_CANDIDATES]
        for b in chosen:
            yield (a, b) if a.key < b.key else (b, a)


def _nearest(priced: list[Record], amounts: list[float], usd: float) -> list[Record]:
    """Up to MAX_CANDIDATES records whose amounts are nearest to `usd`, within the tolerance."""
    low, high = bisect_left(amounts, usd) - 1, bisect_right(amounts, usd)
    found = priced[bisect_left(amounts, usd) : high][:MAX_CANDIDATES]
    while len(found) < MAX_CANDIDATES:
        below = low >= 0 and _gap(amounts[low], usd) <= AMOUNT_TOLERANCE
        above = high < len(amounts) and _gap(amounts[high], usd) <= AMOUNT_TOLERANCE
        if not (below or above):
            break
        if below and (not above or usd - amounts[low] <= amounts[high] - usd):
            found.append(priced[low])
            low -= 1
        else:
            found.append(priced[high])
            high += 1
    return found


def _rank_gap(a: Record, b: Record) -> float:
    gap = amount_gap(a, b)
    return 1.0 if gap is None else gap


def _usd(record: Record) -> float:
    return record.usd if record.usd is not None else 0.0


def link(records: Sequence[Record]) -> Linkage:
    """Group the records that describe one agreement.

    Records marked `existing` are agreements already decided: two of them are never joined here,
    and a new record joins at most one of them.
    """
    groups = _Groups(records)
    joined: dict[int, Evidence] = {}
    doubts: list[Evidence] = []
    by_key = {record.key: record for record in records}
    # A pair of records with three or more regions can meet in several blocks: compare it once.
    seen: set[tuple[int, int]] = set()
    pairs: list[Evidence] = []
    # Contracts and cooperation papers use other words, so each family weighs its own.
    weights = {
        family: stem_weights(record.title for record in records if record.family is family)
        for family in Family
    }
    for block in _blocks(records):
        for a, b in _candidate_pairs(block):
            key = (a.key, b.key) if a.key < b.key else (b.key, a.key)
            if key in seen:
                continue
            seen.add(key)
            evidence = compare(a, b, weights[a.family])
            if evidence is not None:
                pairs.append(evidence)
    pairs.sort(key=lambda e: (-e.score, e.a, e.b))
    best: dict[int, list[Evidence]] = defaultdict(list)
    for evidence in pairs:
        best[evidence.a].append(evidence)
        best[evidence.b].append(evidence)
    for evidence in pairs:
        root_a, root_b = groups.find(evidence.a), groups.find(evidence.b)
        if root_a == root_b:
            continue
        a, b = by_key[evidence.a], by_key[evidence.b]
        same_source = bool(a.sources & b.sources)
        identical = (
            evidence.shared_parties == evidence.parties
            and evidence.title_similarity >= SAME_SOURCE_TITLE
            and (a.usd is None) == (b.usd is None)
        )
        if same_source and not identical:
            continue
        if not groups.can_join(root_a, root_b, same_source_allowed=identical):
            continue
        if not identical and (
            not (evidence.plausible or _paraphrase(evidence, best, groups, root_a, root_b))
            or _has_rival(evidence, best, groups, root_a, root_b)
        ):
            doubts.append(evidence)
            continue
        # The group that already holds an agreement keeps its identity.
        if groups.groups[root_b].existing:
            root_a, root_b = root_b, root_a
        groups.join(root_a, root_b)
        joined[root_b] = evidence
    result = [sorted(group.members) for group in groups.groups.values()]
    result.sort(key=lambda members: members[0])
    open_doubts = []
    for doubt in doubts:
        root_a, root_b = groups.find(doubt.a), groups.find(doubt.b)
        if root_a != root_b and groups.can_join(root_a, root_b, same_source_allowed=False):
            open_doubts.append(doubt)
    return Linkage(groups=result, joined=joined, doubts=_one_doubt_per_record(open_doubts))


def _paraphrase(
    evidence: Evidence,
    best: dict[int, list[Evidence]],
    groups: _Groups,
    root_a: int,
    root_b: int,
) -> bool:
    """Whether unlike titles in one language are a paraphrase rather than two papers: the same
    organisations on the same day, cooperation papers, at most one amount (two amounts that
    agree do not make unlike titles one paper), and no other row of the counterpart's
    reports that either row could join instead (a clerk retells "о взаимодействии в АПК" as "о
    сотрудничестве в агропромышленном комплексе"; two papers of one day between the same
    parties, both reported by a side, compete for the other side's row)."""
    if not (
        evidence.same_script
        and evidence.family is Family.COOPERATION
        and evidence.same_parties
        and (evidence.usd_a is None or evidence.usd_b is None)
    ):
        return False
    for key, root, counterpart in ((evidence.a, root_a, root_b), (evidence.b, root_b, root_a)):
        reports = groups.groups[counterpart].sources
        for other in best[key]:
            if other is evidence:
                continue
            partner_root = groups.find(other.b if other.a == key else other.a)
            if partner_root not in (root, counterpart) and (
                groups.groups[partner_root].sources & reports
            ):
                return False
    return True


def _has_rival(
    evidence: Evidence,
    best: dict[int, list[Evidence]],
    groups: _Groups,
    root_a: int,
    root_b: int,
) -> bool:
    """Whether another still-free pair for either record scores nearly as well.

    Nearly-equal amounts settle it unless the rival's amounts are just as close. A rival whose
    other record has a better match of its own is no rival: two deals on one day between the
    same parties pair off with their own counterparts.
    """
    pair = (evidence.a, evidence.b)
    for key, root in ((evidence.a, root_a), (evidence.b, root_b)):
        for other in best[key]:
            if other is evidence or other.score < evidence.score - RIVAL_MARGIN:
                continue
            if evidence.close_amounts and not other.close_amounts:
                continue
            if _titles_settle(evidence, other):
                continue
            partner = other.b if other.a == key else other.a
            partner_root = groups.find(partner)
            if partner_root in (root_a, root_b):
                continue
            if not groups.can_join(root, partner_root, same_source_allowed=False):
                continue
            if _better_elsewhere(partner, other, pair, best, groups):
                continue
            return True
    return False


def _titles_settle(evidence: Evidence, rival: Evidence) -> bool:
    """Whether the pair's titles pick it over the rival: nearly the same titles against clearly
    other ones, unless only the rival has nearly equal amounts (when both have, the amounts are
    a tie and the titles break it)."""
    return (
        evidence.title_similarity >= SAME_TITLE
        and rival.title_similarity <= evidence.title_similarity - TITLE_LEAD
        and (evidence.close_amounts or not rival.close_amounts)
    )


def _better_elsewhere(
    partner: int,
    rival: Evidence,
    pair: tuple[int, int],
    best: dict[int, list[Evidence]],
    groups: _Groups,
) -> bool:
    """Whether `partner` has a pair outside `pair` that beats its `rival` pair."""
    partner_root = groups.find(partner)
    for alternative in best[partner]:
        if alternative is rival or alternative.score <= rival.score:
            continue
        third = alternative.b if alternative.a == partner else alternative.a
        if third in pair:
            continue
        third_root = groups.find(third)
        if third_root != partner_root and groups.can_join(
            partner_root, third_root, same_source_allowed=False
        ):
            return True
    return False


def _one_doubt_per_record(doubts: list[Evidence]) -> list[Evidence]:
    """The best doubtful pair for each record: a reviewer needs one question per row."""
    seen: set[int] = set()
    kept = []
    for doubt in sorted(doubts, key=lambda d: (-d.score, d.a, d.b)):
        if doubt.a in seen and doubt.b in seen:
            continue
        seen.update((doubt.a, doubt.b))
        kept.append(doubt)
    return kept
