from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regionforum.accounts.models import Role
from regionforum.accounts.services import token_create
from regionforum.forums.selectors import slot_list
from tests.factories import ForumFactory, UserFactory
from tests.forums.factories import ParticipantFactory, meeting, programme

pytestmark = pytest.mark.django_db
URL = "/api/v1/forums/8/participants/A/meetings"


@pytest.fixture
def anna():
    forum = ForumFactory(number=8, starts_on=date(2021, 6, 29), ends_on=date(2021, 6, 30))
    programme(forum, slots=3, tables=2, start=time(10, 0))
    anna = ParticipantFactory(
        forum=forum, ref="A", name="Анна", user=UserFactory(role=Role.PARTICIPANT)
    )
    boris = ParticipantFactory(
        forum=forum, ref="B", name="Борис", user=UserFactory(role=Role.PARTICIPANT)
    )
    second_slot = slot_list(forum=forum)[1]
    anna.held = meeting(
        boris, anna, slot=second_slot, table=forum.tables.get(number=2), priority="must"
    )
    anna.left = meeting(
        anna, ParticipantFactory(forum=forum, ref="C", name="Вера"), reason="no common free slot"
    )
    # A meeting between two others is in their lists, not in Anna's.
    anna.others = meeting(
        boris,
        forum.participants.get(ref="C"),
        slot=slot_list(forum=forum)[2],
        table=forum.tables.get(number=1),
    )
    return anna


def _bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_meetings_api_lists_the_participants_meetings_with_time_slot_table_and_other_side(
    client, anna
):
    response = client.get(URL, **_bearer(token_create(user=anna.user)))

    assert response.status_code == 200
    assert response.json() == {
        "forum": 8,
        "participant": "A",
        "time_zone": "Europe/Minsk",
        "schedule": "not_published",
        "published_at": None,
        "new_run_pending": False,
        "meetings": [
            {
                "id": anna.held.pk,
                "status": "scheduled",
                "starts_at": "2021-06-29T10:30:00+03:00",
                "ends_at": "2021-06-29T11:00:00+03:00",
                "slot": 2,
                "table": 2,
                "table_name": "",
                "partner": {
                    "ref": "B",
                    "name": "Борис",
                    "organisation": anna.held.request.requester.organisation.name,
                    "region": "BY-HO",
                },
                "priority": "must",
                "attendance": "expected",
                "outcome": "",
                "reason": "",
            },
            {
                "id": anna.left.pk,
                "status": "unscheduled",
                "starts_at": None,
                "ends_at": None,
                "slot": None,
                "table": None,
                "table_name": "",
                "partner": {
                    "ref": "C",
                    "name": "Вера",
                    "organisation": anna.left.request.invitee.organisation.name,
                    "region": "BY-HO",
                },
                "priority": "would",
                "attendance": None,
                "outcome": None,
                "reason": "no common free slot",
            },
        ],
    }


def test_meetings_api_shows_each_side_the_other_side(client, anna):
    token = token_create(user=UserFactory(role=Role.SECRETARIAT))

    response = client.get("/api/v1/forums/8/participants/B/meetings", **_bearer(token))

    assert response.status_code == 200
    assert [
        (m["id"], m["partner"]["ref"], m["slot"], m["table"], m["starts_at"])
        for m in response.json()["meetings"]
    ] == [
        (anna.held.pk, "A", 2, 2, "2021-06-29T10:30:00+03:00"),
        (anna.others.pk, "C", 3, 1, "2021-06-29T11:00:00+03:00"),
    ]


@pytest.mark.parametrize(
    ("role", "own", "status"),
    [
        (Role.SECRETARIAT, False, 200),
        (Role.ANALYST, False, 200),
        (Role.COORDINATOR, False, 403),
        (Role.PARTICIPANT, False, 403),
        (Role.PARTICIPANT, True, 200),
    ],
)
def test_meetings_api_access_by_role(client, anna, role, own, status):
    user = anna.user if own else UserFactory(role=role)

    response = client.get(URL, **_bearer(token_create(user=user)))

    assert response.status_code == status
    if status == 403:
        assert response.json()["code"] == "forbidden"
    else:
        assert [m["id"] for m in response.json()["meetings"]] == [anna.held.pk, anna.left.pk]


def test_meetings_api_refuses_another_participants_list_to_a_participant(client, anna):
    boris = anna.forum.participants.get(ref="B")

    own = client.get(
        "/api/v1/forums/8/participants/B/meetings", **_bearer(token_create(user=boris.user))
    )
    other = client.get(URL, **_bearer(token_create(user=boris.user)))

    assert own.status_code == 200
    assert (other.status_code, other.json()["code"]) == (403, "forbidden")


def test_meetings_api_takes_the_private_agenda_token_of_that_participant_only(client, anna):
    boris_token = anna.forum.participants.get(ref="B").agenda_token

    assert client.get(URL, **_bearer(anna.agenda_token)).status_code == 200
    assert client.get(URL, **_bearer(boris_token)).status_code == 401


def test_meetings_api_without_token_is_401_and_unknown_is_404(client, anna):
    token = token_create(user=UserFactory(role=Role.SECRETARIAT))

    assert client.get(URL).json()["code"] == "unauthenticated"
    missing = client.get("/api/v1/forums/8/participants/ZZ/meetings", **_bearer(token))
    no_forum = client.get("/api/v1/forums/99/participants/A/meetings", **_bearer(token))
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert (no_forum.status_code, no_forum.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize("count", [1, 3])
def test_meetings_api_queries_do_not_grow_with_the_meetings(client, count):
    forum = ForumFactory(number=8, starts_on=date(2021, 6, 29), ends_on=date(2021, 6, 30))
    programme(forum, slots=3, tables=1)
    anna = ParticipantFactory(forum=forum, ref="A")
    slots, table = list(slot_list(forum=forum)), forum.tables.get()
    for index in range(count):
        meeting(anna, ParticipantFactory(forum=forum), slot=slots[index], table=table)
    headers = _bearer(token_create(user=UserFactory(role=Role.ANALYST)))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, **headers)

    assert len(response.json()["meetings"]) == count
    assert len(queries) == 9
