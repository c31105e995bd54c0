"""The project's URLs with the import pages under /imports/, whether or not the root has them."""

from django.urls import include, path

from regionforum.urls import urlpatterns as root

urlpatterns = [
    path("imports/", include("regionforum.registry.urls")),
    *[pattern for pattern in root if getattr(pattern, "app_name", None) != "registry"],
]
