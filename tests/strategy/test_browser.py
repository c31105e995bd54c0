"""A coordinator's strategy work in headless Chromium, as a new user would do it: link one of
their region's agreements to a project by its number, then find it on the project, on its
priority page and on the roadmap; the project's missed milestone is under "late", and its
indicator chart states the gap against the plan."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from regionforum.accounts.models import Role
from regionforum.registry.models import AgreementStatus
from regionforum.strategy import services
from regionforum.strategy.models import (
    Indicator,
    IndicatorValue,
    Programme,
    Project,
    ProjectMilestone,
    ProjectStatus,
    Theme,
)
from tests.factories import MoneyFactory, agreement_between
from tests.web.browsing import signed_in
from tests.web.factories import region_minsk, region_smolensk, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser: Browser, base: str, username: str, target: str) -> Page:
    """Signed in, with the page's console errors kept in `page.errors`."""
    page = signed_in(browser, base, username, target)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


def _strategy() -> tuple[Project, int]:
    services.themes_load()
    minsk = region_minsk()
    programme = Programme.objects.create(
        title="Integration programme to 2030",
        starts_on=date(2024, 1, 1),
        ends_on=date(2030, 12, 31),
    )
    project = Project.objects.create(
        programme=programme,
        theme=Theme.objects.get(code="microelectronics"),
        title="Wafer line for power electronics",
        sector="electronics",
        status=ProjectStatus.IN_PROGRESS,
        starts_on=date(2024, 1, 1),
        due_on=date(2029, 12, 31),
    )
    project.regions.set([minsk])
    ProjectMilestone.objects.create(
        project=project, title="Clean room built", due_on=date(2025, 6, 30)
    )
    indicator = Indicator.objects.create(
        project=project,
        name="Wafers a year",
        unit="thousand",
        baseline=Decimal("10"),
        target=Decimal("110"),
        target_year=2029,
    )
    IndicatorValue.objects.create(indicator=indicator, on=date(2025, 12, 31), value=Decimal("12"))
    agreement = agreement_between(
        minsk,
        region_smolensk(),
        title="Supply of silicon wafers",
        signed_on=date(2025, 6, 27),
        status=AgreementStatus.IN_PROGRESS,
    )
    MoneyFactory(agreement=agreement, value=Decimal("2500000"))
    return project, agreement.pk


def test_a_coordinator_links_an_agreement_and_every_strategy_page_shows_it(live_server, browser):
    project, number = _strategy()
    coordinator = user_with_role(
        Role.COORDINATOR, username="minsk-coord", regions=(region_minsk(),)
    )
    page = _signed_in(browser, live_server.url, coordinator.username, f"/strategy/{project.pk}/")

    form = page.locator(f'form[action="/strategy/{project.pk}/links/add/"]')
    form.locator('input[name="agreement"]').fill("999999")
    form.locator('button[type="submit"]').click()
    expect(page.locator(".messages")).to_contain_text("No agreement number 999999")
    expect(page.locator('[data-section="linked"]')).to_have_count(0)

    form.locator('input[name="agreement"]').fill(f"№ {number}")
    form.locator('button[type="submit"]').click()
    expect(page.locator(".messages")).to_contain_text(
        f"Agreement {number} now serves this project."
    )
    linked = page.locator('[data-section="linked"]')
    expect(linked).to_contain_text("Supply of silicon wafers")
    expect(linked).to_contain_text("$2,500,000")
    expect(page.locator("figure.chart figcaption")).to_contain_text("against the plan")

    page.goto(f"{live_server.url}/strategy/priorities/microelectronics/")
    expect(page.locator("main")).to_contain_text("Supply of silicon wafers")
    expect(page.locator(".lead")).to_contain_text("1 agreement serving them, worth $2,500,000")

    page.goto(f"{live_server.url}/strategy/roadmap/")
    row = page.locator(".roadmap-row", has_text="Wafer line for power electronics")
    expect(row).to_contain_text("late")
    expect(row.locator("[data-agreements]")).to_have_attribute("data-agreements", "1")
    expect(row).to_contain_text("1 agreement, worth $2,500,000.")

    page.goto(f"{live_server.url}/strategy/late/")
    late = page.locator('[data-section="late"]')
    expect(late).to_contain_text("Wafer line for power electronics")
    expect(late).to_contain_text("Clean room built")
    assert page.errors == []  # type: ignore[attr-defined]
