from decimal import Decimal

import pytest

from regionforum.registry.models import OrganisationAlias
from tests.factories import (
    ForumFactory,
    MoneyFactory,
    OrganisationFactory,
    RegionFactory,
    agreement_between,
)

pytestmark = pytest.mark.django_db


def test_organisations_filtered_by_country_and_text_with_agreement_counts(client):
    gomel, smolensk = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    dairy = OrganisationFactory(name="Gomel Dairy", region=gomel, kind="enterprise")
    OrganisationAlias.objects.create(organisation=dairy, name="Гомельский молочный", key="x")
    OrganisationFactory(name="Smolensk Works", region=smolensk)
    agreement = agreement_between(gomel, smolensk)
    agreement.parties.filter(organisation__region=gomel).update(organisation=dairy)

    by_country = client.get("/api/v1/organisations?region=BY").json()
    by_alias = client.get("/api/v1/organisations?q=молочный").json()
    by_kind = client.get("/api/v1/organisations?kind=enterprise").json()

    gomel_names = sorted(o["name"] for o in by_country["results"])
    assert gomel_names == sorted(o.name for o in gomel.organisations.filter(merged_into=None))
    assert by_alias == {
        "count": 1,
        "page": 1,
        "pages": 1,
        "results": [
            {
                "id": dairy.pk,
                "name": "Gomel Dairy",
                "names": {"ru": None, "be": None, "en": None},
                "kind": "enterprise",
                "region": "BY-HO",
                "agreements": 1,
            }
        ],
    }
    assert [o["id"] for o in by_kind["results"]] == [dairy.pk]


def test_organisation_detail_names_aliases_and_merge(client):
    survivor = OrganisationFactory(name="Gomel Dairy")
    merged = OrganisationFactory(name="Gomel Milk", region=survivor.region, merged_into=survivor)
    OrganisationAlias.objects.create(organisation=survivor, name="Gomel Milk", key="gomel milk")

    detail = client.get(f"/api/v1/organisations/{merged.pk}").json()
    listed = client.get("/api/v1/organisations").json()

    assert (detail["merged_into"], detail["agreements"]) == (survivor.pk, 0)
    assert client.get(f"/api/v1/organisations/{survivor.pk}").json()["aliases"] == ["Gomel Milk"]
    assert [o["id"] for o in listed["results"]] == [survivor.pk]
    missing = client.get("/api/v1/organisations/999999")
    assert (missing.status_code, missing.json()["message"]) == (404, "No organisation 999999.")


@pytest.mark.parametrize("count", [1, 3])
def test_organisations_query_count_does_not_grow(client, count, django_assert_num_queries):
    OrganisationFactory.create_batch(count)

    with django_assert_num_queries(2):
        assert client.get("/api/v1/organisations").json()["count"] == count


def test_forums_list_and_detail_with_their_agreements(client):
    gomel, smolensk = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    eighth = ForumFactory(number=8)
    ForumFactory(number=9)
    MoneyFactory(agreement=agreement_between(gomel, smolensk, forum=eighth), value=Decimal(500))

    listed = client.get("/api/v1/forums").json()
    detail = client.get("/api/v1/forums/8").json()

    assert [(f["number"], f["roman"], f["agreements"]) for f in listed] == [
        (8, "VIII", 1),
        (9, "IX", 0),
    ]
    assert detail == {
        "number": 8,
        "roman": "VIII",
        "year": 2021,
        "starts_on": "2021-06-29",
        "ends_on": "2021-06-30",
        "host_cities": "Minsk",
        "time_zone": "Europe/Minsk",
        "agreements": 1,
        "total_usd": 500.0,
    }
    assert client.get("/api/v1/forums/30").json()["code"] == "not_found"


def test_region_detail_counts_each_agreement_once(client):
    gomel, smolensk = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    MoneyFactory(agreement=agreement_between(gomel, gomel, smolensk), value=Decimal(700))

    body = client.get("/api/v1/regions/by-ho").json()

    assert (body["code"], body["country"], body["agreements"], body["total_usd"]) == (
        "BY-HO",
        "BY",
        1,
        700.0,
    )


@pytest.mark.parametrize(
    "url",
    ["/api/v1/organisations?page=0", "/api/v1/agreements?page=99999999999", "/api/v1/forums/0"],
)
def test_out_of_range_numbers_are_400(client, url):
    response = client.get(url)

    assert (response.status_code, response.json()["code"]) == (400, "invalid")
