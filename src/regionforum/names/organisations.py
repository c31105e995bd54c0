"""Organisation names: a matching key that ignores legal form, quotes, case and script.

`organisation_key("ОАО «Минский тракторный завод»")` and
`organisation_key("Minskij traktornyj zavod, OAO")` are equal. A regional authority is keyed by
what it is and which region it governs, so "Гомельский облисполком", "Homel Regional Executive
Committee" and "Гомельский областной исполнительный комитет" share one key.
"""

import re
from functools import cache
from typing import Final

from regionforum.names.regions import RegionResolver, shipped_regions
from regionforum.names.text import normalise_text, skeleton_word, stem

# Canonical form -> its spellings: abbreviations in Russian, Belarusian, romanised and English,
# and the forms spelt out. Each spelling is matched as whole words.
_LEGAL_FORMS: Final[dict[str, tuple[str, ...]]] = {
    "OJSC": (
        "оао",
        "oao",
        "ojsc",
        "аат",
        "открытое акционерное общество",
        "open joint stock company",
        "open joint-stock company",
        "адкрытае акцыянернае таварыства",
    ),
    "CJSC": (
        "зао",
        "zao",
        "cjsc",
        "зат",
        "закрытое акционерное общество",
        "closed joint stock company",
        "closed joint-stock company",
        "закрытае акцыянернае таварыства",
    ),
    "PJSC": (
        "пао",
        "pao",
        "pjsc",
        "публичное акционерное общество",
        "public joint stock company",
        "public joint-stock company",
    ),
    "JSC": (
        "ао",
        "ao",
        "jsc",
        "нао",
        "акционерное общество",
        "непубличное акционерное общество",
        "joint stock company",
        "joint-stock company",
        "акцыянернае таварыства",
    ),
    "LLC": (
        "ооо",
        "ooo",
        "llc",
        "ltd",
        "тоо",
        "таа",
        "общество с ограниченной ответственностью",
        "limited liability company",
        "таварыства з абмежаванай адказнасцю",
    ),
    "ALC": (
        "одо",
        "odo",
        "алс",
        "общество с дополнительной ответственностью",
        "additional liability company",
        "таварыства з дадатковай адказнасцю",
    ),
    "JLLC": ("сооо", "sooo", "jllc", "совместное общество с ограниченной ответственностью"),
    "FLLC": ("иооо", "iooo", "fllc", "иностранное общество с ограниченной ответственностью"),
    "FSUE": ("фгуп", "fgup", "fsue", "федеральное государственное унитарное предприятие"),
    "SUE": ("гуп", "gup", "sue", "государственное унитарное предприятие"),
    "MUE": ("муп", "mup", "mue", "муниципальное унитарное предприятие"),
    "RUE": ("руп", "rup", "rue", "республиканское унитарное предприятие"),
    "CUE": ("куп", "kup", "cue", "коммунальное унитарное предприятие"),
    "PUE": (
        "чуп",
        "chup",
        "чтуп",
        "чпуп",
        "pue",
        "частное унитарное предприятие",
        "частное торговое унитарное предприятие",
        "частное производственное унитарное предприятие",
        "private unitary enterprise",
    ),
    "UE": (
        "уп",
        "up",
        "ue",
        "унитарное предприятие",
        "unitary enterprise",
        "унітарнае прадпрыемства",
    ),
    "FSBEI HE": (
        "фгбоу во",
        "фгбоу впо",
        "фгбоу",
        "федеральное государственное бюджетное образовательное учреждение высшего образования",
    ),
    "FSAEI HE": (
        "фгаоу во",
        "фгаоу",
        "федеральное государственное автономное образовательное учреждение высшего образования",
    ),
    "EI": ("уо", "учреждение образования", "установа адукацыі", "educational institution"),
    "IE": ("ип", "индивидуальный предприниматель", "individual entrepreneur"),
}

# Names of a region's executive: the same body whatever it is called in a given region or
# language, so they share one key word.
_EXECUTIVE_WORDS: Final[tuple[str, ...]] = (
    "правительство",
    "администрация",
    "government",
    "administration",
    "облисполком",
    "oblispolkom",
    "аблвыканкам",
    "горисполком",
    "gorispolkom",
    "гарвыканкам",
    "мингорисполком",
    "областной исполнительный комитет",
    "городской исполнительный комитет",
    "абласны выканаўчы камітэт",
    "гарадскі выканаўчы камітэт",
    "исполнительный комитет",
    "выканаўчы камітэт",
    "executive committee",
    "исполком",
)
_EXECUTIVE_KEY: Final = "executive"


def _phrase_table(phrases: dict[str, tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """Spellings as tuples of normalised words; both scripts of an abbreviation are listed, so
    matching does not depend on the skeleton (where "ОАО" and "ООО" would coincide)."""
    return {
        tuple(normalise_text(spelling).split()): canonical
        for canonical, spellings in phrases.items()
        for spelling in spellings
    }


_FORMS: Final = _phrase_table(_LEGAL_FORMS)
_LONGEST_FORM: Final = max(len(words) for words in _FORMS)


def _find_legal_forms(words: list[str]) -> tuple[list[str], list[str]]:
    """The legal forms named in `words`, and the words left once they are removed."""
    forms: list[str] = []
    rest: list[str] = []
    position = 0
    while position < len(words):
        for length in range(min(_LONGEST_FORM, len(words) - position), 0, -1):
            canonical = _FORMS.get(tuple(words[position : position + length]))
            if canonical is not None:
                forms.append(canonical)
                position += length
                break
        else:
            rest.append(words[position])
            position += 1
    return forms, rest


# What the words of a name say the body is, checked in this order: "Академия наук" is research,
# "Академия управления" a university. Each entry is a phrase of whole words, stemmed.
_KIND_PHRASES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("government", ("министерство", "ministry", "кабинет министров", "cabinet of ministers",
                    "міністэрства", "мэрия")),
    ("research", ("институт", "institute", "нии", "научно исследовательский", "research",
                  "академия наук", "academy of sciences", "нан", "научный центр",
                  "інстытут")),
    ("university", ("университет", "university", "академия", "academy", "колледж", "college",
                    "універсітэт", "акадэмія")),
    ("enterprise", ("завод", "комбинат", "фабрика", "plant", "works", "factory", "холдинг",
                    "holding", "компания", "company", "предприятие", "enterprise", "концерн",
                    "concern", "объединение", "трест", "банк", "bank", "прадпрыемства")),
)  # fmt: skip
# The abbreviations of universities: БГУ, МГУ, КФУ, БНТУ ("государственный", "федеральный",
# "технический университет").
_UNIVERSITY_ABBREVIATION: Final = re.compile(r"^[а-я]{1,3}(?:гу|ту|фу)$")
# Legal forms that a university or a school has, not an enterprise.
_EDUCATION_FORMS: Final = frozenset({"EI", "FSBEI HE", "FSAEI HE"})


def organisation_kind(name: str) -> str:
    """What kind of body a name says it is: government, research, university, enterprise, or
    other when the name does not say ("Гомсельмаш" alone)."""
    all_words = normalise_text(name).split()
    forms, words = _find_legal_forms(all_words)
    if _is_executive(words):
        return "government"
    text = f" {_stems(words)} "
    for kind, phrases in _KIND_PHRASE_STEMS:
        if any(phrase in text for phrase in phrases):
            return kind
    if any(_UNIVERSITY_ABBREVIATION.match(word) for word in words) or _EDUCATION_FORMS & set(forms):
        return "university"
    return "enterprise" if forms else "other"


def organisation_legal_form(name: str) -> str | None:
    """The canonical legal form ("OJSC", "LLC", "RUE" …) that `name` states, if any."""
    forms, _ = _find_legal_forms(normalise_text(name).split())
    return forms[0] if forms else None


@cache
def _shipped_resolver() -> RegionResolver:
    return RegionResolver(shipped_regions())


def _stems(words: list[str]) -> str:
    return " ".join(stem(skeleton_word(word)) for word in words)


# Compared as stems, so that case endings and script do not matter ("Правительства",
# "Pravitelstvo").
_EXECUTIVE_PHRASES: Final = tuple(
    f" {_stems(normalise_text(spelling).split())} " for spelling in _EXECUTIVE_WORDS
)


_KIND_PHRASE_STEMS: Final = tuple(
    (kind, tuple(f" {_stems(normalise_text(phrase).split())} " for phrase in phrases))
    for kind, phrases in _KIND_PHRASES
)


def _is_executive(words: list[str]) -> bool:
    text = f" {_stems(words)} "
    return any(phrase in text for phrase in _EXECUTIVE_PHRASES)


# A place after the name: the last part after a comma, or in brackets at the end.
_TRAILING_PLACE: Final = re.compile(
    r"^(?P<name>.+?)\s*(?:,(?P<after>[^,()]+)|\((?P<within>[^()]+)\))$"
)
_CITY_MARKER: Final = re.compile(r"^(?:г|гор|город|горад|g|city of)\.?\s+\w", re.IGNORECASE)


def _without_place(name: str, resolver: RegionResolver) -> str:
    """The name without the town or region a sheet writes after it ("ОАО «Гомсельмаш», г.
    Гомель", "Uralmash (Yekaterinburg)"): a part marked as a town, a region's name or a
    regional centre. Anything else after a comma (a legal form, a branch) stays."""
    match = _TRAILING_PLACE.match(name.strip())
    if match is None:
        return name
    place = (match.group("after") or match.group("within") or "").strip()
    if _CITY_MARKER.match(place) or resolver.is_capital(place) or _names_a_region(place, resolver):
        return match.group("name")
    return name


def _names_a_region(text: str, resolver: RegionResolver) -> bool:
    region = resolver.resolve(text)
    return region.code is not None and region.correction is None


def organisation_key(name: str, *, regions: RegionResolver | None = None) -> str:
    """A key under which spellings of one organisation coincide.

    The legal form, quotes, punctuation, case and script do not count. The executive of a region
    ("Правительство Смоленской области", "Гомельский облисполком", "Government of Smolensk
    Oblast") is keyed by the region's code, resolved with `regions` (the shipped table by
    default), so that it matches across languages.
    """
    resolver = regions or _shipped_resolver()
    all_words = normalise_text(_without_place(name, resolver)).split()
    _, words = _find_legal_forms(all_words)
    if not words:
        # Nothing but a legal form: keep it rather than give every such name the empty key.
        words = all_words
    if _is_executive(words):
        region = resolver.resolve(" ".join(words))
        if region.code is not None:
            return f"{_EXECUTIVE_KEY} {region.code.casefold()}"
    return " ".join(skeleton_word(word) for word in words)
