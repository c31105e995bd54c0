"""What the programme benchmarks share: a fresh database, and a forum's people to fill it.

programme_pages.py and programme_large.py each build one large synthetic forum (number 99) on
a database of their own; this module starts Django on it and creates the regions, the
organisations and one participant of each.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Callable
from typing import Any


def django_start(*, prefix: str, database_url: str) -> str:
    """Start Django on a scratch data folder (and `database_url` when given), migrate it, and
    return the folder."""
    folder = tempfile.mkdtemp(prefix=prefix)
    os.environ.setdefault("REGIONFORUM_DEBUG", "1")
    os.environ["REGIONFORUM_DATA_DIR"] = folder
    if database_url:
        os.environ["REGIONFORUM_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionforum.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return folder


def participants_build(
    forum: Any, count: int, rng: random.Random, sectors: Callable[[], list[str]]
) -> list[Any]:
    """`count` participants of `forum`, each of an organisation of its own in one of 6
    Belarusian and 40 Russian regions, with `sectors()` as their sectors."""
    from regionforum.forums.models import Participant
    from regionforum.gazetteer.models import Country, Region
    from regionforum.registry.models import Organisation

    by = Country.objects.create(code="BY", name_en="Belarus", name_ru="Беларусь")
    ru = Country.objects.create(code="RU", name_en="Russia", name_ru="Россия")
    regions = [
        Region.objects.create(code=f"BY-{i}", country=by, name_en=f"BY {i}", name_ru=f"БЕЛ {i}")
        for i in range(6)
    ] + [
        Region.objects.create(code=f"RU-{i}", country=ru, name_en=f"RU {i}", name_ru=f"РОС {i}")
        for i in range(40)
    ]
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Org {i}", key=f"org {i}", region=rng.choice(regions))
        for i in range(count)
    )
    return Participant.objects.bulk_create(
        Participant(
            forum=forum,
            ref=f"P{i:05d}",
            name=f"Person {i}",
            organisation=org,
            region_id=org.region_id,
            sectors=sectors(),
        )
        for i, org in enumerate(organisations)
    )
