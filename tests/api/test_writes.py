import pytest

from regionforum.accounts.models import Role
from regionforum.accounts.services import token_create
from regionforum.registry.models import Agreement
from tests.factories import ForumFactory, RegionFactory, UserFactory, agreement_between

BODY = {
    "kind": "contract",
    "title": "Supply of dairy equipment",
    "signed_on": "2021-06-30",
    "forum": 8,
    "amount": {"value": "1 250 000", "currency": "USD"},
    "parties": [
        {"organisation": "OAO Gomel Dairy", "region": "BY-HO"},
        {"organisation": "Smolensk Machine Works LLC", "region": "RU-SMO"},
    ],
}


@pytest.fixture
def regions(db):
    ForumFactory(number=8)
    return {code: RegionFactory(code=code) for code in ["BY-HO", "RU-SMO", "BY-HM", "RU-BRY"]}


def bearer(role, regions=()):
    user = UserFactory(role=role, regions=list(regions))
    return user, {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def post(client, body, headers):
    return client.post("/api/v1/agreements", body, content_type="application/json", **headers)


def patch(client, agreement_id, body, headers):
    return client.patch(
        f"/api/v1/agreements/{agreement_id}", body, content_type="application/json", **headers
    )


def test_post_without_token_is_401(client, regions):
    response = post(client, BODY, {})

    assert response.status_code == 401
    assert response.json() == {
        "message": "A valid bearer token is required.",
        "code": "unauthenticated",
        "extra": {},
    }
    assert Agreement.objects.count() == 0


def test_post_with_wrong_token_is_401(client, regions):
    assert post(client, BODY, {"HTTP_AUTHORIZATION": "Bearer nope"}).status_code == 401


def test_post_by_secretariat_creates_agreement_with_money(client, regions):
    user, headers = bearer(Role.SECRETARIAT)

    response = post(client, BODY, headers)

    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["forum"], body["kind"], body["amount"], body["usd"]) == (
        "Supply of dairy equipment",
        8,
        "contract",
        {"value": 1250000.0, "currency": "USD"},
        1250000.0,
    )
    assert [p["region"] for p in body["parties"]] == ["BY-HO", "RU-SMO"]
    agreement = Agreement.objects.get(pk=body["id"])
    assert agreement.history.get().history_user == user


@pytest.mark.parametrize(
    ("role", "scope", "status"),
    [
        (Role.COORDINATOR, ["RU-SMO"], 201),
        (Role.COORDINATOR, ["RU-BRY"], 403),
        (Role.ANALYST, [], 403),
        (Role.PARTICIPANT, [], 403),
    ],
)
def test_post_permission_by_role_and_region(client, regions, role, scope, status):
    _user, headers = bearer(role, [regions[code] for code in scope])

    response = post(client, BODY, headers)

    assert response.status_code == status
    if status == 403:
        assert response.json()["code"] == "forbidden"
    assert Agreement.objects.count() == (1 if status == 201 else 0)


def test_post_twice_is_409_with_existing_id(client, regions):
    _user, headers = bearer(Role.SECRETARIAT)
    first = post(client, BODY, headers).json()

    response = post(client, BODY, headers)

    assert response.status_code == 409
    assert response.json() == {
        "message": "This agreement is in the registry already.",
        "code": "exists",
        "extra": {"id": first["id"]},
    }
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": {"value": "abc", "currency": "USD"}}, 'The amount "abc" is not a number.'),
        ({"kind": "treaty"}, "Unknown kind treaty"),
        ({"forum": 42}, "There is no forum 42."),
        ({"parties": BODY["parties"][:1]}, "An agreement needs at least two parties."),
        (
            {"parties": [BODY["parties"][0], {"organisation": "X", "region": "XX-NOPE"}]},
            "Unknown region code XX-NOPE.",
        ),
    ],
)
def test_post_bad_field_is_400_and_writes_nothing(client, regions, change, message):
    _user, headers = bearer(Role.SECRETARIAT)

    response = post(client, {**BODY, **change}, headers)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert message in response.json()["message"]
    assert Agreement.objects.count() == 0


def test_patch_by_coordinator_of_party_region_changes_title(client, regions):
    agreement = agreement_between(regions["BY-HO"], regions["RU-SMO"])
    _user, headers = bearer(Role.COORDINATOR, [regions["RU-SMO"]])

    response = patch(client, agreement.pk, {"title": "Renamed", "status": "fulfilled"}, headers)

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["status"]) == ("Renamed", "fulfilled")
    agreement.refresh_from_db()
    assert (agreement.title, agreement.status) == ("Renamed", "fulfilled")


def test_patch_by_coordinator_of_other_region_is_403(client, regions):
    agreement = agreement_between(regions["BY-HM"], regions["RU-BRY"])
    _user, headers = bearer(Role.COORDINATOR, [regions["RU-SMO"]])

    response = patch(client, agreement.pk, {"title": "Renamed"}, headers)

    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.title != "Renamed"


def test_patch_coordinator_cannot_move_agreement_out_of_region(client, regions):
    agreement = agreement_between(regions["BY-HO"], regions["RU-SMO"])
    _user, headers = bearer(Role.COORDINATOR, [regions["RU-SMO"]])
    elsewhere = [
        {"organisation": "A", "region": "BY-HM"},
        {"organisation": "B", "region": "RU-BRY"},
    ]

    response = patch(client, agreement.pk, {"parties": elsewhere}, headers)

    assert response.status_code == 403


def test_patch_amount_sets_and_clears_money(client, regions):
    agreement = agreement_between(regions["BY-HO"], regions["RU-SMO"])
    _user, headers = bearer(Role.SECRETARIAT)

    set_body = patch(
        client, agreement.pk, {"amount": {"value": "2,5 млн", "currency": "USD"}}, headers
    )
    cleared = patch(client, agreement.pk, {"amount": None}, headers)

    assert set_body.json()["usd"] == 2500000.0
    assert (cleared.json()["amount"], cleared.json()["usd"]) == (None, None)


def test_patch_missing_agreement_is_404(client, regions):
    _user, headers = bearer(Role.SECRETARIAT)

    assert patch(client, 999, {"title": "x"}, headers).status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": "x" * 1_048_576}, "title", "The text holds 1,048,576 characters; at most"),
        ({"title": "Supply\u0000of"}, "title", "a control character (U+0000) at position 7"),
        ({"notes": "bell \u0007"}, "notes", "a control character (U+0007) at position 6"),
        ({"sector": "s" * 201}, "sector", "The text holds 201 characters; at most 200"),
        (
            {"parties": [BODY["parties"][0], {"organisation": "A\ud800B", "region": "RU-SMO"}]},
            "organisation",
            "a broken character (a lone surrogate, U+D800) at position 2",
        ),
    ],
)
def test_post_bad_text_is_400_naming_the_field(client, regions, change, field, message):
    import json

    _user, headers = bearer(Role.SECRETARIAT)
    # json.dumps writes a lone surrogate as the escape "\ud800", as a client's JSON would.
    body = json.dumps({**BODY, **change})

    response = post(client, body, headers)

    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "invalid"
    assert f"{field}: " in error["message"]
    assert message in error["message"]
    assert [item["loc"][-1] for item in error["extra"]["errors"]] == [field]
    assert Agreement.objects.count() == 0


def test_patch_title_with_nul_is_400_and_changes_nothing(client, regions):
    agreement = agreement_between(regions["BY-HO"], regions["RU-SMO"])
    _user, headers = bearer(Role.SECRETARIAT)

    response = patch(client, agreement.pk, {"title": "A\u0000B"}, headers)

    assert response.status_code == 400
    assert "title: The text holds a control character (U+0000)" in response.json()["message"]
    agreement.refresh_from_db()
    assert agreement.title != "A\u0000B"
