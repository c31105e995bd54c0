"""The Content-Security-Policy: every page sends it, and no page needs an inline script or
style, so that the policy allows none. The browser test loads the main pages of the demo in
Chromium and finds no violation reported."""

from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from regionforum.accounts.models import User
from regionforum.forums.models import Participant
from regionforum.gazetteer.models import Region
from regionforum.registry.models import Agreement

DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
)


class InlineFinder(HTMLParser):
    """Collects what a policy without 'unsafe-inline' would block."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found.extend(f"{tag} {name}=" for name in names if name == "style")
        self.found.extend(f"{tag} {name}=" for name in names if name.startswith("on"))


def inline_parts(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def main_pages() -> list[str]:
    region = Region.objects.filter(code__startswith="BY", organisations__isnull=False).first()
    participant = Participant.objects.order_by("pk").first()
    agreement = Agreement.objects.order_by("pk").first()
    assert region is not None and participant is not None and agreement is not None
    return [
        "/",
        "/agreements/",
        f"/agreements/{agreement.pk}/",
        "/regions/",
        f"/regions/{region.code}/",
        "/map/",
        "/forums/",
        "/forums/12/",
        "/forums/12/programme/",
        "/forums/12/programme/?tab=schedule",
        "/forums/12/report/?format=html",
        "/strategy/",
        "/strategy/roadmap/",
        "/strategy/late/",
        "/claims/?q=" + "more than 370 agreements worth nearly $3 billion",
        f"/agenda/{participant.agenda_token}/",
        f"/programme/p/{participant.agenda_token}/",
        "/imports/",
        "/imports/review/",
        "/accounts/login/",
    ]


@pytest.fixture
def demo(capsys) -> None:
    call_command("demo", "--no-serve", verbosity=0)
    capsys.readouterr()


def test_inline_finder_finds_what_the_policy_blocks():
    html = '<script>x()</script><script src="/s.js"></script><p style="a" onclick="b"></p>'
    assert inline_parts(html + "<style>p{}</style>") == [
        "<script> without src",
        "p style=",
        "p onclick=",
        "<style>",
    ]


@pytest.mark.django_db
def test_main_pages_send_the_policy_and_hold_no_inline_script_or_style(client, demo):
    client.force_login(User.objects.get(username="demo"))
    for url in main_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert all(directive in policy for directive in DIRECTIVES), (url, policy)
        assert "unsafe-inline" not in policy
        assert inline_parts(response.content.decode()) == [], url


@pytest.mark.django_db
def test_report_file_embeds_its_stylesheet_and_the_page_links_it(client, demo):
    from regionforum.web.report import report_html

    page = client.get("/forums/12/report/?format=html").content.decode()
    standalone = report_html(number=12, language="en")

    assert '<link rel="stylesheet" href="/static/web/report.css">' in page
    assert "<style>/* The forum report" in standalone
    assert "report.css" not in standalone.split("</style>", 1)[1]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_report_no_policy_violation_in_chromium(live_server, demo, monkeypatch):
    from playwright.sync_api import sync_playwright

    from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", "demo")
        page.fill("input[name=password]", "demo")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        for url in main_pages():
            response = page.goto(live_server.url + url)
            assert response is not None and response.status == 200, url
            assert response.headers["content-security-policy"].startswith("default-src 'self'")
            page.wait_for_load_state("networkidle")
        browser.close()
    assert violations == []
