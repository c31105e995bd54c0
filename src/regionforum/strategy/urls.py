from django.urls import path

from regionforum.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.project_list_view, name="project_list"),
    path("roadmap/", views.roadmap_view, name="roadmap"),
    path("late/", views.late_view, name="late"),
    path("priorities/<slug:code>/", views.theme_view, name="theme"),
    path("<int:project_id>/", views.project_detail, name="project_detail"),
    path("<int:project_id>/edit/", views.project_edit, name="project_edit"),
    path("<int:project_id>/links/suggest/", views.links_suggest_view, name="links_suggest"),
    path("<int:project_id>/links/add/", views.link_add_view, name="link_add"),
    path("<int:project_id>/links/<int:link_id>/", views.link_decide_view, name="link_decide"),
]
