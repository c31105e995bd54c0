from django.urls import path
from django.views.i18n import set_language

from regionforum.web import figures_views, report_views, views

app_name = "web"

urlpatterns = [
    path("", figures_views.dashboard, name="dashboard"),
    path("agreements/", views.agreement_list_view, name="agreement_list"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", figures_views.region_detail, name="region_detail"),
    path("regions/<str:code>/with/<str:partner>/", figures_views.pair_detail, name="pair_detail"),
    path("sectors/", figures_views.sector_list, name="sector_list"),
    path("map/", figures_views.region_map_view, name="region_map"),
    path("forums/", views.forum_list, name="forum_list"),
    path("forums/<int:number>/", figures_views.forum_detail, name="forum_detail"),
    path("forums/<int:number>/report/", report_views.forum_report, name="forum_report"),
    path("claims/", views.claims, name="claims"),
    # Routed here rather than in the root URLconf so the web app carries its own switcher.
    path("i18n/setlang/", set_language, name="set_language"),
]
