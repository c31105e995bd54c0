"""Import a 100,000-row sheet (CSV and XLSX) into an empty registry, then import it again.

For each format, a fresh process reads the file bare (python-calamine or csv alone), imports it
through the import service (parse, resolve, reconcile, write, with history), and imports it
again unchanged; it prints the times and its own peak memory.

    REGIONFORUM_DEBUG=1 .venv/bin/python benchmarks/import_large.py [--rows 100000]
        [--database-url postgres://postgres@127.0.0.1:5432/bench]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reconcile_common import setup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generate(rows: int, folder: Path) -> dict[str, Path]:
    """One Belarusian-side sheet of `rows` rows, as XLSX and as CSV."""
    import csv
    from datetime import date
    from decimal import Decimal

    from openpyxl import Workbook
    from tests.registry.synthetic import _cells, generate

    from regionforum.money import RateTable, shipped_rates

    table = RateTable(shipped_rates())

    def convert(usd: Decimal, currency: str, on: date) -> Decimal:
        rate = table.rate_on(currency, on)
        assert rate is not None
        return usd * rate.units_per_usd

    reports = generate(agreements=int(rows * 1.3), seed=7, convert=convert, per_region=400)
    header, cells = _cells(reports.by_rows[:rows], "BY", True)
    paths = {"csv": folder / "large.csv", "xlsx": folder / "large.xlsx"}
    with paths["csv"].open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header)
        writer.writerows(
            [cell.strftime("%d.%m.%Y") if isinstance(cell, date) else cell for cell in row]
            for row in cells
        )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Соглашения")
    sheet.append(header)
    for row in cells:
        sheet.append(row)
    workbook.save(paths["xlsx"])
    return paths


def bare_read(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    count = 0
    if path.suffix == ".csv":
        import csv

        with path.open(encoding="utf-8", newline="") as stream:
            for _row in csv.reader(stream, delimiter=";"):
                count += 1
    else:
        from python_calamine import CalamineWorkbook

        for _row in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows():
            count += 1
    return time.perf_counter() - started, count


def measure(path: Path, database_url: str | None, folder: Path) -> dict[str, object]:
    setup(database_url, folder)
    from regionforum.registry.imports import import_run

    read_seconds, rows = bare_read(path)
    phases: dict[str, float] = {}
    last = [time.perf_counter()]

    # Each progress call closes a stretch of work; name the stretch by what was done in it.
    stretch = {
        "read": "read and check rows",
        "link": "resolve organisations, convert to USD",
        "write": "reconcile, create organisations",
    }

    def progress(phase: str, done: int, total: int | None) -> None:
        now = time.perf_counter()
        name = stretch[phase]
        phases[name] = phases.get(name, 0.0) + now - last[0]
        last[0] = now

    started = time.perf_counter()
    first = import_run(path=path, reporter="BY", progress=progress)
    first_seconds = time.perf_counter() - started
    phases["write agreements, parties, money, sources, history"] = time.perf_counter() - last[0]
    started = time.perf_counter()
    again = import_run(path=path, reporter="BY")
    again_seconds = time.perf_counter() - started
    return {
        "file": path.name,
        "rows": rows - 1,
        "bare_read_s": round(read_seconds, 2),
        "import_s": round(first_seconds, 2),
        "phases_s": {name: round(value, 2) for name, value in phases.items()},
        "reimport_s": round(again_seconds, 2),
        "created": first.created,
        "merged": first.merged,
        "rejected": first.rejected,
        "reimport_unchanged": again.unchanged,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.database_url, args.folder)))
        return
    folder = Path(tempfile.mkdtemp(prefix="import-large-"))
    started = time.perf_counter()
    paths = generate(args.rows, folder)
    print(f"generated {args.rows} rows in {time.perf_counter() - started:.1f} s")
    print(
        f"setup: Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"{'PostgreSQL' if args.database_url else 'SQLite'}"
    )
    for fmt in ("csv", "xlsx"):
        database = folder / fmt
        database.mkdir()
        command = [sys.executable, __file__, "--measure", str(paths[fmt])]
        command += ["--folder", str(database)]
        if args.database_url:
            command += ["--database-url", args.database_url]
        # The command is this script with paths it made itself.
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
        print(json.dumps(json.loads(output.strip().splitlines()[-1]), indent=2))


if __name__ == "__main__":
    main()
