import pytest

from regionforum.accounts.models import Role
from regionforum.accounts.services import token_create
from regionforum.forums.models import Meeting
from regionforum.forums.requests import request_accept, request_create
from tests.factories import ForumFactory, UserFactory
from tests.forums.factories import ParticipantFactory, programme

pytestmark = pytest.mark.django_db(transaction=True)


def bearer(role):
    user = UserFactory(role=role)
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def _forum():
    forum = ForumFactory(number=8)
    programme(forum, slots=3, tables=2)
    a, b, c = (ParticipantFactory(forum=forum) for _ in range(3))
    for x, y in ((a, b), (a, c)):
        request_accept(request=request_create(requester=x, invitee=y, priority="must"), by=y)
    return forum


def test_secretariat_starts_a_run_follows_it_and_publishes_it(client):
    forum = _forum()
    headers = bearer(Role.SECRETARIAT)

    started = client.post(
        "/api/v1/forums/8/schedule-runs", {"time_limit": 5}, "application/json", **headers
    )
    run = started.json()
    status = client.get(f"/api/v1/forums/8/schedule-runs/{run['id']}", **headers).json()
    placed_before = Meeting.objects.filter(forum=forum, slot__isnull=False).count()
    published = client.post(f"/api/v1/forums/8/schedule-runs/{run['id']}/publish", **headers)
    again = client.post(f"/api/v1/forums/8/schedule-runs/{run['id']}/publish", **headers)

    assert started.status_code == 202
    assert (status["status"], status["progress"], status["placed"], status["published_at"]) == (
        "done",
        1.0,
        2,
        None,
    )
    assert placed_before == 0
    assert published.status_code == 200 and published.json()["published_at"] is not None
    assert Meeting.objects.filter(forum=forum, slot__isnull=False).count() == 2
    assert (again.status_code, again.json()["code"]) == (409, "conflict")
    assert "published already" in again.json()["message"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 401), (Role.ANALYST, 403), (Role.COORDINATOR, 403), (Role.PARTICIPANT, 403)],
)
def test_only_the_secretariat_schedules(client, role, expected):
    _forum()
    headers = bearer(role) if role else {}

    response = client.post(
        "/api/v1/forums/8/schedule-runs", {"time_limit": 5}, "application/json", **headers
    )

    assert response.status_code == expected
    assert response.json()["code"] == {401: "unauthenticated", 403: "forbidden"}[expected]


def test_unknown_forum_or_run_is_404_and_a_bad_time_limit_400(client):
    _forum()
    headers = bearer(Role.SECRETARIAT)

    assert client.get("/api/v1/forums/99/schedule-runs/1", **headers).status_code == 404
    assert client.get("/api/v1/forums/8/schedule-runs/999", **headers).status_code == 404
    refused = client.post(
        "/api/v1/forums/8/schedule-runs", {"time_limit": 5000}, "application/json", **headers
    )
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid")
