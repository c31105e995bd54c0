from django.contrib import admin
from django.urls import include, path

from regionforum.api.views import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("strategy/", include("regionforum.strategy.urls")),
    path("imports/", include("regionforum.registry.urls")),
    path("", include("regionforum.web.urls")),
]
