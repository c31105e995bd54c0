import pytest

from regionforum.accounts.models import Role
from regionforum.accounts.services import token_create
from regionforum.forums.models import Meeting
from regionforum.forums.requests import request_accept, request_create
from tests.factories import ForumFactory, UserFactory
from tests.forums.factories import ParticipantFactory, programme, two_finished_runs

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


def test_publishing_a_run_older_than_the_published_one_is_409_unless_asked_for(client):
    forum = _forum()
    headers = bearer(Role.SECRETARIAT)
    older, newer = two_finished_runs(forum)
    slots = list(forum.slots.order_by("starts_at").values_list("pk", flat=True))
    tables = list(forum.tables.order_by("number").values_list("pk", flat=True))
    url = f"/api/v1/forums/8/schedule-runs/{older.pk}/publish"

    assert (
        client.post(f"/api/v1/forums/8/schedule-runs/{newer.pk}/publish", **headers).status_code
        == 200
    )
    refused = client.post(url, **headers)
    places_after_refusal = list(
        Meeting.objects.filter(forum=forum).order_by("pk").values_list("slot", "table")
    )
    forced = client.post(f"{url}?replace_newer=true", **headers)

    assert refused.status_code == 409
    body = refused.json()
    assert (body["code"], body["extra"]) == ("conflict", {"run": older.pk, "newer_run": newer.pk})
    assert f"Schedule run {older.pk} is older than run {newer.pk}" in body["message"]
    assert places_after_refusal == [(slots[1], tables[1]), (slots[2], tables[1])]
    assert forced.status_code == 200 and forced.json()["published_at"] is not None
    assert list(
        Meeting.objects.filter(forum=forum).order_by("pk").values_list("slot", "table")
    ) == [(slots[0], tables[0]), (slots[1], tables[0])]
