"""How long partner suggestions take for a big forum, through the service the CLI and the web
use (forums/suggestions.py), on a real database.

Generates a forum of 2,000 synthetic participants (the main phrase bank of
benchmarks/data/suggest/, another seed) into a fresh database, then times:
- `suggestions_for_forum`: the 10 best suggestions of every participant at once;
- `suggestions_for`: one participant's suggestions, as the page and `regionforum suggest`
  compute them: with the forum's index kept from the call before, and after a profile changed
  (the index is rebuilt).

    PYTHONPATH=src .venv/bin/python benchmarks/suggest_speed.py [--participants 2000]
        [--database-url postgres://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from reconcile_common import setup

DATA = Path(__file__).resolve().parent / "data" / "suggest"


def load(count: int) -> object:
    sys.path.insert(0, str(DATA))
    import bank_main
    from build import profiles

    from regionforum.forums.models import Forum, Participant
    from regionforum.gazetteer.models import Region
    from regionforum.gazetteer.services import gazetteer_load
    from regionforum.names import organisation_key
    from regionforum.registry.models import Organisation

    gazetteer_load()
    regions = {region.code: region for region in Region.objects.all()}
    fallback = next(iter(regions.values()))
    forum = Forum.objects.create(number=99, year=2030)
    items = profiles(bank_main, count, seed=2026)
    names = {(item["organisation"], item["region"]) for item in items}
    organisations = {
        (name, code): Organisation(
            name=name,
            key=organisation_key(name),
            region=regions.get(code, fallback),
            is_synthetic=True,
        )
        for name, code in sorted(names)
    }
    Organisation.objects.bulk_create(organisations.values())
    Participant.objects.bulk_create(
        Participant(
            forum=forum,
            ref=item["ref"],
            name=item["name"],
            organisation=organisations[(item["organisation"], item["region"])],
            region=regions.get(item["region"], fallback),
            sectors=item["sectors"],
            offers=item["offers"],
            seeks=item["seeks"],
            languages=item["languages"],
            is_synthetic=True,
        )
        for item in items
    )
    return forum


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(args.database_url, Path(folder))
        from django.db import connection

        from regionforum.forums.models import Participant
        from regionforum.forums.suggestions import suggestions_for, suggestions_for_forum

        forum = load(args.participants)
        print(
            f"# {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
            f"{connection.vendor}, {args.participants} participants"
        )
        started = time.perf_counter()
        everyone = suggestions_for_forum(forum=forum, limit=10)
        forum_seconds = time.perf_counter() - started
        suggested = sum(len(suggestions) for suggestions in everyone.values())
        print(
            f"suggestions_for_forum: {forum_seconds:.2f} s for {len(everyone)} participants "
            f"({suggested} suggestions)"
        )
        participant = Participant.objects.filter(forum=forum).order_by("ref").first()
        assert participant is not None
        for other in ("P0002", "P0003"):
            # Index kept from the run before: what a page that does not change the forum pays.
            started = time.perf_counter()
            suggestions_for(participant=Participant.objects.get(forum=forum, ref=other), limit=10)
            print(f"suggestions_for {other} (index kept): {time.perf_counter() - started:.2f} s")
        Participant.objects.filter(pk=participant.pk).update(seeks=participant.seeks + "; hotels")
        participant.refresh_from_db()
        started = time.perf_counter()
        suggestions_for(participant=participant, limit=10)
        print(
            f"suggestions_for {participant.ref} (a profile changed, index rebuilt): "
            f"{time.perf_counter() - started:.2f} s"
        )


if __name__ == "__main__":
    main()
