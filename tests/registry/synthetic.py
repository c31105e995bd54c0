"""A generator of realistic three-sided forum reports, with the truth behind them.

Each agreement of a made-up forum history is reported by the Belarusian side (XLSX, Russian
headers, amounts in BYN, or BYR before July 2016), the Russian side (cp1251 CSV with ";",
amounts in roubles) and the secretariat (English CSV, USD), each with its own habits: names in
Russian, English or transliterated, parties in any order, regions as names or codes, different
date and amount spellings, missing amounts, the odd typo, and pairs of deals between the same
parties on the same day. The truth says which rows are one agreement, for measuring the
reconciliation's precision and recall.

The noise is set harder than the sheets seen so far, since real sheets were harder than the
first version of this generator: paraphrased titles (each side words a paper its own way, and
names goods the glossary does not know), a third party that one side leaves out, legal forms
spelt out, names in capitals, amounts missing on one side or given in another side's currency,
some amounts computed at the day's market rate instead of the table in force, and hard
negatives: same parties, same day, other goods at nearly the same price.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

BY_REGIONS = {
    "BY-BR": ("Брестская область", "Brest Oblast", "Брест", "Brest"),
    "BY-HO": ("Гомельская область", "Gomel Oblast", "Гомель", "Gomel"),
    "BY-HR": ("Гродненская область", "Grodno Oblast", "Гродно", "Grodno"),
    "BY-MA": ("Могилёвская область", "Mogilev Oblast", "Могилёв", "Mogilev"),
    "BY-MI": ("Минская область", "Minsk Oblast", "Минск", "Minsk"),
    "BY-VI": ("Витебская область", "Vitebsk Oblast", "Витебск", "Vitebsk"),
    "BY-HM": ("г. Минск", "Minsk City", "Минск", "Minsk"),
}
RU_REGIONS = {
    "RU-SMO": ("Смоленская область", "Smolensk Oblast", "Смоленск", "Smolensk"),
    "RU-BRY": ("Брянская область", "Bryansk Oblast", "Брянск", "Bryansk"),
    "RU-PSK": ("Псковская область", "Pskov Oblast", "Псков", "Pskov"),
    "RU-MOW": ("Москва", "Moscow", "Москва", "Moscow"),
    "RU-SPE": ("Санкт-Петербург", "Saint Petersburg", "Санкт-Петербург", "Saint Petersburg"),
    "RU-KLU": ("Калужская область", "Kaluga Oblast", "Калуга", "Kaluga"),
    "RU-TUL": ("Тульская область", "Tula Oblast", "Тула", "Tula"),
    "RU-NIZ": ("Нижегородская область", "Nizhny Novgorod Oblast", "Нижний Новгород",
               "Nizhny Novgorod"),
    "RU-TA": ("Республика Татарстан", "Tatarstan", "Казань", "Kazan"),
    "RU-SVE": ("Свердловская область", "Sverdlovsk Oblast", "Екатеринбург", "Yekaterinburg"),
    "RU-SAK": ("Сахалинская область", "Sakhalin Oblast", "Южно-Сахалинск", "Yuzhno-Sakhalinsk"),
    "RU-YAR": ("Ярославская область", "Yaroslavl Oblast", "Ярославль", "Yaroslavl"),
    "RU-VOR": ("Воронежская область", "Voronezh Oblast", "Воронеж", "Voronezh"),
    "RU-ROS": ("Ростовская область", "Rostov Oblast", "Ростов-на-Дону", "Rostov-on-Don"),
    "RU-KDA": ("Краснодарский край", "Krasnodar Krai", "Краснодар", "Krasnodar"),
    "RU-NVS": ("Новосибирская область", "Novosibirsk Oblast", "Новосибирск", "Novosibirsk"),
}  # fmt: skip
_SYLLABLES = ("ма", "ло", "ри", "ка", "ве", "то", "ни", "са", "ду", "бе", "гор", "лес",
              "стан", "мет", "про", "агро", "тех", "маш", "хим", "лит", "пром", "строй",
              "торг")  # fmt: skip
_LATIN = str.maketrans({"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "и": "i",
                        "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
                        "с": "s", "т": "t", "у": "u", "х": "kh", "ш": "sh", "ч": "ch",
                        "й": "y"})  # fmt: skip
_LEGAL = (
    ("ОАО", "OJSC", "Открытое акционерное общество", "Open Joint-Stock Company"),
    ("ООО", "LLC", "Общество с ограниченной ответственностью", "Limited Liability Company"),
    ("АО", "JSC", "Акционерное общество", "Joint-Stock Company"),
    ("ЗАО", "CJSC", "Закрытое акционерное общество", "Closed Joint-Stock Company"),
)
# Each subject as the sides word it: several Russian and several English forms.
_SUBJECTS = (
    (("торгово-экономическом сотрудничестве", "сотрудничестве в торгово-экономической сфере",
      "развитии торгово-экономических связей"),
     ("trade and economic cooperation", "cooperation in trade and economy",
      "development of trade and economic ties")),
    (("сотрудничестве в области образования", "сотрудничестве в сфере образования",
      "взаимодействии в образовательной сфере"),
     ("cooperation in education", "educational cooperation",
      "cooperation in the field of education")),
    (("сотрудничестве в сфере туризма", "развитии туризма", "сотрудничестве в области туризма"),
     ("cooperation in tourism", "tourism development", "tourism cooperation")),
    (("научно-техническом сотрудничестве", "сотрудничестве в области науки и техники"),
     ("scientific and technical cooperation", "cooperation in science and technology")),
    (("сотрудничестве в области здравоохранения", "взаимодействии в сфере здравоохранения"),
     ("cooperation in healthcare", "healthcare cooperation", "cooperation in public health")),
    (("развитии промышленной кооперации", "промышленной кооперации", "кооперации в промышленности"),
     ("development of industrial cooperation", "industrial cooperation",
      "cooperation in industry")),
    (("сотрудничестве в агропромышленном комплексе", "сотрудничестве в сельском хозяйстве"),
     ("cooperation in agriculture", "agricultural cooperation",
      "cooperation in the agro-industrial sector")),
    (("культурном обмене", "сотрудничестве в области культуры", "культурном сотрудничестве"),
     ("cultural exchange", "cultural cooperation", "cooperation in culture")),
    (("подготовке кадров", "сотрудничестве в подготовке специалистов"),
     ("training of specialists", "personnel training")),
    (("создании совместного предприятия", "учреждении совместного производства"),
     ("establishing a joint venture", "setting up a joint production")),
)  # fmt: skip
# Goods as the sides name them; some are not in the linkage glossary, as in real sheets.
_GOODS = (
    (("тракторов", "тракторной техники"), ("tractors", "tractor machinery")),
    (("комбайнов", "зерноуборочных комбайнов"), ("combine harvesters", "harvesters")),
    (("автобусов", "пассажирских автобусов"), ("buses", "passenger buses")),
    (("лифтов", "лифтового оборудования"), ("elevators", "lifts")),
    (("станков", "металлорежущих станков"), ("machine tools", "metal-cutting machines")),
    (("молочной продукции", "сухого молока"), ("dairy products", "milk powder")),
    (("удобрений", "калийных удобрений"), ("fertilisers", "potash fertiliser")),
    (("грузовых автомобилей", "самосвалов"), ("trucks", "dump trucks")),
    (("полимерной плёнки", "упаковочной плёнки"), ("polymer film", "packaging film")),
    (("льняной ткани", "льняного полотна"), ("linen fabric", "linen cloth")),
    (("семенного картофеля", "картофеля"), ("seed potatoes", "potatoes")),
    (("кабельной продукции", "силового кабеля"), ("cable products", "power cable")),
    (("листового стекла", "стекла"), ("sheet glass", "glass")),
    (("мебели", "корпусной мебели"), ("furniture", "cabinet furniture")),
    (("пиломатериалов", "обрезной доски"), ("sawn timber", "edged boards")),
    (("подшипников", "шариковых подшипников"), ("bearings", "ball bearings")),
)  # fmt: skip
_KINDS_RU = {
    "agreement": "Соглашение",
    "memorandum": "Меморандум",
    "protocol": "Протокол",
    "roadmap": "Дорожная карта",
    "programme": "Программа",
    "contract": "Договор",
}
_MONTHS_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря")  # fmt: skip
FORUM_DAYS = {
    n: date(2013 + n, 6, 28) + timedelta(days=(n * 37) % 60) for n in range(1, 13)
}  # fmt: skip

Convert = Callable[[Decimal, str, date], Decimal]


@dataclass(slots=True)
class Organisation:
    region: str
    ru: str
    en: str
    translit: str
    # The name with its legal form spelt out, where it has one.
    ru_long: str = ""
    en_long: str = ""


@dataclass(slots=True)
class TrueAgreement:
    id: int
    kind: str
    title_ru: str
    title_en: str
    signed_on: date
    forum: int | None
    parties: list[Organisation]
    usd: Decimal | None
    # What the sides may call it: (Russian forms, English forms) and, for goods, the count.
    subject: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    count: int | None = None


@dataclass(slots=True)
class Reports:
    agreements: list[TrueAgreement]
    by_rows: list[dict[str, object]] = field(default_factory=list)
    ru_rows: list[dict[str, object]] = field(default_factory=list)
    secretariat_rows: list[dict[str, object]] = field(default_factory=list)
    # (file key, data row index from 0) → true agreement id
    truth: dict[tuple[str, int], int] = field(default_factory=dict)


def _brand(rng: random.Random) -> str:
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return word.capitalize()


def _genitive(region: str) -> str:
    for ending, replacement in (("ая область", "ой области"), ("ий край", "ого края"),
                                ("Республика", "Республики"), ("Москва", "Москвы")):  # fmt: skip
        if ending in region:
            return region.replace(ending, replacement)
    return region


def _organisations(rng: random.Random, per_region: int) -> dict[str, list[Organisation]]:
    pool: dict[str, list[Organisation]] = {}
    for code, (region_ru, region_en, city_ru, city_en) in {**BY_REGIONS, **RU_REGIONS}.items():
        belarusian = code.startswith("BY")
        if belarusian and code != "BY-HM":
            stem = region_ru.split()[0][:-2]
            government = Organisation(
                code, f"{stem}ий облисполком", f"{region_en} Executive Committee", ""
            )
            government.translit = government.en
        elif belarusian:
            government = Organisation(
                code, "Минский горисполком", "Minsk City Executive Committee", ""
            )
            government.translit = government.en
        else:
            government = Organisation(
                code, f"Правительство {_genitive(region_ru)}", f"Government of {region_en}", ""
            )
            government.translit = f"Pravitelstvo {region_en}"
        university = Organisation(
            code,
            f"{city_ru} государственный университет",
            f"{city_en} State University",
            f"{city_en} gosudarstvennyy universitet",
        )
        organisations = [government, university]
        for _ in range(per_region):
            brand = _brand(rng)
            legal_ru, legal_en, long_ru, long_en = rng.choice(_LEGAL)
            latin = brand.lower().translate(_LATIN).capitalize()
            organisations.append(
                Organisation(
                    code,
                    f"{legal_ru} «{brand}»",
                    f"{legal_en} {latin}",
                    f"{latin} {legal_en}",
                    f"{long_ru} «{brand}»",
                    f'{long_en} "{latin}"',
                )
            )
        pool[code] = organisations
    return pool


def generate(
    *,
    agreements: int,
    seed: int = 1,
    convert: Convert,
    per_region: int = 12,
    market: Convert | None = None,
) -> Reports:
    """`agreements` true agreements and the three reports of them.

    A side converts its amounts from the true USD value with `convert` (the table the import
    will use) or, for some rows, with `market` (the day's market rate, as an office that does
    not use the secretariat's table would).
    """
    rng = random.Random(seed)
    pool = _organisations(rng, per_region)
    by_codes, ru_codes = list(BY_REGIONS), list(RU_REGIONS)
    truths: list[TrueAgreement] = []
    while len(truths) < agreements:
        number = len(truths) + 1
        forum = rng.randint(1, 12) if rng.random() < 0.8 else None
        if forum is not None:
            signed_on = FORUM_DAYS[forum] + timedelta(days=rng.randint(0, 1))
        else:
            signed_on = date(2014, 1, 1) + timedelta(days=rng.randint(0, 4000))
        kind = rng.choices(list(_KINDS_RU), weights=(30, 10, 5, 3, 3, 49))[0]
        parties = [rng.choice(pool[rng.choice(by_codes)]), rng.choice(pool[rng.choice(ru_codes)])]
        if rng.random() < 0.12:
            third = rng.choice(pool[rng.choice(by_codes + ru_codes)])
            if third not in parties:
                parties.append(third)
        truth = _subject(rng, number, kind, signed_on, forum, parties)
        truths.append(truth)
        # Same parties, same day, another deal: forums are full of them. Most differ in amount;
        # some are the hardest case, other goods at nearly the same price.
        if rng.random() < 0.1 and len(truths) < agreements:
            other = _subject(rng, len(truths) + 1, kind, signed_on, forum, list(parties))
            while other.subject == truth.subject:
                other = _subject(rng, len(truths) + 1, kind, signed_on, forum, list(parties))
            if truth.usd is not None and other.usd is not None:
                if rng.random() < 0.3:
                    other.usd = (truth.usd * Decimal(rng.uniform(0.93, 1.07))).quantize(
                        Decimal(1000)
                    )
                elif abs(other.usd - truth.usd) / max(truth.usd, other.usd) < Decimal("0.2"):
                    other.usd = truth.usd * Decimal("2.5")
            truths.append(other)
    reports = Reports(agreements=truths)
    for truth in truths:
        sides = [side for side, p in (("by", 0.8), ("ru", 0.75), ("sec", 0.5)) if rng.random() < p]
        if not sides:
            sides = [rng.choice(("by", "ru", "sec"))]
        for side in sides:
            row = _report(rng, truth, side, convert, market or convert)
            rows = {"by": reports.by_rows, "ru": reports.ru_rows, "sec": reports.secretariat_rows}[
                side
            ]
            reports.truth[(side, len(rows))] = truth.id
            rows.append(row)
            if rng.random() < 0.01:
                reports.truth[(side, len(rows))] = truth.id
                rows.append(dict(row))
    for side, rows in (
        ("by", reports.by_rows),
        ("ru", reports.ru_rows),
        ("sec", reports.secretariat_rows),
    ):
        order = list(range(len(rows)))
        rng.shuffle(order)
        shuffled = [rows[i] for i in order]
        truth = {(side, new): reports.truth[(side, old)] for new, old in enumerate(order)}
        rows[:] = shuffled
        for key in [key for key in reports.truth if key[0] == side]:
            del reports.truth[key]
        reports.truth.update(truth)
    return reports


def _subject(
    rng: random.Random,
    number: int,
    kind: str,
    signed_on: date,
    forum: int | None,
    parties: list[Organisation],
) -> TrueAgreement:
    if kind == "contract":
        goods = rng.choice(_GOODS)
        count = rng.choice((5, 10, 12, 20, 25, 50, 100, 150, 200, 500, 1000))
        usd: Decimal | None = Decimal(rng.randint(50, 50_000)) * 1000
        title_ru, title_en = _contract_title(goods[0][0], goods[1][0], count, 0, 0)
        return TrueAgreement(
            number, kind, title_ru, title_en, signed_on, forum, parties, usd, goods, count
        )
    subject = rng.choice(_SUBJECTS)
    usd = Decimal(rng.randint(100, 20_000)) * 1000 if rng.random() < 0.3 else None
    title_ru, title_en = _paper_title(kind, subject[0][0], subject[1][0], 0, 0)
    return TrueAgreement(number, kind, title_ru, title_en, signed_on, forum, parties, usd, subject)


_PAPER_WORDS = {
    "agreement": ("Соглашение", "Agreement"),
    "memorandum": ("Меморандум", "Memorandum"),
    "protocol": ("Протокол", "Protocol"),
    "roadmap": ("Дорожная карта", "Roadmap"),
    "programme": ("Программа", "Programme"),
}


def _paper_title(kind: str, subject_ru: str, subject_en: str, style_ru: int, style_en: int):
    word_ru, word_en = _PAPER_WORDS[kind]
    ru = (
        f"{word_ru} о {subject_ru}",
        f"{word_ru} между сторонами о {subject_ru}",
        f"{word_ru} о {subject_ru} на 2024–2026 годы",
    )[style_ru]
    en = (
        f"{word_en} on {subject_en}",
        f"{subject_en[0].upper()}{subject_en[1:]} {word_en.lower()}",
        f"{word_en} between the parties on {subject_en}",
    )[style_en]
    return ru, en


def _contract_title(goods_ru: str, goods_en: str, count: int | None, style_ru: int, style_en: int):
    if count is None:
        return f"Поставка {goods_ru}", f"Supply of {goods_en}"
    ru = (
        f"Поставка {goods_ru} ({count} ед.)",
        f"Договор поставки {goods_ru}, {count} шт.",
        f"Контракт на поставку {goods_ru} в количестве {count} единиц",
    )[style_ru]
    en = (
        f"Supply of {goods_en} ({count} units)",
        f"Delivery of {goods_en}, {count} pcs",
        f"{goods_en[0].upper()}{goods_en[1:]} supply contract ({count} units)",
    )[style_en]
    return ru, en


def _title(rng: random.Random, truth: TrueAgreement, russian: bool) -> str:
    """The title as one side words it: another phrasing, another name for the goods, and
    sometimes no count."""
    forms_ru, forms_en = truth.subject
    forms = forms_ru if russian else forms_en
    subject = forms[0] if rng.random() < 0.5 else rng.choice(forms)
    style = rng.randrange(3) if rng.random() < 0.5 else 0
    if truth.kind == "contract":
        count = truth.count if rng.random() > 0.15 else None
        ru, en = _contract_title(subject, subject, count, style, style)
    else:
        ru, en = _paper_title(truth.kind, subject, subject, style, style)
    return ru if russian else en


def _amount_text(rng: random.Random, value: Decimal, russian: bool) -> str:
    style = rng.random()
    if value >= 1_000_000 and style < 0.4:
        millions = (value / 1_000_000).quantize(Decimal("0.01"))
        text = f"{millions}".rstrip("0").rstrip(".")
        return (text.replace(".", ",") + " млн") if russian else (text + " mln")
    whole = value.quantize(Decimal("0.01"))
    if russian:
        return f"{whole:,.2f}".replace(",", " ").replace(".", ",")
    return f"{whole:,.2f}"


def _date_text(rng: random.Random, day: date, russian: bool) -> object:
    style = rng.random()
    if not russian:
        return day.isoformat()
    if style < 0.5:
        return day.strftime("%d.%m.%Y")
    if style < 0.7:
        return f"{day.day} {_MONTHS_RU[day.month - 1]} {day.year}"
    if style < 0.85:
        return f"{day.day}.{day.month}.{day.strftime('%y')}"
    return day


def _name(rng: random.Random, organisation: Organisation, side: str) -> str:
    if side == "sec":
        name = organisation.en if rng.random() < 0.75 else organisation.translit
        if organisation.en_long and rng.random() < 0.15:
            name = organisation.en_long
    elif side == "by":
        name = organisation.ru
        if organisation.ru_long and rng.random() < 0.2:
            name = organisation.ru_long
    else:
        name = organisation.ru if rng.random() < 0.85 else organisation.translit
        if organisation.ru_long and rng.random() < 0.15:
            name = organisation.ru_long
    if rng.random() < 0.05:
        name = name.upper()
    if rng.random() < 0.05 and len(name) > 6:
        position = rng.randrange(2, len(name) - 2)
        name = name[:position] + name[position + 1 :]
    return name


def _region(rng: random.Random, code: str, side: str) -> str:
    names = {**BY_REGIONS, **RU_REGIONS}[code]
    style = rng.random()
    if side == "sec":
        return names[1] if style < 0.8 else code
    return names[0] if style < 0.85 else code


def _report(
    rng: random.Random, truth: TrueAgreement, side: str, convert: Convert, market: Convert
) -> dict[str, object]:
    parties = list(truth.parties)
    # A third party is often left out by one side.
    if len(parties) > 2 and rng.random() < 0.4:
        parties.pop()
    if side == "ru" or rng.random() < 0.3:
        parties.reverse()
    elif rng.random() < 0.3:
        rng.shuffle(parties)
    russian = side != "sec"
    kind = truth.kind
    # A side may call a memorandum an agreement, and the other way round.
    if kind in ("agreement", "memorandum") and rng.random() < 0.1:
        kind = "memorandum" if kind == "agreement" else "agreement"
    row: dict[str, object] = {
        "kind": (_KINDS_RU[kind] if russian else kind)
        if kind != "contract" or side != "ru"
        else "Контракт",
        "title": _title(rng, truth, russian),
        "signed_on": _date_text(rng, truth.signed_on, russian),
        "forum": _forum_text(rng, truth.forum, russian),
        "status": "подписано" if russian else "signed",
        "sector": "",
    }
    for number, organisation in enumerate(parties, start=1):
        row[f"party_{number}"] = _name(rng, organisation, side)
        row[f"region_{number}"] = _region(rng, organisation.region, side)
    row["amount"], row["currency"] = "", ""
    if truth.usd is not None and rng.random() > 0.2:
        basis = market if rng.random() < 0.2 else convert
        currency = {
            "sec": "USD",
            "by": "BYR" if truth.signed_on < date(2016, 7, 1) else "BYN",
            "ru": "RUB",
        }[side]
        # A side sometimes reports in the other side's currency, or in dollars.
        if side != "sec" and rng.random() < 0.15:
            currency = rng.choice(("USD", "RUB" if side == "by" else "BYN"))
            if currency == "BYN" and truth.signed_on < date(2016, 7, 1):
                currency = "BYR"
        value = truth.usd if currency == "USD" else basis(truth.usd, currency, truth.signed_on)
        if rng.random() < 0.25:
            value = _rounded(value)
        row["amount"] = _amount_text(rng, value, russian)
        row["currency"] = _currency_text(rng, currency, side)
    return row


def _rounded(value: Decimal) -> Decimal:
    """The amount as a press release gives it: two significant digits."""
    digits = len(str(int(value))) - 2
    step = Decimal(10) ** max(digits, 0)
    return (value / step).quantize(Decimal(1)) * step


def _currency_text(rng: random.Random, currency: str, side: str) -> str:
    if currency == "USD":
        return rng.choice(("USD", "долл. США", "$")) if side != "sec" else "USD"
    if currency == "RUB":
        return rng.choice(("RUB", "рос. руб.") + (("руб.",) if side == "ru" else ()))
    return rng.choice((currency, "бел. руб.") + (("руб.",) if side == "by" else ()))


def _forum_text(rng: random.Random, forum: int | None, russian: bool) -> object:
    if forum is None:
        return ""
    from regionforum.forums.numerals import to_roman

    style = rng.random()
    if russian:
        return (
            f"{to_roman(forum)} Форум регионов"
            if style < 0.5
            else (to_roman(forum) if style < 0.8 else forum)
        )
    return f"{forum}th Forum" if style < 0.5 else forum


RU_HEADERS = {
    "ref": "№", "kind": "Вид документа", "title": "Наименование", "signed_on": "Дата подписания",
    "amount": "Сумма", "currency": "Валюта", "forum": "Форум", "status": "Статус",
    "sector": "Отрасль",
}  # fmt: skip


def _header(rows: list[dict[str, object]], russian: bool) -> list[str]:
    parties = max(
        (int(key.split("_")[1]) for row in rows for key in row if key.startswith("party_")),
        default=2,
    )
    fields = ["ref", "kind", "title", "signed_on"]
    for number in range(1, parties + 1):
        fields += [f"party_{number}", f"region_{number}"]
    fields += ["amount", "currency", "forum", "status", "sector"]
    if not russian:
        return fields
    names = []
    for name in fields:
        if name.startswith("party_"):
            names.append(f"Сторона {name.split('_')[1]}")
        elif name.startswith("region_"):
            names.append(f"Регион стороны {name.split('_')[1]}")
        else:
            names.append(RU_HEADERS[name])
    return names


def _cells(
    rows: list[dict[str, object]], prefix: str, russian: bool
) -> tuple[list[str], list[list[object]]]:
    header = _header(rows, russian)
    fields = _header(rows, False)
    table = []
    for index, row in enumerate(rows):
        values = {**row, "ref": f"{prefix}-{index + 1}"}
        table.append([values.get(name, "") for name in fields])
    return header, table


def write_reports(reports: Reports, folder: Path) -> dict[str, Path]:
    """The three files: by.xlsx, ru.csv (cp1251, ";") and secretariat.csv (UTF-8)."""
    from openpyxl import Workbook

    paths = {"by": folder / "by.xlsx", "ru": folder / "ru.csv", "sec": folder / "secretariat.csv"}
    header, table = _cells(reports.by_rows, "BY", True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Соглашения")
    sheet.append(header)
    for cells in table:
        sheet.append(cells)
    workbook.save(paths["by"])
    header, table = _cells(reports.ru_rows, "RU", True)
    with paths["ru"].open("w", encoding="cp1251", newline="", errors="replace") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header)
        writer.writerows([_plain(cell) for cell in cells] for cells in table)
    header, table = _cells(reports.secretariat_rows, "S", False)
    with paths["sec"].open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([_plain(cell) for cell in cells] for cells in table)
    return paths


def _plain(cell: object) -> object:
    return cell.strftime("%d.%m.%Y") if isinstance(cell, date) else cell


def pairwise_quality(
    truth: dict[tuple[str, int], int], found: dict[tuple[str, int], int]
) -> tuple[float, float]:
    """Precision and recall of "these two rows are one agreement" over all pairs of rows."""

    def pairs(groups: dict[tuple[str, int], int]) -> set[frozenset[tuple[str, int]]]:
        members: dict[int, list[tuple[str, int]]] = {}
        for row, group in groups.items():
            members.setdefault(group, []).append(row)
        result = set()
        for rows in members.values():
            for i, a in enumerate(rows):
                for b in rows[i + 1 :]:
                    result.add(frozenset((a, b)))
        return result

    true_pairs, found_pairs = pairs(truth), pairs(found)
    hits = len(true_pairs & found_pairs)
    precision = hits / len(found_pairs) if found_pairs else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    return precision, recall
