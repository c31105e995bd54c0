"""Regions of Belarus and Russia: the shipped names table and the resolver from text to code.

Resolution works on the skeleton of the text (see `text.py`), cut into stemmed words:
1. the normalised text equals a listed name, variant or code (confidence 1.0);
2. otherwise each word is classed: a region type ("область", "Krai", "Resp.", "АО"), an
   authority ("Правительство", "облисполком"), a country, a filler ("of"), a town after "г.", a
   capital, a word that names another level ("район", "district": refuse), or a core word of a
   region name. A word that is none of these is read as each known word one edit away (two in a
   long word); if there is none, or the readings lead to different regions, the text is refused;
3. the core words together with the type select the region; "Минск" and "Минская область" differ
   only by type. Failing an exact set of core words, a region whose name holds every word given
   ("Осетия") is taken when it is the only one.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from itertools import islice, product
from typing import Final

from rapidfuzz import process
from rapidfuzz.distance import OSA

from regionforum.names.forms import FAR, FormIndex, Near
from regionforum.names.text import normalise_text, skeleton_word, stem


@dataclass(frozen=True, slots=True)
class RegionRecord:
    code: str
    country: str
    name_en: str
    name_ru: str
    name_be: str | None
    variants: tuple[str, ...] = ()
    # The administrative centre, where its name differs from the region's ("Екатеринбург"). It
    # confirms a region named beside it ("Свердловская обл., г. Екатеринбург") but is a city
    # inside the region, so on its own it names none.
    capitals: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.country == "BY" and not self.name_be:
            raise ValueError(f"{self.code}: a Belarusian region needs its Belarusian name")

    def names(self) -> Iterator[str]:
        """Every spelling of the region's name that the record lists."""
        yield self.name_en
        yield self.name_ru
        if self.name_be:
            yield self.name_be
        yield from self.variants


@dataclass(frozen=True, slots=True)
class RegionMatch:
    input: str
    code: str | None
    name: str | None
    confidence: float
    # A slip read as the region's name: the word as written and the word it was read as.
    correction: tuple[str, str] | None = None
    # When the text was refused but is near regions' names: those regions, nearest first.
    candidates: tuple[str, ...] = ()


def shipped_regions() -> list[RegionRecord]:
    """The project's names table: every ISO 3166-2 subdivision of BY and RU."""
    raw = resources.files(__package__).joinpath("data", "regions.json").read_text("utf-8")
    return [
        RegionRecord(
            code=row["code"],
            country=row["country"],
            name_en=row["name_en"],
            name_ru=row["name_ru"],
            name_be=row["name_be"],
            variants=tuple(row["variants"]),
            capitals=tuple(row["capitals"]),
        )
        for row in json.loads(raw)["regions"]
    ]


class Kind(StrEnum):
    """The type of a region, as its names and the type words in a text tell it."""

    OBLAST = "oblast"
    KRAI = "krai"
    REPUBLIC = "republic"
    AUTONOMOUS_OKRUG = "autonomous okrug"
    AUTONOMOUS_OBLAST = "autonomous oblast"
    CITY = "city"
    # "Region" in "Smolensk Region" or "Krasnodar Region" stands for any type but a city.
    REGION = "region"


# Which type words in a text fit a region of a given type.
_ACCEPTS: Final[dict[Kind, frozenset[Kind]]] = {
    Kind.OBLAST: frozenset({Kind.OBLAST, Kind.REGION}),
    Kind.KRAI: frozenset({Kind.KRAI, Kind.REGION}),
    Kind.REPUBLIC: frozenset({Kind.REPUBLIC, Kind.REGION}),
    Kind.AUTONOMOUS_OKRUG: frozenset({Kind.AUTONOMOUS_OKRUG, Kind.REGION}),
    Kind.AUTONOMOUS_OBLAST: frozenset(
        {Kind.AUTONOMOUS_OBLAST, Kind.AUTONOMOUS_OKRUG, Kind.OBLAST, Kind.REGION}
    ),
    Kind.CITY: frozenset({Kind.CITY}),
}


class _Role(StrEnum):
    KIND = "kind"
    AUTHORITY = "authority"
    COUNTRY = "country"
    FILLER = "filler"
    CAPITAL = "capital"
    TOWN = "town"
    REFUSE = "refuse"


_KIND_WORDS: Final[dict[Kind, tuple[str, ...]]] = {
    Kind.OBLAST: (
        "область",
        "обл",
        "областной",
        "oblast",
        "obl",
        "вобласць",
        "вобл",
        "абласны",
        "voblast",
        "voblasts",
        "province",
        "obwód",
        "gebiet",
    ),
    Kind.KRAI: ("край", "кр", "krai", "kray", "kraj", "territory"),
    Kind.REPUBLIC: (
        "республика",
        "респ",
        "рэспубліка",
        "рэсп",
        "respublika",
        "resp",
        "republic",
        "rep",
    ),
    Kind.AUTONOMOUS_OKRUG: (
        "автономный округ",
        "авт округ",
        "авт окр",
        "ао",
        "ao",
        "а о",
        "a o",
        "avtonomnyy okrug",
        "avtonomny okrug",
        "avt okrug",
        "autonomous okrug",
        "autonomous district",
        "autonomous area",
        "округ",
        "okrug",
    ),
    Kind.AUTONOMOUS_OBLAST: (
        "автономная область",
        "авт обл",
        "avtonomnaya oblast",
        "autonomous oblast",
        "autonomous region",
    ),
    Kind.CITY: (
        "город",
        "гор",
        "г",
        "горад",
        "city",
        "gorod",
        "horad",
        "federal city",
        "город федерального значения",
        "city of federal significance",
    ),
    Kind.REGION: ("регион", "рэгіён", "region", "reg"),
}

# An authority word names the region's own government, so the text still names the region.
# Some also say what type of region it is ("облисполком" belongs to an oblast).
_AUTHORITY_WORDS: Final[dict[str, Kind | None]] = {
    "правительство": None,
    "government": None,
    "govt": None,
    "администрация": None,
    "administration": None,
    "губернатор": None,
    "governor": None,
    "глава": None,
    "head": None,
    "мэрия": Kind.CITY,
    "mayors office": Kind.CITY,
    "кабинет министров": None,
    "cabinet of ministers": None,
    "исполнительный комитет": None,
    "исполком": None,
    "выканаўчы камітэт": None,
    "выканкам": None,
    "executive committee": None,
    "облисполком": Kind.OBLAST,
    "oblispolkom": Kind.OBLAST,
    "аблвыканкам": Kind.OBLAST,
    "ablvykankam": Kind.OBLAST,
    "горисполком": Kind.CITY,
    "gorispolkom": Kind.CITY,
    "гарвыканкам": Kind.CITY,
    "городской": Kind.CITY,
    "гарадскі": Kind.CITY,
    "regional": Kind.REGION,
    "областная дума": Kind.OBLAST,
    "дума": None,
    "законодательное собрание": None,
    "legislative assembly": None,
    "государственный совет": None,
    "совет депутатов": None,
    "савет дэпутатаў": None,
    "council of deputies": None,
}

_COUNTRY_WORDS: Final[dict[str, str]] = {
    "россия": "RU",
    "рф": "RU",
    "российская федерация": "RU",
    "russia": "RU",
    "russian federation": "RU",
    "ru": "RU",
    "расія": "RU",
    "беларусь": "BY",
    "белоруссия": "BY",
    "республика беларусь": "BY",
    "респ беларусь": "BY",
    "рэспубліка беларусь": "BY",
    "рб": "BY",
    "belarus": "BY",
    "byelorussia": "BY",
    "belorussia": "BY",
    "republic of belarus": "BY",
}

_FILLER_WORDS: Final[tuple[str, ...]] = ("of", "the", "in", "в", "у", "and", "de", "du", "der")

# Words for other levels or for things inside a region: such a text does not name a region.
# Towns one letter away from a region's name, known so that they are not taken for a slip.
_TOWNS: Final[tuple[str, ...]] = ("пинск", "pinsk", "братск", "bratsk", "кировск", "kirovsk")

_REFUSE_WORDS: Final[tuple[str, ...]] = (
    "район",
    "р н",
    "раён",
    "raion",
    "rayon",
    "district",
    "municipal",
    "муниципальный",
    "городской округ",
    "федеральный округ",
    "federal district",
    "сельсовет",
    "поселок",
    "village",
    "улица",
    "ул",
    "street",
)

# Core words too common to identify a region on their own in a partial match.
_WEAK_CORE_WORDS: Final[frozenset[str]] = frozenset(
    stem(skeleton_word(word))
    for word in ("северная", "north", "нижний", "nizhny", "великий", "байкал", "baikal", "урал")
)


def _words(text: str) -> list[str]:
    """The skeleton words of `text`."""
    return [skeleton_word(word) for word in normalise_text(text).split()]


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in _words(text))


def _parse_form(text: str) -> "_Parse":
    words = _words(text)
    return _parse(words, [stem(word) for word in words], _PHRASES)


@dataclass(frozen=True, slots=True)
class _Phrase:
    role: _Role
    kind: Kind | None = None
    country: str | None = None
    code: str | None = None


def _phrase_table() -> dict[tuple[str, ...], _Phrase]:
    table: dict[tuple[str, ...], _Phrase] = {}
    for kind, words in _KIND_WORDS.items():
        for word in words:
            table[_stems(word)] = _Phrase(_Role.KIND, kind=kind)
    for word, implied in _AUTHORITY_WORDS.items():
        table[_stems(word)] = _Phrase(_Role.AUTHORITY, kind=implied)
    for word, country in _COUNTRY_WORDS.items():
        table[_stems(word)] = _Phrase(_Role.COUNTRY, country=country)
    for word in _FILLER_WORDS:
        table[_stems(word)] = _Phrase(_Role.FILLER)
    for word in _REFUSE_WORDS:
        table[_stems(word)] = _Phrase(_Role.REFUSE)
    for word in _TOWNS:
        table[_stems(word)] = _Phrase(_Role.TOWN)
    return table


_PHRASES: Final = _phrase_table()


def _phrase_texts() -> Iterator[str]:
    """The written words of the phrase table, for judging a slip in one."""
    yield from (word for words in _KIND_WORDS.values() for word in words)
    yield from _AUTHORITY_WORDS
    yield from _COUNTRY_WORDS
    yield from _FILLER_WORDS
    yield from _REFUSE_WORDS
    yield from _TOWNS
    # Latin text declines type words too: "Pravitelstvo Smolenskoy oblasti".
    yield from ("oblasti", "kraya", "kraja", "respubliki", "okruga", "voblasci", "voblasti")


_CITY_MARKERS: Final = frozenset(
    words[0]
    for words, phrase in _PHRASES.items()
    if len(words) == 1 and phrase.role is _Role.KIND and phrase.kind is Kind.CITY
)
# Room for the longest type phrase and for capitals of up to three words ("Ростов-на-Дону").
_LONGEST_PHRASE: Final = max(3, *(len(phrase) for phrase in _PHRASES))


@dataclass(slots=True)
class _Parse:
    core: tuple[str, ...] = ()
    kinds: set[Kind] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    capitals: set[str] = field(default_factory=set)
    # Words after "г." beside a region's name: "г. Гомель, Гомельская область" names the region.
    towns: list[str] = field(default_factory=list)
    authority: bool = False
    refused: bool = False
    # Which core words are adjectives ("Кировская"): without a type word, such a word could
    # as well be a town ("Кировск"), so it names a region only as an oblast's feminine form.
    adjectives: tuple[bool, ...] = ()
    # A feminine adjective without a type word ("Минская") reads as an oblast.
    feminine_adjective: bool = False


def _parse(
    words: list[str], stems: Sequence[str], phrases: Mapping[tuple[str, ...], _Phrase]
) -> _Parse:
    """Class each word of a text. `words` are its skeleton words, `stems` the words to look up
    (their stems, or corrections of them)."""
    parse = _Parse()
    core: list[str] = []
    core_adjectives: list[bool] = []
    town_places: list[int] = []
    last_core_word = ""
    position = 0
    while position < len(stems):
        length, phrase = _longest_phrase(stems, position, phrases)
        if (
            phrase is not None
            and phrase.kind is Kind.CITY
            and phrase.role is _Role.KIND
            and position + length < len(stems)
            and _is_town(_longest_phrase(stems, position + length, phrases)[1])
        ):
            parse.towns.append(stems[position + length])
            town_places.append(len(core))
            last_core_word = words[position + length]
            position += length + 1
            continue
        if phrase is None:
            # "Minsk Oblast (Minskaya voblasts)" names one region, not two.
            if stems[position] not in core:
                core.append(stems[position])
                word = words[position]
                shorter = stem(word)
                core_adjectives.append(shorter != word and shorter.endswith(("sk", "ck")))
            last_core_word = words[position]
        elif phrase.role is _Role.KIND and phrase.kind is not None:
            parse.kinds.add(phrase.kind)
        elif phrase.role is _Role.AUTHORITY:
            parse.authority = True
            if phrase.kind is not None:
                parse.kinds.add(phrase.kind)
        elif phrase.role is _Role.COUNTRY and phrase.country is not None:
            parse.countries.add(phrase.country)
        elif phrase.role is _Role.CAPITAL and phrase.code is not None:
            parse.capitals.add(phrase.code)
        elif phrase.role is _Role.TOWN:
            parse.towns.append(stems[position])
            town_places.append(len(core))
        elif phrase.role is _Role.REFUSE:
            parse.refused = True
        position += length
    if parse.towns and not parse.kinds - {Kind.REGION} and not parse.capitals:
        # No region type beside it, so the city is what the text names: "г. Москва",
        # "город Санкт-Петербург".
        for place, town in reversed(list(zip(town_places, parse.towns, strict=True))):
            core.insert(place, town)
            core_adjectives.insert(place, False)
        parse.towns = []
        parse.kinds.add(Kind.CITY)
    parse.core = tuple(core)
    parse.adjectives = tuple(core_adjectives)
    if parse.capitals:
        # "г." in "Свердловская обл., г. Екатеринбург" belongs to the capital.
        parse.kinds.discard(Kind.CITY)
    parse.feminine_adjective = last_core_word.endswith(("ska", "cka"))
    return parse


def _is_town(phrase: _Phrase | None) -> bool:
    """Whether a word after "г." is a town's name: a name word, or a town we know."""
    return phrase is None or phrase.role is _Role.TOWN


def _longest_phrase(
    stems: Sequence[str], position: int, phrases: Mapping[tuple[str, ...], _Phrase]
) -> tuple[int, _Phrase | None]:
    for length in range(min(_LONGEST_PHRASE, len(stems) - position), 0, -1):
        phrase = phrases.get(tuple(stems[position : position + length]))
        if phrase is not None:
            return length, phrase
    return 1, None


# How one written word may be read: the words it stands for, each as (skeleton, stem to look up).
# Usually one word; two when a space was lost ("РеспубликаДагестан").
type _Reading = tuple[tuple[str, str], ...]


class _Corrector:
    """The readings of a word: itself when known; otherwise two known words it was glued from, or
    the known words one edit away (two in a long word). The resolver tries each reading and
    keeps an answer they agree on."""

    def __init__(self, known: Iterable[str], type_words: Iterable[str]) -> None:
        self._type_words = frozenset(type_words)
        self._known = frozenset(known)
        self._choices = sorted(word for word in self._known if len(word) >= _MIN_KNOWN_LENGTH)
        self._spelt_choices = [_spelt(choice) for choice in self._choices]

    def readings(self, word: str) -> tuple[_Reading, ...]:
        stemmed = stem(word)
        if stemmed in self._known:
            return (((word, stemmed),),)
        glued = self._unglued(word)
        if glued:
            return glued
        return tuple(((word, choice),) for choice in self._near(stemmed))

    def _unglued(self, word: str) -> tuple[_Reading, ...]:
        found: list[_Reading] = []
        for cut in range(_MIN_KNOWN_LENGTH, len(word) - _MIN_KNOWN_LENGTH + 1):
            # The space may be missing, or typed as another letter ("Минскаяэобласть").
            for gap in (0, 1):
                left, right = word[:cut], word[cut + gap :]
                left_stem, right_stem = stem(left), stem(right)
                if left_stem in self._known and right_stem in self._known:
                    found.append(((left, left_stem), (right, right_stem)))
        return tuple(found)

    def _near(self, word: str) -> tuple[str, ...]:
        if len(word) < _MIN_FUZZY_LENGTH:
            return ()
        cutoff = 2 if len(word) >= _TWO_EDIT_LENGTH else 1
        # Distances on the skeleton and on it with "c" spelt out as "ts" again, so that a slip
        # inside that pair ("Oblats", "Bashkortstan") also counts as one edit.
        distances: dict[int, int] = {}
        for query, choices in ((word, self._choices), (_spelt(word), self._spelt_choices)):
            for _, distance, index in process.extract(
                query, choices, scorer=OSA.distance, score_cutoff=cutoff, limit=None
            ):
                distances[index] = min(distance, distances.get(index, distance))
        if not distances:
            return ()
        best = min(distances.values())
        near = [(self._choices[index], distance) for index, distance in distances.items()]
        # A different first letter is more often a different place ("Пинск", "Минск") than a
        # typo; type words ("бласть") are no place, so they are spared the rule.
        return tuple(
            choice
            for choice, distance in near
            if distance == best and (choice[0] == word[0] or choice in self._type_words)
        )


def _spelt(word: str) -> str:
    return word.replace("c", "ts")


_MIN_KNOWN_LENGTH: Final = 4
_MIN_FUZZY_LENGTH: Final = 5
_TWO_EDIT_LENGTH: Final = 9
_MAX_READINGS: Final = 8

_EXACT_CONFIDENCE: Final = 1.0
_TYPED_CONFIDENCE: Final = 0.95
_UNTYPED_CONFIDENCE: Final = 0.9
_PARTIAL_CONFIDENCE: Final = 0.8
_CORRECTION_PENALTY: Final = 0.15
_MAX_CORRECTIONS: Final = 2
_CACHE_SIZE: Final = 65536

_AMBIGUOUS: Final = ""


@dataclass(frozen=True, slots=True)
class _Answer:
    code: str | None
    confidence: float
    correction: tuple[str, str] | None = None
    candidates: tuple[str, ...] = ()


_NO_ANSWER: Final = _Answer(None, 0.0)


def _nearest(edits: Mapping[str, int]) -> tuple[str, ...]:
    """Regions fewer than `FAR` edits away, nearest first."""
    return tuple(
        code for code, count in sorted(edits.items(), key=lambda item: item[::-1]) if count < FAR
    )


@dataclass(slots=True)
class _Surface:
    """The edits of a text against each region's names, letter by letter: `shared` for what
    counts the same for every region (a slip in a type word, a lost space), and for each name
    word, its nearest form in each region's names and whether it is a slip (a word no name is
    written with)."""

    shared: int = 0
    words: list[tuple[str, dict[str, Near], bool]] = field(default_factory=list)
    # Slips in type and authority words, each with the word it is nearest.
    phrase_slips: list[tuple[str, str]] = field(default_factory=list)

    def edits(self, code: str) -> int:
        """The edits that turn the text into the region's name: its slips, corrected."""
        return self.shared + sum(
            near[code].distance if code in near else FAR for _, near, slip in self.words if slip
        )

    def others(self, code: str) -> dict[str, int]:
        """The other regions within reach (fewer than `FAR` edits), with their edits. A region
        whose name words are the region's own ("Moscow" the city and "Moscow Oblast") differs
        by type, not by letters: it is left to the type words."""
        found: dict[str, int] = {}
        for other in {key for _, near, _ in self.words for key in near} - {code}:
            if all(near.get(other) == near.get(code) for _, near, _ in self.words):
                continue
            edits = self.shared + sum(
                near[other].distance if other in near else FAR for _, near, _ in self.words
            )
            if edits < FAR:
                found[other] = edits
        return found

    def correction(self, code: str) -> tuple[str, str] | None:
        for text, near, slip in self.words:
            if slip and code in near:
                return text, near[code].form
        return next(iter(self.phrase_slips), None)


class RegionResolver:
    """Maps free text to a region code. Build one per set of regions and reuse it."""

    def __init__(self, regions: Iterable[RegionRecord]) -> None:
        self._records: dict[str, RegionRecord] = {}
        for record in regions:
            self._records[record.code] = record
        self._exact: dict[str, str] = {}
        # Codes without their separator ("rusmo"), so that "RU-SMO", "ru_smo" and "RU SMO" match.
        self._codes: dict[str, str] = {}
        self._cores: dict[tuple[tuple[str, ...], Kind | None], str] = {}
        self._kinds: dict[str, frozenset[Kind]] = {}
        core_codes: dict[tuple[tuple[str, ...], Kind | None], set[str]] = defaultdict(set)
        word_codes: dict[str, set[str]] = defaultdict(set)
        noun_codes: dict[str, set[str]] = defaultdict(set)
        for record in self._records.values():
            parses = [_parse_form(form) for form in record.names()]
            kinds = frozenset(kind for parse in parses for kind in parse.kinds) - {Kind.REGION}
            self._kinds[record.code] = kinds
            accepted: set[Kind | None] = {None}
            for kind in kinds:
                accepted |= _ACCEPTS[kind]
            for form, parse in zip(record.names(), parses, strict=True):
                self._add_exact(normalise_text(form), record.code)
                if parse.refused or not parse.core:
                    continue
                for accepted_kind in accepted:
                    if accepted_kind is not None or not parse.adjectives[-1]:
                        core_codes[(parse.core, accepted_kind)].add(record.code)
                for word, adjective in zip(parse.core, parse.adjectives, strict=True):
                    word_codes[word].add(record.code)
                    if not adjective:
                        noun_codes[word].add(record.code)
            self._codes[normalise_text(record.code).replace(" ", "")] = record.code
        for key, codes in core_codes.items():
            self._cores[key] = self._pick(codes, kind=key[1])
        self._word_codes = {word: frozenset(codes) for word, codes in word_codes.items()}
        self._noun_codes = {word: frozenset(codes) for word, codes in noun_codes.items()}
        self._phrases = dict(_PHRASES)
        for record in self._records.values():
            for capital in record.capitals:
                words = _stems(capital)
                # A capital spelt like a name word ("Ханты-Мансийск") is left to the name.
                if len(words) <= _LONGEST_PHRASE and not any(
                    (words, kind) in self._cores for kind in (None, *Kind)
                ):
                    self._phrases[words] = _Phrase(_Role.CAPITAL, code=record.code)
        self._correct = _Corrector(
            [*self._word_codes, *(word for words in self._phrases for word in words)],
            (word for words in _PHRASES for word in words),
        )
        self._phrase_words = frozenset(
            word for words in self._phrases for word in words if word not in self._word_codes
        )
        self._phrase_forms = FormIndex(
            {"": [*(words for words in _phrase_texts()), *self._capitals()]}
        )
        self._forms = FormIndex(
            {
                record.code: [
                    " ".join(
                        word
                        for word in normalise_text(name).split()
                        if stem(skeleton_word(word)) not in self._phrase_words
                    )
                    for name in record.names()
                ]
                for record in self._records.values()
            }
        )
        self._cache: dict[tuple[str, str | None], RegionMatch] = {}
        self._capital_names: frozenset[str] | None = None

    def name(self, code: str) -> str:
        """The English name of a region."""
        return self._records[code].name_en

    def _capitals(self) -> list[str]:
        return [capital for record in self._records.values() for capital in record.capitals]

    def is_capital(self, text: str) -> bool:
        """Whether `text` names a region's administrative centre whose name differs from the
        region's ("Екатеринбург", "Kazan"), which on its own names no region."""
        if self._capital_names is None:
            self._capital_names = frozenset(normalise_text(name) for name in self._capitals())
        return normalise_text(text) in self._capital_names

    def _add_exact(self, key: str, code: str) -> None:
        if self._exact.get(key, code) != code:
            self._exact[key] = _AMBIGUOUS
        else:
            self._exact[key] = code

    def _pick(self, codes: set[str], *, kind: Kind | None) -> str:
        if len(codes) == 1:
            return next(iter(codes))
        # A bare name shared by a city and its surrounding region ("Минск", "Moscow") is the city:
        # that is how people write it.
        if kind is None:
            cities = [code for code in codes if Kind.CITY in self._kinds[code]]
            if len(cities) == 1:
                return cities[0]
        return _AMBIGUOUS

    def ambiguous_cores(self) -> list[tuple[tuple[str, ...], Kind | None]]:
        """Name cores that more than one region claims; such text is refused."""
        return sorted(
            (key for key, code in self._cores.items() if code == _AMBIGUOUS),
            key=lambda key: (key[0], str(key[1])),
        )

    def resolve(self, text: str, *, country: str | None = None) -> RegionMatch:
        """The region `text` names. With `country` (the reporter's), a slip is read as a region
        of that country only."""
        cached = self._cache.get((text, country))
        if cached is not None:
            return cached
        answer = self._resolve(text, country)
        code = answer.code
        match = RegionMatch(
            input=text,
            code=code,
            name=self._records[code].name_en if code else None,
            confidence=round(answer.confidence, 2) if code else 0.0,
            correction=answer.correction if code else None,
            candidates=() if code else answer.candidates,
        )
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[(text, country)] = match
        return match

    def resolve_many(
        self, texts: Iterable[str], *, country: str | None = None
    ) -> list[RegionMatch]:
        return [self.resolve(text, country=country) for text in texts]

    def _resolve(self, text: str, country: str | None) -> "_Answer":
        normalised = normalise_text(text)
        if not normalised:
            return _NO_ANSWER
        code = self._codes.get(normalised.replace(" ", ""))
        if code is not None:
            return _Answer(code, _EXACT_CONFIDENCE)
        exact = self._exact.get(normalised)
        if exact is not None:
            return _Answer(exact, _EXACT_CONFIDENCE) if exact else _NO_ANSWER
        return self._with_code(normalised) or self._structured(normalised, country)

    def _with_code(self, normalised: str) -> "_Answer | None":
        """A code beside a name ("RU-SMO Смоленская область") counts when the name agrees."""
        words = normalised.split()
        for position in range(len(words) - 1):
            code = self._codes.get(words[position] + words[position + 1])
            if code is not None:
                rest = " ".join(words[:position] + words[position + 2 :])
                named = self._resolve(rest, None)
                if named.code == code and named.correction is None:
                    return _Answer(code, _EXACT_CONFIDENCE)
                return _NO_ANSWER
        return None

    def _structured(self, normalised: str, country: str | None) -> "_Answer":
        written = normalised.split()
        words = [skeleton_word(word) for word in written]
        readings = [self._correct.readings(word) for word in words]
        towns: set[int] = set()
        for position in range(1, len(words)):
            # A town unknown to us may stand after "г." beside its region: "г. Пинск, Брестская
            # обл.". It is read as written; `_decide` still needs the region named.
            if not readings[position] and stem(words[position - 1]) in _CITY_MARKERS:
                readings[position] = (((words[position], stem(words[position])),),)
                towns.add(position)
        if _parse(words, [stem(word) for word in words], self._phrases).refused:
            # "Омский район" names a district: no region is near it.
            return _NO_ANSWER
        code, confidence = self._read(words, readings)
        if code is not None and self._as_written(written, words, readings, towns):
            return _Answer(code, confidence)
        surface = self._surface(written, words, readings, towns)
        if surface is None:
            return _NO_ANSWER
        if code is None:
            return _Answer(None, 0.0, candidates=_nearest(surface.others("")))
        edits = surface.edits(code)
        if edits == 0:
            return _Answer(code, confidence)
        others = surface.others(code)
        if edits > 1 or (country is not None and self._records[code].country != country) or others:
            return _Answer(None, 0.0, candidates=_nearest({code: edits} | others))
        return _Answer(code, confidence - _CORRECTION_PENALTY, correction=surface.correction(code))

    def _read(
        self, words: list[str], readings: list[tuple[_Reading, ...]]
    ) -> tuple[str | None, float]:
        """The region the words name, read on their skeletons, with each unknown word read as
        the known words near it; none when the readings disagree."""
        corrections = sum(
            1
            for word, read in zip(words, readings, strict=True)
            if read != (((word, stem(word)),),)
        )
        if not all(readings) or corrections > _MAX_CORRECTIONS:
            return None, 0.0
        answers: dict[str, float] = {}
        for combination in islice(product(*readings), _MAX_READINGS):
            read = [pair for reading in combination for pair in reading]
            parse = _parse(
                [word for word, _ in read], [looked for _, looked in read], self._phrases
            )
            code, confidence = self._decide(parse)
            if code is not None:
                answers[code] = max(confidence, answers.get(code, 0.0))
        if len(answers) != 1:
            return None, 0.0
        [(code, confidence)] = answers.items()
        return code, confidence

    def _as_written(
        self,
        written: list[str],
        words: list[str],
        readings: list[tuple[_Reading, ...]],
        towns: set[int],
    ) -> bool:
        """Whether every word is read as written and is written as some name writes it: then
        there is no slip to judge."""
        return all(
            position in towns
            or (
                read == (((word, stem(word)),),)
                and (self._forms.holds(text) or self._phrase_forms.holds(text))
            )
            for position, (text, word, read) in enumerate(
                zip(written, words, readings, strict=True)
            )
        )

    def _surface(
        self,
        written: list[str],
        words: list[str],
        readings: list[tuple[_Reading, ...]],
        towns: set[int],
    ) -> "_Surface | None":
        """How far the written words are from each region's names, letter by letter: the type
        and authority words count the same for every region, the name words for each."""
        surface = _Surface()
        for position, (text, word, read) in enumerate(zip(written, words, readings, strict=True)):
            if position in towns:
                continue
            as_written = read == (((word, stem(word)),),)
            looked = {pair[1] for reading in read for pair in reading}
            if any(len(reading) > 1 for reading in read):
                unglued = self._unglued(text)
                if unglued is None:
                    return None
                halves, names = unglued
                surface.shared += 1
                surface.phrase_slips.append((text, " ".join(halves)))
                for name in names:
                    surface.words.append((name, self._forms.nearest(name), False))
            elif looked and looked <= self._phrase_words:
                phrase = self._phrase_forms.nearest(text).get("")
                if not as_written or phrase is None or phrase.distance:
                    surface.shared += phrase.distance if phrase else FAR
                    surface.phrase_slips.append((text, phrase.form if phrase else text))
            else:
                near = self._forms.nearest(text)
                known = as_written and (
                    any(found.distance == 0 for found in near.values())
                    or self._phrase_forms.distance(text) == 0
                )
                surface.words.append((text, near, not known))
        return surface

    def _unglued(self, text: str) -> tuple[list[str], list[str]] | None:
        """The name words of a word glued from two ("республикадагестан"), or typed with a
        letter for the space ("минскаяэобласть"), when both halves are written right: the halves,
        and those of them that are name words."""
        for cut in range(_MIN_KNOWN_LENGTH, len(text) - _MIN_KNOWN_LENGTH + 1):
            for gap in (0, 1):
                halves = [text[:cut], text[cut + gap :]]
                if len(halves[1]) < _MIN_KNOWN_LENGTH:
                    continue
                names = [half for half in halves if self._forms.distance(half) == 0]
                phrases = [half for half in halves if self._phrase_forms.distance(half) == 0]
                if len(set(names) | set(phrases)) == len(halves):
                    return halves, [
                        half for half in halves if half in names and half not in phrases
                    ]
        return None

    def _decide(self, parse: _Parse) -> tuple[str | None, float]:
        if parse.refused or not parse.core:
            return None, 0.0
        specific = parse.kinds - {Kind.REGION}
        if len(specific) > 1:
            return None, 0.0
        kind = next(iter(specific)) if specific else next(iter(parse.kinds), None)
        code, confidence = self._lookup(
            parse.core,
            kind,
            feminine_adjective=parse.feminine_adjective,
            bare=kind is None and not parse.authority,
        )
        if code is None:
            return None, 0.0
        if parse.countries and self._records[code].country not in parse.countries:
            return None, 0.0
        if parse.capitals and parse.capitals != {code}:
            return None, 0.0
        if any(code not in self._noun_codes.get(town, (code,)) for town in parse.towns):
            return None, 0.0
        if kind is None or parse.authority:
            confidence = min(confidence, _UNTYPED_CONFIDENCE)
        return code, confidence

    def _lookup(
        self, core: tuple[str, ...], kind: Kind | None, *, feminine_adjective: bool, bare: bool
    ) -> tuple[str | None, float]:
        if kind is None and feminine_adjective:
            hinted = self._cores.get((core, Kind.OBLAST))
            if hinted:
                return hinted, _UNTYPED_CONFIDENCE
        found = self._cores.get((core, kind))
        if found is not None:
            return (found, _TYPED_CONFIDENCE) if found else (None, 0.0)
        return self._partial(core, kind, bare=bare), _PARTIAL_CONFIDENCE

    def _partial(self, core: tuple[str, ...], kind: Kind | None, *, bare: bool) -> str | None:
        """A region whose name contains every word given, when exactly one does ("Осетия",
        "Якутия (Саха)")."""
        if all(word in _WEAK_CORE_WORDS for word in core):
            return None
        candidates: frozenset[str] | None = None
        for word in core:
            codes = (self._noun_codes if bare else self._word_codes).get(word, frozenset())
            candidates = codes if candidates is None else candidates & codes
        if candidates is None or len(candidates) != 1:
            return None
        code = next(iter(candidates))
        if kind is not None and not any(kind in _ACCEPTS[own] for own in self._kinds[code]):
            return None
        return code
