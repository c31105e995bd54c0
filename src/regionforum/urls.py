from django.contrib import admin
from django.urls import include, path

from regionforum.api.views import api_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api_urls()),
    path("accounts/", include("django.contrib.auth.urls")),
    path("strategy/", include("regionforum.strategy.urls")),
    path("imports/", include("regionforum.registry.urls")),
    path("", include("regionforum.web.urls")),
]

handler400 = "regionforum.web.errors.bad_request"
handler403 = "regionforum.web.errors.permission_denied"
handler404 = "regionforum.web.errors.page_not_found"
handler500 = "regionforum.web.errors.server_error"
