"""How well the import reconciles three sides' reports of the same forums.

Generates a forum history and its three reports (tests/registry/synthetic.py), loads a
secretariat's own rate table (one rate per currency per year, as the acceptance check does)
with the rates service, imports the files through the `import` command as the acceptance check
does (--reporter BY, --reporter RU, none for the USD file) into a fresh database, and prints
the pairwise precision and recall of "these rows are one agreement", the size of the review
queue, the error in the agreement count and the USD total (overall and for each forum), and
whether a re-import changes anything. A fifth of the sides' amounts are computed at the
shipped monthly rates instead of the loaded table, as an office using the day's rate would.

    REGIONFORUM_DEBUG=1 .venv/bin/python benchmarks/reconcile_quality.py [--agreements 700]
        [--seed 1] [--database-url postgres://...]
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

from reconcile_common import rates_setup, run_import, setup, show_mistakes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agreements", type=int, default=700)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--order", default="by,ru,sec", help="the order the three files are imported in"
    )
    parser.add_argument(
        "--show", type=int, default=0, metavar="N", help="print N missed and N wrong merges"
    )
    args = parser.parse_args()
    reporters = {"by": "BY", "ru": "RU", "sec": ""}
    order = [(side, reporters[side]) for side in args.order.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="reconcile-"))
    setup(args.database_url, folder)

    from tests.registry.synthetic import generate, pairwise_quality, write_reports

    from regionforum.registry.models import Agreement, ReviewItem, SourceRecord

    # The sides convert at the table in force, as the import will: the loaded annual rates alone
    # over the file's spans (BYR 2014-2015, and BYN, denominated back to 2016, from then on), the
    # shipped table elsewhere.
    table, shipped = rates_setup(folder)
    reports = generate(
        agreements=args.agreements,
        seed=args.seed,
        convert=table,
        market=shipped,
    )
    paths = write_reports(reports, folder)
    started = time.perf_counter()
    results = {side: run_import(paths[side], reporter) for side, reporter in order}
    seconds = time.perf_counter() - started
    side_of = {path.name: side for side, path in paths.items()}
    found = {
        (side_of[file_name], row - 2): agreement_id
        for file_name, row, agreement_id in SourceRecord.objects.values_list(
            "file_name", "row", "agreement_id"
        )
    }
    precision, recall = pairwise_quality(reports.truth, found)
    reported = {reports.truth[key] for key in reports.truth}
    rows_of = {"by": reports.by_rows, "ru": reports.ru_rows, "sec": reports.secretariat_rows}
    # An amount no side reported cannot be in any total: the truth counts reported amounts.
    with_amount = {
        truth for (side, index), truth in reports.truth.items() if rows_of[side][index]["amount"]
    }
    true_total = sum(
        (truth.usd for truth in reports.agreements if truth.id in with_amount and truth.usd),
        Decimal(0),
    )
    from django.db.models import Sum

    total = Agreement.objects.aggregate(total=Sum("money__usd"))["total"] or Decimal(0)
    again = {side: run_import(paths[side], reporter) for side, reporter in order}
    changed = sum(
        int(result[name]) for result in again.values() for name in ("created", "merged", "updated")
    )
    print(f"setup: {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores,")
    print(f"  database: {'PostgreSQL' if args.database_url else 'SQLite'}, seed {args.seed}")
    print(
        f"rows: BY {len(reports.by_rows)}, RU {len(reports.ru_rows)}, "
        f"secretariat {len(reports.secretariat_rows)}; true agreements {len(reported)}"
    )
    for side, result in results.items():
        counts = {key: result[key] for key in ("rows", "created", "merged", "review", "rejected")}
        print(f"  {side}: {counts}")
        for error in result["errors"][:5]:
            print("    ", error)
    print(f"imported in {seconds:.2f} s")
    print(f"pairwise precision {precision:.4f}, recall {recall:.4f}")
    print(f"review queue: {ReviewItem.objects.count()} pairs")
    count = Agreement.objects.count()
    print(
        f"agreements {count} vs true {len(reported)} "
        f"({(count - len(reported)) / len(reported):+.2%})"
    )
    error = (total - true_total) / true_total
    print(f"total USD {total:,.0f} vs true {true_total:,.0f} ({error:+.2%})")
    truths = {truth.id: truth for truth in reports.agreements}
    true_by_forum = Counter(truths[truth_id].forum for truth_id in reported)
    found_by_forum = Counter(Agreement.objects.values_list("forum__number", flat=True))
    worst = max(
        abs(found_by_forum[forum] - count) / count for forum, count in true_by_forum.items()
    )
    print(f"per forum: worst agreement-count error {worst:.2%} over {len(true_by_forum)} forums")
    true_usd_by_forum: Counter[int | None] = Counter()
    for truth_id in with_amount:
        if truths[truth_id].usd:
            true_usd_by_forum[truths[truth_id].forum] += truths[truth_id].usd
    found_usd_by_forum = dict(
        Agreement.objects.values_list("forum__number").annotate(total=Sum("money__usd"))
    )
    usd_errors = {
        forum: ((found_usd_by_forum.get(forum) or Decimal(0)) - usd) / usd
        for forum, usd in true_usd_by_forum.items()
    }
    worst_usd = max(abs(error) for error in usd_errors.values())
    print(f"per forum: worst USD error {worst_usd:.2%}")
    for forum, count in sorted(true_by_forum.items(), key=lambda item: item[0] or 0):
        print(
            f"  forum {forum}: {found_by_forum[forum]} vs true {count}, "
            f"USD {usd_errors.get(forum, Decimal(0)):+.2%}"
        )
    print(f"re-import: {changed} rows changed (expected 0)")
    if args.show:
        _show(reports.truth, found, rows_of, args.show)


def _show(truth, found, rows_of, limit: int) -> None:
    """The first `limit` true pairs that were left apart, and wrong pairs that were merged."""
    fields = ("kind", "title", "signed_on", "amount", "currency", "party_1", "party_2", "party_3")

    def describe(row_key) -> str:
        side, index = row_key
        row = rows_of[side][index]
        return f"{side}: " + " | ".join(str(row.get(name, "")) for name in fields)

    show_mistakes(truth, found, describe, limit)


if __name__ == "__main__":
    main()
