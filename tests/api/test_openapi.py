"""The committed OpenAPI document and the interactive docs, served without the internet."""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from playwright.sync_api import Page, sync_playwright

from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
REGENERATE = (
    "PYTHONPATH=src python -m regionforum export_openapi_schema "
    "--api regionforum.api.views.api --indent 2 --sorted --output docs/openapi.json"
)


@pytest.mark.django_db
def test_openapi_document_matches_the_committed_one(client):
    served = client.get("/api/v1/openapi.json").json()

    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))

    assert served == committed, (
        "The API's OpenAPI document differs from docs/openapi.json. Review the change, then "
        f"regenerate it with: {REGENERATE}"
    )


@pytest.mark.django_db
def test_docs_page_loads_everything_from_this_site(client):
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert response.status_code == 200
    assert sorted(assets) == [
        "/static/ninja/favicon.png",
        "/static/ninja/favicon.svg",
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
        "/static/ninja/swagger-ui.css",
    ]
    assert all(finders.find(asset.removeprefix("/static/")) for asset in assets)
    assert "//" not in "".join(assets)
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S)[1])
    assert settings["url"] == "/api/v1/openapi.json"


@pytest.fixture
def offline_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Page, list[str]]]:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        elsewhere: list[str] = []
        yield page, elsewhere
        context.close()
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_docs_render_in_chromium_with_the_internet_cut_off(live_server, offline_page):
    page, elsewhere = offline_page

    def only_here(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_here)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/agreements" in paths
    assert "/api/v1/forums/{number}/requests" in paths
    assert elsewhere == []
    assert errors == []  # a Content-Security-Policy violation is reported here too
