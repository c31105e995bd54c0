"""Outside debug mode every error page is the platform's own, in the user's language, and none
of them shows the URLs, the settings or a traceback; under /api/ errors are JSON."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.error_urls")]

LEAKS = ["URLconf", "urlpatterns", "SECRET_KEY", "Traceback", "settings.py", "admin/", "DEBUG"]


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("url", "status", "language", "title"),
    [
        ("/no-such-page/", 404, "en", "Page not found"),
        ("/no-such-page/", 404, "ru", "Страница не найдена"),
        ("/no-such-page/", 404, "be", "Старонка не знойдзена"),
        ("/refuses/", 403, "ru", "Доступ запрещён"),
        ("/bad/", 400, "be", "Няправільны запыт"),
        ("/fails/", 500, "en", "Server error"),
        ("/fails/", 500, "ru", "Ошибка сервера"),
        ("/fails/", 500, "be", "Памылка сервера"),
    ],
)
def test_error_page_is_ours_in_the_users_language(visitor, settings, url, status, language, title):
    assert settings.DEBUG is False

    response = visitor.get(url, HTTP_ACCEPT_LANGUAGE=language)

    page = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in page
    assert f'<html lang="{language}">' in page
    assert [leak for leak in LEAKS if leak in page] == []
    assert "internal detail" not in page


def test_csrf_failure_page_is_ours_in_the_users_language(settings):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        "/accounts/login/", {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE="ru"
    )

    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Форму не удалось отправить</h1>" in page
    assert "CSRF" not in page
    assert [leak for leak in LEAKS if leak in page] == []


@pytest.mark.parametrize(
    ("url", "status", "body"),
    [
        (
            "/api/v1/no-such-thing",
            404,
            {
                "message": (
                    "There is no API address /api/v1/no-such-thing; GET /api/v1/ lists them."
                ),
                "code": "not_found",
                "extra": {},
            },
        ),
        (
            "/api/v1/fails/",
            500,
            {
                "message": "The server failed; the error was logged.",
                "code": "server_error",
                "extra": {},
            },
        ),
    ],
)
def test_api_errors_outside_the_routes_are_json(visitor, url, status, body):
    response = visitor.get(url)

    assert response.status_code == status
    assert response["Content-Type"].split(";")[0] == "application/json"
    assert response.json() == body


def test_api_route_failure_is_json_without_the_reason(visitor, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("SECRET_KEY=do-not-show-this")

    monkeypatch.setattr("regionforum.api.forums.forum_list_with_figures", broken)

    response = visitor.get("/api/v1/forums")

    assert response.status_code == 500
    assert response.json() == {
        "message": "The server failed; the error was logged.",
        "code": "server_error",
        "extra": {},
    }
