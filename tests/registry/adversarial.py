"""Sender sheets as clerks fill them by hand, with the truth behind every row.

A second generator, written apart from `synthetic.py` and without looking at the matcher's
rules: each Belarusian and Russian region sends its own file (XLSX, ODS, or a CSV saved by
Excel in cp1251 with ";"), and the secretariat sends one in English. Each file has its clerk's
habits, drawn once per file: title rows and notes above the header, a two-row header with
merged cells, blank rows, section headings, subtotals and a total, the same agreement listed
twice, amounts in thousands or millions named in the header, the currency in the amount cell
or nowhere but the header, Excel dates and serial numbers, dates with slips, US month/day order,
organisation names with and without legal forms in every spelling, cities after the name,
abbreviations and full names, transliterations, typos and Latin letters among Cyrillic ones,
parties in either order, a third party left out, the region written in the party cell, and
regions in every form. Hard negatives: two papers between the same parties on the same day at
close amounts with similar titles, renewals a year later, and organisations of the same name
in two regions.

Every variant is one a person reads without guessing. `truth` maps (file name, row number as
the sheet shows it) to the true agreement's id.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

Convert = Callable[[Decimal, str, date], Decimal]

# How a clerk writes each region: (Russian forms, English forms).
REGION_FORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "BY-HO": (("Гомельская область", "Гомельская обл.", "Гомельская обл", "РБ, Гомельская обл.",
               "РБ, Гомель", "Гомель", "Гомельская"), ("Gomel region", "Homiel", "Homel Oblast",
               "Gomel Oblast", "BY-HO")),
    "BY-MI": (("Минская область", "Минская обл.", "РБ, Минская обл.", "Минская"),
              ("Minsk region", "Minsk Oblast", "BY-MI")),
    "BY-HM": (("г. Минск", "Минск", "город Минск", "РБ, г. Минск"),
              ("Minsk", "Minsk City", "BY-HM")),
    "BY-VI": (("Витебская область", "Витебская обл.", "РБ, Витебск", "Витебск"),
              ("Vitebsk region", "Viciebsk", "Vitebsk Oblast", "BY-VI")),
    "BY-HR": (("Гродненская область", "Гродненская обл.", "РБ, Гродно", "Гродно"),
              ("Grodno region", "Hrodna", "Grodno Oblast", "BY-HR")),
    "BY-BR": (("Брестская область", "Брестская обл.", "Брест"),
              ("Brest region", "Brest Oblast", "BY-BR")),
    "BY-MA": (("Могилёвская область", "Могилевская обл.", "Могилевская область", "Могилёв"),
              ("Mogilev region", "Mahilyow", "Mogilev Oblast", "BY-MA")),
    "RU-SMO": (("Смоленская область", "Смоленская обл.", "РФ, Смоленская обл.", "Смоленск"),
               ("Smolensk region", "Smolensk Oblast", "RU-SMO")),
    "RU-BRY": (("Брянская область", "Брянская обл.", "Брянск"),
               ("Bryansk region", "Bryansk Oblast", "RU-BRY")),
    "RU-MOW": (("г. Москва", "Москва", "город Москва"), ("Moscow", "Moscow City", "RU-MOW")),
    "RU-SPE": (("Санкт-Петербург", "г. Санкт-Петербург", "С.-Петербург"),
               ("Saint Petersburg", "St. Petersburg", "RU-SPE")),
    "RU-TA": (("Республика Татарстан", "Респ. Татарстан", "Татарстан"),
              ("Tatarstan", "Republic of Tatarstan", "RU-TA")),
    "RU-NIZ": (("Нижегородская область", "Нижегородская обл."),
               ("Nizhny Novgorod region", "Nizhegorodskaya oblast", "RU-NIZ")),
    "RU-KLU": (("Калужская область", "Калужская обл.", "Калуга"),
               ("Kaluga region", "Kaluga Oblast", "RU-KLU")),
    "RU-SVE": (("Свердловская область", "Свердловская обл."),
               ("Sverdlovsk region", "Sverdlovsk Oblast", "RU-SVE")),
}  # fmt: skip
CITIES = {
    "BY-HO": "Гомель", "BY-MI": "Жодино", "BY-HM": "Минск", "BY-VI": "Витебск",
    "BY-HR": "Гродно", "BY-BR": "Брест", "BY-MA": "Могилёв", "RU-SMO": "Смоленск",
    "RU-BRY": "Брянск", "RU-MOW": "Москва", "RU-SPE": "Санкт-Петербург", "RU-TA": "Казань",
    "RU-NIZ": "Нижний Новгород", "RU-KLU": "Калуга", "RU-SVE": "Екатеринбург",
}  # fmt: skip

# Legal forms as each side writes them: Russian short, Russian long, English short, English
# long, romanised short.
LEGAL = {
    "OJSC": ("ОАО", "Открытое акционерное общество", "OJSC", "Open Joint-Stock Company", "OAO"),
    "JSC": ("АО", "Акционерное общество", "JSC", "Joint Stock Company", "AO"),
    "PJSC": ("ПАО", "Публичное акционерное общество", "PJSC", "Public Joint-Stock Company", "PAO"),
    "LLC": ("ООО", "Общество с ограниченной ответственностью", "LLC",
            "Limited Liability Company", "OOO"),
    "CJSC": ("ЗАО", "Закрытое акционерное общество", "CJSC", "Closed Joint-Stock Company", "ZAO"),
    "UE": ("УП", "Унитарное предприятие", "UE", "Unitary Enterprise", "UP"),
}  # fmt: skip


@dataclass(slots=True)
class Organisation:
    """One real organisation and the names it goes by."""

    region: str
    kind: str  # government, enterprise, university, research
    ru: str  # the name without legal form, as its own people write it
    en: str
    legal: str = ""
    # Other names for the same body: an abbreviation and its expansion, an official long name.
    ru_other: tuple[str, ...] = ()
    en_other: tuple[str, ...] = ()


def _government(code: str, ru: str, en: str, *others: str) -> Organisation:
    return Organisation(code, "government", ru, en, ru_other=others)


ORGANISATIONS: tuple[Organisation, ...] = (
    _government("BY-HO", "Гомельский облисполком", "Gomel Regional Executive Committee",
                "Гомельский областной исполнительный комитет"),
    _government("BY-MI", "Минский облисполком", "Minsk Regional Executive Committee",
                "Минский областной исполнительный комитет"),
    _government("BY-HM", "Минский горисполком", "Minsk City Executive Committee",
                "Минский городской исполнительный комитет"),
    _government("BY-VI", "Витебский облисполком", "Vitebsk Regional Executive Committee",
                "Витебский областной исполнительный комитет"),
    _government("BY-HR", "Гродненский облисполком", "Grodno Regional Executive Committee"),
    _government("BY-BR", "Брестский облисполком", "Brest Regional Executive Committee"),
    _government("BY-MA", "Могилёвский облисполком", "Mogilev Regional Executive Committee",
                "Могилевский областной исполнительный комитет"),
    _government("RU-SMO", "Правительство Смоленской области", "Government of Smolensk Oblast",
                "Администрация Смоленской области"),
    _government("RU-BRY", "Правительство Брянской области", "Government of Bryansk Oblast"),
    _government("RU-MOW", "Правительство Москвы", "Moscow Government"),
    _government("RU-SPE", "Правительство Санкт-Петербурга", "Government of Saint Petersburg"),
    _government("RU-TA", "Правительство Республики Татарстан", "Government of Tatarstan",
                "Кабинет Министров Республики Татарстан"),
    _government("RU-NIZ", "Правительство Нижегородской области",
                "Government of Nizhny Novgorod Oblast"),
    _government("RU-KLU", "Правительство Калужской области", "Government of Kaluga Oblast"),
    _government("RU-SVE", "Правительство Свердловской области", "Government of Sverdlovsk Oblast"),
    Organisation("BY-HO", "enterprise", "Гомсельмаш", "Gomselmash", "OJSC"),
    Organisation("BY-HO", "enterprise", "Гомельстекло", "Gomelsteklo", "OJSC"),
    Organisation("BY-HO", "enterprise", "Гомельский химический завод", "Gomel Chemical Plant",
                 "OJSC"),
    Organisation("BY-HO", "university", "Гомельский государственный университет имени Франциска "
                 "Скорины", "Francisk Skorina Gomel State University",
                 ru_other=("ГГУ им. Ф. Скорины",)),
    Organisation("BY-MI", "enterprise", "БелАЗ", "BelAZ", "OJSC",
                 ru_other=("Белорусский автомобильный завод",)),
    Organisation("BY-MI", "enterprise", "Молочные продукты", "Molochnye Produkty", "OJSC"),
    Organisation("BY-MI", "enterprise", "Слуцкий сахарорафинадный комбинат",
                 "Slutsk Sugar Refinery", "OJSC"),
    Organisation("BY-HM", "enterprise", "МТЗ", "MTZ", "OJSC",
                 ru_other=("Минский тракторный завод",), en_other=("Minsk Tractor Works",)),
    Organisation("BY-HM", "enterprise", "МАЗ", "MAZ", "OJSC",
                 ru_other=("Минский автомобильный завод",), en_other=("Minsk Automobile Plant",)),
    Organisation("BY-HM", "enterprise", "Атлант", "Atlant", "CJSC"),
    Organisation("BY-HM", "university", "Белорусский государственный университет",
                 "Belarusian State University", ru_other=("БГУ",)),
    Organisation("BY-HM", "research", "Объединённый институт проблем информатики НАН Беларуси",
                 "United Institute of Informatics Problems"),
    Organisation("BY-VI", "enterprise", "Витебские ковры", "Vitebskie Kovry", "OJSC"),
    Organisation("BY-VI", "enterprise", "Молочные продукты", "Molochnye Produkty", "OJSC"),
    Organisation("BY-VI", "enterprise", "Витязь", "Vityaz", "OJSC"),
    Organisation("BY-HR", "enterprise", "Гродно Азот", "Grodno Azot", "OJSC"),
    Organisation("BY-HR", "enterprise", "Конте Спа", "Conte Spa", "LLC"),
    Organisation("BY-HR", "university", "Гродненский государственный университет имени Янки "
                 "Купалы", "Yanka Kupala State University of Grodno"),
    Organisation("BY-BR", "enterprise", "Санта Бремор", "Santa Bremor", "LLC"),
    Organisation("BY-BR", "enterprise", "Брестский электроламповый завод",
                 "Brest Electric Lamp Plant", "OJSC"),
    Organisation("BY-MA", "enterprise", "Могилёвлифтмаш", "Mogilevliftmash", "OJSC"),
    Organisation("BY-MA", "enterprise", "Бабушкина крынка", "Babushkina Krynka", "OJSC"),
    Organisation("BY-MA", "enterprise", "Белшина", "Belshina", "OJSC"),
    Organisation("RU-SMO", "enterprise", "Смоленский авиационный завод",
                 "Smolensk Aviation Plant", "JSC"),
    Organisation("RU-SMO", "enterprise", "Агроторг", "Agrotorg", "LLC"),
    Organisation("RU-SMO", "enterprise", "Кристалл", "Kristall", "JSC"),
    Organisation("RU-BRY", "enterprise", "Брянский машиностроительный завод",
                 "Bryansk Machine-Building Plant", "JSC", ru_other=("БМЗ",)),
    Organisation("RU-BRY", "enterprise", "Агроторг", "Agrotorg", "LLC"),
    Organisation("RU-MOW", "enterprise", "Мосгортранс", "Mosgortrans", "UE"),
    Organisation("RU-MOW", "university", "Московский государственный университет имени М. В. "
                 "Ломоносова", "Lomonosov Moscow State University", ru_other=("МГУ",)),
    Organisation("RU-MOW", "enterprise", "Кристалл", "Kristall", "JSC"),
    Organisation("RU-SPE", "enterprise", "Кировский завод", "Kirovsky Zavod", "PJSC"),
    Organisation("RU-SPE", "research", "Физико-технический институт имени А. Ф. Иоффе",
                 "Ioffe Institute"),
    Organisation("RU-TA", "enterprise", "КАМАЗ", "KAMAZ", "PJSC"),
    Organisation("RU-TA", "enterprise", "Нижнекамскнефтехим", "Nizhnekamskneftekhim", "PJSC"),
    Organisation("RU-TA", "university", "Казанский федеральный университет",
                 "Kazan Federal University", ru_other=("КФУ",)),
    Organisation("RU-NIZ", "enterprise", "ГАЗ", "GAZ", "PJSC",
                 ru_other=("Горьковский автомобильный завод",)),
    Organisation("RU-NIZ", "enterprise", "Выксунский металлургический завод",
                 "Vyksa Steel Works", "JSC"),
    Organisation("RU-KLU", "enterprise", "Калужский турбинный завод", "Kaluga Turbine Plant",
                 "JSC"),
    Organisation("RU-KLU", "enterprise", "Агроторг", "Agrotorg", "LLC"),
    Organisation("RU-SVE", "enterprise", "Уралмаш", "Uralmash", "PJSC"),
    Organisation("RU-SVE", "enterprise", "Уральский оптико-механический завод",
                 "Ural Optical and Mechanical Plant", "JSC"),
)  # fmt: skip

# Papers: (kind, sector, Russian titles, English titles); every side words a title its own way.
PAPERS = (
    ("agreement", "industry", ("о торгово-экономическом, научно-техническом и культурном "
     "сотрудничестве", "о сотрудничестве в торгово-экономической, научно-технической и "
     "гуманитарной сферах"), ("on trade, economic, scientific, technical and cultural "
     "cooperation", "on cooperation in trade, science and culture")),
    ("agreement", "education", ("о сотрудничестве в сфере образования", "о взаимодействии "
     "в области высшего образования и науки"), ("on cooperation in education",
     "on cooperation in higher education and research")),
    ("memorandum", "tourism", ("о развитии межрегионального туризма", "о сотрудничестве в "
     "сфере туризма"), ("on interregional tourism", "of understanding on tourism")),
    ("protocol", "agriculture", ("о сотрудничестве в агропромышленном комплексе",
     "о взаимодействии в АПК"), ("on cooperation in agriculture", "on agro-industrial "
     "cooperation")),
    ("roadmap", "machinery", ("по развитию промышленной кооперации в машиностроении",
     "по кооперации в сельхозмашиностроении"), ("for industrial cooperation in machine "
     "building", "on machine-building cooperation")),
    ("programme", "medicine", ("сотрудничества в сфере здравоохранения",
     "взаимодействия в области медицины"), ("of cooperation in healthcare",
     "on cooperation in medicine")),
)  # fmt: skip
# Goods: (sector, Russian names, English names).
GOODS = (
    ("machinery", ("зерноуборочных комбайнов", "комбайнов КЗС"),
     ("combine harvesters", "grain harvesters")),
    ("machinery", ("карьерных самосвалов", "самосвалов"), ("mining dump trucks", "dump trucks")),
    ("machinery", ("тракторов «Беларус»", "тракторной техники"), ("Belarus tractors",
     "tractors")),
    ("machinery", ("запасных частей к тракторам", "запчастей для тракторов"),
     ("tractor spare parts", "spare parts for tractors")),
    ("machinery", ("лифтов", "лифтового оборудования"), ("lifts", "elevator equipment")),
    ("food", ("сухого молока", "молочной продукции"), ("milk powder", "dairy products")),
    ("food", ("сахара", "сахара-песка"), ("sugar", "white sugar")),
    ("chemicals", ("азотных удобрений", "карбамида"), ("nitrogen fertiliser", "urea")),
    ("chemicals", ("шин для грузовых автомобилей", "крупногабаритных шин"),
     ("truck tyres", "large tyres")),
    ("textiles", ("чулочно-носочных изделий", "трикотажа"), ("hosiery", "knitwear")),
    ("energy", ("газовых турбин", "турбинного оборудования"), ("gas turbines",
     "turbine equipment")),
    ("industry", ("листового стекла", "стекла"), ("sheet glass", "flat glass")),
    ("logistics", ("автобусов МАЗ", "городских автобусов"), ("MAZ buses", "city buses")),
)  # fmt: skip
SECTOR_WORDS = {
    "industry": ("Промышленность", "промышленность", "Industry"),
    "education": ("Образование", "образование", "Education"),
    "tourism": ("Туризм", "туризм", "Tourism"),
    "agriculture": ("Сельское хозяйство", "АПК", "Agriculture"),
    "machinery": ("Машиностроение", "машиностроение", "Machine building"),
    "medicine": ("Здравоохранение", "здравоохранение", "Healthcare"),
    "food": ("Пищевая промышленность", "пищевая промышленность", "Food industry"),
    "chemicals": ("Химическая промышленность", "химия", "Chemical industry"),
    "textiles": ("Лёгкая промышленность", "лёгкая промышленность", "Light industry"),
    "energy": ("Энергетика", "энергетика", "Energy"),
    "logistics": ("Транспорт", "транспорт", "Transport"),
}
KIND_WORDS = {
    "agreement": (("Соглашение", "соглашение", "Соглашение о сотрудничестве",
                   "Договор о сотрудничестве"),
                  ("Agreement", "agreement", "Cooperation agreement")),
    "contract": (("Договор", "Контракт", "договор поставки", "Внешнеторговый контракт"),
                 ("Contract", "contract", "Supply contract")),
    "memorandum": (("Меморандум", "меморандум"), ("Memorandum", "MoU")),
    "protocol": (("Протокол", "протокол"), ("Protocol",)),
    "roadmap": (("Дорожная карта", "дорожная карта"), ("Roadmap", "Road map")),
    "programme": (("Программа", "программа"), ("Programme", "Program")),
}  # fmt: skip
MONTHS_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")  # fmt: skip
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip
# Latin letters that look like Cyrillic ones, and back.
LOOKALIKE = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "А": "A",
             "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
             "Т": "T"}  # fmt: skip
FORUM_DAY = {n: date(2013 + n, 6, 20) + timedelta(days=(n * 11) % 20) for n in range(1, 13)}
STATUS_WORDS = (("подписано", "Подписано", "подписан", "действует", ""), ("signed", "Signed", ""))


@dataclass(slots=True)
class Truth:
    """One true agreement."""

    id: int
    kind: str
    sector: str
    signed_on: date
    forum: int | None
    parties: list[Organisation]
    usd: Decimal | None
    titles: tuple[tuple[str, ...], tuple[str, ...]]
    reported_amount: bool = False
    # Whether some row names the sector: one that no row names is in no sector's figures.
    reported_sector: bool = False


@dataclass(slots=True)
class Sheet:
    """One file: its clerk's rows as cells, and which true agreement each row reports."""

    name: str
    reporter: str
    russian: bool
    # Each row: ("data", truth id, cells by field) or a layout row ("title", "blank", …).
    rows: list[tuple[str, int | None, dict[str, object]]] = field(default_factory=list)
    habits: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class World:
    agreements: list[Truth]
    sheets: list[Sheet]
    # (file name, row as the sheet shows it) → true agreement id; filled by `write_sheets`.
    truth: dict[tuple[str, int], int] = field(default_factory=dict)
    # (file name, row) → the row's cells, for showing mistakes.
    cells: dict[tuple[str, int], dict[str, object]] = field(default_factory=dict)


def generate(*, agreements: int, seed: int, convert: Convert, market: Convert) -> World:
    """`agreements` true agreements, reported by the regions' and the secretariat's sheets."""
    rng = random.Random(seed)
    by = [o for o in ORGANISATIONS if o.region.startswith("BY")]
    ru = [o for o in ORGANISATIONS if o.region.startswith("RU")]
    truths: list[Truth] = []
    while len(truths) < agreements:
        truth = _agreement(rng, len(truths) + 1, by, ru)
        truths.append(truth)
        roll = rng.random()
        if roll < 0.12 and len(truths) < agreements:
            truths.append(_twin(rng, truth, len(truths) + 1))
        elif roll < 0.18 and len(truths) < agreements:
            truths.append(_renewal(rng, truth, len(truths) + 1))
    sheets = {code: _sheet(rng, code) for code in REGION_FORMS}
    sheets["SEC"] = _sheet(rng, "")
    for truth in truths:
        by_code = next(o.region for o in truth.parties if o.region.startswith("BY"))
        ru_code = next(o.region for o in truth.parties if o.region.startswith("RU"))
        sides = [(code, p) for code, p in ((by_code, 0.8), (ru_code, 0.75), ("SEC", 0.45))]
        chosen = [code for code, p in sides if rng.random() < p] or [by_code]
        for code in chosen:
            sheet = sheets[code]
            row = _row(rng, truth, sheet, convert, market)
            sheet.rows.append(("data", truth.id, row))
            if rng.random() < 0.025:
                again = dict(row)
                if rng.random() < 0.5 and truth.usd is not None and row.get("amount"):
                    again["amount"] = _reworded_amount(rng, row["amount"])
                sheet.rows.append(("data", truth.id, again))
    for sheet in sheets.values():
        _shuffle_and_lay_out(rng, sheet)
    return World(agreements=truths, sheets=[s for s in sheets.values() if _has_data(s)])


def _has_data(sheet: Sheet) -> bool:
    return any(kind == "data" for kind, _id, _row in sheet.rows)


def _agreement(rng: random.Random, number: int, by: list, ru: list) -> Truth:
    forum = rng.randint(1, 12) if rng.random() < 0.85 else None
    if forum is not None:
        signed_on = FORUM_DAY[forum] + timedelta(days=rng.choice((0, 0, 1)))
    else:
        signed_on = date(2014, 3, 1) + timedelta(days=rng.randint(0, 4300))
    commercial = rng.random() < 0.5
    parties = [rng.choice(by), rng.choice(ru)]
    if rng.random() < 0.1:
        third = rng.choice(by + ru)
        if all(third is not p for p in parties):
            parties.append(third)
    if commercial:
        sector, goods_ru, goods_en = rng.choice(GOODS)
        count = rng.choice((10, 20, 25, 50, 100, 120, 200, 300, 500))
        titles = (
            tuple(f"Поставка {g} ({count} ед.)" for g in goods_ru)
            + tuple(f"Поставка {g}" for g in goods_ru),
            tuple(f"Supply of {g} ({count} units)" for g in goods_en)
            + tuple(f"Supply of {g}" for g in goods_en),
        )
        usd: Decimal | None = Decimal(rng.randint(200, 80_000)) * 1000
        return Truth(number, "contract", sector, signed_on, forum, parties, usd, titles)
    kind, sector, ru_titles, en_titles = rng.choice(PAPERS)
    word_ru = KIND_WORDS[kind][0][0]
    word_en = KIND_WORDS[kind][1][0]
    titles = (
        tuple(f"{word_ru} {t}" for t in ru_titles),
        tuple(f"{word_en} {t}" for t in en_titles),
    )
    usd = Decimal(rng.randint(500, 30_000)) * 1000 if rng.random() < 0.3 else None
    return Truth(number, kind, sector, signed_on, forum, parties, usd, titles)


def _twin(rng: random.Random, truth: Truth, number: int) -> Truth:
    """Another paper of the same parties on the same day, of the same kind, with a similar
    title and, often, an amount within a few per cent."""
    other = Truth(
        number,
        truth.kind,
        truth.sector,
        truth.signed_on,
        truth.forum,
        list(truth.parties),
        truth.usd,
        truth.titles,
    )
    if truth.kind == "contract":
        sector, goods_ru, goods_en = rng.choice([g for g in GOODS if g[0] == truth.sector] or GOODS)
        count = rng.choice((15, 30, 40, 60, 150, 250, 400))
        other.sector = sector
        other.titles = (
            tuple(f"Поставка {g} ({count} ед.)" for g in goods_ru),
            tuple(f"Supply of {g} ({count} units)" for g in goods_en),
        )
    else:
        other.titles = (
            tuple(f"Дополнительное соглашение к {t[0].lower()}{t[1:]}" for t in truth.titles[0]),
            tuple(f"Supplementary agreement to the {t}" for t in truth.titles[1]),
        )
    if truth.usd is not None:
        if rng.random() < 0.5:
            other.usd = (truth.usd * Decimal(rng.uniform(0.9, 1.1))).quantize(Decimal(1000))
        else:
            other.usd = (truth.usd * Decimal(rng.choice(("0.4", "2.2", "3")))).quantize(
                Decimal(1000)
            )
    return other


def _renewal(rng: random.Random, truth: Truth, number: int) -> Truth:
    """The same paper signed again a year later: another agreement, however alike."""
    later = truth.signed_on + timedelta(days=rng.choice((364, 365, 366, 371)))
    forum = truth.forum + 1 if truth.forum is not None and truth.forum < 12 else None
    if forum is not None:
        later = FORUM_DAY[forum]
    usd = None if truth.usd is None else (truth.usd * Decimal("1.05")).quantize(Decimal(1000))
    return Truth(
        number, truth.kind, truth.sector, later, forum, list(truth.parties), usd, truth.titles
    )


def _sheet(rng: random.Random, code: str) -> Sheet:
    """A file and its clerk's habits, drawn once for the whole file."""
    secretariat = not code
    russian = not secretariat
    formats = ("csv-utf8",) if secretariat else ("xlsx", "xlsx", "ods", "csv-cp1251")
    habits: dict[str, object] = {
        "format": rng.choice(formats),
        "title_rows": rng.choice((0, 1, 2, 3)),
        "two_row_header": rng.random() < 0.2,
        "blank_header_column": rng.random() < 0.3,
        "sections": rng.random() < 0.4,
        "totals": rng.random() < 0.6,
        "notes_below": rng.random() < 0.5,
        "blank_rows": rng.random() < 0.5,
        # Where the amount's unit and currency go.
        "amount_style": rng.choice(
            ("columns", "columns", "in_cell", "thousands_header", "millions_usd_header")
        ),
        "date_style": rng.choice(("dotted", "excel", "serial", "words", "mixed"))
        if russian
        else rng.choice(("iso", "us", "words_en")),
        "own_first": rng.random() < 0.8,
        "typo_rate": rng.choice((0.0, 0.03, 0.08)),
        "lookalike_rate": rng.choice((0.0, 0.02, 0.05)),
        "legal_style": rng.choice(("short", "long", "after", "none", "mixed")),
        "city_suffix": rng.random() < 0.3,
        "region_in_party": rng.random() < 0.25,
        "region_style": rng.randrange(4),
        # A column for each country's side ("Белорусская сторона", "Российская сторона").
        "country_headers": russian and rng.random() < 0.25,
    }
    if habits["format"] == "ods" or habits["format"].startswith("csv"):
        habits["two_row_header"] = False
    if habits["format"] == "csv-cp1251" and habits["date_style"] == "excel":
        habits["date_style"] = "dotted"
    if secretariat and habits["amount_style"] == "thousands_header":
        habits["amount_style"] = "columns"
    reporter = {"": ""}.get(code, code)
    name = f"{code.lower() or 'secretariat'}-{rng.randrange(1000, 9999)}"
    return Sheet(name=name, reporter=reporter, russian=russian, habits=habits)


def _row(
    rng: random.Random, truth: Truth, sheet: Sheet, convert: Convert, market: Convert
) -> dict[str, object]:
    habits = sheet.habits
    russian = sheet.russian
    parties = list(truth.parties)
    if len(parties) > 2 and rng.random() < 0.4:
        parties.pop()
    own = [p for p in parties if p.region == sheet.reporter]
    others = [p for p in parties if p.region != sheet.reporter]
    parties = own + others if habits["own_first"] else others + own
    if rng.random() < 0.15:
        parties.reverse()
    if habits["country_headers"]:
        first = next(p for p in parties if p.region.startswith("BY"))
        second = next(p for p in parties if p.region.startswith("RU"))
        parties = [first, second, *(p for p in parties if p is not first and p is not second)]
    kinds = KIND_WORDS[truth.kind][0 if russian else 1]
    row: dict[str, object] = {
        "kind": kinds[0] if rng.random() < 0.6 else rng.choice(kinds),
        "title": _title(rng, truth, russian),
        "signed_on": _date(rng, truth.signed_on, str(habits["date_style"])),
        "forum": _forum(rng, truth.forum, russian),
        "status": rng.choice(STATUS_WORDS[0 if russian else 1]),
        "sector": rng.choice(SECTOR_WORDS[truth.sector]) if rng.random() < 0.7 else "",
    }
    truth.reported_sector = truth.reported_sector or bool(row["sector"])
    for number, organisation in enumerate(parties, start=1):
        name = _organisation_name(rng, organisation, sheet)
        region = _region_text(rng, organisation.region, sheet)
        if habits["region_in_party"] and rng.random() < 0.5:
            name, region = f"{name} ({region})", ""
        row[f"party_{number}"] = name
        row[f"region_{number}"] = region
    row["amount"], row["currency"] = "", ""
    if truth.usd is not None and rng.random() < 0.85:
        truth.reported_amount = True
        row["amount"], row["currency"] = _amount(rng, truth, sheet, convert, market)
    return row


def _title(rng: random.Random, truth: Truth, russian: bool) -> str:
    title = rng.choice(truth.titles[0 if russian else 1])
    if rng.random() < 0.1:
        title = title.upper() if rng.random() < 0.3 else title + "."
    return title


def _date(rng: random.Random, day: date, style: str) -> object:
    if style == "mixed":
        style = rng.choice(("dotted", "words", "slips"))
    if style == "dotted":
        return day.strftime("%d.%m.%Y") if rng.random() < 0.8 else f"{day:%d.%m.%y}г."
    if style == "excel":
        return datetime(day.year, day.month, day.day)
    if style == "serial":
        return (day - date(1899, 12, 30)).days
    if style == "words":
        return f"{day.day} {MONTHS_RU[day.month - 1]} {day.year} г."
    if style == "slips":
        return rng.choice(
            (f"{day:%d.%m.%Y}г", f"{day:%d.%m.%Y} г.", f"«{day:%d}» {MONTHS_RU[day.month - 1]} "
             f"{day.year} г.", f"{day.day}.{day.month}.{day:%y}", f"{day:%d.%m.%Y}.",
             f"{day:%d,%m,%Y}", f"{day:%d.%m.%Y} 0:00:00")
        )  # fmt: skip
    if style == "iso":
        return day.isoformat()
    if style == "us":
        return f"{day.month}/{day.day}/{day.year}"
    return rng.choice((f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}",
                       f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"))  # fmt: skip


def _forum(rng: random.Random, forum: int | None, russian: bool) -> object:
    if forum is None:
        return ""
    from regionforum.forums.numerals import to_roman

    roman = to_roman(forum)
    if russian:
        return rng.choice((f"{roman} Форум регионов Беларуси и России", roman, forum,
                           f"{roman} Форум регионов"))  # fmt: skip
    return rng.choice((f"{roman} Forum of Regions", forum, f"Forum {roman}"))


def _organisation_name(rng: random.Random, organisation: Organisation, sheet: Sheet) -> str:
    habits = sheet.habits
    russian = sheet.russian and (rng.random() < 0.93)
    if russian:
        base = organisation.ru
        if organisation.ru_other and rng.random() < 0.3:
            base = rng.choice(organisation.ru_other)
    else:
        base = organisation.en
        if organisation.en_other and rng.random() < 0.3:
            base = rng.choice(organisation.en_other)
        if rng.random() < 0.15 and sheet.russian:
            base = _romanised(organisation.ru)
    name = base
    if organisation.legal:
        short_ru, long_ru, short_en, long_en, short_lat = LEGAL[organisation.legal]
        style = str(habits["legal_style"])
        if style == "mixed":
            style = rng.choice(("short", "long", "after", "none"))
        quote = rng.choice(("«»", '""', "“”", "  ")) if russian else rng.choice(('""', "  "))
        quoted = f"{quote[0]}{base}{quote[1]}".strip()
        if style == "short":
            name = f"{short_ru if russian else short_en} {quoted}"
        elif style == "long":
            name = f"{long_ru if russian else long_en} {quoted}"
        elif style == "after":
            name = f"{base}, {short_ru if russian else rng.choice((short_en, short_lat))}"
    if habits["city_suffix"] and organisation.kind != "government" and rng.random() < 0.5:
        city = CITIES[organisation.region]
        name = f"{name}, г. {city}" if russian else f"{name}, {_romanised(city)}"
    if rng.random() < float(habits["typo_rate"]):
        name = _typo(rng, name)
    if rng.random() < float(habits["lookalike_rate"]):
        name = "".join(LOOKALIKE.get(char, char) if rng.random() < 0.3 else char for char in name)
    if rng.random() < 0.04:
        name = name.upper()
    return name


_ROMAN = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
          "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
          "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
          "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
          "я": "ya"}  # fmt: skip


def _romanised(text: str) -> str:
    out = []
    for char in text:
        latin = _ROMAN.get(char.lower(), char)
        out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def _typo(rng: random.Random, name: str) -> str:
    letters = [i for i, char in enumerate(name) if char.isalpha() and i > 2]
    if len(letters) < 4:
        return name
    i = rng.choice(letters[:-1])
    action = rng.randrange(3)
    if action == 0:
        return name[:i] + name[i + 1 :]
    if action == 1:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + name[i] + name[i:]


def _region_text(rng: random.Random, code: str, sheet: Sheet) -> str:
    forms = REGION_FORMS[code][0 if sheet.russian else 1]
    style = int(str(sheet.habits["region_style"]))
    return forms[min(style, len(forms) - 1)] if rng.random() < 0.6 else rng.choice(forms)


def _amount(
    rng: random.Random, truth: Truth, sheet: Sheet, convert: Convert, market: Convert
) -> tuple[object, str]:
    assert truth.usd is not None
    habits = sheet.habits
    style = str(habits["amount_style"])
    belarusian = sheet.reporter.startswith("BY")
    own = "USD" if not sheet.reporter else ("BYN" if belarusian else "RUB")
    if own == "BYN" and truth.signed_on < date(2016, 7, 1):
        own = "BYR"
    currency = own
    if style in ("columns", "in_cell") and sheet.reporter and rng.random() < 0.15:
        currency = "USD"
    basis = market if rng.random() < 0.15 else convert
    value = truth.usd if currency == "USD" else basis(truth.usd, currency, truth.signed_on)
    if style == "thousands_header":
        # The header says "тыс. руб.".
        scale = Decimal(1000)
        cell = (value / scale).quantize(Decimal("0.1"))
        text = _spaced(cell, decimals=1) if rng.random() < 0.5 else float(cell)
        return text, ""
    if style == "millions_usd_header":
        usd = truth.usd / Decimal(1_000_000)
        cell = usd.quantize(Decimal("0.01"))
        return (str(cell).replace(".", ",") if sheet.russian else str(cell)), ""
    written = _amount_words(rng, value, currency, sheet)
    if style == "in_cell":
        return written, ""
    return _plain_amount(rng, value, sheet.russian), _currency_word(rng, currency, sheet)


def _spaced(value: Decimal, *, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",")


def _plain_amount(rng: random.Random, value: Decimal, russian: bool) -> object:
    whole = value.quantize(Decimal(1))
    style = rng.randrange(5)
    if style == 0:
        return float(whole)
    if style == 1:
        return f"{whole:,}".replace(",", ".") if russian else f"{whole:,}"
    if style == 2:
        return _spaced(value, decimals=2) if russian else f"{value:,.2f}"
    if style == 3 and whole >= 1_000_000:
        millions = (value / 1_000_000).quantize(Decimal("0.01"))
        return f"{millions}".replace(".", ",") + " млн" if russian else f"{millions} mln"
    return str(whole)


def _amount_words(rng: random.Random, value: Decimal, currency: str, sheet: Sheet) -> str:
    millions = (value / 1_000_000).quantize(Decimal("0.01"))
    if currency == "USD":
        if sheet.russian:
            return rng.choice((f"{str(millions).replace('.', ',')} млн долл. США",
                               f"{_spaced(value, decimals=0)} $", f"${millions}M"))  # fmt: skip
        return rng.choice((f"${millions}M", f"USD {value:,.0f}", f"{millions} mln USD"))
    word = rng.choice(("руб.", "рублей") if currency != "BYR" else ("руб.",))
    if currency in ("BYN", "BYR") and not sheet.reporter.startswith("BY"):
        word = "бел. руб."
    if currency == "RUB" and not sheet.reporter.startswith("RU"):
        word = "рос. руб."
    if millions >= 1 and rng.random() < 0.6:
        return f"{str(millions).replace('.', ',')} млн {word}"
    return f"{_spaced(value, decimals=2)} {word}"


def _currency_word(rng: random.Random, currency: str, sheet: Sheet) -> str:
    if currency == "USD":
        return rng.choice(("USD", "долл. США", "$", "доллар США")) if sheet.russian else "USD"
    if currency == "RUB":
        return rng.choice(("RUB", "руб.", "российский рубль") if sheet.reporter.startswith("RU")
                          else ("RUB", "рос. руб."))  # fmt: skip
    if sheet.reporter.startswith("BY"):
        return rng.choice((currency, "бел. руб.", "руб."))
    return rng.choice((currency, "бел. руб."))


def _reworded_amount(rng: random.Random, amount: object) -> object:
    """The same amount written again another way, as in a second section of the sheet."""
    if isinstance(amount, float):
        return f"{amount:,.0f}".replace(",", " ")
    return amount


def _shuffle_and_lay_out(rng: random.Random, sheet: Sheet) -> None:
    data = [row for row in sheet.rows if row[0] == "data"]
    rng.shuffle(data)
    habits = sheet.habits
    laid: list[tuple[str, int | None, dict[str, object]]] = []
    if habits["sections"]:
        papers = [row for row in data if row[2]["kind"] not in KIND_WORDS["contract"][0]]
        contracts = [row for row in data if row[2]["kind"] in KIND_WORDS["contract"][0]]
        groups = [("1. Соглашения о сотрудничестве", papers), ("2. Контракты", contracts)]
    else:
        groups = [("", data)]
    for heading, rows in groups:
        if heading:
            laid.append(("section", None, {"text": heading}))
        for row in rows:
            laid.append(row)
            if habits["blank_rows"] and rng.random() < 0.05:
                laid.append(("blank", None, {}))
        if heading and habits["totals"]:
            laid.append(("subtotal", None, {"text": "Итого по разделу", "count": len(rows)}))
    if habits["totals"]:
        laid.append(("total", None, {"text": "ИТОГО" if sheet.russian else "TOTAL"}))
    if habits["notes_below"]:
        laid.append(("blank", None, {}))
        laid.append(
            (
                "note",
                None,
                {
                    "text": "Примечание: суммы указаны по данным сторон."
                    if sheet.russian
                    else "Note: amounts as reported."
                },
            )
        )
        if sheet.russian:
            laid.append(("note", None, {"text": "Исполнитель: Петрова А. С., тел. 8 (0232) "
                                        "12-34-56"}))  # fmt: skip
    sheet.rows = laid


# Writing -----------------------------------------------------------------------------------

HEADERS_RU = {
    "ref": ("№", "№ п/п", "Номер"),
    "kind": ("Вид документа", "Вид"),
    "title": ("Наименование", "Наименование документа", "Предмет"),
    "signed_on": ("Дата подписания",),
    "amount": ("Сумма",),
    "currency": ("Валюта",),
    "forum": ("Форум",),
    "status": ("Статус",),
    "sector": ("Отрасль", "Сфера"),
}
HEADERS_EN = {name: (name,) for name in HEADERS_RU} | {"signed_on": ("signed_on", "Signed on")}


def _fields(sheet: Sheet) -> list[str]:
    parties = max(
        (
            int(name.split("_")[1])
            for kind, _id, row in sheet.rows
            if kind == "data"
            for name in row
            if name.startswith("party_")
        ),
        default=2,
    )
    fields = ["ref", "kind", "title", "signed_on"]
    for number in range(1, parties + 1):
        fields += [f"party_{number}", f"region_{number}"]
    fields += ["amount"]
    if sheet.habits["amount_style"] == "columns":
        fields += ["currency"]
    fields += ["sector", "forum", "status"]
    return fields


def _header_text(rng: random.Random, name: str, sheet: Sheet) -> str:
    style = sheet.habits["amount_style"]
    if name == "amount" and style == "thousands_header":
        return rng.choice(("Сумма, тыс. руб.", "Сумма (тыс. руб.)"))
    if name == "amount" and style == "millions_usd_header":
        return (
            rng.choice(("Сумма, млн долл. США", "Сумма (млн USD)"))
            if sheet.russian
            else ("amount (USD mln)")
        )
    sides = {"party_1": ("Белорусская сторона",), "party_2": ("Российская сторона",),
             "region_1": ("Регион белорусской стороны", "Область РБ"),
             "region_2": ("Регион российской стороны", "Субъект РФ")}  # fmt: skip
    if sheet.habits["country_headers"] and name in sides:
        return rng.choice(sides[name])
    if name.startswith("party_"):
        number = name.split("_")[1]
        return f"Сторона {number}" if sheet.russian else f"party_{number}"
    if name.startswith("region_"):
        number = name.split("_")[1]
        return (
            rng.choice((f"Регион стороны {number}", f"Регион {number}"))
            if sheet.russian
            else (f"region_{number}")
        )
    table = HEADERS_RU if sheet.russian else HEADERS_EN
    return rng.choice(table[name])


def _layout_cells(
    kind: str, values: dict[str, object], fields: list[str], sheet: Sheet, totals: Decimal
) -> list[object]:
    cells: list[object] = [""] * len(fields)
    if kind in ("section", "note"):
        cells[0] = values["text"]
    elif kind in ("subtotal", "total"):
        cells[fields.index("title")] = values["text"]
        if sheet.habits["amount_style"] in ("thousands_header", "millions_usd_header"):
            cells[fields.index("amount")] = float(totals)
        if "count" in values:
            cells[0] = values["count"]
    return cells


def write_sheets(world: World, folder: Path, *, seed: int) -> list[tuple[Path, str]]:
    """Write each sheet; returns (path, reporter) in the order the files would arrive."""
    rng = random.Random(seed * 7919)
    written = []
    for sheet in world.sheets:
        fields = _fields(sheet)
        header = [_header_text(rng, name, sheet) for name in fields]
        table: list[list[object]] = []
        for _ in range(int(str(sheet.habits["title_rows"]))):
            table.append([""] * len(fields))
        if table:
            table[0][0] = (
                "Информация о соглашениях, подписанных с регионами-партнёрами"
                if sheet.russian
                else "Agreements signed at the Forum of Regions"
            )
            if len(table) > 1:
                table[1][0] = "по состоянию на 01.12.2026"
        header_rows = [header]
        if sheet.habits["two_row_header"]:
            header_rows = _two_row_header(header, fields)
        table.extend(header_rows)
        if sheet.habits["blank_header_column"]:
            for cells in table:
                cells.append("")
        running = Decimal(0)
        ref = 0
        for kind, truth_id, values in sheet.rows:
            if kind == "data":
                ref += 1
                cells = [values.get(name, "") for name in fields]
                cells[0] = ref if sheet.russian else f"S-{ref}"
                amount = values.get("amount")
                if isinstance(amount, float):
                    running += Decimal(str(amount))
                if sheet.habits["blank_header_column"]:
                    cells.append("см. письмо" if rng.random() < 0.2 else "")
                number = len(table) + 1
                assert truth_id is not None
                world.truth[(_file_name(sheet), number)] = truth_id
                world.cells[(_file_name(sheet), number)] = values
                table.append(cells)
            elif kind == "blank":
                table.append([""] * len(fields))
            else:
                table.append(_layout_cells(kind, values, fields, sheet, running))
        path = folder / _file_name(sheet)
        _write(path, table, sheet, header_rows)
        written.append((path, sheet.reporter))
    rng.shuffle(written)
    return written


def _two_row_header(header: list[str], fields: list[str]) -> list[list[str]]:
    """ "Сторона 1" over "Организация" and "Регион", the other headers merged down."""
    top, bottom = [], []
    for text, name in zip(header, fields, strict=True):
        if name.startswith("party_"):
            top.append(f"Сторона {name.split('_')[1]}")
            bottom.append("Организация")
        elif name.startswith("region_"):
            top.append("")
            bottom.append("Регион")
        else:
            top.append(text)
            bottom.append("")
    return [top, bottom]


def _file_name(sheet: Sheet) -> str:
    extension = {"xlsx": "xlsx", "ods": "ods", "csv-cp1251": "csv", "csv-utf8": "csv"}
    return f"{sheet.name}.{extension[str(sheet.habits['format'])]}"


def _write(path: Path, table: list[list[object]], sheet: Sheet, header_rows: list) -> None:
    form = sheet.habits["format"]
    if form == "xlsx":
        _write_xlsx(path, table, header_rows)
    elif form == "ods":
        from tests.registry.sheets import write_ods

        write_ods(path, table[0], table[1:])
    else:
        encoding = "cp1251" if form == "csv-cp1251" else "utf-8-sig"
        delimiter = ";" if form == "csv-cp1251" else ","
        with path.open("w", encoding=encoding, newline="", errors="replace") as out:
            writer = csv.writer(out, delimiter=delimiter)
            writer.writerows([_csv_cell(cell) for cell in cells] for cells in table)


def _csv_cell(cell: object) -> object:
    if isinstance(cell, datetime):
        return cell.strftime("%d.%m.%Y")
    if isinstance(cell, float):
        # Excel saves a number as the sheet shows it, with a decimal comma in a Russian locale.
        return (f"{cell:.2f}".rstrip("0").rstrip(".")).replace(".", ",")
    return cell


def _write_xlsx(path: Path, table: list[list[object]], header_rows: list) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Соглашения"
    for cells in table:
        sheet.append([None if cell == "" else cell for cell in cells])
    if len(header_rows) == 2:
        top_row = next(
            number for number, cells in enumerate(table, start=1) if cells is header_rows[0]
        )
        for column, text in enumerate(header_rows[0], start=1):
            if text and header_rows[1][column - 1] == "":
                sheet.merge_cells(
                    start_row=top_row, start_column=column, end_row=top_row + 1, end_column=column
                )
            elif text.startswith("Сторона"):
                sheet.merge_cells(
                    start_row=top_row,
                    start_column=column,
                    end_row=top_row,
                    end_column=column + 1,
                )
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "DD.MM.YYYY"
    workbook.save(path)


# Measuring ---------------------------------------------------------------------------------


def true_figures(world: World, keep: Callable[[Truth], bool]) -> tuple[int, Decimal]:
    """The true agreement count and USD total of the agreements `keep` selects that some row
    reports (an amount no side gave cannot be in any total)."""
    reported = set(world.truth.values())
    chosen = [t for t in world.agreements if t.id in reported and keep(t)]
    total = sum((t.usd for t in chosen if t.usd is not None and t.reported_amount), Decimal(0))
    return len(chosen), total
