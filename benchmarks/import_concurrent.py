"""Two imports at the same time: nothing may be counted twice, and both must go through.

Generates one Belarusian-side sheet (tests/registry/synthetic.py), migrates a fresh database,
then starts two `regionforum import` processes on it at once: first the same file twice, then
the file and a copy under another name. It prints each process's exit code and totals, and the
agreement count against the rows, with the setup it ran on.

    REGIONFORUM_DEBUG=1 .venv/bin/python benchmarks/import_concurrent.py [--rows 3000]
        [--database-url postgres://postgres@127.0.0.1:5432/bench]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_sheet(rows: int, path: Path) -> int:
    """A sheet of `rows` rows of distinct agreements; returns the number of rows written."""
    import csv

    from tests.registry.synthetic import _cells, generate

    reports = generate(
        agreements=rows, seed=3, convert=lambda usd, currency, on: usd, per_region=200
    )
    for row in reports.by_rows:
        if row["amount"]:
            row["currency"] = "USD"
    header, cells = _cells(reports.by_rows[:rows], "BY", True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(
            [cell.strftime("%d.%m.%Y") if hasattr(cell, "strftime") else cell for cell in line]
            for line in cells
        )
    return len(cells)


def import_at_once(paths: list[Path], env: dict[str, str]) -> list[dict[str, object]]:
    command = [sys.executable, "-m", "regionforum", "import", "--reporter", "BY", "--json"]
    processes = [
        subprocess.Popen(  # noqa: S603 - our own command line
            [*command, str(path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for path in paths
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        result = json.loads(out) if out.strip() else {"stderr": err.decode()[-300:]}
        result["exit"] = process.returncode
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="concurrent-"))
    env = {
        **os.environ,
        "REGIONFORUM_DEBUG": "1",
        "REGIONFORUM_DATA_DIR": str(folder),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    if args.database_url:
        env["REGIONFORUM_DATABASE_URL"] = args.database_url
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionforum.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if args.database_url:
        call_command("flush", "--no-input", verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("gazetteer", "load", verbosity=0)
    from regionforum.registry.models import Agreement

    sheet = folder / "by.csv"
    rows = write_sheet(args.rows, sheet)
    copy = folder / "by-copy.csv"
    shutil.copy(sheet, copy)
    print(f"setup: {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores,")
    print(f"  database: {'PostgreSQL' if args.database_url else 'SQLite'}; {rows} rows a file")
    for label, paths in (("same file twice", [sheet, sheet]), ("file and a copy", [sheet, copy])):
        before = Agreement.objects.count()
        started = time.perf_counter()
        results = import_at_once(paths, env)
        seconds = time.perf_counter() - started
        added = Agreement.objects.count() - before
        print(f"{label}: {seconds:.1f} s; {added} agreements added")
        for result in results:
            totals = {key: result.get(key) for key in ("exit", "created", "merged", "unchanged")}
            print(f"  {totals} {result.get('stderr', '')}".rstrip())
    total = Agreement.objects.count()
    distinct = len({row for row in Agreement.objects.values_list("title", "signed_on")})
    share = Decimal(total - rows) / rows
    print(f"agreements {total} for {rows} rows ({share:+.2%}); distinct title and date {distinct}")


if __name__ == "__main__":
    main()
