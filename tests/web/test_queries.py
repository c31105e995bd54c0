"""Every list page runs the same number of queries for one object as for three."""

from decimal import Decimal

import pytest

from regionforum.accounts.models import Role
from tests.factories import UserFactory
from tests.web.factories import (
    ForumFactory,
    MilestoneFactory,
    RegionFactory,
    SourceRecordFactory,
    agreement_between,
    region_minsk,
    region_smolensk,
)

pytestmark = pytest.mark.django_db


def _agreements(count: int) -> None:
    """`count` agreements, each between its own pair of regions, at its own forum."""
    for index in range(count):
        first = RegionFactory(code=f"BY-Q{index}")
        second = RegionFactory(code=f"RU-Q{index}")
        agreement_between(
            first,
            second,
            usd=Decimal("10.00"),
            forum=ForumFactory(number=index + 1),
            sector=f"Sector {index}",
            is_synthetic=True,
        )


# Anonymous reads; every page also asks once whether the registry holds synthetic data.
QUERIES = {
    # figures: one grouped pass, partner regions (2), organisations, loaded rates; the
    # breakdowns' grouped pass; the map's regions; agreements: page, parties (the figures
    # counted them); synthetic-data check (uncached: a test runs inside a transaction)
    "/": 10,
    # filter choices (4) + count + page + parties + synthetic-data check
    "/agreements/": 8,
    # regions with totals + synthetic-data check
    "/regions/": 2,
    # forums with totals + synthetic-data check
    "/forums/": 2,
}


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("url", list(QUERIES))
def test_list_page_queries_do_not_grow_with_rows(client, django_assert_num_queries, url, count):
    _agreements(count)

    with django_assert_num_queries(QUERIES[url]):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_region_detail_queries_do_not_grow_with_rows(client, django_assert_num_queries, count):
    minsk = region_minsk()
    for _ in range(count):
        agreement_between(minsk, region_smolensk(), usd=Decimal("10.00"))
        agreement_between(minsk, RegionFactory(), usd=Decimal("10.00"))

    # region; the scope's figures, breakdowns and completeness; agreements: page, parties;
    # synthetic
    with django_assert_num_queries(10):
        response = client.get("/regions/BY-MI/")

    assert len(response.context["page"].object_list) == 2 * count


@pytest.mark.parametrize("count", [1, 3])
def test_forum_detail_queries_do_not_grow_with_rows(client, django_assert_num_queries, count):
    forum = ForumFactory(number=8)
    for index in range(count):
        agreement_between(
            RegionFactory(), RegionFactory(), usd=Decimal("1.00"), forum=forum, sector=f"S{index}"
        )

    # forum; the scope's figures with its target, breakdowns and completeness; the map;
    # agreements: count, page, parties; synthetic; whether it has a business programme
    with django_assert_num_queries(13):
        response = client.get("/forums/8/")

    assert len(response.context["report"].by_sector) == count


@pytest.mark.parametrize("count", [1, 3])
def test_agreement_detail_queries_do_not_grow_with_rows(client, django_assert_num_queries, count):
    agreement = agreement_between(region_minsk(), region_smolensk(), usd=Decimal("1.00"))
    for index in range(count):
        MilestoneFactory(agreement=agreement)
        SourceRecordFactory(agreement=agreement)
        # Each change moves the agreement to another forum: the history must not look it up.
        agreement.forum = ForumFactory(number=index + 1)
        agreement.save()

    client.force_login(UserFactory(role=Role.ANALYST))
    # session, user and ModelBackend's two permission lookups; agreement, parties, milestones,
    # sources, history, forums named in it; synthetic
    with django_assert_num_queries(11):
        response = client.get(f"/agreements/{agreement.pk}/")

    assert len(response.context["history"]) == count + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", ["/", "/regions/BY-MI/", "/regions/BY-MI/with/RU-SMO/", "/map/"])
def test_figures_page_read_again_costs_the_version_and_the_agreements(
    client, django_assert_num_queries, url
):
    minsk, smolensk = region_minsk(), region_smolensk()
    agreement_between(minsk, smolensk, usd=Decimal("10.00"))
    client.get(url)

    # Outside a transaction the figures, the map and the page's fragment are cached under the
    # registry's version: each read of the version, and the agreements page (page, parties);
    # a pair's page reads its agreements' ids under the version too.
    expected = {"/map/": 3, "/regions/BY-MI/with/RU-SMO/": 7}.get(url, 6)
    with django_assert_num_queries(expected):
        response = client.get(url)

    assert response.status_code == 200
    agreement_between(minsk, smolensk, usd=Decimal("5.00"))
    shown = b'data-agreements="2"' if url == "/map/" else b'data-figure="agreements">2<'
    assert shown in client.get(url).content
