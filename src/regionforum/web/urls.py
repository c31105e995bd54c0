from django.urls import path
from django.views.i18n import set_language

from regionforum.web import views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("agreements/", views.agreement_list_view, name="agreement_list"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("forums/", views.forum_list, name="forum_list"),
    path("forums/<int:number>/", views.forum_detail, name="forum_detail"),
    path("claims/", views.claims, name="claims"),
    # Routed here rather than in the root URLconf so the web app carries its own switcher.
    path("i18n/setlang/", set_language, name="set_language"),
]
