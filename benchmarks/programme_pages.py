"""The business programme's statistics, funnel and organiser pages on a large forum.

Builds a fresh database with one forum of P participants, R requests and M accepted meetings
(all scheduled into slots and tables, some held, some deals), then times `programme_stats`,
`programme_funnel` and the programme page's tabs as the secretariat sees them, with the number
of queries each takes. It prints its figures and the machine it ran on.

    REGIONFORUM_DEBUG=1 .venv/bin/python benchmarks/programme_pages.py [--participants 2000]
        [--meetings 10000] [--database-url postgres://postgres@127.0.0.1:5432/bench]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def build(participants: int, meetings: int) -> None:
    from datetime import date
    from datetime import time as clock

    from programme_forum import participants_build
    from regionforum.forums.models import Forum, Meeting, MeetingRequest, Slot, Table
    from regionforum.forums.services import programme_day_add, programme_session_add, tables_ensure

    rng = random.Random(13)
    forum = Forum.objects.create(
        number=99, year=2099, starts_on=date(2099, 6, 1), ends_on=date(2099, 6, 2)
    )
    for on in (date(2099, 6, 1), date(2099, 6, 2)):
        day = programme_day_add(forum=forum, on=on)
        programme_session_add(
            day=day, title="Day", starts_at=clock(9, 0), ends_at=clock(18, 0), slot_minutes=15
        )
    tables_ensure(forum=forum, count=max(1, meetings // 60))
    sectors = ["machinery", "food", "chemicals", "it", "energy", "timber", "medicine"]
    people = participants_build(
        forum, participants, rng, lambda: rng.sample(sectors, k=rng.randint(1, 2))
    )
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < meetings * 1.3:
        a, b = rng.sample(range(participants), 2)
        pairs.add((a, b))
    statuses = ["accepted"] * meetings + ["declined", "requested"] * (len(pairs) - meetings)
    requests = MeetingRequest.objects.bulk_create(
        MeetingRequest(forum=forum, requester=people[a], invitee=people[b], status=status)
        for (a, b), status in zip(sorted(pairs), statuses, strict=False)
    )
    slots = list(Slot.objects.filter(forum=forum))
    tables = list(Table.objects.filter(forum=forum))
    cells = [(slot, table) for slot in slots for table in tables]
    rng.shuffle(cells)
    Meeting.objects.bulk_create(
        Meeting(
            request=request,
            forum=forum,
            slot=cells[index][0] if index < len(cells) else None,
            table=cells[index][1] if index < len(cells) else None,
            attendance=rng.choice(["held", "held", "held", "no-show", "expected"]),
            outcome=rng.choice(["", "follow-up", "no interest", "deal"]),
        )
        for index, request in enumerate(r for r in requests if r.status == "accepted")
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=10000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    from programme_forum import django_start

    django_start(prefix="programme-bench-", database_url=args.database_url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from regionforum.accounts.models import User
    from regionforum.forums.models import Forum
    from regionforum.forums.stats import programme_funnel, programme_stats

    started = time.perf_counter()
    build(args.participants, args.meetings)
    print(f"setup: {args.participants} participants, {args.meetings} accepted meetings "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    forum = Forum.objects.get(number=99)
    for name, call in (
        ("programme_stats", lambda: programme_stats(forum=forum)),
        ("programme_funnel", lambda: programme_funnel(forum=forum)),
    ):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            call()
            seconds = time.perf_counter() - started
        print(f"{name}: {seconds * 1000:.0f} ms, {len(queries)} queries")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.create(username="bench", role="secretariat"))
    for tab in ("statistics", "participants", "requests", "schedule"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(f"/forums/99/programme/?tab={tab}")
            seconds = time.perf_counter() - started
        print(
            f"page ?tab={tab}: {response.status_code}, {seconds * 1000:.0f} ms, "
            f"{len(queries)} queries, {len(response.content) / 1024:.0f} KiB"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB; {connection.vendor}; Python {platform.python_version()}; "
          f"{platform.machine()} with {os.cpu_count()} cores")  # fmt: skip


if __name__ == "__main__":
    main()
