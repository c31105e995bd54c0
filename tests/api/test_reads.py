from datetime import date
from decimal import Decimal

import pytest

from tests.factories import (
    ForumFactory,
    MoneyFactory,
    RegionFactory,
    agreement_between,
)

NO_NAMES = {"ru": None, "be": None, "en": None}


def make_agreements(count: int) -> list:
    gomel, smolensk = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    forum = ForumFactory(number=8)
    made = []
    for index in range(count):
        agreement = agreement_between(
            gomel, smolensk, forum=forum, signed_on=date(2021, 6, 30), title=f"Deal {index}"
        )
        MoneyFactory(agreement=agreement, value=Decimal("1000.00"), currency="USD")
        agreement.sources.create(
            file_name="by.xlsx", row=index + 2, ref=f"R{index}", row_hash=str(index)
        )
        made.append(agreement)
    return made


@pytest.mark.django_db
def test_api_agreement_detail_follows_export_shape(client):
    (agreement,) = make_agreements(1)

    response = client.get(f"/api/v1/agreements/{agreement.pk}")

    assert response.status_code == 200
    parties = [party.organisation.name for party in agreement.parties.order_by("order")]
    assert response.json() == {
        "id": agreement.pk,
        "kind": "agreement",
        "title": "Deal 0",
        "signed_on": "2021-06-30",
        "forum": 8,
        "status": "signed",
        "sector": "",
        "amount": {"value": 1000.0, "currency": "USD"},
        "usd": 1000.0,
        "parties": [
            {"organisation": parties[0], "region": "BY-HO", "names": NO_NAMES},
            {"organisation": parties[1], "region": "RU-SMO", "names": NO_NAMES},
        ],
        "sources": [{"file": "by.xlsx", "row": 2, "ref": "R0"}],
    }


@pytest.mark.django_db
def test_api_agreement_missing_is_404_error_body(client):
    response = client.get("/api/v1/agreements/999")

    assert response.status_code == 404
    assert response.json() == {"message": "No agreement 999.", "code": "not_found", "extra": {}}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_api_agreement_list_query_count_is_constant(client, django_assert_num_queries, count):
    make_agreements(count)

    with django_assert_num_queries(4):
        response = client.get("/api/v1/agreements?forum=8&region=RU-SMO&year=2021")

    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (count, 1, 1)
    assert sorted(row["title"] for row in body["results"]) == [f"Deal {i}" for i in range(count)]


@pytest.mark.django_db
def test_api_agreement_list_filters_by_region(client):
    make_agreements(2)

    body = client.get("/api/v1/agreements?region=BY-MA").json()

    assert (body["count"], body["results"]) == (0, [])


@pytest.mark.django_db
def test_api_bad_query_parameter_is_400_error_body(client):
    response = client.get("/api/v1/agreements?forum=eight")

    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["message"]) == (
        "invalid",
        "The request is not valid: forum: Input should be a valid integer, unable to parse "
        "string as an integer",
    )


@pytest.mark.django_db
def test_api_figures_for_one_forum(client):
    make_agreements(2)

    body = client.get("/api/v1/figures?forum=8").json()

    assert (body["agreements"], body["total_usd"], body["partner_regions"]) == (
        2,
        2000.0,
        {"BY": 1, "RU": 1},
    )


@pytest.mark.django_db
def test_api_figures_for_any_scope(client):
    make_agreements(2)
    other = agreement_between(
        RegionFactory(code="BY-HM"), RegionFactory(code="RU-BRY"), signed_on=date(2019, 5, 1)
    )
    MoneyFactory(agreement=other, value=Decimal("500.00"), currency="USD")

    answers = [
        client.get(f"/api/v1/figures?{query}").json()
        for query in [
            "pair=RU-SMO,BY-HO&forums=1-8",
            "region=BY-HM",
            "region=RU&kind=agreement&from=2021-01-01&to=2021-12-31",
        ]
    ]

    assert [(body["agreements"], body["total_usd"], body["scope"]) for body in answers] == [
        (2, 2000.0, {"pair": "RU-SMO,BY-HO"}),
        (1, 500.0, {"region": "BY-HM"}),
        (2, 2000.0, {"region": "RU", "kind": "agreement"}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("forum=0", "forum takes a forum number from 1"),
        ("pair=BY-HO", "pair takes two regions, such as BY-HO,RU-SMO; got 'BY-HO'"),
        (
            "party-type=bank",
            "party-type takes one of government, enterprise, university, "
            "research, other; got 'bank'",
        ),
        ("from=31.12.2021", "from takes a date as YYYY-MM-DD; got '31.12.2021'"),
    ],
)
def test_api_figures_bad_scope_is_400_naming_it(client, query, message):
    response = client.get(f"/api/v1/figures?{query}")

    assert (response.status_code, response.json()["message"]) == (400, message)


@pytest.mark.django_db
def test_api_regions_lists_codes(client):
    RegionFactory(code="RU-SMO", name_en="Smolensk Oblast")

    assert client.get("/api/v1/regions").json() == [
        {
            "code": "RU-SMO",
            "country": "RU",
            "name_en": "Smolensk Oblast",
            "name_ru": "Регион RU-SMO",
            "name_be": "",
            "is_iso": True,
        }
    ]


@pytest.mark.django_db
def test_api_openapi_document_lists_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"/api/v1/agreements", "/api/v1/agreements/{agreement_id}", "/api/v1/figures"} <= set(
        paths
    )
