"""Writes for forums: the forum calendar, and the programme's days, slots, tables, delegations
and participants. Meeting requests are in `forums.meetings`."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils.translation import gettext as _

from regionforum.forums.errors import ProgrammeError
from regionforum.forums.models import (
    Delegation,
    Forum,
    LeaderRole,
    Participant,
    ProgrammeDay,
    ProgrammeSession,
    Slot,
    Table,
    Unavailability,
)

if TYPE_CHECKING:
    from regionforum.accounts.models import User
    from regionforum.gazetteer.models import Region
    from regionforum.registry.models import Organisation


def _calendar_rows() -> list[dict[str, str]]:
    text = resources.files("regionforum.forums").joinpath("data/forums.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _dates(text: str) -> tuple[date | None, date | None]:
    if not text:
        return None, None
    first, _sep, last = text.partition("/")
    return date.fromisoformat(first), date.fromisoformat(last or first)


@transaction.atomic
def forum_calendar_load() -> tuple[int, int]:
    """Create or refresh the forums from the shipped calendar. Returns (created, updated)."""
    created = updated = 0
    for row in _calendar_rows():
        starts_on, ends_on = _dates(row["dates"])
        fields = {
            "year": int(row["year"]),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "host_cities": row["host_cities"],
            "theme": row["theme"],
            "theme_ru": row["theme_ru"],
            "theme_en": row["theme_en"],
            "announced_agreements": int(row["agreements_signed"])
            if row["agreements_signed"]
            else None,
            "announced_value": Decimal(row["total_value"]) if row["total_value"] else None,
            "announced_currency": row["currency"],
            "source": row["source"],
        }
        forum, was_created = Forum.objects.get_or_create(number=int(row["number"]), defaults=fields)
        if was_created:
            created += 1
        elif any(getattr(forum, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(forum, name, value)
            forum.save()
            updated += 1
    return created, updated


# --- The programme: days, sessions, slots and tables ------------------------------------------


def forum_zone(*, forum: Forum) -> ZoneInfo:
    """The forum's time zone; a name that is not an IANA zone is refused."""
    try:
        return ZoneInfo(forum.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ProgrammeError(
            _('"%(zone)s" is not a time zone; use an IANA name such as Europe/Minsk.')
            % {"zone": forum.time_zone}
        ) from None


def programme_day_add(*, forum: Forum, on: date) -> ProgrammeDay:
    """A day of the programme; it must be one of the forum's days."""
    if forum.starts_on is None or forum.ends_on is None:
        raise ProgrammeError(
            _("Forum %(forum)s has no dates yet; set them before its programme.")
            % {"forum": forum.number}
        )
    if not forum.starts_on <= on <= forum.ends_on:
        raise ProgrammeError(
            _("%(day)s is not a day of forum %(forum)s (%(first)s to %(last)s).")
            % {
                "day": on.isoformat(),
                "forum": forum.number,
                "first": forum.starts_on.isoformat(),
                "last": forum.ends_on.isoformat(),
            }
        )
    day, _created = ProgrammeDay.objects.get_or_create(forum=forum, on=on)
    return day


@transaction.atomic
def programme_session_add(
    *, day: ProgrammeDay, title: str, starts_at: time, ends_at: time, slot_minutes: int
) -> ProgrammeSession:
    """A session of equal slots from `starts_at` to `ends_at`, local time; a remainder shorter
    than a slot is left free. Sessions of one day must not overlap."""
    if slot_minutes < 5:
        raise ProgrammeError(_("A slot lasts at least 5 minutes."))
    if ends_at <= starts_at:
        raise ProgrammeError(_("A session must end after it starts."))
    zone = forum_zone(forum=day.forum)
    start = datetime.combine(day.on, starts_at, tzinfo=zone)
    end = datetime.combine(day.on, ends_at, tzinfo=zone)
    length = timedelta(minutes=slot_minutes)
    if start + length > end:
        raise ProgrammeError(
            _("The session is shorter than one slot of %(minutes)s minutes.")
            % {"minutes": slot_minutes}
        )
    clash = day.sessions.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).first()
    if clash is not None:
        raise ProgrammeError(
            _('The session overlaps "%(title)s" (%(start)s–%(end)s).')
            % {
                "title": clash.title,
                "start": clash.starts_at.strftime("%H:%M"),
                "end": clash.ends_at.strftime("%H:%M"),
            }
        )
    session = ProgrammeSession.objects.create(
        day=day, title=title, starts_at=starts_at, ends_at=ends_at, slot_minutes=slot_minutes
    )
    slots = []
    moment = start
    while moment + length <= end:
        slots.append(
            Slot(forum=day.forum, session=session, starts_at=moment, ends_at=moment + length)
        )
        moment += length
    Slot.objects.bulk_create(slots)
    return session


@transaction.atomic
def tables_ensure(*, forum: Forum, count: int, prefix: str = "") -> list[Table]:
    """Make the forum hold tables 1..count (more are kept), named "<prefix> N" when new."""
    if count < 1:
        raise ProgrammeError(_("A programme needs at least one table."))
    existing = set(forum.tables.values_list("number", flat=True))
    Table.objects.bulk_create(
        Table(forum=forum, number=number, name=f"{prefix} {number}".strip() if prefix else "")
        for number in range(1, count + 1)
        if number not in existing
    )
    return list(forum.tables.order_by("number"))


def delegation_create(
    *, forum: Forum, region: Region, leader_name: str, leader_role: str
) -> Delegation:
    """A region's delegation; a region sends one delegation to a forum."""
    if leader_role not in LeaderRole.values:
        raise ProgrammeError(
            _("Unknown office %(role)s; use one of %(roles)s.")
            % {"role": leader_role, "roles": ", ".join(LeaderRole.values)}
        )
    if not leader_name.strip():
        raise ProgrammeError(_("A delegation needs the name of the person who leads it."))
    if Delegation.objects.filter(forum=forum, region=region).exists():
        raise ProgrammeError(
            _("%(region)s already has a delegation at forum %(forum)s.")
            % {"region": region.code, "forum": forum.number}
        )
    return Delegation.objects.create(
        forum=forum, region=region, leader_name=leader_name.strip(), leader_role=leader_role
    )


# --- Participants ----------------------------------------------------------------------------

_LANGUAGE = re.compile(r"^[a-z]{2}$")
MAX_REF = 100


def _participant_fields(
    *,
    forum: Forum,
    ref: str,
    name: str,
    organisation: Organisation,
    sectors: Sequence[str],
    languages: Sequence[str],
    delegation: Delegation | None,
) -> tuple[str, str, list[str], list[str]]:
    ref, name = ref.strip(), " ".join(name.split())
    if not ref:
        raise ProgrammeError(_("A participant needs a reference."))
    if len(ref) > MAX_REF:
        raise ProgrammeError(
            _("A reference has at most %(limit)s characters.") % {"limit": MAX_REF}
        )
    if not name:
        raise ProgrammeError(_("A participant needs a name."))
    bad = [code for code in languages if not _LANGUAGE.match(code)]
    if bad:
        raise ProgrammeError(
            _("%(codes)s: a language is an ISO 639-1 code such as ru, be or en.")
            % {"codes": ", ".join(bad)}
        )
    if delegation is not None and (
        delegation.forum_id != forum.pk or delegation.region_id != organisation.region_id
    ):
        raise ProgrammeError(
            _("A participant joins only the delegation of their own region at the same forum.")
        )
    clean_sectors = list(dict.fromkeys(" ".join(s.split()) for s in sectors if s.strip()))
    return ref, name, clean_sectors, list(dict.fromkeys(languages))


@transaction.atomic
def participant_create(
    *,
    forum: Forum,
    ref: str,
    name: str,
    organisation: Organisation,
    sectors: Sequence[str] = (),
    offers: str = "",
    seeks: str = "",
    languages: Sequence[str] = (),
    unavailable: Iterable[tuple[datetime, datetime]] = (),
    delegation: Delegation | None = None,
    user: User | None = None,
    is_synthetic: bool = False,
) -> Participant:
    """A participant of the forum's programme; the region is their organisation's."""
    ref, name, clean_sectors, clean_languages = _participant_fields(
        forum=forum,
        ref=ref,
        name=name,
        organisation=organisation,
        sectors=sectors,
        languages=languages,
        delegation=delegation,
    )
    if Participant.objects.filter(forum=forum, ref=ref).exists():
        raise ProgrammeError(
            _('Forum %(forum)s already has a participant "%(ref)s".')
            % {"forum": forum.number, "ref": ref}
        )
    participant = Participant.objects.create(
        forum=forum,
        ref=ref,
        name=name,
        organisation=organisation,
        region_id=organisation.region_id,
        sectors=clean_sectors,
        offers=offers.strip(),
        seeks=seeks.strip(),
        languages=clean_languages,
        delegation=delegation,
        user=user,
        is_synthetic=is_synthetic,
    )
    participant_unavailable_set(participant=participant, periods=unavailable)
    return participant


@transaction.atomic
def participant_table_set(*, participant: Participant, table: Table | None) -> bool:
    """Let the participant keep table all day (None: no table of its own); True if changed."""
    if table is not None and table.forum_id != participant.forum_id:
        raise ProgrammeError(
            _("Table %(table)s is not a table of forum %(forum)s.")
            % {"table": table.number, "forum": participant.forum.number}
        )
    if participant.table_id == (table.pk if table else None):
        return False
    participant.table = table
    participant.save(update_fields=["table", "updated_at"])
    return True


def participant_update(
    *,
    participant: Participant,
    name: str,
    organisation: Organisation,
    sectors: Sequence[str] = (),
    offers: str = "",
    seeks: str = "",
    languages: Sequence[str] = (),
    unavailable: Iterable[tuple[datetime, datetime]] = (),
    delegation: Delegation | None = None,
) -> bool:
    """Replace what the participant's profile says; True when anything changed."""
    _ref, name, clean_sectors, clean_languages = _participant_fields(
        forum=participant.forum,
        ref=participant.ref,
        name=name,
        organisation=organisation,
        sectors=sectors,
        languages=languages,
        delegation=delegation,
    )
    fields = {
        "name": name,
        "organisation_id": organisation.pk,
        "region_id": organisation.region_id,
        "sectors": clean_sectors,
        "offers": offers.strip(),
        "seeks": seeks.strip(),
        "languages": clean_languages,
        "delegation_id": delegation.pk if delegation else None,
    }
    changed = [key for key, value in fields.items() if getattr(participant, key) != value]
    for key in changed:
        setattr(participant, key, fields[key])
    if changed:
        participant.save()
    periods = sorted(unavailable)
    current = list(
        participant.unavailable.order_by("starts_at").values_list("starts_at", "ends_at")
    )
    if current != periods:
        participant_unavailable_set(participant=participant, periods=periods)
        changed.append("unavailable")
    return bool(changed)


@transaction.atomic
def participant_unavailable_set(
    *, participant: Participant, periods: Iterable[tuple[datetime, datetime]]
) -> None:
    """Replace the times the participant cannot meet; each period must be aware and forward."""
    rows = []
    for starts_at, ends_at in periods:
        if starts_at.tzinfo is None or ends_at.tzinfo is None:
            raise ProgrammeError(_("An unavailable time needs its time zone."))
        if ends_at <= starts_at:
            raise ProgrammeError(
                _("An unavailable time must end after it starts (%(start)s).")
                % {"start": starts_at.isoformat()}
            )
        rows.append(Unavailability(participant=participant, starts_at=starts_at, ends_at=ends_at))
    participant.unavailable.all().delete()
    Unavailability.objects.bulk_create(rows)
