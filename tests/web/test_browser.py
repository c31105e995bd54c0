"""The real pages in headless Chromium (Debian's package). Without it these tests fail: CI
installs it, and a browser test that skips proves nothing."""

from collections.abc import Iterator
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.web.factories import (
    ForumFactory,
    SourceRecordFactory,
    agreement_between,
    region_minsk,
    region_smolensk,
    user_with_role,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    # Playwright's sync API runs an event loop in this thread, which trips Django's guard
    # against database access from async code; the live server's thread is unaffected.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB")
        yield context.new_page()
        context.close()
        browser.close()


def _registry() -> None:
    minsk, smolensk = region_minsk(), region_smolensk()
    viii, ix = ForumFactory(number=8, year=2021), ForumFactory(number=9, year=2022)
    agreement_between(minsk, smolensk, title="Tractor assembly", usd=Decimal("2000.00"), forum=viii)
    agreement_between(minsk, smolensk, title="Bus deliveries", usd=Decimal("1000.00"), forum=ix)
    flax = agreement_between(
        minsk, smolensk, title="Flax processing", money=(Decimal("500.00"), "BYN"), forum=ix
    )
    SourceRecordFactory(
        agreement=flax,
        file_name="smolensk-2022.xlsx",
        row=14,
        ref="SM-7",
        raw={"наименование": "Переработка льна"},
    )


def test_dashboard_shows_the_headline_figures(live_server, page):
    _registry()

    page.goto(live_server.url + "/")

    expect(page.locator('[data-figure="agreements"]')).to_have_text("3")
    expect(page.locator('[data-figure="total_usd"]')).to_have_text("$3,000")
    expect(page.locator('[data-figure="partner_regions"]')).to_have_text(
        "1 in Belarus, 1 in Russia"
    )
    expect(page.locator('[data-figure="unconverted"]')).to_contain_text("500.00 BYN")
    # Two forums in each of the two forum charts; the sector chart links by sector.
    expect(page.locator('svg a.bar-link[href*="?forum="]')).to_have_count(4)


def test_chart_bar_and_filters_narrow_the_agreements_by_clicking(live_server, page):
    _registry()
    page.goto(live_server.url + "/")

    page.get_by_role("link", name="Forum IX (2022): 2 agreements").click()

    expect(page).to_have_url(live_server.url + "/agreements/?forum=9")
    titles = page.locator("table.data tbody tr td:nth-child(2) > a")
    expect(titles).to_have_text(["Bus deliveries", "Flax processing"])

    page.get_by_label("Forum").select_option("8")
    page.get_by_role("button", name="Filter").click()

    expect(titles).to_have_text(["Tractor assembly"])
    assert "forum=8" in page.url

    page.get_by_label("Forum").select_option("")
    page.get_by_label("Search").fill("bus")
    page.get_by_role("button", name="Filter").click()

    expect(titles).to_have_text(["Bus deliveries"])


def test_agreement_detail_shows_its_source_rows(live_server, page):
    _registry()
    page.goto(live_server.url + "/agreements/?q=flax")

    page.get_by_role("link", name="Flax processing").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Flax processing")
    sources = page.locator('[data-section="sources"] tbody tr')
    expect(sources).to_have_count(1)
    expect(sources.locator("td").nth(0)).to_have_text("smolensk-2022.xlsx")
    expect(sources.locator("td").nth(1)).to_have_text("14")
    expect(sources.locator("td").nth(2)).to_have_text("SM-7")
    expect(sources.locator("dl.raw dd")).to_have_text("Переработка льна")
    expect(page.locator('[data-section="money"]')).to_contain_text("not converted")


def test_language_switch_to_russian(live_server, page):
    _registry()
    page.goto(live_server.url + "/forums/")

    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Switch").click()

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text("Форумы регионов")
    expect(page).to_have_url(live_server.url + "/forums/")
    expect(page.get_by_role("link", name="Соглашения", exact=True)).to_be_visible()


def _upload_for_check(live_server, page, tmp_path) -> None:
    """Sign in as the secretariat and send a sheet of two good rows and a bad one to check."""
    from tests.registry.sheets import RU_HEADER, ru_row, write_csv

    user = user_with_role("secretariat")
    sheet = write_csv(
        tmp_path / "gomel.csv",
        RU_HEADER,
        [ru_row("1"), ru_row("2", signed_on="31.02.2021"), ru_row("3", title="Третье")],
    )
    page.goto(live_server.url + "/accounts/login/?next=/imports/")
    page.get_by_label("User name").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.locator("main").get_by_role("button", name="Log in").click()

    page.get_by_label("Sheet (CSV, XLSX or ODS)").set_input_files(str(sheet))
    page.get_by_label("Sent by (BY, RU or a region code)").fill("BY")
    page.get_by_role("button", name="Check the file").click()


def test_import_check_then_one_click_imports_the_valid_rows(live_server, page, tmp_path, settings):
    from regionforum.registry.models import Agreement

    settings.DATA_DIR = tmp_path
    _upload_for_check(live_server, page, tmp_path)

    expect(page.locator('[data-count="created"]')).to_have_text("2")
    expect(page.locator('[data-count="rejected"]')).to_have_text("1")
    expect(page.locator("td[data-outcome]")).to_have_text(
        ["new agreement", "rejected", "new agreement"]
    )
    assert Agreement.objects.count() == 0

    page.get_by_role("button", name="Import the 2 valid rows, leave the 1 rejected").click()

    expect(page.get_by_text("The file was imported.")).to_be_visible()
    assert Agreement.objects.count() == 2


def test_import_job_page_follows_a_queued_check_to_its_result(
    live_server, page, tmp_path, settings
):
    from django.core.management import call_command

    settings.DATA_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _upload_for_check(live_server, page, tmp_path)
    expect(page.locator("#job-progress")).to_be_visible()
    expect(page.locator('[data-count="created"]')).to_have_count(0)

    # The worker runs elsewhere in production; here, in this thread, while the page polls.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    expect(page.locator('[data-count="created"]')).to_have_text("2")
    expect(page.locator("#job-progress")).to_have_count(0)
