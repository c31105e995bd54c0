"""Headless Chromium for the browser tests that sign in as several users in turn; the
`browser` fixture is in tests/conftest.py."""

from urllib.parse import urlencode

from playwright.sync_api import Browser, Page


def signed_in(browser: Browser, base: str, username: str, target: str) -> Page:
    """A new English page signed in as `username` and sent on to `target`."""
    page = browser.new_context(locale="en-GB").new_page()
    page.goto(f"{base}/accounts/login/?{urlencode({'next': target})}")
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill("correct horse battery")
    page.locator('main button[type="submit"]').click()
    return page
