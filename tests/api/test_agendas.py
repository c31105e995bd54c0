from datetime import date, time

import pytest
from icalendar import Calendar

from regionforum.accounts.models import Role
from regionforum.accounts.services import token_create
from regionforum.forums.selectors import slot_list
from tests.factories import ForumFactory, UserFactory
from tests.forums.factories import ParticipantFactory, meeting, programme

pytestmark = pytest.mark.django_db
URL = "/api/v1/forums/8/participants/A/agenda"


@pytest.fixture
def anna():
    forum = ForumFactory(number=8, starts_on=date(2021, 6, 29), ends_on=date(2021, 6, 30))
    programme(forum, slots=2, tables=1, start=time(10, 0))
    anna = ParticipantFactory(
        forum=forum, ref="A", name="Анна", user=UserFactory(role=Role.PARTICIPANT)
    )
    boris = ParticipantFactory(forum=forum, ref="B", name="Борис", offers="плёнка")
    held = meeting(
        anna, boris, slot=slot_list(forum=forum).first(), table=forum.tables.get(), priority="must"
    )
    left = meeting(
        ParticipantFactory(forum=forum, ref="C", name="Вера"), anna, reason="no common free slot"
    )
    anna.held, anna.left = held, left
    return anna


def _bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_agenda_api_gives_the_participant_their_agenda_in_local_time(client, anna):
    response = client.get(URL, **_bearer(token_create(user=anna.user)))

    assert response.status_code == 200
    assert response.json() == {
        "forum": 8,
        "time_zone": "Europe/Minsk",
        "schedule": "not_published",
        "published_at": None,
        "new_run_pending": False,
        "participant": {
            "ref": "A",
            "name": "Анна",
            "organisation": anna.organisation.name,
            "region": "BY-HO",
        },
        "meetings": [
            {
                "id": anna.held.pk,
                "starts_at": "2021-06-29T10:00:00+03:00",
                "ends_at": "2021-06-29T10:30:00+03:00",
                "table": 1,
                "table_name": "",
                "partner": {
                    "ref": "B",
                    "name": "Борис",
                    "organisation": anna.held.request.invitee.organisation.name,
                    "region": "BY-HO",
                    "offers": "плёнка",
                    "seeks": "",
                },
                "priority": "must",
                "attendance": "expected",
                "outcome": "",
            }
        ],
        "unscheduled": [
            {
                "id": anna.left.pk,
                "partner": {
                    "ref": "C",
                    "name": "Вера",
                    "organisation": anna.left.request.requester.organisation.name,
                    "region": "BY-HO",
                    "offers": "",
                    "seeks": "",
                },
                "priority": "would",
                "reason": "no common free slot",
                "pending": False,
            }
        ],
    }


def test_agenda_api_accepts_the_private_agenda_token_as_bearer(client, anna):
    assert client.get(URL, **_bearer(anna.agenda_token)).status_code == 200
    boris_token = anna.forum.participants.get(ref="B").agenda_token
    assert client.get(URL, **_bearer(boris_token)).status_code == 401


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
def test_agenda_api_access_by_role(client, anna, role, own, status):
    user = anna.user if own else UserFactory(role=role)

    assert client.get(URL, **_bearer(token_create(user=user))).status_code == status


def test_agenda_api_without_token_is_401_and_unknown_is_404(client, anna):
    token = token_create(user=UserFactory(role=Role.SECRETARIAT))

    assert client.get(URL).status_code == 401
    missing = client.get("/api/v1/forums/8/participants/ZZ/agenda", **_bearer(token))
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert (
        client.get("/api/v1/forums/99/participants/A/agenda", **_bearer(token)).status_code == 404
    )


def test_agenda_api_ics_parses_with_local_times(client, anna):
    response = client.get(URL + ".ics", **_bearer(anna.agenda_token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart").strftime("%H:%M %Z") == "10:00 +03"
