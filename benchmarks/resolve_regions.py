"""Throughput of the region resolver on a realistic mix of spellings.

Run: .venv/bin/python benchmarks/resolve_regions.py [--texts N] [--seed S]

The mix is what import sheets contain: listed names and variants, codes, abbreviated and
genitive forms, authorities ("Правительство … области"), romanised forms, one-character typos
and texts that name no region. Two figures are printed: "cold", every text new to the resolver
(each goes through the whole pipeline), and "sheet", a sheet-like stream where the same few
hundred spellings repeat and the resolver's cache answers most of them.

Then how slips fare: every listed name of every region, with one random edit (a letter lost,
added, changed, or two swapped) in its longest word, seeded. Each comes out read as its own region
(with a correction), refused, or given another region's code; the last is the figure that must
stay at 0. A slip that lands on another region's name is refused by design (see
`names/regions.py`), so "refused" is not a failure.
"""

import argparse
import os
import platform
import random
import time

from regionforum.names import RegionResolver, shipped_regions, transliterate
from regionforum.names.text import skeleton_word, stem

NOT_REGIONS = [
    "Paris",
    "Берлин",
    "ООО Ромашка",
    "Kyiv oblast",
    "Минский тракторный завод",
    "Московский район",
    "Белоруссия",
    "Пинск",
    "Киевская область",
    "N/A",
]


def _typo(text: str, rng: random.Random) -> str:
    position = rng.randrange(1, len(text) - 1)
    return text[:position] + text[position + 1 :]


def realistic_mix(rng: random.Random) -> list[str]:
    """Distinct texts, about the share of each kind a real sheet has."""
    texts: list[str] = []
    for record in shipped_regions():
        names = [record.name_en, record.name_ru, *record.variants]
        if record.name_be:
            names.append(record.name_be)
        texts += names
        texts += [record.code, record.code.lower().replace("-", " ")]
        texts.append(record.name_ru.replace("область", "обл.").replace("Республика", "Респ."))
        texts.append(record.name_ru.upper())
        texts.append(f"{record.name_en}, {'Belarus' if record.country == 'BY' else 'Russia'}")
        texts.append(transliterate(record.name_ru))
        if record.name_ru.endswith("ская область"):
            texts.append("Правительство " + record.name_ru.replace("ская область", "ской области"))
        texts += [_typo(name, rng) for name in rng.sample(names, min(2, len(names)))]
    texts += NOT_REGIONS
    return list(dict.fromkeys(texts))


_LETTERS = {"cyrillic": "абвгдежзийклмнопрстуфхцчшщыьэюяіў", "latin": "abcdefghijklmnopqrstuvwxyz"}


def one_edit(text: str, rng: random.Random) -> str:
    """`text` with one random edit inside its longest word (not its first letter)."""
    words = text.split(" ")
    longest = max(range(len(words)), key=lambda index: len(words[index]))
    word = words[longest]
    if len(word) < 5:
        return text
    letters = _LETTERS["cyrillic" if any("а" <= char <= "я" for char in word.lower()) else "latin"]
    position = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["delete", "insert", "change", "swap"])
    if kind == "delete":
        word = word[:position] + word[position + 1 :]
    elif kind == "insert":
        word = word[:position] + rng.choice(letters) + word[position:]
    elif kind == "change":
        other = rng.choice(letters.replace(word[position].lower(), ""))
        word = word[:position] + other + word[position + 1 :]
    else:
        word = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    words[longest] = word
    return " ".join(words)


def slips(rng: random.Random, rounds: int) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for record in shipped_regions():
        for name in record.names():
            for _ in range(rounds):
                slip = one_edit(name, rng)
                if slip != name:
                    found.setdefault(slip, record.code)
    return list(found.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=200_000, help="length of the sheet stream")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    distinct = realistic_mix(rng)

    started = time.perf_counter()
    RegionResolver(shipped_regions())
    build = time.perf_counter() - started

    # Cold: fresh resolvers and empty word caches, so every text and every word in it goes
    # through the whole pipeline.
    rounds = 5
    cold_seconds = 0.0
    for _ in range(rounds):
        resolver = RegionResolver(shipped_regions())
        skeleton_word.cache_clear()
        stem.cache_clear()
        started = time.perf_counter()
        resolver.resolve_many(distinct)
        cold_seconds += time.perf_counter() - started
    cold_rate = rounds * len(distinct) / cold_seconds

    resolver = RegionResolver(shipped_regions())
    stream = rng.choices(distinct, k=args.texts)
    started = time.perf_counter()
    matches = resolver.resolve_many(stream)
    sheet_rate = len(stream) / (time.perf_counter() - started)
    resolved = sum(match.code is not None for match in resolver.resolve_many(distinct))

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"build: {build * 1000:.1f} ms for {len(shipped_regions())} regions")
    print(f"mix: {len(distinct)} distinct texts, {resolved} resolved to a region")
    print(f"cold: {cold_rate:,.0f} names/s (every text new to the resolver)")
    print(f"sheet: {sheet_rate:,.0f} names/s ({len(matches):,} texts drawn from the mix)")

    cases = slips(rng, rounds=3)
    right = refused = wrong = 0
    exact = {name.casefold() for record in shipped_regions() for name in record.names()}
    for text, code in cases:
        match = resolver.resolve(text)
        if match.code is None:
            refused += 1
        elif match.code == code or text.casefold() in exact:
            right += 1
        else:
            wrong += 1
            print(f"  wrong: {text!r} -> {match.code} (meant {code})")
    print(
        f"slips: {len(cases)} names with one edit: {right} read as their region "
        f"({right / len(cases):.1%}), {refused} refused, {wrong} given another region's code"
    )


if __name__ == "__main__":
    main()
