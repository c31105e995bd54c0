"""What the reconciliation benchmarks share: a fresh database, a secretariat's rate table, the
`import` command as the acceptance check runs it, and converters from true USD values.

Run from a benchmark script (whose folder is on the path): `from reconcile_common import …`.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable, Hashable, Mapping
from contextlib import redirect_stdout, suppress
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Annual average rates, one a year dated 1 January: far from the monthly ones in some years
# (2022), which is what breaks a merge when the two bases are mixed.
RUB = {2014: 38.6, 2015: 61.3, 2016: 67.0, 2017: 58.3, 2018: 62.7, 2019: 64.7, 2020: 72.1,
       2021: 73.7, 2022: 68.5, 2023: 85.2, 2024: 92.6, 2025: 84.0, 2026: 80.0}  # fmt: skip
BYN = {2016: 2.0, 2017: 1.93, 2018: 2.04, 2019: 2.09, 2020: 2.44, 2021: 2.54, 2022: 2.62,
       2023: 3.0, 2024: 3.2, 2025: 3.1, 2026: 3.0}  # fmt: skip
BYR = {2014: 10224, 2015: 15926}

Convert = Callable[[Decimal, str, date], Decimal]


def write_rates(path: Path) -> None:
    lines = ["date,currency,units_per_usd"]
    lines += [f"{year}-01-01,RUB,{value}" for year, value in RUB.items()]
    lines += [f"{year}-01-01,BYN,{value}" for year, value in BYN.items()]
    lines += [f"{year}-01-01,BYR,{value}" for year, value in BYR.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def setup(database_url: str | None, folder: Path) -> None:
    os.environ["REGIONFORUM_DEBUG"] = "1"
    os.environ["REGIONFORUM_DATA_DIR"] = str(folder)
    if database_url:
        os.environ["REGIONFORUM_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionforum.settings")
    import django

    django.setup()
    from django.core.management import call_command

    # Migrated first, so that a database never used before can be flushed.
    call_command("migrate", verbosity=0)
    if database_url:
        call_command("flush", "--no-input", verbosity=0)


def command_json(name: str, *args: str) -> Any:
    """A command's --json output, whatever its exit code."""
    from django.core.management import call_command

    out = io.StringIO()
    with redirect_stdout(out), suppress(SystemExit):
        call_command(name, *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def run_import(path: Path, reporter: str, *options: str) -> dict[str, object]:
    return command_json(
        "import", str(path), *options, *(["--reporter", reporter] if reporter else [])
    )


def rates_setup(folder: Path) -> tuple[Convert, Convert]:
    """Load the secretariat's annual table, and return two converters from USD: at the table in
    force (as the import converts) and at the shipped monthly rates (as an office using the
    day's rate would)."""
    from regionforum.money import RateTable, read_rates, shipped_rates
    from regionforum.registry.rates import rate_table, rates_load

    rates_path = folder / "rates.csv"
    write_rates(rates_path)
    rates_load(rates=read_rates(rates_path, "csv"))
    return _converter(rate_table()), _converter(RateTable(shipped_rates()))


def _converter(rates: Any) -> Convert:
    def convert(usd: Decimal, currency: str, on: date) -> Decimal:
        rate = rates.rate_on(currency, on)
        assert rate is not None, (currency, on)
        return usd * rate.units_per_usd

    return convert


def show_mistakes(
    truth: Mapping[Hashable, int],
    found: Mapping[Hashable, int],
    describe: Callable[[Any], str],
    limit: int,
) -> None:
    """Print the first `limit` rows that are not in the registry, true pairs of imported rows
    left apart, and pairs merged that are not one agreement."""
    keys = sorted(truth, key=str)
    for key in [key for key in keys if key not in found][:limit]:
        print(f"not imported:\n  {describe(key)}")
    missed = wrong = 0
    imported = [key for key in keys if key in found]
    for i, a in enumerate(imported):
        for b in imported[i + 1 :]:
            same_truth, same_found = truth[a] == truth[b], found[a] == found[b]
            if same_truth and not same_found and missed < limit:
                missed += 1
                print(f"missed:\n  {describe(a)}\n  {describe(b)}")
            elif same_found and not same_truth and wrong < limit:
                wrong += 1
                print(f"wrong:\n  {describe(a)}\n  {describe(b)}")
