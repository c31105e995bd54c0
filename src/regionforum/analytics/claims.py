"""Find the figures stated in a text ("more than 370 agreements", "nearly $3 billion") and
judge each against the registry's own figures.

Parsing is plain Python: the statement is split into sentences, and each number with its
qualifier is classed by the words around it. The scope a sentence speaks of ("over the past
seven years", "this forum", "last year's") is carried over to the sentences after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from regionforum.forums.numerals import from_roman

MEASURES = ("agreements", "total_usd", "share", "partner_regions")
QUALIFIERS = ("more than", "nearly", "about", "exactly")

_QUALIFIER_WORDS = [
    ("more than", r"more than|более чем|больше чем|over|above|exceed\w*|upwards of|более|"
     r"свыше|больше|не менее|болей за|больш за|звыш"),
    ("nearly", r"nearly|almost|close to|почти|около почти|без малого|амаль|ледзь не"),
    ("about", r"about|around|approximately|some|roughly|expected to add(?: another)?|"
     r"около|порядка|примерно|приблизительно|каля|прыкладна"),
]  # fmt: skip
_FRACTIONS = {
    "half": Decimal("0.5"), "половин": Decimal("0.5"), "палов": Decimal("0.5"),
    "third": Decimal(1) / 3, "трет": Decimal(1) / 3,
    "quarter": Decimal("0.25"), "четверт": Decimal("0.25"), "чвэрц": Decimal("0.25"),
    "fifth": Decimal("0.2"), "пят": Decimal("0.2"),
}  # fmt: skip
_SCALE = [
    (r"billion|bn|млрд\.?|миллиард\w*|мільярд\w*", Decimal(10) ** 9),
    (r"million|mln|m\b|млн\.?|миллион\w*|мільён\w*", Decimal(10) ** 6),
    (r"thousand|тыс\.?|тысяч\w*|тысяч", Decimal(10) ** 3),
]
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "один": 1, "два": 2, "две": 2, "три": 3, "четыре": 4,
    "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
    "двенадцать": 12,
}  # fmt: skip
_NUMBER = r"\d[\d\s\u00a0\u202f,.]*\d|\d"
_QUANTITY = re.compile(
    rf"(?P<qualifier>{'|'.join(f'(?:{words})' for _q, words in _QUALIFIER_WORDS)})?\s*"
    rf"(?:(?:a|an|с|со|з)\s+)?"
    rf"(?P<dollar>\$|US\$)?\s*(?P<number>{_NUMBER})\s*"
    rf"(?P<scale>{'|'.join(pattern for pattern, _v in _SCALE)})?"
    rf"|(?P<fq>{'|'.join(f'(?:{words})' for _q, words in _QUALIFIER_WORDS)})\s+"
    rf"(?:(?:a|an|one)\s+)?(?P<fraction>{'|'.join(_FRACTIONS)})\w*",
    re.IGNORECASE,
)
_YEARS = re.compile(
    rf"(?:past|last|over|за|на працягу)\s+(?:the\s+)?(?:past\s+|last\s+|последние\s+)?"
    rf"(?P<count>\d+|{'|'.join(_WORD_NUMBERS)})\s+(?:years|лет|года|гадоў|год)",
    re.IGNORECASE,
)
_ROMAN_OR_NUMBER = r"(?:[IVXLC]+|\d{1,2})"
_FORUM_WORD = r"(?:[Ff]orums?|[Фф]орум\w*)"
# "forums I–VII", "I–VII Forums", "на I–VII форумах", "форумов 1–7".
_FORUM_RANGE = re.compile(
    rf"{_FORUM_WORD}\s+(?P<a>{_ROMAN_OR_NUMBER})\s*[-–—]\s*(?P<b>{_ROMAN_OR_NUMBER})\b"
    rf"|\b(?P<c>{_ROMAN_OR_NUMBER})\s*[-–—]\s*(?P<d>{_ROMAN_OR_NUMBER})\s+{_FORUM_WORD}"
)
# "the VIII Forum", "на VIII Форуме", "Forum VIII", "the 8th Forum".
_ONE_FORUM = re.compile(
    rf"\b(?P<a>[IVXLC]+|\d{{1,2}}(?:st|nd|rd|th|-?[йм]|-?го)?)\s+{_FORUM_WORD}"
    rf"|{_FORUM_WORD}\s+(?P<b>[IVXLC]+)\b"
)
# "in 2023", "в 2023 году", "у 2023 годзе".
_CALENDAR_YEAR = re.compile(
    r"\b(?:in|during|в|во|у|за)\s+(?P<year>(?:19|20)\d{2})\b(?!\s*[-–—]\s*\d)", re.IGNORECASE
)
_THIS_FORUM = re.compile(
    r"this forum|the ongoing forum|the current forum|текущ\w+ форум|нынешн\w+ форум|"
    r"этот форум|бягуч\w+ форум",
    re.IGNORECASE,
)
_LAST_YEAR = re.compile(
    r"last year|previous forum|прошлогодн\w*|прошлого года|предыдущ\w+ форум|"
    r"мінулагодн\w*|леташн\w*",
    re.IGNORECASE,
)
_AGREEMENTS = re.compile(
    r"agreement|contract|memorand|document|соглашени|договор|контракт|документ|пагадненн|"
    r"дагавор",
    re.IGNORECASE,
)
_REGIONS = re.compile(r"region|subject|регион|субъект|рэгіён|област|oblast", re.IGNORECASE)
_MONEY = re.compile(r"\$|dollar|usd|долл|даляр", re.IGNORECASE)
_BELARUS = re.compile(r"belarus\w*\s+(?:region|oblast)|белорусск\w+|беларуск\w+|областей беларус",
                      re.IGNORECASE)  # fmt: skip


# A phrase that may name a region: a capitalised word or two before a type word ("Гомельская
# область", "Smolensk region", "Краснодарского края"), after one ("Republic of Tatarstan",
# "Республики Беларусь"), or a capitalised name alone ("Москва", "Sakhalin"). Each is only a
# candidate: the region resolver decides, and refuses what names no region.
_NAME = r"[A-ZА-ЯЁІЎ][\w'’-]+"
_REGION_TYPE = (
    r"(?:област\w*|вобласц\w*|кра[йяюе]\w*|[Рр]еспублик\w*|[Рр]эспублік\w*|"
    r"[Rr]egion|[Oo]blast|[Kk]rai|[Pp]rovince|[Rr]epublic)"
)
# Lookaheads, so that every word start is tried: "Форуме Гомельская область" is no region,
# "Гомельская область" one character group on is.
_TYPED_REGION = re.compile(
    rf"(?=\b((?:{_NAME}\s+)?{_NAME}\s+{_REGION_TYPE}\b"
    rf"|{_REGION_TYPE}\s+(?:of\s+)?{_NAME}(?:\s+{_NAME})?))"
)
_BARE_REGION = re.compile(rf"(?=\b({_NAME}(?:[\s-]+{_NAME})?))")
_VENUE = re.compile(r"(?:\b(?:in|at|во?|у|г\.)|\bгороде)\s*$", re.IGNORECASE)
# A resolver's confidence below which a bare name is not taken for a region.
_BARE_CONFIDENCE = 0.95

RegionFinder = Callable[[str], "tuple[str | None, float]"]


@dataclass(frozen=True, slots=True)
class Scope:
    """What a claim speaks of: forums first to last, by number, or a calendar year; and a
    region (ISO 3166-2) that a party is in, when the sentence names one."""

    first: int | None
    last: int | None
    year: int | None = None
    region: str | None = None

    def as_json(self) -> dict[str, object]:
        found: dict[str, object] = {}
        if self.year is not None:
            found["year"] = self.year
        elif self.first is not None:
            found["forums"] = [self.first, self.last]
        if self.region:
            found["region"] = self.region
        return found


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    measure: str
    stated: Decimal
    qualifier: str
    scope: Scope | None
    country: str | None = None  # for partner_regions: whose regions are counted
    share_of: Scope | None = None  # for share: the part whose share of `scope` is stated


def _number(text: str) -> Decimal | None:
    digits = re.sub(r"[\s\u00a0\u202f]", "", text)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        digits = digits.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", digits):
        digits = digits.replace(".", "").replace(",", ".")
    else:
        digits = digits.replace(",", ".")
    try:
        return Decimal(digits)
    except ArithmeticError:
        return None


def _qualifier(text: str | None) -> str:
    if not text:
        return "exactly"
    for name, words in _QUALIFIER_WORDS:
        if re.fullmatch(words, text.strip(), re.IGNORECASE):
            return name
    return "exactly"


def _scale(text: str | None) -> Decimal:
    if not text:
        return Decimal(1)
    for pattern, value in _SCALE:
        if re.fullmatch(pattern, text.strip(), re.IGNORECASE):
            return value
    return Decimal(1)


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?;])\s+(?=[A-ZА-ЯЁІЎ\"«“])", text.strip())
    return [part.strip() for part in parts if part.strip()]


def parse_claims(
    text: str, *, at_forum: int, find_region: RegionFinder | None = None
) -> list[Claim]:
    """The figures stated in `text`, for a statement made at forum `at_forum` (so that "the past
    seven years" are the seven forums before it, and "this forum" is that forum).

    `find_region` takes a phrase and gives the region it names and the confidence, or None; a
    sentence that names a region speaks of that region's agreements (that sentence alone)."""
    claims: list[Claim] = []
    scope: Scope | None = None
    for sentence in _sentences(text):
        years = _YEARS.search(sentence)
        if years:
            count_text = years["count"].lower()
            count = int(count_text) if count_text.isdigit() else _WORD_NUMBERS[count_text]
            scope = Scope(first=max(1, at_forum - count), last=at_forum - 1)
        named, spans = _named_scope(sentence)
        if named is not None:
            scope = named
        if years:
            spans.append((years.start(), years.end()))
        region = None
        if find_region is not None:
            region, region_spans = _named_region(sentence, find_region)
            spans.extend(region_spans)
        sentence_scope = Scope(at_forum, at_forum) if _THIS_FORUM.search(sentence) else scope
        last_forum = Scope(at_forum - 1, at_forum - 1) if _LAST_YEAR.search(sentence) else None
        for match in _QUANTITY.finditer(sentence):
            if any(start <= match.start() < end for start, end in spans):
                continue  # "seven years", "forums I–VII" and "in 2023" are the scope
            claim = _claim(
                match, sentence, scope=scope, sentence_scope=sentence_scope, last_forum=last_forum
            )
            if claim is not None:
                claims.append(_in_region(claim, region) if region else claim)
    return claims


def _in_region(claim: Claim, region: str) -> Claim:
    """The claim narrowed to a region's agreements, the part of a share as well as its whole."""
    return replace(
        claim,
        scope=replace(claim.scope or Scope(None, None), region=region),
        share_of=replace(claim.share_of, region=region) if claim.share_of else None,
    )


def _named_region(
    sentence: str, find_region: RegionFinder
) -> tuple[str | None, list[tuple[int, int]]]:
    """The region a sentence names, and where: the first phrase with a type word that the
    resolver accepts, else the first capitalised name it is sure of that is not a venue."""
    for match in _TYPED_REGION.finditer(sentence):
        code, _confidence = find_region(match[1])
        if code:
            return code, [(match.start(1), match.end(1))]
    for match in _BARE_REGION.finditer(sentence):
        if _VENUE.search(sentence[: match.start(1)]):
            continue  # "the forum in Minsk": where it was signed, not who signed it
        code, confidence = find_region(match[1])
        if code and confidence >= _BARE_CONFIDENCE:
            return code, [(match.start(1), match.end(1))]
    return None, []


def _forum_number(text: str) -> int | None:
    digits = re.match(r"\d+", text)
    return int(digits[0]) if digits else from_roman(text)


def _named_scope(sentence: str) -> tuple[Scope | None, list[tuple[int, int]]]:
    """The forums or the year a sentence names outright, and where it names them."""
    found = _FORUM_RANGE.search(sentence)
    if found:
        first = _forum_number(found["a"] or found["c"])
        last = _forum_number(found["b"] or found["d"])
        if first and last and first <= last:
            return Scope(first, last), [(found.start(), found.end())]
    found = _ONE_FORUM.search(sentence)
    if found:
        number = _forum_number(found["a"] or found["b"])
        if number:
            return Scope(number, number), [(found.start(), found.end())]
    found = _CALENDAR_YEAR.search(sentence)
    if found:
        return Scope(None, None, year=int(found["year"])), [(found.start(), found.end())]
    return None, []


def _claim(
    match: re.Match[str],
    sentence: str,
    *,
    scope: Scope | None,
    sentence_scope: Scope | None,
    last_forum: Scope | None,
) -> Claim | None:
    """The claim one quantity makes, classed by the words that follow it; None for others.

    A share is of the whole period; the other measures may speak of "this forum" alone.
    """
    after = sentence[match.end() : match.end() + 60]
    if match["fraction"]:
        word = match["fraction"].lower()
        fraction = next(value for key, value in _FRACTIONS.items() if word.startswith(key))
        return Claim(sentence, "share", fraction, _qualifier(match["fq"]), scope, None, last_forum)
    value = _number(match["number"])
    if value is None:
        return None
    qualifier = _qualifier(match["qualifier"])
    if re.match(r"\s*%|\s*процент|\s*per ?cent", after, re.IGNORECASE):
        return Claim(sentence, "share", value / 100, qualifier, scope, None, last_forum)
    scaled = value * _scale(match["scale"])
    next_words = after[:40]
    if (
        match["dollar"]
        or _MONEY.match(after.strip())
        or (match["scale"] and _MONEY.search(next_words))
    ):
        return Claim(sentence, "total_usd", scaled, qualifier, sentence_scope)
    if _AGREEMENTS.search(next_words.split(" to ")[0]):
        return Claim(sentence, "agreements", scaled, qualifier, sentence_scope)
    if _REGIONS.search(next_words[:30]):
        country = "BY" if _BELARUS.search(after) else "RU"
        return Claim(sentence, "partner_regions", scaled, qualifier, sentence_scope, country)
    return None


def verdict(*, qualifier: str, stated: Decimal, actual: Decimal) -> str:
    """confirmed, close (within 10% on the wrong side) or contradicted."""
    if stated == 0:
        return "confirmed" if actual == 0 else "contradicted"
    ratio = actual / stated
    if qualifier == "more than":
        if actual > stated:
            return "confirmed"
        return "close" if ratio >= Decimal("0.9") else "contradicted"
    if qualifier == "nearly":
        if Decimal("0.85") <= ratio <= 1:
            return "confirmed"
        return "close" if Decimal("0.75") <= ratio <= Decimal("1.1") else "contradicted"
    if qualifier == "about":
        if abs(ratio - 1) <= Decimal("0.1"):
            return "confirmed"
        return "close" if abs(ratio - 1) <= Decimal("0.2") else "contradicted"
    if ratio == 1:
        return "confirmed"
    return "close" if abs(ratio - 1) <= Decimal("0.05") else "contradicted"
