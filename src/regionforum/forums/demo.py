"""A synthetic business programme for one demo forum: participants in Russian and English,
requests, a published schedule, and outcomes of which some deals became agreements.

Everything it makes is flagged `is_synthetic`; the people and organisations are invented, from
the regions of the gazetteer and the phrases of the matching glossary, so that the suggestions
have real offers and needs to work on. It is deterministic and loaded once.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING

from django.db import transaction

from regionforum.forums.models import (
    Attendance,
    Forum,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    Priority,
    ProgrammeDay,
    RequestStatus,
    RunPhase,
    ScheduleRun,
    Slot,
    Table,
)
from regionforum.gazetteer.models import Region
from regionforum.names import organisation_key
from regionforum.registry.models import Agreement, Organisation, OrganisationKind

if TYPE_CHECKING:
    from regionforum.accounts.models import User

DEMO_FORUM = 12
PARTICIPANTS = 150
TABLES = 20
SEED = 2025
REF_PREFIX = "DEMO-"

_BY_REGIONS = ["BY-BR", "BY-HO", "BY-HR", "BY-MA", "BY-MI", "BY-VI", "BY-HM"]
_RU_REGIONS = [
    "RU-SMO",
    "RU-BRY",
    "RU-PSK",
    "RU-KLU",
    "RU-MOS",
    "RU-NIZ",
    "RU-TA",
    "RU-BA",
    "RU-SVE",
    "RU-YAR",
    "RU-TUL",
    "RU-LEN",
    "RU-NVS",
    "RU-KDA",
    "RU-SAM",
    "RU-SAK",
]
# A city of each region, as organisations there are named after it.
_CITIES = {
    "BY-BR": ("Брест", "Brest"),
    "BY-HO": ("Гомель", "Gomel"),
    "BY-HR": ("Гродно", "Grodno"),
    "BY-MA": ("Могилёв", "Mogilev"),
    "BY-MI": ("Борисов", "Borisov"),
    "BY-VI": ("Витебск", "Vitebsk"),
    "BY-HM": ("Минск", "Minsk"),
    "RU-SMO": ("Смоленск", "Smolensk"),
    "RU-BRY": ("Брянск", "Bryansk"),
    "RU-PSK": ("Псков", "Pskov"),
    "RU-KLU": ("Калуга", "Kaluga"),
    "RU-MOS": ("Подольск", "Podolsk"),
    "RU-NIZ": ("Нижний Новгород", "Nizhny Novgorod"),
    "RU-TA": ("Казань", "Kazan"),
    "RU-BA": ("Уфа", "Ufa"),
    "RU-SVE": ("Екатеринбург", "Yekaterinburg"),
    "RU-YAR": ("Ярославль", "Yaroslavl"),
    "RU-TUL": ("Тула", "Tula"),
    "RU-LEN": ("Гатчина", "Gatchina"),
    "RU-NVS": ("Новосибирск", "Novosibirsk"),
    "RU-KDA": ("Краснодар", "Krasnodar"),
    "RU-SAM": ("Тольятти", "Togliatti"),
    "RU-SAK": ("Южно-Сахалинск", "Yuzhno-Sakhalinsk"),
}
# (Russian, English, female): a surname takes "-а"/"-a" for a woman.
_FIRST = [
    ("Андрей", "Andrei", False),
    ("Ольга", "Olga", True),
    ("Сергей", "Sergei", False),
    ("Наталья", "Natalia", True),
    ("Дмитрий", "Dmitry", False),
    ("Елена", "Elena", True),
    ("Игорь", "Igor", False),
    ("Татьяна", "Tatiana", True),
    ("Алексей", "Alexei", False),
    ("Марина", "Marina", True),
    ("Виктор", "Viktor", False),
    ("Светлана", "Svetlana", True),
    ("Павел", "Pavel", False),
    ("Ирина", "Irina", True),
    ("Николай", "Nikolai", False),
    ("Анна", "Anna", True),
]
_LAST = [
    ("Ковалёв", "Kovalev"),
    ("Соколов", "Sokolov"),
    ("Новиков", "Novikov"),
    ("Морозов", "Morozov"),
    ("Волков", "Volkov"),
    ("Лебедев", "Lebedev"),
    ("Козлов", "Kozlov"),
    ("Жуков", "Zhukov"),
    ("Григорьев", "Grigoriev"),
    ("Романов", "Romanov"),
    ("Кузнецов", "Kuznetsov"),
    ("Павлов", "Pavlov"),
    ("Степанов", "Stepanov"),
    ("Белов", "Belov"),
    ("Орлов", "Orlov"),
]
# How an enterprise of a sector is called, in Russian and in English.
_KINDS = {
    "machinery": ("машиностроительный завод", "Machine-Building Plant"),
    "agriculture": ("агрокомбинат", "Agro Complex"),
    "food": ("пищевой комбинат", "Food Combine"),
    "chemicals": ("завод полимерных изделий", "Polymer Plant"),
    "timber": ("деревообрабатывающий комбинат", "Woodworking Mill"),
    "it": ("центр цифровых решений", "Digital Solutions"),
    "medicine": ("фармацевтическое предприятие", "Pharmaceuticals"),
    "education": ("государственный университет", "State University"),
    "tourism": ("туристическая компания", "Travel Company"),
    "logistics": ("транспортно-логистический центр", "Logistics Centre"),
    "energy": ("энергетическая компания", "Energy Company"),
    "construction": ("строительный трест", "Construction Trust"),
    "metallurgy": ("металлургический завод", "Steel Works"),
    "textiles": ("текстильная фабрика", "Textile Mill"),
}
_FORMS_RU = ["ОАО", "ЗАО", "ООО", "АО"]
_FORMS_EN = ["JSC", "LLC", "OJSC"]
# The same in Belarusian, for the Belarusian organisations: they are named in both languages.
_KINDS_BE = {
    "machinery": "машынабудаўнічы завод",
    "agriculture": "агракамбінат",
    "food": "харчовы камбінат",
    "chemicals": "завод палімерных вырабаў",
    "timber": "дрэваапрацоўчы камбінат",
    "it": "цэнтр лічбавых рашэнняў",
    "medicine": "фармацэўтычнае прадпрыемства",
    "education": "дзяржаўны ўніверсітэт",
    "tourism": "турыстычная кампанія",
    "logistics": "транспартна-лагістычны цэнтр",
    "energy": "энергетычная кампанія",
    "construction": "будаўнічы трэст",
    "metallurgy": "металургічны завод",
    "textiles": "тэкстыльная фабрыка",
}
_CITIES_BE = {
    "BY-BR": "Брэст",
    "BY-HO": "Гомель",
    "BY-HR": "Гродна",
    "BY-MA": "Магілёў",
    "BY-MI": "Барысаў",
    "BY-VI": "Віцебск",
    "BY-HM": "Мінск",
}
# A legal form in the other languages: (Russian, Belarusian, English).
_FORMS = {
    form: forms
    for forms in (
        ("ОАО", "ААТ", "OJSC"),
        ("ЗАО", "ЗАТ", "CJSC"),
        ("ООО", "ТАА", "LLC"),
        ("АО", "АТ", "JSC"),
    )
    for form in (forms[0], forms[2])
}


@dataclass(frozen=True, slots=True)
class ProgrammeDemo:
    participants: int
    requests: int
    meetings: int
    scheduled: int
    deals: int
    agreements: int


def _glossary() -> dict:
    text = resources.files("regionforum.matching").joinpath("data/glossary.json").read_text("utf-8")
    return json.loads(text)


def _person(rng: random.Random, language: str) -> str:
    first_ru, first_en, female = rng.choice(_FIRST)
    last_ru, last_en = rng.choice(_LAST)
    if language == "ru":
        return f"{first_ru} {last_ru}{'а' if female else ''}"
    return f"{first_en} {last_en}{'a' if female else ''}"


def _organisation_names(
    rng: random.Random, sector: str, code: str, language: str
) -> dict[str, str]:
    """A synthetic organisation's names: Russian and English, and Belarusian for one in
    Belarus. The form is drawn in `language`, whose name is the one of record."""
    kind_ru, kind_en = _KINDS[sector]
    city_ru, city_en = _CITIES[code]
    kind_be, city_be = _KINDS_BE[sector], _CITIES_BE.get(code)
    if sector == "education":
        names = {"ru": f"{kind_ru.capitalize()} (г. {city_ru})", "en": f"{city_en} {kind_en}"}
        if city_be:
            names["be"] = f"{kind_be.capitalize()} (г. {city_be})"
        return names
    form_ru, form_be, form_en = _FORMS[
        rng.choice(_FORMS_RU) if language == "ru" else rng.choice(_FORMS_EN)
    ]
    names = {
        "ru": f"{form_ru} «{kind_ru.capitalize()} „{city_ru}“»",
        "en": f"{city_en} {kind_en} {form_en}",
    }
    if city_be:
        names["be"] = f"{form_be} «{kind_be.capitalize()} „{city_be}“»"
    return names


def _programme_days(forum: Forum) -> None:
    from regionforum.forums.services import programme_day_add, programme_session_add, tables_ensure

    if ProgrammeDay.objects.filter(forum=forum).exists():
        return
    first = forum.starts_on
    for day_on in (first, first + timedelta(days=1)):
        day = programme_day_add(forum=forum, on=day_on)
        programme_session_add(
            day=day,
            title="Утро / Morning",
            starts_at=time(10, 0),
            ends_at=time(13, 0),
            slot_minutes=20,
        )
        programme_session_add(
            day=day,
            title="День / Afternoon",
            starts_at=time(14, 30),
            ends_at=time(17, 30),
            slot_minutes=20,
        )
    tables_ensure(forum=forum, count=TABLES)


def _participants(forum: Forum, rng: random.Random) -> list[Participant]:
    glossary = _glossary()
    by_sector: dict[str, list[dict]] = {}
    for concept in glossary["concepts"]:
        by_sector.setdefault(concept["sector"], []).append(concept)
    sectors = sorted(by_sector)
    regions = Region.objects.in_bulk([*_BY_REGIONS, *_RU_REGIONS], field_name="code")
    by_codes = [code for code in _BY_REGIONS if code in regions]
    ru_codes = [code for code in _RU_REGIONS if code in regions]
    names: set[str] = set()
    organisations: list[Organisation] = []
    people: list[Participant] = []
    for index in range(PARTICIPANTS):
        belarusian = index % 2 == 0
        code = rng.choice(by_codes if belarusian else ru_codes)
        region = regions[code]
        language = "ru" if index % 4 in (0, 1) else "en"
        sector = sectors[index % len(sectors)]
        partner_sector = rng.choice(sectors)
        offers = rng.sample(by_sector[sector], k=min(2, len(by_sector[sector])))
        seeks = rng.sample(by_sector[partner_sector], k=min(2, len(by_sector[partner_sector])))
        org_names = _organisation_names(rng, sector, code, language)
        if org_names[language] in names:
            org_names = {
                other: f"{text} № {index + 1}" if other != "en" else f"{text} {index + 1}"
                for other, text in org_names.items()
            }
        org_name = org_names[language]
        names.add(org_name)
        name = _person(rng, language)
        if language == "ru":
            offer_text = "Предлагаем: " + ", ".join(rng.choice(c["ru"]) for c in offers)
            seek_text = "Ищем: " + ", ".join(rng.choice(c["ru"]) for c in seeks)
        else:
            offer_text = "We offer " + ", ".join(rng.choice(c["en"]) for c in offers)
            seek_text = "We are looking for " + ", ".join(rng.choice(c["en"]) for c in seeks)
        organisation = Organisation(
            name=org_name,
            kind=OrganisationKind.UNIVERSITY
            if sector == "education"
            else OrganisationKind.ENTERPRISE,
            region=region,
            key=organisation_key(org_name) or org_name.casefold(),
            is_synthetic=True,
            **{f"name_{other}": text for other, text in org_names.items()},
        )
        organisations.append(organisation)
        people.append(
            Participant(
                forum=forum,
                ref=f"{REF_PREFIX}{index + 1:03d}",
                name=name,
                organisation=organisation,
                region=region,
                sectors=sorted({sector, partner_sector} if rng.random() < 0.3 else {sector}),
                offers=offer_text,
                seeks=seek_text,
                languages=[language] if rng.random() < 0.6 else ["ru", "en"],
                is_synthetic=True,
            )
        )
    Organisation.objects.bulk_create(organisations)
    for person in people:
        person.organisation_id = person.organisation.pk
    return Participant.objects.bulk_create(people)


def _requests(forum: Forum, people: list[Participant], rng: random.Random) -> list[MeetingRequest]:
    from regionforum.forums.suggestions import suggestions_for_forum

    by_ref = {person.ref: person for person in people}
    suggested = suggestions_for_forum(forum=forum, limit=6)
    pairs: set[frozenset[int]] = set()
    requests = []
    for person in people:
        choices = suggested.get(person.ref, [])
        for suggestion in choices[: rng.randint(1, 4)]:
            other = by_ref.get(suggestion.participant.ref)
            if other is None or frozenset((person.pk, other.pk)) in pairs:
                continue
            pairs.add(frozenset((person.pk, other.pk)))
            roll = rng.random()
            status = (
                RequestStatus.ACCEPTED
                if roll < 0.65
                else RequestStatus.DECLINED
                if roll < 0.8
                else RequestStatus.CANCELLED
                if roll < 0.85
                else RequestStatus.REQUESTED
            )
            requests.append(
                MeetingRequest(
                    forum=forum,
                    requester=person,
                    invitee=other,
                    priority=Priority.MUST if rng.random() < 0.3 else Priority.WOULD,
                    status=status,
                    message=suggestion.why[:500],
                )
            )
    return MeetingRequest.objects.bulk_create(requests)


def _schedule(forum: Forum) -> dict:
    """Run the programme's scheduler inline over the accepted meetings and publish the run."""
    from django.utils import timezone

    from regionforum.forums.programme import programme_publish, programme_schedule

    result = programme_schedule(forum=forum, time_limit=3.0)
    now = timezone.now()
    run = ScheduleRun.objects.create(
        forum=forum,
        status="done",
        progress=1.0,
        stage="demo",
        phase=RunPhase.DONE,
        meetings=result.meetings,
        placed=result.scheduled,
        best_breaks=result.breaks,
        bound=result.bound,
        time_limit=3.0,
        result=result.as_dict(),
        placements=[list(placement) for placement in result.placements],
        started_at=now,
        finished_at=now,
    )
    programme_publish(run=run)
    return run.result


def _outcomes(meetings: list[Meeting], rng: random.Random, secretariat: User) -> tuple[int, int]:
    """Record attendance and outcomes through the outcomes service; confirm a few deals."""
    from regionforum.forums.outcomes import attendance_record, draft_confirm, outcome_record
    from regionforum.money import Money as Amount

    deals = confirmed = 0
    placed = [meeting for meeting in meetings if meeting.slot is not None]
    for meeting in placed[: len(placed) * 3 // 5]:
        side = meeting.request.invitee if rng.random() < 0.5 else meeting.request.requester
        roll = rng.random()
        if roll < 0.08:
            attendance_record(meeting=meeting, by=side, attendance=Attendance.NO_SHOW)
            continue
        outcome = (
            Outcome.DEAL
            if roll < 0.22
            else Outcome.FOLLOW_UP
            if roll < 0.62
            else Outcome.NO_INTEREST
        )
        recorded = outcome_record(meeting=meeting, by=side, outcome=outcome)
        if outcome != Outcome.DEAL:
            continue
        deals += 1
        if deals % 2 and recorded.agreement is not None:
            draft_confirm(
                agreement=recorded.agreement,
                user=secretariat,
                kind=rng.choice(["contract", "agreement", "memorandum"]),
                signed_on=recorded.agreement.signed_on,
                amount=Amount(
                    value=Decimal(rng.randrange(50, 2500) * 1000),
                    currency=rng.choice(["USD", "RUB", "BYN"]),
                ),
            )
            confirmed += 1
    return deals, confirmed


@transaction.atomic
def demo_programme_load(*, secretariat: User) -> ProgrammeDemo | None:
    """Load the demo forum's programme once; None when it is there already (or no forum).
    `secretariat` is who confirms the deals that became agreements."""
    forum = Forum.objects.filter(number=DEMO_FORUM).first()
    if forum is None or forum.starts_on is None:
        return None
    if Participant.objects.filter(forum=forum, is_synthetic=True).exists():
        return None
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not a secret
    _programme_days(forum)
    people = _participants(forum, rng)
    requests = _requests(forum, people, rng)
    accepted = [request for request in requests if request.status == RequestStatus.ACCEPTED]
    meetings = Meeting.objects.bulk_create(
        Meeting(request=request, forum=forum) for request in accepted
    )
    result = _schedule(forum)
    meetings = list(
        Meeting.objects.filter(forum=forum)
        .select_related(
            "slot", "request__requester__organisation", "request__invitee__organisation"
        )
        .order_by("id")
    )
    deals, confirmed = _outcomes(meetings, rng, secretariat)
    return ProgrammeDemo(
        participants=len(people),
        requests=len(requests),
        meetings=len(meetings),
        scheduled=result["scheduled"],
        deals=deals,
        agreements=confirmed,
    )


@transaction.atomic
def demo_programme_remove() -> int:
    """Take the synthetic programme out: its participants, requests, meetings, the deals'
    agreements and the demo's organisations. Returns the participants removed."""
    forums = list(Forum.objects.filter(participants__is_synthetic=True).distinct())
    agreement_ids = list(
        Meeting.objects.filter(request__requester__is_synthetic=True)
        .exclude(agreement=None)
        .values_list("agreement_id", flat=True)
    )
    from regionforum.registry.models import SourceRecord

    SourceRecord.all_objects.filter(agreement_id__in=agreement_ids).delete()
    Agreement.all_objects.filter(pk__in=agreement_ids).delete()
    participants = Participant.objects.filter(is_synthetic=True)
    organisation_ids = list(participants.values_list("organisation_id", flat=True))
    _total, removed = participants.delete()
    Organisation.objects.filter(
        pk__in=organisation_ids, is_synthetic=True, parties__isnull=True, participants__isnull=True
    ).delete()
    for forum in forums:
        if not forum.participants.exists():
            ScheduleRun.objects.filter(forum=forum).delete()
            ProgrammeDay.objects.filter(forum=forum).delete()
            Slot.objects.filter(forum=forum).delete()
            Table.objects.filter(forum=forum).delete()
    return removed.get(Participant._meta.label, 0)
