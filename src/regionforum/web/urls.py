from django.urls import path
from django.views.i18n import set_language

from regionforum.web import agenda_views, views

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
    path("agenda/<str:token>/", agenda_views.participant_agenda, name="agenda"),
    path("agenda/<str:token>/agenda.pdf", agenda_views.participant_agenda_pdf, name="agenda_pdf"),
    path("agenda/<str:token>/agenda.ics", agenda_views.participant_agenda_ics, name="agenda_ics"),
    path(
        "forums/<int:number>/tables/<int:table>/agenda/",
        agenda_views.table_agenda,
        name="table_agenda",
    ),
    path(
        "forums/<int:number>/tables/<int:table>/agenda.pdf",
        agenda_views.table_agenda_pdf,
        name="table_agenda_pdf",
    ),
    path(
        "forums/<int:number>/tables/<int:table>/agenda.ics",
        agenda_views.table_agenda_ics,
        name="table_agenda_ics",
    ),
    # Routed here rather than in the root URLconf so the web app carries its own switcher.
    path("i18n/setlang/", set_language, name="set_language"),
]
