from django.urls import path
from django.views.i18n import set_language

from regionforum.web import (
    agenda_views,
    audit_views,
    figures_views,
    programme_views,
    report_views,
    views,
)

app_name = "web"

urlpatterns = [
    path("", figures_views.dashboard, name="dashboard"),
    path("agreements/", views.agreement_list_view, name="agreement_list"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:agreement_id>/edit/", audit_views.agreement_edit, name="agreement_edit"),
    path(
        "organisations/<int:organisation_id>/edit/",
        audit_views.organisation_edit,
        name="organisation_edit",
    ),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/<str:change>/revert/", audit_views.change_revert_view, name="change_revert"),
    path(
        "audit/imports/<int:batch_id>/revert/",
        audit_views.import_revert_view,
        name="import_revert",
    ),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", figures_views.region_detail, name="region_detail"),
    path("regions/<str:code>/with/<str:partner>/", figures_views.pair_detail, name="pair_detail"),
    path("sectors/", figures_views.sector_list, name="sector_list"),
    path("map/", figures_views.region_map_view, name="region_map"),
    path("forums/", views.forum_list, name="forum_list"),
    path("forums/<int:number>/", figures_views.forum_detail, name="forum_detail"),
    path("forums/<int:number>/report/", report_views.forum_report, name="forum_report"),
    path("forums/<int:number>/programme/", programme_views.programme, name="programme"),
    path(
        "forums/<int:number>/programme/me/", programme_views.programme_mine, name="programme_mine"
    ),
    path(
        "forums/<int:number>/programme/schedule/",
        programme_views.schedule_start,
        name="programme_schedule",
    ),
    path(
        "forums/<int:number>/programme/runs/<int:run_id>/",
        programme_views.schedule_run_status,
        name="programme_run",
    ),
    path(
        "forums/<int:number>/programme/runs/<int:run_id>/publish/",
        programme_views.schedule_publish,
        name="programme_publish",
    ),
    path(
        "forums/<int:number>/programme/drafts/<int:agreement_id>/confirm/",
        programme_views.draft_confirm_view,
        name="programme_draft_confirm",
    ),
    path(
        "programme/p/<str:token>/",
        programme_views.participant_programme,
        name="participant_programme",
    ),
    path(
        "programme/p/<str:token>/requests/",
        programme_views.participant_request,
        name="participant_request",
    ),
    path(
        "programme/p/<str:token>/requests/<int:request_id>/<str:action>/",
        programme_views.participant_answer,
        name="participant_answer",
    ),
    path(
        "programme/p/<str:token>/meetings/<int:meeting_id>/",
        programme_views.participant_outcome,
        name="participant_outcome",
    ),
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
