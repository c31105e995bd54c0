"""Words that forum titles and organisation names carry across Russian and English.

Titles and names reach the linkage as Latin skeletons (regionforum.names.transliterate), so a
Russian word and its English translation stay different words. For the vocabulary that forum
papers keep using, both are folded to one stem, so that "Соглашение о сотрудничестве в области
образования" and "Agreement on cooperation in education" share their key words.
"""

from __future__ import annotations

from functools import lru_cache

from regionforum.names import normalise_text, transliterate

STEM = 5

PAIRS: tuple[tuple[str, str], ...] = (
    ("соглашение", "agreement"), ("договор", "contract"), ("контракт", "contract"),
    ("меморандум", "memorandum"), ("протокол", "protocol"), ("программа", "programme"),
    ("дорожная", "roadmap"), ("сотрудничестве", "cooperation"), ("взаимодействии", "cooperation"),
    ("кооперации", "cooperation"), ("образования", "education"), ("образовании", "education"),
    ("здравоохранения", "healthcare"), ("медицины", "healthcare"), ("медицины", "medicine"),
    ("туризма", "tourism"),
    ("культуры", "culture"), ("культурном", "cultural"), ("обмене", "exchange"),
    ("торгово", "trade"), ("торговли", "trade"), ("экономическом", "economic"),
    ("научно", "scientific"), ("науки", "science"), ("техническом", "technical"),
    ("промышленной", "industrial"), ("промышленности", "industry"), ("развитии", "development"),
    ("развития", "development"), ("агропромышленном", "agriculture"),
    ("апк", "agriculture"), ("агропромышленном", "agro"), ("комплексе", "complex"),
    ("сельского", "agriculture"), ("хозяйства", "farming"), ("поставка", "supply"),
    ("поставке", "supply"), ("поставки", "supply"), ("строительства", "construction"),
    ("строительстве", "construction"), ("энергетики", "energy"), ("транспорта", "transport"),
    ("логистики", "logistics"), ("молодежной", "youth"), ("молодежи", "youth"),
    ("спорта", "sport"), ("инвестиций", "investment"), ("инвестиционном", "investment"),
    ("инноваций", "innovation"), ("инновационном", "innovation"), ("цифровой", "digital"),
    ("информационных", "information"), ("технологий", "technologies"), ("лесного", "forestry"),
    ("экологии", "ecology"), ("социальной", "social"), ("сфере", "field"), ("области", "field"),
    ("продукции", "products"), ("молочной", "dairy"), ("тракторов", "tractors"),
    ("комбайнов", "harvesters"), ("автобусов", "buses"), ("лифтов", "elevators"),
    ("станков", "machine"), ("удобрений", "fertilisers"), ("грузовых", "trucks"),
    ("автомобилей", "vehicles"), ("техники", "machinery"), ("оборудования", "equipment"),
    ("государственный", "state"), ("университет", "university"), ("академия", "academy"),
    ("институт", "institute"), ("завод", "plant"), ("завод", "works"), ("комбинат", "plant"),
    ("торговый", "trading"), ("дом", "house"), ("администрация", "administration"),
    ("правительство", "government"), ("министерство", "ministry"), ("палата", "chamber"),
    ("торгово-промышленная", "commerce"), ("больница", "hospital"), ("медицинский", "medical"),
    ("технический", "technical"), ("аграрный", "agrarian"), ("белорусский", "belarusian"),
    ("российский", "russian"), ("национальный", "national"), ("областной", "regional"),
    ("межрегиональном", "interregional"), ("приграничном", "crossborder"),
    ("гуманитарном", "humanitarian"), ("сельскохозяйственной", "agricultural"),
    ("пассажирских", "passenger"), ("лекарственных", "medicines"), ("медикаментов", "medicines"),
    ("продовольствия", "food"), ("мяса", "meat"), ("зерна", "grain"), ("древесины", "timber"),
    ("сахара", "sugar"), ("сухого", "powder"),
    ("металлопроката", "steel"), ("нефтепродуктов", "petroleum"), ("электроэнергии", "electricity"),
    ("газа", "gas"), ("шин", "tyres"), ("материалов", "materials"), ("жилищно", "housing"),
    ("коммунального", "utilities"), ("чрезвычайных", "emergencies"), ("искусства", "arts"),
    ("массовой", "media"), ("библиотек", "libraries"), ("музеев", "museums"),
    ("подготовке", "training"), ("кадров", "personnel"), ("совместного", "joint"),
    ("предприятия", "venture"), ("сборочного", "assembly"), ("производства", "production"),
    ("локализации", "localisation"), ("импортозамещения", "substitution"),
    ("реализации", "implementation"), ("мероприятий", "action"), ("плана", "plan"),
    ("намерениях", "intent"), ("взаимопонимании", "understanding"),
    ("партнерстве", "partnership"), ("побратимских", "twinning"), ("открытии", "opening"),
    ("представительства", "mission"), ("выставки", "exhibition"), ("ярмарки", "fair"),
    ("экспорта", "export"), ("импорта", "import"), ("туристического", "tourist"),
    ("медицинского", "medical"), ("фармацевтики", "pharmaceuticals"), ("химической", "chemical"),
    ("машиностроения", "engineering"), ("автомобилестроения", "automotive"),
    ("станкостроения", "tool"), ("электроники", "electronics"), ("связи", "communications"),
    ("почтовой", "postal"), ("железнодорожного", "railway"), ("дорожного", "road"),
    ("водного", "water"), ("рыбного", "fishery"), ("пищевой", "food"), ("легкой", "light"),
    ("текстильной", "textile"), ("мебели", "furniture"), ("льна", "flax"), ("молока", "milk"),
    ("картофеля", "potatoes"), ("семян", "seeds"), ("кормов", "feed"),
    ("ветеринарии", "veterinary"),
    ("ветеринарной", "veterinary"), ("труда", "labour"), ("занятости", "employment"),
    ("защиты", "protection"), ("населения", "population"), ("окружающей", "environment"),
    ("среды", "environment"), ("архивного", "archives"), ("дела", "affairs"),
    ("статистики", "statistics"), ("таможенного", "customs"), ("налогового", "tax"),
    ("банковского", "banking"), ("финансового", "financial"), ("страхования", "insurance"),
    ("дополнительное", "supplementary"), ("дополнение", "supplementary"),
    ("дадатковае", "supplementary"),
)  # fmt: skip


def _stem(word: str) -> str:
    return normalise_text(transliterate(word))[:STEM]


def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for russian, english in PAIRS:
        # A Russian word met again with another translation makes that word a synonym
        # ("завод": plant, works).
        target = table.get(_stem(russian)) or table.get(_stem(english)) or _stem(english)
        table.setdefault(_stem(russian), target)
        table.setdefault(_stem(english), target)
    return table


CANONICAL = _table()
# Words every forum paper has; they say nothing about which paper it is.
COMMON = frozenset(
    _stem(word)
    for word in ("agreement", "contract", "memorandum", "protocol", "programme", "roadmap",
                 "cooperation", "field", "development", "the", "and", "for", "with",
                 # Counts, who signs and for how long are said in any paper: "(50 ед.)",
                 # "50 pcs", "в количестве", "между сторонами", "на 2024–2026 годы".
                 "units", "единиц", "pcs", "шт", "штук", "количестве", "quantity", "between",
                 "между", "сторонами", "parties", "годы", "года", "год", "years", "year",
                 "для")
)  # fmt: skip


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The sorted canonical stems of a skeleton text's telling words (three letters or more)."""
    stems = {CANONICAL.get(word[:STEM], word[:STEM]) for word in text.split() if len(word) > 2}
    return " ".join(sorted(stems - COMMON))


# The stems the glossary can carry across languages (the English side of every pair).
KNOWN = frozenset(CANONICAL.values())


# The word that makes a paper a supplement to another ("Дополнительное соглашение к …",
# "Supplementary agreement to …"): a supplement and what it supplements are two papers. The
# word opens such a title; further in, it is the paper's subject ("о дополнительных мерах").
SUPPLEMENT = CANONICAL[_stem("supplementary")]


@lru_cache(maxsize=65536)
def supplementary(text: str) -> bool:
    """Whether a skeleton title names a supplement to another paper."""
    words = text.split()
    return bool(words) and CANONICAL.get(words[0][:STEM]) == SUPPLEMENT


@lru_cache(maxsize=65536)
def understood(text: str) -> bool:
    """Whether every telling word of a skeleton text is glossary vocabulary or a number: two such
    titles compare as reliably across languages as two titles in one language do."""
    stems = fold(text).split()
    return bool(stems) and all(stem in KNOWN or stem.isdigit() for stem in stems)


# Goods that the sides name by the kind and by its best-known member, or in full and in short:
# urea is the nitrogen fertiliser, milk powder a dairy product, hosiery knitwear, "запчасти"
# spare parts. Each group is one kind of goods; its members never name two different goods
# (siblings, such as milk and butter, are not listed together).
GOODS: tuple[tuple[str, ...], ...] = (
    ("удобрений", "удобрения", "азотных", "карбамида", "карбамид", "fertiliser", "fertilizer",
     "nitrogen", "urea"),
    ("молока", "молочной", "молочных", "milk", "dairy"),
    ("трикотажа", "трикотажных", "чулочно", "носочных", "hosiery", "knitwear"),
    ("запасных", "запчастей", "spare"),
)  # fmt: skip
_GOODS = {_stem(word): group[0] for group in GOODS for word in group}


@lru_cache(maxsize=65536)
def goods(text: str) -> frozenset[str]:
    """The kinds of goods (from GOODS) that a skeleton title names."""
    return frozenset(_GOODS[word[:STEM]] for word in text.split() if word[:STEM] in _GOODS)


def same_goods(a: str, b: str) -> bool:
    """Whether two skeleton titles name the same kinds of goods, however worded."""
    named = goods(a)
    return bool(named) and named == goods(b)
