"""The figures pages in headless Chromium: a region and its partners, a pair, the sectors, the
map (click a region, see its partners), the claims page and the forum report, each figure
followed to the agreements behind it; no console errors and no request to another host."""

from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.web.factories import ForumFactory, agreement_between, region_minsk, region_smolensk
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch, live_server) -> Iterator[Page]:
    """A page that records console errors and every request to a host but the live server's;
    the test fails on either."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    errors: list[str] = []
    failed: list[str] = []
    elsewhere: list[str] = []
    ours = urlparse(live_server.url).netloc
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB")
        opened = context.new_page()
        opened.on(
            "console",
            lambda m: errors.append(f"{m.text} {m.location}") if m.type == "error" else None,
        )
        opened.on("pageerror", lambda error: errors.append(str(error)))
        opened.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        opened.on(
            "request",
            lambda r: elsewhere.append(r.url) if urlparse(r.url).netloc != ours else None,
        )
        yield opened
        context.close()
        browser.close()
    assert (errors, failed) == ([], [])
    assert elsewhere == []


def _registry() -> None:
    """Minsk with Smolensk: three agreements at forums VIII and IX (two in Industry), and one
    outside a forum with Gomel."""
    from tests.factories import RegionFactory

    minsk, smolensk = region_minsk(), region_smolensk()
    gomel = RegionFactory(code="BY-HO", name_en="Gomel Oblast", name_be="Гомельская вобласць")
    viii, ix = ForumFactory(number=8, year=2021), ForumFactory(number=9, year=2022)
    agreement_between(
        minsk, smolensk, title="Tractors", usd=Decimal("2000.00"), forum=viii, sector="Industry"
    )
    agreement_between(
        minsk, smolensk, title="Buses", usd=Decimal("1000.00"), forum=ix, sector="Industry"
    )
    agreement_between(minsk, smolensk, title="Flax", forum=ix, sector="Agriculture")
    agreement_between(gomel, smolensk, title="Peat", usd=Decimal("10.00"))


def _titles(page: Page):
    return page.locator("table.data tbody tr td:nth-child(2) > a")


def test_region_page_partners_lead_to_the_pair_and_its_agreements(live_server, page):
    _registry()
    page.goto(live_server.url + "/regions/BY-MI/")

    expect(page.locator('[data-figure="agreements"]')).to_have_text("3")
    partners = page.locator('[data-section="top-partners"] li')
    expect(partners).to_have_count(1)
    expect(partners.first).to_contain_text("3 agreements")
    expect(page.locator('[data-section="completeness"]')).to_contain_text(
        "1 agreement states no amount."
    )

    partners.first.get_by_role("link").click()

    expect(page).to_have_url(live_server.url + "/regions/BY-MI/with/RU-SMO/")
    expect(page.locator('[data-figure="agreements"]')).to_have_text("3")
    page.locator('[data-figure="agreements"]').click()

    assert "region=BY-MI" in page.url and "partner=RU-SMO" in page.url
    expect(_titles(page)).to_have_count(3)


def test_sector_page_lists_each_sector_linked_to_its_agreements(live_server, page):
    _registry()
    page.goto(live_server.url + "/sectors/")

    page.get_by_role("link", name="Industry", exact=True).first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sector: Industry")
    expect(page.locator('[data-figure="agreements"]')).to_have_text("2")
    page.locator('[data-figure="agreements"]').click()
    expect(_titles(page)).to_have_count(2)
    assert sorted(_titles(page).all_inner_texts()) == ["Buses", "Tractors"]


def test_map_click_a_region_shows_its_partners(live_server, page):
    _registry()
    page.goto(live_server.url + "/map/")

    smolensk = page.locator('[data-region="RU-SMO"]')
    expect(smolensk).to_have_attribute("data-agreements", "4")
    expect(page.locator('[data-region="BY-MI"]')).to_have_attribute("data-agreements", "3")
    smolensk.locator("a").click()

    expect(page).to_have_url(live_server.url + "/regions/RU-SMO/")
    partners = page.locator('[data-section="top-partners"] li')
    expect(partners).to_have_count(2)
    expect(partners.nth(0)).to_contain_text("3 agreements")
    expect(partners.nth(1)).to_contain_text("1 agreement")


def test_claims_page_judges_a_statement_within_its_scope(live_server, page):
    _registry()
    page.goto(live_server.url + "/claims/")

    page.get_by_label("Statement").fill(
        "At forums VIII–IX, more than 2 agreements were signed. "
        "Gomel Oblast signed nearly 10 agreements."
    )
    page.get_by_label("Made at forum").fill("10")
    page.get_by_role("button", name="Check").click()

    rows = page.locator("table.claims-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-verdict", "confirmed")
    expect(rows.nth(0).locator("td").nth(2)).to_have_text("forums VIII–IX")
    expect(rows.nth(1)).to_have_attribute("data-verdict", "contradicted")
    expect(rows.nth(1).locator("td").nth(2)).to_have_text(
        "forums VIII–IX, with a party in Gomel Oblast"
    )

    rows.nth(0).locator("td").nth(3).get_by_role("link").click()

    assert "forums=8-9" in page.url
    expect(_titles(page)).to_have_count(3)


def test_forum_page_offers_its_report(live_server, page):
    _registry()
    page.goto(live_server.url + "/forums/9/")

    expect(page.locator('[data-figure="agreements"]')).to_have_text("2")
    link = page.locator('[data-section="report"] a', has_text="HTML")
    report = page.request.get(live_server.url + link.get_attribute("href"))

    assert report.status == 200
    assert "Buses" in report.text()
