"""Organisation writes over the API: add, correct and merge, by role, audited as via=api."""

import pytest

from regionforum.accounts.models import Role
from regionforum.registry.models import Organisation
from tests.api.test_writes import bearer
from tests.factories import OrganisationFactory, RegionFactory, agreement_between


@pytest.fixture
def regions(db):
    return {code: RegionFactory(code=code) for code in ["BY-HO", "RU-SMO"]}


def _post(client, body, headers):
    return client.post("/api/v1/organisations", body, content_type="application/json", **headers)


def _patch(client, organisation, body, headers):
    return client.patch(
        f"/api/v1/organisations/{organisation.pk}",
        body,
        content_type="application/json",
        **headers,
    )


def _merge(client, organisation, into, headers):
    return client.post(
        f"/api/v1/organisations/{organisation.pk}/merge",
        {"into": into.pk},
        content_type="application/json",
        **headers,
    )


def test_a_coordinator_adds_an_organisation_of_their_region(client, regions):
    user, headers = bearer(Role.COORDINATOR, [regions["BY-HO"]])
    body = {
        "name": "ОАО «Гомельский молочный комбинат»",
        "region": "BY-HO",
        "kind": "enterprise",
        "names": {"en": "Gomel Dairy Plant"},
    }

    response = _post(client, body, headers)

    assert response.status_code == 201
    data = response.json()
    created = Organisation.objects.get(pk=data["id"])
    assert (data["name"], data["region"], data["kind"], data["agreements"]) == (
        "ОАО «Гомельский молочный комбинат»",
        "BY-HO",
        "enterprise",
        0,
    )
    assert data["names"] == {
        "ru": "ОАО «Гомельский молочный комбинат»",
        "be": None,
        "en": "Gomel Dairy Plant",
    }
    row = created.history.get()
    assert (row.history_user, row.history_via) == (user, "api")


def test_the_same_organisation_again_is_409_naming_the_one_there(client, regions):
    _user, headers = bearer(Role.SECRETARIAT)
    there = _post(client, {"name": "Smolensk Agro LLC", "region": "RU-SMO"}, headers).json()

    response = _post(client, {"name": "ООО Smolensk Agro", "region": "RU-SMO"}, headers)

    assert response.status_code == 409
    assert response.json()["code"] == "exists"
    assert response.json()["extra"] == {"id": there["id"]}
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "codes", "status"),
    [
        (Role.COORDINATOR, ["BY-HO"], 403),
        (Role.ANALYST, [], 403),
        (Role.PARTICIPANT, [], 403),
        (Role.SECRETARIAT, [], 201),
    ],
)
def test_adding_in_another_region_is_for_the_secretariat_only(client, regions, role, codes, status):
    _user, headers = bearer(role, [regions[code] for code in codes])

    response = _post(client, {"name": "Smolensk Works", "region": "RU-SMO"}, headers)

    assert response.status_code == status
    assert Organisation.objects.filter(name="Smolensk Works").count() == (status == 201)


def test_adding_without_a_token_is_401_and_bad_fields_are_400(client, regions):
    _user, headers = bearer(Role.SECRETARIAT)

    assert _post(client, {"name": "X", "region": "BY-HO"}, {}).status_code == 401
    unknown = _post(client, {"name": "X", "region": "BY-ZZ"}, headers)
    assert (unknown.status_code, unknown.json()["message"]) == (400, "Unknown region code BY-ZZ.")
    control = _post(client, {"name": "Gomel\u0000Works", "region": "BY-HO"}, headers)
    assert control.status_code == 400
    assert "a control character (U+0000) at position 6" in control.json()["message"]
    assert Organisation.objects.count() == 0


def test_a_correction_keeps_the_old_name_as_an_alias_and_sets_one_language(client, regions):
    organisation = OrganisationFactory(name="Gomel Dairy", region=regions["BY-HO"], name_ru="")
    user, headers = bearer(Role.COORDINATOR, [regions["BY-HO"]])

    response = _patch(
        client,
        organisation,
        {"name": "Gomel Dairy Plant", "names": {"ru": "Гомельский молочный комбинат"}},
        headers,
    )

    assert response.status_code == 200
    data = response.json()
    assert (data["name"], data["names"]["ru"], data["aliases"]) == (
        "Gomel Dairy Plant",
        "Гомельский молочный комбинат",
        ["Gomel Dairy"],
    )
    row = organisation.history.first()
    assert (row.history_user, row.history_via, row.name) == (user, "api", "Gomel Dairy Plant")


def test_a_coordinator_of_another_region_may_not_correct_it(client, regions):
    organisation = OrganisationFactory(name="Smolensk Agro", region=regions["RU-SMO"])
    _user, headers = bearer(Role.COORDINATOR, [regions["BY-HO"]])

    response = _patch(client, organisation, {"name": "Changed"}, headers)

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Smolensk Agro"


def test_the_secretariat_merges_two_organisations_and_a_coordinator_may_not(client, regions):
    kept = OrganisationFactory(name="Gomel Dairy Plant", region=regions["BY-HO"])
    double = OrganisationFactory(name="Gomel Dairy", region=regions["BY-HO"])
    agreement = agreement_between(regions["RU-SMO"])
    agreement.parties.create(organisation=double, order=2)
    _coordinator, coordinator = bearer(Role.COORDINATOR, [regions["BY-HO"]])
    _secretariat, secretariat = bearer(Role.SECRETARIAT)

    assert _merge(client, double, kept, coordinator).status_code == 403
    response = _merge(client, double, kept, secretariat)

    assert response.status_code == 200
    data = response.json()
    assert (data["id"], data["agreements"], data["aliases"]) == (kept.pk, 1, ["Gomel Dairy"])
    double.refresh_from_db()
    assert double.merged_into == kept
    assert _merge(client, kept, kept, secretariat).json()["message"] == (
        "An organisation cannot be merged into itself."
    )
