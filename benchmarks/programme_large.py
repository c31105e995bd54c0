"""A large forum's business programme end to end: schedule, publish, and every agenda.

Builds a fresh database with one forum of P participants and M accepted meetings, none placed
yet, shaped as benchmarks/schedule_large.py shapes its problem (one afternoon of 16 slots).
Then it times what the organiser's Schedule button sets off and what follows it: the schedule
run as the task runs it (`schedule_run_execute`: read, solve within --time-limit, write),
publication, every participant's and every table's agenda as a printable page and an .ics
(`forum_agendas_build`), the agenda page behind the private link and the PDF for a sample of
participants. It prints the figures (breaks against the scheduler's lower bound, seconds per
step, peak memory of this process and of the largest solver child process) and the machine it
ran on. Issue 13's target: at most 2 minutes and under 2 GiB for 2,000 participants and
10,000 meetings.

    REGIONFORUM_DEBUG=1 .venv/bin/python benchmarks/programme_large.py [--participants 2000]
        [--meetings 10000] [--slots 16] [--time-limit 60] [--pdf-sample 20]
        [--database-url postgres://postgres@127.0.0.1:5432/bench]
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

TARGET_SECONDS = 120.0
TARGET_MIB = 2048.0


def build(participants: int, meetings: int, *, slots: int, max_meetings: int = 12) -> None:
    """The forum of schedule_large.py, in the database: one afternoon of 15-minute slots,
    popularity skewed (some are asked far more often), at most max_meetings each, a tenth of
    the participants arriving late or leaving early, a tenth more tables than the average need.
    """
    from datetime import date, datetime, timedelta
    from datetime import time as clock
    from zoneinfo import ZoneInfo

    from programme_forum import participants_build
    from regionforum.forums.models import (
        Forum,
        Meeting,
        MeetingRequest,
        Unavailability,
    )
    from regionforum.forums.services import programme_day_add, programme_session_add, tables_ensure

    rng = random.Random(13)
    on = date(2099, 6, 1)
    forum = Forum.objects.create(number=99, year=2099, starts_on=on, ends_on=on)
    begins = datetime.combine(on, clock(14, 0), ZoneInfo(forum.time_zone))
    slot = timedelta(minutes=15)
    ends = begins + slots * slot
    programme_session_add(
        day=programme_day_add(forum=forum, on=on),
        title="B2B",
        starts_at=begins.time(),
        ends_at=ends.time(),
        slot_minutes=15,
    )
    tables_ensure(forum=forum, count=-(-meetings // slots) * 11 // 10)
    people = participants_build(forum, participants, rng, lambda: ["machinery"])
    weights = [rng.paretovariate(2.0) for _ in range(participants)]
    load = [0] * participants
    pairs: set[tuple[int, int]] = set()
    everyone = list(range(participants))
    while len(pairs) < meetings:
        a, b = rng.choices(everyone, weights=weights, k=2)
        if a == b or (a, b) in pairs or (b, a) in pairs or max(load[a], load[b]) >= max_meetings:
            continue
        pairs.add((a, b))
        load[a] += 1
        load[b] += 1
    away = []
    for index, person in enumerate(people):
        free = slots - load[index]
        if free >= 2 and rng.random() < 0.1:
            span = rng.randint(1, min(3, free - 1)) * slot
            late = rng.random() < 0.5
            away.append(
                Unavailability(
                    participant=person,
                    starts_at=begins if late else ends - span,
                    ends_at=begins + span if late else ends,
                )
            )
    Unavailability.objects.bulk_create(away)
    requests = MeetingRequest.objects.bulk_create(
        MeetingRequest(
            forum=forum,
            requester=people[a],
            invitee=people[b],
            priority="must" if rng.random() < 0.2 else "would",
            status="accepted",
        )
        for a, b in sorted(pairs)
    )
    Meeting.objects.bulk_create(Meeting(request=request, forum=forum) for request in requests)


def mib(kilobytes: float) -> float:
    return kilobytes / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=10000)
    parser.add_argument("--slots", type=int, default=16)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--pdf-sample", type=int, default=20)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    from programme_forum import django_start

    folder = django_start(prefix="programme-large-", database_url=args.database_url)
    from django.db import connection
    from django.test import Client

    from regionforum.forums.models import Forum, Participant
    from regionforum.forums.programme import programme_publish
    from regionforum.forums.schedule_runs import schedule_run_create, schedule_run_execute
    from regionforum.web.agendas import forum_agendas_build

    started = time.perf_counter()
    build(args.participants, args.meetings, slots=args.slots)
    print(
        f"setup: {args.participants} participants, {args.meetings} accepted meetings "
        f"in {time.perf_counter() - started:.1f} s (not counted)"
    )
    forum = Forum.objects.get(number=99)
    steps: dict[str, float] = {}

    mark = time.perf_counter()
    run = schedule_run_create(forum=forum, user=None, time_limit=args.time_limit).run
    run = schedule_run_execute(run_id=run.pk)
    steps["schedule run"] = time.perf_counter() - mark
    if run.status != "done":
        raise SystemExit(f"the run failed: {run.error}")
    mark = time.perf_counter()
    programme_publish(run=run)
    steps["publish"] = time.perf_counter() - mark

    mark = time.perf_counter()
    built = forum_agendas_build(forum=forum, out=Path(folder) / "agendas")
    steps["every agenda page and .ics"] = time.perf_counter() - mark

    sample = list(
        Participant.objects.filter(forum=forum)
        .order_by("?")
        .values_list("agenda_token", flat=True)[: args.pdf_sample]
    )
    client = Client(HTTP_HOST="127.0.0.1")
    mark = time.perf_counter()
    for token in sample:
        page = client.get(f"/agenda/{token}/")
        assert page.status_code == 200, page.status_code
    steps[f"agenda page for {len(sample)}"] = time.perf_counter() - mark
    mark = time.perf_counter()
    pdf_bytes = 0
    for token in sample:
        pdf = client.get(f"/agenda/{token}/agenda.pdf")
        assert pdf.status_code == 200, pdf.status_code
        pdf_bytes += len(pdf.content)
    steps[f"agenda PDF for {len(sample)}"] = time.perf_counter() - mark
    total = sum(steps.values())

    result = run.result
    print(
        f"schedule: {result['scheduled']} of {result['meetings']} meetings placed "
        f"({len(result['unscheduled'])} left out), status {result['status']}, "
        f"breaks {result['breaks']} against a lower bound of {result['bound']}"
    )
    print("  scheduler stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in result["stages"].items()))
    print(
        f"agendas: {built.participants} participants and {built.tables} tables, "
        f"{built.html_bytes / 2**20:.1f} MiB of pages, {built.ics_bytes / 2**20:.1f} MiB of .ics, "
        f"{pdf_bytes / 2**10 / max(1, len(sample)):.0f} KiB a PDF"
    )
    for name, seconds in steps.items():
        print(f"  {name}: {seconds:.1f} s")
    own = mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    child = mib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(
        f"total {total:.1f} s (target {TARGET_SECONDS:.0f} s: "
        f"{'met' if total <= TARGET_SECONDS else 'MISSED'}); peak memory {own:.0f} MiB, "
        f"largest child process {child:.0f} MiB (target {TARGET_MIB:.0f} MiB: "
        f"{'met' if max(own, child) < TARGET_MIB else 'MISSED'})"
    )
    print(
        f"time limit {args.time_limit:.0f} s; {connection.vendor}; Python "
        f"{platform.python_version()}; {platform.machine()} with {os.cpu_count()} cores "
        f"(shared with other work)"
    )


if __name__ == "__main__":
    main()
