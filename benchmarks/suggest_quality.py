"""How good and how fast partner suggestions are.

Quality: on each labelled set in benchmarks/data/suggest/ (main.json, which the glossary was
tuned on; heldout.json and the small prose.json, which it was not), every participant's 10
best suggestions are compared with the pairs that should meet. Printed:
- P@5: for each participant with at least one partner who should meet them, the share of their
  first 5 suggestions that should (an empty place counts as a miss), averaged; and the best
  that any ranking could reach on the set (participants with fewer than 5 partners cap it);
- how many of the first 5 places are filled, and the share of the suggestions made there that
  should meet (P@5 counts an empty place as a miss; this does not);
- R@10: the share of a participant's partners found among their first 10, averaged;
- by language pair (ru→en: Russian participants' suggestions of English ones): of the
  suggestions in the first 5 that are of that pair, the share that should meet (precision), and
  of the partners of that pair, the share found in the first 10 (recall), pooled.

Speed: a forum of 2,000 generated participants (the main bank, another seed): the time to
build the index and compute the 10 best suggestions of everyone.

    PYTHONPATH=src .venv/bin/python benchmarks/suggest_quality.py [--set main|heldout|prose|all]
        [--speed] [--participants 2000] [--show N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from regionforum.matching import Matcher, Profile

DATA = Path(__file__).resolve().parent / "data" / "suggest"
PAIRS = ("ru→ru", "en→en", "ru→en", "en→ru")
SETS = ("main", "heldout", "prose")


def to_profile(item: dict[str, Any]) -> Profile:
    return Profile(
        ref=item["ref"],
        name=item["name"],
        organisation=item["organisation"],
        region=item["region"],
        country=item["country"],
        sectors=tuple(item["sectors"]),
        offers=item["offers"],
        seeks=item["seeks"],
        languages=tuple(item["languages"]),
    )


def evaluate(data: dict[str, Any], show: int = 0) -> dict[str, Any]:
    items = data["profiles"]
    lang = {item["ref"]: item["lang"] for item in items}
    relevant = {ref: set(refs) for ref, refs in data["relevant"].items()}
    started = time.perf_counter()
    suggestions = Matcher([to_profile(item) for item in items]).suggest_all(limit=10)
    seconds = time.perf_counter() - started
    precision, recall, ceiling = [], [], []
    made = hits_made = 0
    pair_hits: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    shown = 0
    for item in items:
        ref = item["ref"]
        wanted = relevant[ref]
        ranked = [s.ref for s in suggestions[ref]]
        for other in wanted:
            pair = f"{lang[ref]}→{lang[other]}"
            pair_hits[pair][3] += 1
            if other in ranked[:10]:
                pair_hits[pair][2] += 1
        for other in ranked[:5]:
            pair = f"{lang[ref]}→{lang[other]}"
            pair_hits[pair][1] += 1
            if other in wanted:
                pair_hits[pair][0] += 1
        if not wanted:
            continue
        hits5 = sum(1 for other in ranked[:5] if other in wanted)
        precision.append(hits5 / 5)
        made += len(ranked[:5])
        hits_made += hits5
        ceiling.append(min(5, len(wanted)) / 5)
        recall.append(sum(1 for other in ranked[:10] if other in wanted) / len(wanted))
        if shown < show and hits5 < min(5, len(wanted)):
            shown += 1
            by_ref = {i["ref"]: i for i in items}
            print(
                f"--- {ref} {item['organisation']}: "
                f"seeks {item['seeks']!r} offers {item['offers']!r}"
            )
            for s in suggestions[ref][:5]:
                mark = "+" if s.ref in wanted else "-"
                print(f"  {mark} {s.ref} {s.score:.2f} {by_ref[s.ref]['organisation']}: {s.why}")
            for other in sorted(wanted - set(ranked[:5]))[:3]:
                o = by_ref[other]
                print(f"  missed {other}: offers {o['offers']!r} seeks {o['seeks']!r}")
    return {
        "profiles": len(items),
        "with_partners": len(precision),
        "p_at_5": sum(precision) / len(precision),
        "p_at_5_ceiling": sum(ceiling) / len(ceiling),
        "r_at_10": sum(recall) / len(recall),
        "made_at_5": made / len(precision),
        "precision_of_made": hits_made / made if made else 0.0,
        "pairs": {
            pair: {
                "p_at_5": pair_hits[pair][0] / pair_hits[pair][1] if pair_hits[pair][1] else None,
                "suggested": pair_hits[pair][1],
                "r_at_10": pair_hits[pair][2] / pair_hits[pair][3] if pair_hits[pair][3] else None,
                "partners": pair_hits[pair][3],
            }
            for pair in PAIRS
        },
        "seconds": seconds,
    }


def speed(count: int) -> dict[str, float]:
    sys.path.insert(0, str(DATA))
    import bank_main
    from build import profiles

    items = [to_profile(item) for item in profiles(bank_main, count, seed=2026)]
    started = time.perf_counter()
    matcher = Matcher(items)
    indexed = time.perf_counter()
    everyone = matcher.suggest_all(limit=10)
    done = time.perf_counter()
    return {
        "participants": len(everyone),
        "index_seconds": indexed - started,
        "suggest_seconds": done - indexed,
        "total_seconds": done - started,
    }


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all")
    parser.add_argument("--speed", action="store_true", help="also time a forum of --participants")
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--show", type=int, default=0, help="print N participants' misses")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    print(f"# {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    results: dict[str, Any] = {}
    for name in SETS if args.set == "all" else (args.set,):
        data = json.loads((DATA / f"{name}.json").read_text("utf-8"))
        result = evaluate(data, show=args.show)
        results[name] = result
        print(
            f"{name}: {result['profiles']} profiles ({result['with_partners']} with partners): "
            f"P@5 {result['p_at_5']:.3f} (best possible {result['p_at_5_ceiling']:.3f}), "
            f"R@10 {result['r_at_10']:.3f}, {result['seconds']:.2f} s"
        )
        print(
            f"  of the first 5 places, {result['made_at_5']:.2f} are filled on average, and "
            f"{result['precision_of_made']:.3f} of the suggestions made there should meet"
        )
        for pair, figures in result["pairs"].items():
            print(
                f"  {pair}: P@5 {_fmt(figures['p_at_5'])} of {figures['suggested']:>4} suggested, "
                f"R@10 {_fmt(figures['r_at_10'])} of {figures['partners']:>4} partners"
            )
    if args.speed:
        results["speed"] = speed(args.participants)
        figures = results["speed"]
        print(
            f"speed: {figures['participants']} participants, "
            f"index {figures['index_seconds']:.2f} s, "
            f"suggestions {figures['suggest_seconds']:.2f} s, "
            f"total {figures['total_seconds']:.2f} s"
        )
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
