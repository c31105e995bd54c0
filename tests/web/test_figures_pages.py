"""The figures pages over HTTP: scopes from the URL, links to the agreements behind each figure,
downloads with the same filters, the map and the forum report."""

import csv
import io
from decimal import Decimal

import pytest

from tests.web.factories import (
    ForumFactory,
    RegionFactory,
    agreement_between,
    region_minsk,
    region_smolensk,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    """Forum VIII: Minsk–Smolensk twice (Industry, one fulfilled), Minsk–Pskov once (Energy,
    no amount); forum IX: Minsk–Smolensk once (no sector, a title that looks like a formula)."""
    minsk, smolensk = region_minsk(), region_smolensk()
    pskov = RegionFactory(code="RU-PSK", country=smolensk.country, name_en="Pskov Oblast")
    eighth, ninth = ForumFactory(number=8, year=2021), ForumFactory(number=9, year=2022)
    agreement_between(minsk, smolensk, usd=Decimal("1000.00"), forum=eighth, sector="Industry")
    agreement_between(
        minsk,
        smolensk,
        usd=Decimal("3000.00"),
        forum=eighth,
        sector="Industry",
        status="fulfilled",
    )
    agreement_between(minsk, pskov, forum=eighth, sector="Energy")
    agreement_between(
        minsk, smolensk, usd=Decimal("500.00"), forum=ninth, title="=HYPERLINK(1)", sector=""
    )


def test_dashboard_takes_its_scope_from_the_url(client, registry):
    response = client.get("/?forum=8&sector=industry")

    html = response.content.decode()
    assert response.context["figures"].agreements == 2
    assert '<a href="/agreements/?forum=8&amp;sector=industry" data-figure="agreements">2</a>' in (
        html
    )
    assert "50% fulfilled" in html


def test_dashboard_reports_a_filter_it_cannot_read_and_leaves_it_out(client, registry):
    response = client.get("/?forums=9-1")

    assert response.status_code == 400
    assert response.context["figures"].agreements == 4
    assert "forums takes a range such as 1-8" in response.content.decode()


def test_dashboard_completeness_note_counts_missing_amounts_and_sectors(client, registry):
    html = client.get("/").content.decode()

    assert '<li data-figure="without_amount">1 agreement states no amount.</li>' in html
    assert '<li data-figure="without_sector">1 agreement names no sector.</li>' in html


def test_forum_page_sets_the_registry_against_the_announced_target(client, registry):
    from regionforum.forums.models import Forum

    Forum.objects.filter(number=8).update(
        announced_agreements=6, announced_value=Decimal("8000"), announced_currency="USD"
    )

    response = client.get("/forums/8/")

    html = response.content.decode()
    assert 'data-figure="target_agreements">of 6 announced (50%)</dd>' in html
    assert "of $8,000 announced (8,000 USD): 50%" in html
    assert 'href="/forums/8/report/?format=pdf"' in html


def test_region_page_lists_partners_timeline_and_sectors(client, registry):
    response = client.get("/regions/BY-MI/")

    tables = response.context["tables"]
    assert [(row[0].value, row[1].value) for row in tables["partners-ru"].rows] == [
        ("RU-SMO", 3),
        ("RU-PSK", 1),
    ]
    assert [(row[0].value, row[1].value) for row in tables["years"].rows] == [("2021", 4)]
    assert [(row[0].value, row[1].value) for row in tables["sectors"].rows] == [
        ("Industry", 2),
        ("", 1),
        ("Energy", 1),
    ]
    assert tables["partners-ru"].rows[0][0].href == "/regions/BY-MI/with/RU-SMO/"


def test_pair_page_counts_the_pair_s_agreements_only(client, registry):
    response = client.get("/regions/BY-MI/with/RU-SMO/?forum=8")

    html = response.content.decode()
    assert response.context["figures"].agreements == 2
    assert response.context["figures"].total_usd == Decimal("4000.00")
    assert (
        '<a href="/agreements/?forum=8&amp;region=BY-MI&amp;partner=RU-SMO" '
        'data-figure="agreements">2</a>'
    ) in html


def test_pair_link_lists_the_same_agreements(client, registry):
    response = client.get("/agreements/?forum=8&region=BY-MI&partner=RU-SMO")

    assert len(response.context["page"].object_list) == 2


def test_pair_page_is_404_for_an_unknown_region(client, registry):
    assert client.get("/regions/BY-MI/with/RU-XXX/").status_code == 404


def test_sector_page_breaks_down_by_sector_with_links(client, registry):
    response = client.get("/sectors/?forum=8")

    rows = response.context["tables"]["sectors"].rows
    assert [(row[0].value, row[1].value, row[1].href) for row in rows] == [
        ("Industry", 2, "/agreements/?forum=8&sector=Industry"),
        ("Energy", 1, "/agreements/?forum=8&sector=Energy"),
    ]


def test_table_downloads_as_csv_with_the_page_s_filters(client, registry):
    response = client.get("/regions/BY-MI/?forum=8&table=partners-ru&format=csv")

    assert response["Content-Disposition"] == 'attachment; filename="region-BY-MI-partners-ru.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Region", "Agreements", "USD"],
        ["RU-SMO", "2", "4000.0"],
        ["RU-PSK", "1", "0.0"],
    ]


def test_agreement_download_neutralises_formulas(client, registry):
    response = client.get("/?forum=9&table=agreements&format=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][2] == "'=HYPERLINK(1)"


def test_table_downloads_as_xlsx(client, registry):
    from openpyxl import load_workbook

    response = client.get("/sectors/?table=sectors&format=xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Sector", "Agreements", "USD"],
        ["Industry", 2, 4000.0],
        [None, 1, 500.0],
        ["Energy", 1, 0.0],
    ]


def test_unknown_download_is_404(client, registry):
    assert client.get("/?table=nothing&format=csv").status_code == 404
    assert client.get("/?table=forums&format=exe").status_code == 404


def test_map_shows_every_region_linking_to_its_page(client, registry):
    RegionFactory(code="BY-HO")

    response = client.get("/map/")

    places = {place.code: place for place in response.context["map"].places}
    assert set(places) == {"BY-MI", "BY-HO", "RU-SMO", "RU-PSK"}
    assert (places["BY-MI"].agreements, places["BY-HO"].agreements) == (4, 0)
    assert (places["BY-MI"].step, places["RU-SMO"].step, places["BY-HO"].step) == (5, 4, 0)
    assert 'href="/regions/RU-PSK/"' in response.content.decode()
    cells = {(place.x, place.y) for place in places.values()}
    assert len(cells) == 4


def test_map_of_one_region_colours_its_partners(client, registry):
    response = client.get("/map/?region=RU-PSK&measure=total_usd")

    places = {place.code: place for place in response.context["map"].places}
    assert (places["BY-MI"].agreements, places["RU-SMO"].agreements) == (1, 0)
    assert response.context["measure"] == "total_usd"


def test_page_serves_nothing_from_another_host(client, registry):
    html = client.get("/").content.decode()

    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
