from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from regionforum.forums.errors import ProgrammeError
from regionforum.forums.models import Slot
from regionforum.forums.selectors import participant_get, participant_list, slot_list
from regionforum.forums.services import (
    delegation_create,
    participant_create,
    participant_update,
    programme_day_add,
    programme_session_add,
    tables_ensure,
)
from tests.factories import ForumFactory, OrganisationFactory, RegionFactory
from tests.forums.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
MINSK = ZoneInfo("Europe/Minsk")


def test_programme_session_add_makes_slots_in_the_forum_time_zone():
    forum = ForumFactory(number=8)
    day = programme_day_add(forum=forum, on=date(2021, 6, 29))
    session = programme_session_add(
        day=day, title="Morning", starts_at=time(10, 0), ends_at=time(11, 40), slot_minutes=30
    )

    starts = [slot.starts_at for slot in session.slots.order_by("starts_at")]
    assert starts == [
        datetime(2021, 6, 29, 7, 0, tzinfo=UTC),
        datetime(2021, 6, 29, 7, 30, tzinfo=UTC),
        datetime(2021, 6, 29, 8, 0, tzinfo=UTC),
    ]
    assert [s.astimezone(MINSK).strftime("%H:%M") for s in starts] == ["10:00", "10:30", "11:00"]


def test_programme_session_add_follows_a_forum_in_another_zone():
    forum = ForumFactory(number=9, time_zone="Europe/Moscow")
    day = programme_day_add(forum=forum, on=forum.starts_on)
    session = programme_session_add(
        day=day, title="Утро", starts_at=time(9, 0), ends_at=time(9, 20), slot_minutes=20
    )
    assert session.slots.get().starts_at == datetime(2022, 6, 29, 6, 0, tzinfo=UTC)


def test_programme_day_add_refuses_a_day_outside_the_forum():
    forum = ForumFactory(number=8)
    with pytest.raises(ProgrammeError) as error:
        programme_day_add(forum=forum, on=date(2021, 7, 2))
    assert error.value.message == "2021-07-02 is not a day of forum 8 (2021-06-29 to 2021-06-30)."


def test_programme_session_add_refuses_an_overlapping_session():
    forum = ForumFactory(number=8)
    day = programme_day_add(forum=forum, on=date(2021, 6, 29))
    programme_session_add(
        day=day, title="Morning", starts_at=time(10, 0), ends_at=time(12, 0), slot_minutes=30
    )
    with pytest.raises(ProgrammeError) as error:
        programme_session_add(
            day=day, title="Late", starts_at=time(11, 30), ends_at=time(13, 0), slot_minutes=30
        )
    assert error.value.message == 'The session overlaps "Morning" (10:00–12:00).'
    assert Slot.objects.count() == 4


def test_programme_session_add_refuses_a_session_shorter_than_a_slot():
    forum = ForumFactory(number=8)
    day = programme_day_add(forum=forum, on=date(2021, 6, 29))
    with pytest.raises(ProgrammeError):
        programme_session_add(
            day=day, title="Short", starts_at=time(10, 0), ends_at=time(10, 20), slot_minutes=30
        )


def test_tables_ensure_adds_only_missing_tables():
    forum = ForumFactory(number=8)
    tables_ensure(forum=forum, count=2, prefix="Table")
    tables = tables_ensure(forum=forum, count=3, prefix="Стол")
    assert [(table.number, table.name) for table in tables] == [
        (1, "Table 1"),
        (2, "Table 2"),
        (3, "Стол 3"),
    ]


def test_participant_create_takes_the_region_of_the_organisation():
    forum = ForumFactory(number=8)
    organisation = OrganisationFactory(region=RegionFactory(code="RU-SMO"))
    delegation = delegation_create(
        forum=forum, region=organisation.region, leader_name="В. Анохин", leader_role="governor"
    )
    participant = participant_create(
        forum=forum,
        ref=" A1 ",
        name="Иван  Петров",
        organisation=organisation,
        sectors=["агропром", "агропром", " "],
        offers="льняное волокно",
        seeks="polymer film",
        languages=["ru", "en"],
        unavailable=[(datetime(2021, 6, 29, 7, tzinfo=UTC), datetime(2021, 6, 29, 8, tzinfo=UTC))],
        delegation=delegation,
    )
    fetched = participant_get(forum=forum, ref="A1")
    assert (fetched.ref, fetched.name, fetched.region.code, fetched.sectors) == (
        "A1",
        "Иван Петров",
        "RU-SMO",
        ["агропром"],
    )
    assert fetched.delegation == delegation
    assert list(delegation.members.all()) == [participant]
    assert [(u.starts_at.hour, u.ends_at.hour) for u in fetched.unavailable.all()] == [(7, 8)]


def test_participant_create_refuses_a_ref_taken_in_the_forum():
    participant = ParticipantFactory(ref="A1")
    with pytest.raises(ProgrammeError) as error:
        participant_create(
            forum=participant.forum, ref="A1", name="Other", organisation=OrganisationFactory()
        )
    assert error.value.message == 'Forum 8 already has a participant "A1".'


def test_participant_create_same_ref_in_another_forum_is_allowed():
    ParticipantFactory(ref="A1")
    other = participant_create(
        forum=ForumFactory(number=9), ref="A1", name="Other", organisation=OrganisationFactory()
    )
    assert other.forum.number == 9


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ref": ""}, "A participant needs a reference."),
        ({"name": "  "}, "A participant needs a name."),
        (
            {"languages": ["russian"]},
            "russian: a language is an ISO 639-1 code such as ru, be or en.",
        ),
    ],
)
def test_participant_create_refuses_bad_fields(fields, message):
    arguments = {"ref": "A1", "name": "Anna", "languages": ["ru"], **fields}
    with pytest.raises(ProgrammeError) as error:
        participant_create(
            forum=ForumFactory(number=8), organisation=OrganisationFactory(), **arguments
        )
    assert error.value.message == message


def test_participant_create_refuses_a_naive_or_backward_unavailable_time():
    forum, organisation = ForumFactory(number=8), OrganisationFactory()
    with pytest.raises(ProgrammeError):
        participant_create(
            forum=forum,
            ref="A1",
            name="Anna",
            organisation=organisation,
            unavailable=[(datetime(2021, 6, 29, 10), datetime(2021, 6, 29, 11))],
        )
    with pytest.raises(ProgrammeError):
        participant_create(
            forum=forum,
            ref="A1",
            name="Anna",
            organisation=organisation,
            unavailable=[
                (datetime(2021, 6, 29, 9, tzinfo=UTC), datetime(2021, 6, 29, 8, tzinfo=UTC))
            ],
        )
    assert participant_list(forum=forum).count() == 0


def test_participant_create_refuses_another_region_s_delegation():
    forum = ForumFactory(number=8)
    delegation = delegation_create(
        forum=forum,
        region=RegionFactory(code="BY-HO"),
        leader_name="И. Крупко",
        leader_role="chairman",
    )
    with pytest.raises(ProgrammeError):
        participant_create(
            forum=forum,
            ref="A1",
            name="Anna",
            organisation=OrganisationFactory(region=RegionFactory(code="RU-SMO")),
            delegation=delegation,
        )


def test_delegation_create_one_per_region_and_known_office():
    forum, region = ForumFactory(number=8), RegionFactory(code="BY-HO")
    delegation_create(forum=forum, region=region, leader_name="И. Крупко", leader_role="chairman")
    with pytest.raises(ProgrammeError):
        delegation_create(forum=forum, region=region, leader_name="Other", leader_role="chairman")
    with pytest.raises(ProgrammeError):
        delegation_create(
            forum=forum, region=RegionFactory(code="RU-SMO"), leader_name="X", leader_role="mayor"
        )


def test_participant_update_reports_whether_anything_changed():
    participant = ParticipantFactory(offers="flax")
    same = {
        "name": participant.name,
        "organisation": participant.organisation,
        "sectors": ["machinery"],
        "offers": "flax",
        "languages": ["ru"],
    }
    assert participant_update(participant=participant, **same) is False
    assert participant_update(participant=participant, **{**same, "offers": "linen"}) is True
    participant.refresh_from_db()
    assert participant.offers == "linen"


def test_slot_list_is_in_time_order(django_assert_num_queries):
    forum = ForumFactory(number=8)
    day = programme_day_add(forum=forum, on=date(2021, 6, 29))
    programme_session_add(
        day=day, title="Afternoon", starts_at=time(14, 0), ends_at=time(15, 0), slot_minutes=30
    )
    programme_session_add(
        day=day, title="Morning", starts_at=time(10, 0), ends_at=time(11, 0), slot_minutes=30
    )
    with django_assert_num_queries(1):
        titles = [slot.session.title for slot in slot_list(forum=forum)]
    assert titles == ["Morning", "Morning", "Afternoon", "Afternoon"]


@pytest.mark.parametrize("count", [1, 3])
def test_participant_list_query_count(django_assert_num_queries, count):
    forum = ForumFactory(number=8)
    for _ in range(count):
        ParticipantFactory(forum=forum)
    with django_assert_num_queries(2):
        rows = [
            (p.organisation.name, p.region.code, list(p.unavailable.all()))
            for p in participant_list(forum=forum)
        ]
    assert len(rows) == count


def test_participant_table_must_be_one_of_its_forum_s_tables():
    from django.core.exceptions import ValidationError

    from regionforum.forums.services import participant_table_set

    forum, other = ForumFactory(number=8), ForumFactory(number=9)
    tables_ensure(forum=forum, count=2)
    tables_ensure(forum=other, count=2)
    participant = ParticipantFactory(forum=forum)
    foreign = other.tables.get(number=1)
    with pytest.raises(ProgrammeError) as caught:
        participant_table_set(participant=participant, table=foreign)
    assert caught.value.message == "Table 1 is not a table of forum 8."
    participant.table = foreign
    with pytest.raises(ValidationError) as invalid:
        participant.full_clean()
    assert invalid.value.message_dict["table"] == [
        "The table must belong to the participant's forum."
    ]
    own = forum.tables.get(number=2)
    assert participant_table_set(participant=participant, table=own) is True
    assert participant_table_set(participant=participant, table=own) is False
    participant.refresh_from_db()
    assert participant.table == own
