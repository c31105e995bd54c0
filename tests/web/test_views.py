import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from regionforum.accounts.models import Role
from regionforum.web.templatetags.pages import usd_short
from tests.web.factories import (
    ForumFactory,
    MilestoneFactory,
    MoneyFactory,
    RegionFactory,
    SourceRecordFactory,
    agreement_between,
    region_minsk,
    region_smolensk,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def _registry(count: int) -> None:
    """`count` industry agreements at forum VIII, between Minsk and Smolensk, each worth $1,000."""
    minsk, smolensk = region_minsk(), region_smolensk()
    forum = ForumFactory(number=8, year=2021)
    for _ in range(count):
        agreement_between(minsk, smolensk, usd=Decimal("1000.00"), forum=forum, sector="Industry")


def test_dashboard_shows_headline_figures_and_unconverted_by_currency(client):
    minsk, smolensk = region_minsk(), region_smolensk()
    forum = ForumFactory(number=8, year=2021)
    agreement_between(minsk, smolensk, usd=Decimal("2500000.00"), forum=forum)
    agreement_between(minsk, smolensk, money=(Decimal("1500.50"), "BYN"), forum=forum)

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/agreements/" data-figure="agreements">2</a>' in html
    assert '<dd data-figure="total_usd"><a href="/agreements/">$2,500,000</a></dd>' in html
    assert (
        '<dd class="figure-small" data-figure="partner_regions">1 in Belarus, 1 in Russia' in html
    )
    assert '<dd class="figure-note">4 organisations</dd>' in html
    assert "and not in the total: 1,500.50\xa0BYN</li>" in html
    assert "Every amount was converted" not in html


def test_dashboard_says_all_converted_instead_of_listing_zero(client):
    _registry(1)

    html = client.get("/").content.decode()

    assert "Every amount was converted to USD." in html
    assert "0 BYN" not in html


def test_dashboard_chart_links_every_bar_to_its_agreements(client):
    _registry(2)

    html = client.get("/").content.decode()

    assert html.count('<g role="listitem"><a href="/agreements/?forum=8"') == 2
    assert 'aria-label="Forum VIII (2021): 2 agreements"' in html
    assert 'aria-label="Forum VIII (2021): $2,000"' in html


def test_dashboard_works_for_an_empty_registry(client):
    html = client.get("/").content.decode()

    assert '<a href="/agreements/" data-figure="agreements">0</a>' in html
    assert "No agreements signed at a forum yet." in html
    assert "Demo data." not in html


def test_pages_show_a_banner_when_the_registry_holds_synthetic_data(client):
    minsk, smolensk = region_minsk(), region_smolensk()
    agreement = agreement_between(minsk, smolensk, is_synthetic=True)

    for url in ("/", "/agreements/", "/regions/", "/forums/", f"/agreements/{agreement.pk}/"):
        assert "This registry holds synthetic agreements" in client.get(url).content.decode()
    listing = client.get("/agreements/").content.decode()
    assert "are synthetic demo data, not real agreements" in listing
    assert 'class="badge badge-synthetic"' in listing


def test_agreement_list_filters_by_query_parameters(client):
    minsk, smolensk = region_minsk(), region_smolensk()
    pskov = RegionFactory(code="RU-PSK", name_en="Pskov Oblast")
    forum = ForumFactory(number=8, year=2021)
    agreement_between(minsk, smolensk, title="Tractor assembly", forum=forum, kind="contract")
    agreement_between(
        minsk, pskov, title="Flax processing", signed_on=dt.date(2019, 6, 27), sector="Agriculture"
    )

    def titles(query: str) -> list[str]:
        page = client.get(f"/agreements/?{query}").context["page"]
        return [agreement.title for agreement in page.object_list]

    assert titles("") == ["Tractor assembly", "Flax processing"]
    assert titles("forum=8") == ["Tractor assembly"]
    assert titles("region=RU-PSK") == ["Flax processing"]
    assert titles("region=ru-psk") == ["Flax processing"]
    assert titles("region=RU") == ["Tractor assembly", "Flax processing"]
    assert titles("year=2019") == ["Flax processing"]
    assert titles("kind=contract") == ["Tractor assembly"]
    assert titles("status=fulfilled") == []
    assert titles("sector=Agriculture") == ["Flax processing"]
    assert titles("q=flax") == ["Flax processing"]


def test_agreement_list_ignores_and_reports_a_malformed_filter(client):
    _registry(1)

    response = client.get("/agreements/?forum=eight&kind=contract")

    html = response.content.decode()
    assert len(response.context["page"].object_list) == 0
    assert "Some filters were not understood and were left out:" in html
    assert "Forum" in html.split("left out:")[1].split("</p>")[0]


def test_agreement_list_paginates_by_25(client):
    _registry(26)

    first = client.get("/agreements/")
    second = client.get("/agreements/?forum=8&page=2")

    assert len(first.context["page"].object_list) == 25
    assert '<a href="?page=2" rel="next">Next</a>' in first.content.decode()
    assert len(second.context["page"].object_list) == 1
    assert '<a href="?forum=8&amp;page=1" rel="prev">Previous</a>' in second.content.decode()
    assert "26 agreements" in second.content.decode()


def test_agreement_list_escapes_titles(client):
    agreement_between(region_minsk(), region_smolensk(), title="<script>alert(1)</script>")

    html = client.get("/agreements/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_agreement_detail_escapes_title_raw_cells_and_history(client):
    agreement = agreement_between(region_minsk(), region_smolensk(), title="<b>draft</b>")
    agreement.title = "<script>alert(1)</script>"
    agreement.save()
    SourceRecordFactory(agreement=agreement, raw={"<b>title</b>": "<img src=x onerror=alert(1)>"})
    client.force_login(user_with_role(Role.ANALYST))

    html = client.get(f"/agreements/{agreement.pk}/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; · " in html
    assert "<dt>&lt;b&gt;title&lt;/b&gt;</dt>" in html
    assert "<b>" not in html
    assert "title: “&lt;b&gt;draft&lt;/b&gt;” → “&lt;script&gt;alert(1)&lt;/script&gt;”" in html


def test_agreement_detail_shows_parties_money_milestones_sources_and_history(client):
    minsk, smolensk = region_minsk(), region_smolensk()
    forum = ForumFactory(number=8, year=2021)
    agreement = agreement_between(minsk, smolensk, title="Buses for Smolensk", forum=forum)
    MoneyFactory(
        agreement=agreement,
        value=Decimal("7316000.00"),
        currency="RUB",
        usd=Decimal("100000.00"),
        rate=Decimal("73.16000000"),
        rate_date=dt.date(2021, 6, 30),
        rate_source="Bank of Russia",
    )
    MilestoneFactory(agreement=agreement, title="First delivery", due_on=dt.date(2022, 3, 1))
    SourceRecordFactory(
        agreement=agreement,
        file_name="smolensk.xlsx",
        row=7,
        ref="SM-12",
        reporter="RU-SMO",
        match_reason="same parties, date and amount",
        raw={"сумма": "7,316 млн руб."},
    )
    agreement.status = "fulfilled"
    agreement.save()
    client.force_login(user_with_role(Role.ANALYST))

    html = client.get(f"/agreements/{agreement.pk}/").content.decode()

    assert "<h1>Buses for Smolensk</h1>" in html
    assert 'href="/regions/BY-MI/">Minsk Region</a>' in html
    assert 'href="/regions/RU-SMO/">Smolensk Oblast</a>' in html
    assert "<dd>7,316,000.00\xa0RUB</dd>" in html
    assert "<dd>$100,000</dd>" in html
    assert "<dd>73.16 RUB per USD</dd>" in html
    assert "<dd>Bank of Russia</dd>" in html
    assert "<td>First delivery</td>" in html
    assert (
        '<td>smolensk.xlsx</td><td class="num">7</td><td>SM-12</td><td>RU-SMO</td>'
        "<td>same parties, date and amount</td>"
    ) in html
    assert "<dt>сумма</dt><dd>7,316 млн руб.</dd>" in html
    assert "status: “Signed” → “Fulfilled”" in html
    assert "Created" in html
    assert 'href="/forums/8/">Forum VIII (2021)</a>' in html


def test_agreement_detail_says_not_converted_when_usd_is_missing(client):
    agreement = agreement_between(region_minsk(), region_smolensk(), money=(Decimal("9.99"), "XAF"))

    html = client.get(f"/agreements/{agreement.pk}/").content.decode()

    assert "<dd>9.99\xa0XAF</dd>" in html
    assert "<strong>not converted</strong>" in html
    assert "Rate used" not in html


def test_agreement_detail_is_404_for_an_unknown_agreement(client):
    assert client.get("/agreements/999999/").status_code == 404


def test_agreement_detail_offers_correction_only_to_those_who_may_change_it(client):
    minsk, smolensk = region_minsk(), region_smolensk()
    agreement = agreement_between(minsk, smolensk)
    edit = f'href="/agreements/{agreement.pk}/edit/"'

    def offered() -> bool:
        return edit in client.get(f"/agreements/{agreement.pk}/").content.decode()

    assert offered() is False
    client.force_login(user_with_role(Role.ANALYST))
    assert offered() is False
    client.force_login(user_with_role(Role.COORDINATOR, regions=(smolensk,)))
    assert offered() is True
    client.force_login(user_with_role(Role.COORDINATOR, regions=(RegionFactory(code="RU-BRY"),)))
    assert offered() is False
    client.force_login(user_with_role(Role.SECRETARIAT))
    assert offered() is True


def test_region_list_shows_both_countries_with_counts_and_usd(client):
    _registry(2)
    RegionFactory(code="BY-BR", name_en="Brest Region")

    html = client.get("/regions/").content.decode()

    assert '<h2 id="country-BY">Belarus</h2>' in html
    assert '<h2 id="country-RU">Russia</h2>' in html
    assert (
        '<a href="/regions/BY-MI/">Minsk Region</a></th>\n    <td>BY-MI</td>\n'
        '    <td class="num"><a href="/agreements/?region=BY-MI">2</a></td>\n'
        '    <td class="num">$2,000</td>'
    ) in html
    assert '<td>BY-BR</td>\n    <td class="num">0</td>\n    <td class="num">—</td>' in html


def test_region_detail_shows_partners_agreements_and_totals(client):
    _registry(2)

    response = client.get("/regions/by-mi/")

    html = response.content.decode()
    assert '<h1>Minsk Region <span class="muted">BY-MI</span></h1>' in html
    assert '<a href="/agreements/?region=BY-MI" data-figure="agreements">2</a>' in html
    assert '<dd data-figure="total_usd"><a href="/agreements/?region=BY-MI">$2,000</a></dd>' in html
    assert (
        '<a href="/regions/BY-MI/with/RU-SMO/">Smolensk Oblast</a></th>'
        '<td class="num"><a href="/agreements/?region=BY-MI&amp;partner=RU-SMO">2</a></td>'
        '<td class="num">$2,000</td>'
    ) in html
    assert [region.code for region in response.context["top_partners"]["RU"]] == ["RU-SMO"]
    assert response.context["top_partners"]["BY"] == []
    assert len(response.context["page"].object_list) == 2


def test_region_detail_is_404_for_an_unknown_code(client):
    assert client.get("/regions/XX-YY/").status_code == 404


def test_forum_list_shows_announced_figures_beside_the_registry(client):
    _registry(3)
    ForumFactory(
        number=9,
        year=2022,
        host_cities="Grodno",
        theme="Import substitution",
        announced_agreements=40,
        announced_value=Decimal("800000000"),
        announced_currency="USD",
    )

    html = client.get("/forums/").content.decode()

    assert '<a href="/forums/8/">VIII</a> <span class="muted">2021</span>' in html
    assert '<td class="num"><a href="/agreements/?forum=8">3</a></td>' in html
    assert '<td class="num nowrap">$3,000</td>' in html
    assert "<td>Grodno</td>" in html
    assert '<td class="theme">Import substitution</td>' in html
    assert '<td class="num">40</td>' in html
    assert "800,000,000 USD" in html
    assert '<td class="num"><a href="/agreements/?forum=9">0</a></td>' in html


def test_forum_detail_shows_breakdowns_by_region_sector_and_kind(client):
    _registry(2)
    minsk = region_minsk()
    agreement_between(
        minsk,
        minsk,
        usd=Decimal("500.00"),
        forum=ForumFactory(number=8),
        sector="Energy",
        kind="contract",
    )

    response = client.get("/forums/8/")

    html = response.content.decode()
    assert "<h1>Forum VIII (2021)</h1>" in html
    assert '<a href="/agreements/?forum=8" data-figure="agreements">3</a>' in html
    assert '<dd data-figure="total_usd"><a href="/agreements/?forum=8">$2,500</a></dd>' in html
    assert (
        '<a href="/regions/BY-MI/">Minsk Region</a></th>'
        '<td class="num"><a href="/agreements/?forum=8&amp;region=BY-MI">3</a></td>'
        '<td class="num">$2,500</td>'
    ) in html
    assert (
        '<a href="/sectors/?forum=8&amp;sector=Industry">Industry</a></th>'
        '<td class="num"><a href="/agreements/?forum=8&amp;sector=Industry">2</a></td>'
        '<td class="num">$2,000</td>'
    ) in html
    assert (
        '<th scope="row">Contract</th>'
        '<td class="num"><a href="/agreements/?forum=8&amp;kind=contract">1</a></td>'
        '<td class="num">$500</td>'
    ) in html
    assert len(response.context["page"].object_list) == 3


def test_forum_detail_is_404_for_an_unknown_forum(client):
    assert client.get("/forums/99/").status_code == 404


def test_header_links_imports_and_review_only_for_users_who_may_use_them(client):
    def links() -> tuple[bool, bool]:
        html = client.get("/").content.decode()
        return 'href="/imports/"' in html, 'href="/imports/review/"' in html

    assert links() == (False, False)
    client.force_login(user_with_role(Role.ANALYST))
    assert links() == (False, False)
    client.force_login(user_with_role(Role.COORDINATOR))
    assert links() == (True, False)
    client.force_login(user_with_role(Role.SECRETARIAT))
    assert links() == (True, True)


def test_header_marks_the_current_section(client):
    agreement = agreement_between(region_minsk(), region_smolensk())

    html = client.get(f"/agreements/{agreement.pk}/").content.decode()

    assert '<a href="/agreements/" aria-current="page">Agreements</a>' in html
    assert '<a href="/" aria-current="page">' not in html


def test_language_switch_to_russian_translates_the_pages(client):
    response = client.post(reverse("web:set_language"), {"language": "ru", "next": "/forums/"})

    assert response.status_code == 302
    assert response["Location"] == "/forums/"
    html = client.get("/forums/").content.decode()
    assert '<html lang="ru">' in html
    assert "Форумы регионов" in html


def test_login_page_logs_a_user_in(client):
    user_with_role(Role.SECRETARIAT, username="secretary")

    form = client.get("/accounts/login/").content.decode()
    response = client.post(
        "/accounts/login/", {"username": "secretary", "password": "correct horse battery"}
    )

    assert '<label for="id_username">User name</label>' in form
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert '<span class="user">secretary</span>' in client.get("/").content.decode()


def test_pages_render_in_belarusian_with_region_names_in_belarusian(client):
    _registry(1)
    client.post(reverse("web:set_language"), {"language": "be", "next": "/"})

    html = client.get("/regions/").content.decode()

    assert '<html lang="be">' in html
    assert "<h1>Рэгіёны</h1>" in html
    assert '<a href="/regions/BY-MI/">Мінская вобласць</a>' in html


def test_usd_short_rounds_chart_labels():
    assert usd_short(Decimal("249999999.99")) == "$250M"
    assert usd_short(Decimal("314460000")) == "$314.5M"
    assert usd_short(Decimal("1250000000")) == "$1.3B"
    assert usd_short(Decimal("12000")) == "$12,000"
    assert usd_short(None) == "—"


@pytest.mark.parametrize("language", ["ru", "be"])
def test_usd_short_follows_the_language(language):
    from django.utils import translation

    with translation.override(language):
        labels = [usd_short(Decimal(value)) for value in ("314460000", "1250000000", "12000")]

    assert labels == ["314,5\xa0млн\xa0$", "1,3\xa0млрд\xa0$", "12\xa0000\xa0$"]


@pytest.mark.django_db
def test_dashboard_states_the_rate_basis(client, tmp_path):
    from django.core.management import call_command

    rates = tmp_path / "annual.csv"
    rates.write_text("date,currency,units_per_usd\n2020-01-01,RUB,72.1\n2021-01-01,RUB,73.7\n")
    call_command("rates", "load", str(rates), stdout=io.StringIO())

    response = client.get("/")

    basis = response.content.decode().split('data-figure="basis"')[1].split("</li>")[0]
    assert "loaded rates alone over these spans" in basis
    assert "RUB 01/01/2020 – 12/31/2021 (annual.csv)" in basis


def test_claims_page_sets_each_figure_against_the_registry_in_its_scope(client):
    minsk, smolensk = region_minsk(), region_smolensk()
    for number in (6, 7, 8):
        forum = ForumFactory(number=number, year=2013 + number)
        agreement_between(minsk, smolensk, usd=Decimal("1000000.00"), forum=forum)

    response = client.get(
        "/claims/",
        {"text": "At forums VI–VII, more than 1 agreement worth nearly $2 million was signed."},
    )

    results = response.context["results"]
    assert [
        (row["claim"].measure, row["stated"], row["scope_label"], row["actual"], row["verdict"])
        for row in results
    ] == [
        ("agreements", "1", "forums VI–VII", "2", "confirmed"),
        ("total_usd", "$2.0 million", "forums VI–VII", "$2.0 million", "confirmed"),
    ]
    body = response.content.decode()
    assert body.count('data-verdict="confirmed"') == 2
    assert body.count('href="/agreements/?forums=6-7"') == 2
    listed = client.get("/agreements/?forums=6-7")
    assert sorted(agreement.forum.number for agreement in listed.context["page"]) == [6, 7]
    assert "Forums 6-7 only." in listed.content.decode()


def test_claims_page_escapes_the_statement(client):
    response = client.get("/claims/", {"text": "<script>alert(1)</script> более 5 соглашений"})

    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_claims_page_bad_forum_says_so(client):
    response = client.get("/claims/", {"text": "more than 5 agreements", "forum": "zero"})

    assert response.context["results"] == []
    assert '<p class="error" role="alert">The forum is a forum number from 1.</p>' in (
        response.content.decode()
    )
