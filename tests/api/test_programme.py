import pytest

from regionforum.accounts.models import Role
from regionforum.accounts.services import token_create
from regionforum.forums.models import Meeting, MeetingRequest, RequestStatus
from tests.factories import ForumFactory, UserFactory
from tests.forums.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
REQUESTS = "/api/v1/forums/8/requests"


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


@pytest.fixture
def people():
    forum = ForumFactory(number=8)
    return {
        ref: ParticipantFactory(
            forum=forum, ref=ref, name=name, user=UserFactory(role=Role.PARTICIPANT)
        )
        for ref, name in [("A", "Анна"), ("B", "Борис"), ("C", "Вера")]
    }


def post(client, url, headers, body=None):
    return client.post(url, body or {}, "application/json", **headers)


def test_participant_asks_and_the_invitee_accepts(client, people):
    anna, boris = bearer(people["A"].user), bearer(people["B"].user)

    created = post(client, REQUESTS, anna, {"invitee": "B", "priority": "must", "message": "hi"})
    request_id = created.json()["id"]
    accepted = post(client, f"{REQUESTS}/{request_id}/accept", boris)

    assert created.status_code == 201
    body = created.json()
    assert (body["requester"], body["invitee"], body["priority"], body["status"]) == (
        "A",
        "B",
        "must",
        "requested",
    )
    assert (accepted.status_code, accepted.json()["status"]) == (200, "accepted")
    assert Meeting.objects.get().request_id == request_id


def test_participant_cannot_answer_for_the_other_side(client, people):
    anna, boris = bearer(people["A"].user), bearer(people["B"].user)
    request_id = post(client, REQUESTS, anna, {"invitee": "B"}).json()["id"]

    own_accept = post(client, f"{REQUESTS}/{request_id}/accept", anna)
    their_cancel = post(client, f"{REQUESTS}/{request_id}/cancel", boris)

    assert (own_accept.status_code, own_accept.json()["message"]) == (
        403,
        "Only B Борис can accept this request.",
    )
    assert (their_cancel.status_code, their_cancel.json()["code"]) == (403, "forbidden")
    assert MeetingRequest.objects.get().status == RequestStatus.REQUESTED


def test_participant_cannot_touch_someone_elses_request(client, people):
    anna, vera = bearer(people["A"].user), bearer(people["C"].user)
    request_id = post(client, REQUESTS, anna, {"invitee": "B"}).json()["id"]

    declined = post(client, f"{REQUESTS}/{request_id}/decline", vera)
    as_someone = post(client, REQUESTS, vera, {"invitee": "B", "requester": "A"})

    assert (declined.status_code, declined.json()["code"]) == (404, "not_found")
    assert as_someone.status_code == 403
    assert MeetingRequest.objects.count() == 1


def test_participant_sees_only_their_own_requests(client, people):
    anna, boris = bearer(people["A"].user), bearer(people["B"].user)
    post(client, REQUESTS, anna, {"invitee": "B"})
    post(client, REQUESTS, boris, {"invitee": "C"})
    secretariat = bearer(UserFactory(role=Role.SECRETARIAT))

    mine = client.get(REQUESTS, **bearer(people["C"].user)).json()
    every = client.get(f"{REQUESTS}?status=requested", **secretariat).json()

    assert [(r["requester"], r["invitee"]) for r in mine["results"]] == [("B", "C")]
    assert [(r["requester"], r["invitee"]) for r in every["results"]] == [("A", "B"), ("B", "C")]


def test_secretariat_acts_for_anyone_and_refusals_are_400(client, people):
    secretariat = bearer(UserFactory(role=Role.SECRETARIAT))

    unnamed = post(client, REQUESTS, secretariat, {"invitee": "B"})
    created = post(client, REQUESTS, secretariat, {"invitee": "B", "requester": "A"})
    twice = post(client, REQUESTS, secretariat, {"invitee": "B", "requester": "A"})
    cancelled = post(client, f"{REQUESTS}/{created.json()['id']}/cancel", secretariat)

    assert (unnamed.status_code, unnamed.json()["code"]) == (400, "invalid")
    assert created.status_code == 201
    assert (twice.status_code, twice.json()["message"]) == (
        400,
        "A Анна has already requested a meeting with B Борис (Requested).",
    )
    assert cancelled.json()["status"] == "cancelled"


def test_programme_refused_to_outsiders_and_unknown_refs_are_404(client, people):
    outsider = bearer(UserFactory(role=Role.PARTICIPANT))
    anna = bearer(people["A"].user)

    refused = client.get("/api/v1/forums/8/participants", **outsider)
    unknown = post(client, REQUESTS, anna, {"invitee": "Z"})
    no_forum = client.get("/api/v1/forums/9/participants", **anna)

    assert (refused.status_code, refused.json()["message"]) == (
        403,
        "You take no part in the business programme of forum 8.",
    )
    assert (unknown.status_code, unknown.json()["message"]) == (
        404,
        'Forum 8 has no participant "Z".',
    )
    assert no_forum.status_code == 404
    assert client.get("/api/v1/forums/8/participants").status_code == 401


def test_participants_list_and_detail_without_private_link(client, people):
    analyst = bearer(UserFactory(role=Role.ANALYST))
    people["B"].offers = "зерноуборочные комбайны"
    people["B"].save()
    people["B"].organisation.name_en = "Gomselmash OJSC"
    people["B"].organisation.save()

    found = client.get("/api/v1/forums/8/participants?q=комбайны", **analyst).json()
    detail = client.get("/api/v1/forums/8/participants/B", **bearer(people["A"].user)).json()

    assert [p["ref"] for p in found["results"]] == ["B"]
    assert detail == {
        "ref": "B",
        "name": "Борис",
        "organisation": people["B"].organisation.name,
        "organisation_id": people["B"].organisation_id,
        "organisation_names": {"ru": None, "be": None, "en": "Gomselmash OJSC"},
        "region": people["B"].region.code,
        "delegation": None,
        "sectors": ["machinery"],
        "offers": "зерноуборочные комбайны",
        "seeks": "",
        "languages": ["ru"],
        "unavailable": [],
    }
    assert people["B"].agenda_token not in str(detail)


@pytest.mark.parametrize("count", [1, 3])
def test_participants_and_requests_query_count(client, count, django_assert_num_queries):
    forum = ForumFactory(number=8)
    first = ParticipantFactory(forum=forum)
    for _ in range(count):
        MeetingRequest.objects.create(
            forum=forum, requester=first, invitee=ParticipantFactory(forum=forum)
        )
    headers = bearer(UserFactory(role=Role.SECRETARIAT))

    with django_assert_num_queries(6):
        client.get("/api/v1/forums/8/participants", **headers)
    with django_assert_num_queries(5):
        assert client.get(REQUESTS, **headers).json()["count"] == count
