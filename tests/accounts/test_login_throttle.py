"""Password guessing over HTTP against the running server: django-axes locks the user name out
for the address, and the right password works again once the cool-off has passed."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    """The live server speaks plain HTTP, over which a browser keeps secure cookies to itself."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


class Browser:
    """Cookies, CSRF and form posts with the standard library, without following redirects."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - loopback
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def login(self, username: str, password: str) -> tuple[int, str]:
        _status, page = self.request("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        return self.request(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
        )

    def session(self) -> bool:
        return any(cookie.name == "sessionid" for cookie in self.cookies)


def test_thirty_wrong_passwords_lock_out_until_the_cool_off_ends(live_server, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(seconds=3)
    UserFactory(username="gomel")
    browser = Browser(live_server.url)

    statuses = [browser.login("gomel", f"guess-{attempt}")[0] for attempt in range(30)]

    # The first four are wrong passwords; the fifth locks the pair out, and so do the rest.
    assert statuses == [200] * 4 + [429] * 26
    status, page = browser.login("gomel", "correct horse battery")
    assert status == 429
    assert "Too many failed logins" in page
    assert not browser.session()
    # Another user name from the same address is not locked out.
    UserFactory(username="minsk")
    assert browser.login("minsk", "correct horse battery")[0] == 302

    time.sleep(3.5)
    other = Browser(live_server.url)
    status, _page = other.login("gomel", "correct horse battery")
    assert status == 302
    assert other.session()


def test_a_wrong_password_below_the_limit_shows_the_form_again(live_server, settings):
    settings.AXES_FAILURE_LIMIT = 5
    UserFactory(username="brest")
    browser = Browser(live_server.url)

    status, page = browser.login("brest", "wrong")

    assert status == 200
    assert "Please enter a correct" in page
    assert browser.login("brest", "correct horse battery")[0] == 302


def test_lockout_page_is_in_the_users_language(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="vitebsk")
    for _attempt in range(2):
        response = client.post(
            "/accounts/login/",
            {"username": "vitebsk", "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE="ru",
        )

    assert response.status_code == 429
    page = response.content.decode()
    assert "Слишком много неудачных попыток входа" in page
    assert (
        "После 2 неверных паролей для этого имени пользователя с вашего адреса вход "
        "приостановлен. Повторите через 15 минут." in page
    )
