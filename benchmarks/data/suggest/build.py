"""Builds a labelled set of synthetic participant profiles from a phrase bank (see README.md).

    python benchmarks/data/suggest/build.py main 330 13 > benchmarks/data/suggest/main.json
    python benchmarks/data/suggest/build.py heldout 120 29 > benchmarks/data/suggest/heldout.json

`profiles(bank, count, seed)` is also what the speed benchmark uses to make a forum of 2,000.
"""

from __future__ import annotations

import importlib
import json
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent

SEEK_PREFIX = {
    "ru": ["Ищем: ", "Нужны: ", "Интересуют: ", "Потребность: ", "Ищем поставщиков: ", ""],
    "en": ["Looking for ", "We need ", "Interested in ", "Seeking suppliers of ", "Sourcing: ", ""],
}
OFFER_PREFIX = {
    "ru": ["Предлагаем: ", "Производим: ", "Выпускаем: ", "Поставляем: ", ""],
    "en": ["We offer ", "We produce ", "Supply of ", "Manufacturer of ", ""],
}
QUALIFIER = {
    "ru": [" для экспорта", " на долгосрочной основе", " по конкурентным ценам", " от 20 т в месяц",
           " в Смоленской области", " с доставкой", " (по ГОСТ)"],
    "en": [" for export", " on a long-term basis", " at competitive prices", " 20 t per month",
           " in the Volga region", " with delivery", " (EU standards)"],
}  # fmt: skip
FIRST = {
    "ru": ["Иван", "Ольга", "Сергей", "Наталья", "Андрей", "Елена", "Дмитрий", "Татьяна", "Павел",
           "Ирина", "Алексей", "Марина", "Виктор", "Светлана"],
    "en": ["Ivan", "Olga", "Sergei", "Natalia", "Andrei", "Elena", "Dmitry", "Tatiana", "Pavel",
           "Irina", "Alexei", "Marina", "Viktor", "Svetlana"],
}  # fmt: skip
LAST = {
    "ru": ["Ковалёв", "Смирнов", "Новик", "Кузнецов", "Жук", "Попов", "Лукашевич", "Орлов",
           "Климович", "Соколов", "Мельник", "Васильев"],
    "en": ["Kovalev", "Smirnov", "Novik", "Kuznetsov", "Zhuk", "Popov", "Lukashevich", "Orlov",
           "Klimovich", "Sokolov", "Melnik", "Vasiliev"],
}  # fmt: skip


def _typo(rng: random.Random, text: str) -> str:
    """One slip in one long word: a letter dropped, doubled or swapped with the next."""
    words = text.split()
    long = [i for i, word in enumerate(words) if len(word) >= 7 and word.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    word = words[i]
    at = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        word = word[:at] + word[at + 1 :]
    elif kind == "double":
        word = word[:at] + word[at] + word[at:]
    else:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    words[i] = word
    return " ".join(words)


def _wording(bank: ModuleType, intent: str, side: str, lang: str, rng: random.Random) -> str:
    entry = bank.INTENTS[intent]
    choices = entry.get(f"{side}_{lang}") or entry[lang]
    text = rng.choice(choices)
    if rng.random() < 0.07:
        text = _typo(rng, text)
    if rng.random() < 0.2:
        text += rng.choice(QUALIFIER[lang])
    return text


def _field(bank, intents, side, lang, mixed, rng) -> str:
    if not intents:
        return ""
    other = "en" if lang == "ru" else "ru"
    foreign = rng.randrange(len(intents)) if mixed else -1
    items = [
        _wording(bank, intent, side, other if i == foreign else lang, rng)
        for i, intent in enumerate(intents)
    ]
    prefix = rng.choice((SEEK_PREFIX if side == "seek" else OFFER_PREFIX)[lang])
    return prefix + rng.choice(("; ", ", ", "\n")).join(items)


def _count(rng: random.Random, pool: list[str]) -> int:
    return min(len(pool), rng.choices((1, 2, 3), weights=(45, 40, 15))[0])


def profiles(bank: ModuleType, count: int, seed: int) -> list[dict[str, Any]]:
    """`count` profiles, about half Russian and half English, a tenth of them mixed."""
    rng = random.Random(seed)
    regions: dict[str, str] = {}
    result = []
    for n in range(count):
        archetype = rng.choice(bank.ARCHETYPES)
        lang = "ru" if n % 2 == 0 else "en"
        mixed = rng.random() < 0.12
        index = rng.randrange(len(archetype["names_ru"]))
        organisation_id = f"{archetype['id']}:{index}"
        organisation = archetype[f"names_{lang}"][index]
        if organisation_id not in regions:
            regions[organisation_id] = rng.choice(bank.BY_REGIONS + bank.RU_REGIONS)
        region = regions[organisation_id]
        roll = rng.random()
        offers = (
            [] if roll < 0.08 else rng.sample(archetype["offers"], _count(rng, archetype["offers"]))
        )
        seeks = (
            []
            if 0.08 <= roll < 0.16
            else rng.sample(archetype["seeks"], _count(rng, archetype["seeks"]))
        )
        result.append(
            {
                "ref": f"P{n + 1:04d}",
                "name": f"{rng.choice(FIRST[lang])} {rng.choice(LAST[lang])}",
                "organisation": organisation,
                "region": region,
                "country": region[:2],
                "sectors": archetype[f"sectors_{lang}"],
                "offers": _field(bank, offers, "offer", lang, mixed, rng),
                "seeks": _field(bank, seeks, "seek", lang, mixed, rng),
                "languages": [lang] if rng.random() < 0.6 else ["ru", "en"],
                "lang": lang,
                "mixed": mixed,
                "labels": {"organisation": organisation_id, "offers": offers, "seeks": seeks},
            }
        )
    return result


def relevant(bank: ModuleType, items: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Who should meet whom: one side offers what the other seeks (or something that meets
    it), either way, between different organisations."""
    satisfies = {offer: {offer, *bank.SATISFIES.get(offer, ())} for offer in bank.INTENTS}

    def meets(offerer: dict[str, Any], seeker: dict[str, Any]) -> bool:
        needs = set(seeker["labels"]["seeks"])
        return any(satisfies[offer] & needs for offer in offerer["labels"]["offers"])

    result = {}
    for a in items:
        result[a["ref"]] = [
            b["ref"]
            for b in items
            if b is not a
            and b["labels"]["organisation"] != a["labels"]["organisation"]
            and (meets(b, a) or meets(a, b))
        ]
    return result


def build(name: str, count: int, seed: int) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    bank = importlib.import_module(f"bank_{name}")
    items = profiles(bank, count, seed)
    return {
        "about": (
            "Synthetic participant profiles of a forum's business programme, generated by "
            f"build.py from bank_{name}.py (seed {seed}); see README.md for how they were "
            "labelled. Not real people."
        ),
        "profiles": items,
        "relevant": relevant(bank, items),
    }


if __name__ == "__main__":
    name, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    json.dump(build(name, count, seed), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
