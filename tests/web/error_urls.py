"""The site's URLs, plus pages that fail on purpose, for the error page tests."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import path

from regionforum.urls import handler400, handler403, handler404, handler500, urlpatterns


def _fails(request):
    raise RuntimeError("SECRET_KEY=do-not-show-this")


def _refuses(request):
    raise PermissionDenied("internal detail")


def _bad(request):
    raise BadRequest("internal detail")


urlpatterns = [
    path("fails/", _fails),
    path("refuses/", _refuses),
    path("bad/", _bad),
    path("api/v1/fails/", _fails),
    *urlpatterns,
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
