"""How true the figures are on sender sheets we did not design the matcher for.

Generates a forum history and the regions' and secretariat's hand-filled sheets of it
(tests/registry/adversarial.py, written apart from synthetic.py), loads a secretariat's annual
rate table, imports every file through the `import` command with its reporter (and --partial,
so that one bad row costs that row; the files that would be refused whole are listed), and
prints the pairwise precision and recall of "these rows are one agreement", the review queue,
the rows rejected, and the error of `figures --json` in agreements and USD overall and for
every forum, region, pair of the busiest regions, sector, kind and party type; then the
verdicts of `claims` on generated true, close and false statements against the truth's.

    REGIONFORUM_DEBUG=1 .venv/bin/python benchmarks/reconcile_adversarial.py [--agreements 400]
        [--seed 1] [--database-url postgres://...] [--show N]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

from reconcile_common import command_json, rates_setup, run_import, setup, show_mistakes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agreements", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N mistakes")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="adversarial-"))
    setup(args.database_url, folder)

    from tests.registry.adversarial import generate, true_figures, write_sheets
    from tests.registry.synthetic import pairwise_quality

    from regionforum.registry.models import ReviewItem, SourceRecord

    table, shipped = rates_setup(folder)
    world = generate(agreements=args.agreements, seed=args.seed, convert=table, market=shipped)
    files = write_sheets(world, folder, seed=args.seed)
    started = time.perf_counter()
    results = {path.name: run_import(path, reporter, "--partial") for path, reporter in files}
    seconds = time.perf_counter() - started
    found = {
        (file_name, row): agreement_id
        for file_name, row, agreement_id in SourceRecord.objects.values_list(
            "file_name", "row", "agreement_id"
        )
    }
    precision, recall = pairwise_quality(world.truth, found)
    print(f"setup: {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores,")
    print(f"  database: {'PostgreSQL' if args.database_url else 'SQLite'}, seed {args.seed}")
    data_rows = len(world.truth)
    print(
        f"files {len(files)}, data rows {data_rows}, "
        f"true agreements {len(set(world.truth.values()))}"
    )
    rejected = sum(int(result["rejected"]) for result in results.values())
    lost = [name for name, result in results.items() if result["rejected"]]
    print(f"imported in {seconds:.2f} s; rows rejected {rejected}")
    print(f"  files a plain import (no --partial) would refuse whole: {len(lost)}")
    for name, result in results.items():
        counts = " ".join(
            f"{key} {result[key]}" for key in ("rows", "created", "merged", "review", "rejected")
        )
        failed = [error["message"][:90] for error in result["errors"] if not error.get("row")]
        print(f"  {name}: {counts}" + (f"; file refused: {failed[0]}" if failed else ""))
    errors = Counter(
        (error["column"], error["message"][:70])
        for result in results.values()
        for error in result["errors"]
    )
    for (column, message), count in errors.most_common(8):
        print(f"    {count:4d} × {column}: {message}")
    missing = len([key for key in world.truth if key not in found])
    print(f"  data rows not in the registry: {missing}")
    print(f"pairwise precision {precision:.4f}, recall {recall:.4f}")
    print(f"review queue: {ReviewItem.objects.count()} pairs")

    def figures(*flags: str) -> tuple[int, Decimal]:
        result = command_json("figures", *flags)
        return int(result["agreements"]), Decimal(str(result["total_usd"]))

    def report(label: str, flags: tuple[str, ...], keep) -> tuple[float, float]:
        count, usd = figures(*flags)
        true_count, true_usd = true_figures(world, keep)
        count_error = (count - true_count) / true_count if true_count else 0.0
        usd_error = float((usd - true_usd) / true_usd) if true_usd else 0.0
        print(
            f"  {label:<28} agreements {count:5d} vs {true_count:5d} ({count_error:+7.2%}), "
            f"USD {usd_error:+7.2%}"
        )
        return count_error, usd_error

    print("figures --json against the truth:")
    report("overall", (), lambda t: True)
    worst: dict[str, tuple[float, float]] = {}
    scopes = _scopes(world)
    for group, label, flags, keep in scopes:
        errors_of = report(label, flags, keep)
        old = worst.get(group, (0.0, 0.0))
        worst[group] = (max(old[0], abs(errors_of[0])), max(old[1], abs(errors_of[1])))
    for group, (count_error, usd_error) in worst.items():
        print(f"worst {group}: agreements {count_error:.2%}, USD {usd_error:.2%}")
    _claims(world)
    if args.show:
        _show(world, found, args.show)


def _scopes(world):
    from regionforum.forums.numerals import to_roman

    truths = [t for t in world.agreements if t.id in set(world.truth.values())]
    scopes = []
    for forum in sorted({t.forum for t in truths if t.forum is not None}):
        scopes.append(
            ("forum", f"forum {to_roman(forum)}", ("--forum", str(forum)),
             lambda t, forum=forum: t.forum == forum)
        )  # fmt: skip
    regions = Counter(o.region for t in truths for o in {p.region: p for p in t.parties}.values())
    for code, _count in sorted(regions.items()):
        scopes.append(
            ("region", f"region {code}", ("--region", code),
             lambda t, code=code: any(p.region == code for p in t.parties))
        )  # fmt: skip
    pairs = Counter(
        (a, b)
        for t in truths
        for a in {p.region for p in t.parties if p.region.startswith("BY")}
        for b in {p.region for p in t.parties if p.region.startswith("RU")}
    )
    for (a, b), _count in pairs.most_common(5):
        scopes.append(
            ("pair", f"pair {a},{b}", ("--pair", f"{a},{b}"),
             lambda t, a=a, b=b: {a, b} <= {p.region for p in t.parties})
        )  # fmt: skip
    for sector in sorted({t.sector for t in truths}):
        scopes.append(
            ("sector", f"sector {sector}", ("--sector", sector),
             lambda t, sector=sector: t.sector == sector and t.reported_sector)
        )  # fmt: skip
    for kind in sorted({t.kind for t in truths}):
        scopes.append(
            ("kind", f"kind {kind}", ("--kind", kind), lambda t, kind=kind: t.kind == kind)
        )
    for party_type in ("government", "enterprise", "university", "research"):
        scopes.append(
            ("party type", f"party type {party_type}", ("--party-type", party_type),
             lambda t, party_type=party_type: any(p.kind == party_type for p in t.parties))
        )  # fmt: skip
    return scopes


def _claims(world) -> None:
    """Statements built from the truth, some true, some close, some false, as `claims` judges
    them against what it would say on the true figures."""
    from tests.registry.adversarial import true_figures

    from regionforum.analytics.claims import verdict
    from regionforum.forums.numerals import to_roman

    forums = sorted({t.forum for t in world.agreements if t.forum is not None})
    first, last = forums[0], forums[-1]
    count, usd = true_figures(world, lambda t: t.forum is not None)
    busiest = Counter(t.forum for t in world.agreements if t.forum is not None).most_common(1)[0]
    forum = busiest[0]
    forum_count, forum_usd = true_figures(world, lambda t: t.forum == forum)
    span = f"At forums {to_roman(first)}–{to_roman(last)}"
    statements = []
    for factor in (Decimal("0.95"), Decimal("1.04"), Decimal("1.5")):
        stated = int(count * factor)
        statements.append((f"{span}, more than {stated} agreements were signed.", stated, count))
    for factor in (Decimal("1.0"), Decimal("1.15"), Decimal("0.6")):
        millions = int(usd * factor / 1_000_000)
        statements.append(
            (f"{span}, agreements worth about ${millions} million were signed.",
             Decimal(millions) * 1_000_000, usd)
        )  # fmt: skip
    stated = int(forum_count * Decimal("1.05"))
    statements.append(
        (f"At the {to_roman(forum)} Forum, nearly {stated} agreements were signed.", stated,
         forum_count)
    )  # fmt: skip
    millions = int(forum_usd * Decimal("0.9") / 1_000_000)
    statements.append(
        (f"At the {to_roman(forum)} Forum, agreements worth more than ${millions} million were "
         "signed.", Decimal(millions) * 1_000_000, forum_usd)
    )  # fmt: skip
    agree = 0
    print("claims against the truth:")
    for text, stated, actual in statements:
        claims = command_json("claims", text)["claims"]
        if len(claims) != 1:
            print(f"  {text!r}: {len(claims)} claims read")
            continue
        claim = claims[0]
        expected = verdict(
            qualifier=claim["qualifier"], stated=Decimal(str(stated)), actual=Decimal(actual)
        )
        agree += claim["verdict"] == expected
        print(
            f"  {claim['verdict']:<13} (true: {expected:<13}) actual {claim['actual']} vs "
            f"true {actual}: {text}"
        )
    print(f"claims verdicts as on the truth: {agree} of {len(statements)}")


def _show(world, found, limit: int) -> None:
    fields = ("kind", "title", "signed_on", "amount", "currency", "party_1", "region_1",
              "party_2", "region_2", "party_3")  # fmt: skip

    def describe(key) -> str:
        cells = world.cells[key]
        return f"{key[0]}:{key[1]}: " + " | ".join(str(cells.get(name, "")) for name in fields)

    show_mistakes(world.truth, found, describe, limit)


if __name__ == "__main__":
    main()
