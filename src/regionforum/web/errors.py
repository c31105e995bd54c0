"""The platform's own error pages, in the user's language; under /api/ the DESIGN's JSON error
body instead. Nothing in them comes from the exception: no URL list, setting or traceback."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

API_PREFIX = "/api/"

PAGES: dict[int, tuple[Any, Any]] = {
    400: (
        gettext_lazy("Bad request"),
        gettext_lazy("The request could not be understood. Check the address and try again."),
    ),
    403: (
        gettext_lazy("Access denied"),
        gettext_lazy("You do not have permission to open this page."),
    ),
    404: (
        gettext_lazy("Page not found"),
        gettext_lazy(
            "There is no page at this address. It may have moved, or the link may be wrong."
        ),
    ),
}


def _api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"message": message, "code": code, "extra": {}}, status=status)


def _page(request: HttpRequest, status: int) -> HttpResponse:
    title, message = PAGES[status]
    context = {"status": status, "title": title, "message": message}
    return render(request, "web/errors/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _api_error(400, "invalid", _("The request is not valid."))
    return _page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _api_error(403, "forbidden", _("You may not do this."))
    return _page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _api_error(404, "not_found", _("There is nothing at this address of the API."))
    return _page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _api_error(500, "server_error", _("The server failed; the error was logged."))
    # No base template: it reads the database, which may be what failed.
    return render(request, "web/errors/500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return _api_error(403, "forbidden", _("The form's security check failed."))
    context = {
        "status": 403,
        "title": _("The form could not be sent"),
        "message": _(
            "Its security check failed. Go back, reload the page and send the form again. If "
            "this keeps happening, make sure your browser accepts cookies from this site."
        ),
    }
    return render(request, "web/errors/error.html", context, status=403)
