"""The figures and the main pages over a large generated registry.

Generates `--rows` agreements (two parties each, in a random Belarusian and Russian region; 70%
with an amount, a few unconverted; 12 forums; 12 sectors; four statuses) straight into the
database, then times `figures` (as `figures --json` computes it) for several scopes and the
dashboard, region, pair, sector, map and list pages through Django's test client (server time,
one client), each the median of `--repeat` runs after one warm-up: "computed" with the cache
emptied before each run, "cached" as read again under the same registry version.

Measured on 2026-12-07 (x86_64, 2 cores shared with seven other engineers' jobs, load average
4-6, so every figure is inflated by roughly 2-3x; generation took 72 s against 22 s on a quiet
run), seconds, median of 3:
- 100,000 on SQLite, computed: whole registry 0.52, one forum 0.14, forums 1-7 1.23 (noisy;
  0.42-0.84 s in single runs), region 0.30 (0.78 before), pair 0.19 (1.07 before), sector 0.10,
  kind and year 0.03; cached: 0.001-0.005 each. Pages computed / cached: dashboard 1.68 / 0.047
  (0.96 before), region 0.64 / 0.139 (1.18 before), pair 0.69 / 0.135 (1.17 before), sectors
  1.60 / 0.056, map 0.81 / 0.061, list 0.46 / 0.116, forum 0.27 / 0.051.
- 1,000,000 on PostgreSQL 15 (generation 520 s), computed: whole registry 4.4, forums 1-7 3.0,
  region 3.2, pair 1.6, one forum 1.0, sector 1.0, kind and year 0.57; cached 0.001 each.
  Pages cached: dashboard 0.195, region 0.139, map 0.080, list 0.208, pair 0.976 (the pair's
  agreement page sorts every agreement of both regions).

- 1,000,000 on PostgreSQL 15 again (branch figperf, `--repeat 1 --reuse`), before / after its
  changes (the organisations by a semi-join, partner regions by an anti-join instead of a
  DISTINCT that spilled to disk, the parties' (organisation, agreement) index, a pair's list by
  its ids, the list's count and the regions and forums lists cached). The machine was far
  busier than above (load average 8 before, 11 after), so only the ratios mean much: computed,
  whole registry 21.7 / 11.5, forums 1-7 14.4 / 7.2, pair 9.0 / 7.0, kind and year 1.7 / 2.7,
  one forum 4.8 / 6.0, region 20.8 / 24.0 (noise of the load; the region scope is still a pass
  over its parties); pages cached: pair 8.3 / 0.32, list 0.56 / 0.31, dashboard 0.45 / 0.37,
  region 0.27 / 0.40, map 0.05 / 0.10. Computed figures at 1,000,000 remain well over 1 s: a
  summary table kept by triggers is still to be built. With REGIONFORUM_CACHE_URL (Redis) the
  `figures` command reads what any process computed under the same registry version.

    REGIONFORUM_DEBUG=1 .venv/bin/python benchmarks/figures_large.py --rows 100000
    REGIONFORUM_DEBUG=1 .venv/bin/python benchmarks/figures_large.py --rows 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/bench [--reuse]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECTORS = [
    "Industry",
    "Agriculture",
    "Energy",
    "Education",
    "Health",
    "Transport",
    "Construction",
    "Trade",
    "Culture",
    "Science",
    "Tourism",
    "",
]
STATUSES = ["signed", "in progress", "fulfilled", "terminated"]
KINDS = ["agreement", "contract", "memorandum", "protocol"]
BATCH = 20_000


def setup(database_url: str | None, folder: Path, *, reuse: bool) -> None:
    os.environ["REGIONFORUM_DEBUG"] = "1"
    os.environ["REGIONFORUM_DATA_DIR"] = str(folder)
    os.environ.setdefault("REGIONFORUM_SECRET_KEY", "benchmark")
    if database_url:
        os.environ["REGIONFORUM_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionforum.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if database_url and not reuse:
        call_command("flush", "--no-input", verbosity=0)


def generate(rows: int) -> float:
    from django.db import connection, transaction

    from regionforum.forums.models import Forum
    from regionforum.gazetteer.models import Region
    from regionforum.gazetteer.services import gazetteer_load
    from regionforum.registry.models import Agreement, Money, Organisation, Party

    started = time.perf_counter()
    random.seed(14)
    gazetteer_load()
    regions = {
        country: list(Region.objects.filter(country__code=country)) for country in ("BY", "RU")
    }
    forums = [
        Forum.objects.create(number=n, year=2013 + n, starts_on=date(2013 + n, 6, 25))
        for n in range(1, 13)
    ]
    organisations = {
        country: Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"{country} organisation {i}",
                    key=f"{country.lower()}-{i}",
                    region=random.choice(regions[country]),
                    kind=random.choice(["government", "enterprise", "university"]),
                )
                for i in range(3000)
            ]
        )
        for country in ("BY", "RU")
    }
    done = 0
    while done < rows:
        size = min(BATCH, rows - done)
        with transaction.atomic():
            agreements = []
            for _ in range(size):
                forum = random.choice(forums) if random.random() < 0.9 else None
                signed = date(
                    forum.year if forum else random.randint(2014, 2025), 6, 25
                ) + timedelta(days=random.randint(0, 3))
                agreements.append(
                    Agreement(
                        kind=random.choice(KINDS),
                        title=f"Agreement {done}",
                        signed_on=signed,
                        status=random.choice(STATUSES),
                        sector=random.choice(SECTORS),
                        forum=forum,
                    )
                )
            Agreement.objects.bulk_create(agreements, batch_size=5000)
            if connection.vendor == "sqlite" or agreements[0].pk is None:
                last = Agreement.all_objects.order_by("-id").values_list("id", flat=True)[:size]
                for agreement, pk in zip(agreements, reversed(list(last)), strict=True):
                    agreement.pk = agreement.id = pk
            parties, money = [], []
            for agreement in agreements:
                parties.append(
                    Party(
                        agreement=agreement,
                        organisation=random.choice(organisations["BY"]),
                        order=1,
                    )
                )
                parties.append(
                    Party(
                        agreement=agreement,
                        organisation=random.choice(organisations["RU"]),
                        order=2,
                    )
                )
                if random.random() < 0.7:
                    usd = Decimal(random.randint(1_000, 50_000_000))
                    converted = random.random() > 0.01
                    money.append(
                        Money(
                            agreement=agreement,
                            value=usd if converted else usd * 80,
                            currency="USD" if converted else "XYZ",
                            value_date=agreement.signed_on,
                            usd=usd if converted else None,
                            rate=Decimal(1) if converted else None,
                            rate_date=agreement.signed_on if converted else None,
                            rate_source="benchmark" if converted else "",
                        )
                    )
            Party.objects.bulk_create(parties, batch_size=5000)
            Money.objects.bulk_create(money, batch_size=5000)
        done += size
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def timed(action, repeat: int, *, cold: bool) -> float:
    """The median of `repeat` runs after a warm-up; `cold` empties the cache before each, so
    that the figures are computed from the registry rather than read under its version."""
    from django.core.cache import cache

    action()
    runs = []
    for _ in range(repeat):
        if cold:
            cache.clear()
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return round(statistics.median(runs), 3)


def both(action, repeat: int) -> dict[str, float]:
    return {
        "computed": timed(action, repeat, cold=True),
        "cached": timed(action, repeat, cold=False),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the registry that --database-url already holds when it has --rows "
        "agreements (generating 1,000,000 takes minutes)",
    )
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="generate the registry into --database-url and time nothing (benchmarks/load.py)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(args.database_url, Path(folder), reuse=args.reuse)
        from django.db import connection
        from django.test import Client

        from regionforum.analytics.selectors import Scope, figures_get
        from regionforum.registry.models import Agreement

        if args.reuse and Agreement.all_objects.count() == args.rows:
            generate_s = 0.0
        else:
            if args.reuse:
                from django.core.management import call_command

                call_command("flush", "--no-input", verbosity=0)
            generate_s = generate(args.rows)
        if args.generate_only:
            return
        scopes = {
            "whole registry": Scope(),
            "one forum": Scope(forums=(8, 8)),
            "forums 1-7": Scope(forums=(1, 7)),
            "region BY-HO": Scope(region="BY-HO"),
            "pair BY-HO,RU-SMO": Scope(pair=("BY-HO", "RU-SMO")),
            "sector Industry": Scope(sector="Industry"),
            "kind contract, 2020": Scope(
                kind="contract", date_from=date(2020, 1, 1), date_to=date(2020, 12, 31)
            ),
        }
        figures = {
            name: both(
                lambda scope=scope: json.dumps(figures_get(scope=scope).as_json()), args.repeat
            )
            for name, scope in scopes.items()
        }
        client = Client(HTTP_HOST="localhost")
        pages = {}
        for url in (
            "/",
            "/?forum=8",
            "/agreements/",
            "/regions/BY-HO/",
            "/regions/BY-HO/with/RU-SMO/",
            "/sectors/",
            "/map/",
            "/forums/8/",
        ):

            def get(url=url):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            pages[url] = both(get, args.repeat)
        print(
            json.dumps(
                {
                    "rows": args.rows,
                    "database": connection.vendor,
                    "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                    "python": platform.python_version(),
                    "generate_s": round(generate_s, 1),
                    "figures_s": figures,
                    "pages_s": pages,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
