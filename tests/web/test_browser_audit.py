"""A correction and its undo in headless Chromium: a coordinator corrects their region's
agreement on the page; the secretariat finds the change in the audit log by its URL filters,
reverts it with the button, and the agreement's page shows the old title and the revert."""

import pytest
from playwright.sync_api import expect

from regionforum.accounts.models import Role
from tests.factories import ForumFactory, agreement_between
from tests.web.browsing import signed_in
from tests.web.factories import region_minsk, region_smolensk, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_correction_is_found_in_the_audit_log_and_reverted(live_server, browser):
    ForumFactory(number=8, year=2021)
    minsk, smolensk = region_minsk(), region_smolensk()
    agreement = agreement_between(minsk, smolensk, title="Minsk dairy")
    untouched = agreement_between(minsk, smolensk, title="Minsk buses")
    coordinator = user_with_role(Role.COORDINATOR, username="minsk-coord", regions=(minsk,))
    secretariat = user_with_role(Role.SECRETARIAT, username="secretariat")

    page = signed_in(
        browser, live_server.url, coordinator.username, f"/agreements/{agreement.pk}/edit/"
    )
    page.locator('textarea[name="title"]').fill("Minsk dairy plant")
    page.locator('form[data-form="agreement-correction"] button[type="submit"]').click()
    expect(page.locator("body")).to_contain_text("The agreement was saved.")
    expect(page.locator("h1")).to_contain_text("Minsk dairy plant")

    page = signed_in(
        browser,
        live_server.url,
        secretariat.username,
        f"/audit/?model=agreement&object={agreement.pk}&user={coordinator.username}",
    )
    rows = page.locator('table[data-section="audit"] tbody tr')
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("“Minsk dairy” → “Minsk dairy plant”")
    expect(page.locator('table[data-section="audit"]')).not_to_contain_text("Minsk buses")
    rows.first.locator('button[type="submit"]', has_text="Revert").first.click()
    expect(page.locator("body")).to_contain_text("was reverted.")

    page.goto(f"{live_server.url}/agreements/{agreement.pk}/")
    expect(page.locator("h1")).to_have_text("Minsk dairy")
    history = page.locator('table[data-section="history"]')
    expect(history.locator("tbody tr").first).to_contain_text("“Minsk dairy plant” → “Minsk dairy”")
    expect(history).to_contain_text(secretariat.username)
    untouched.refresh_from_db()
    assert untouched.title == "Minsk buses"
