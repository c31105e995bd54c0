from django.urls import path

from regionforum.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.project_list_view, name="project_list"),
    path("<int:project_id>/", views.project_detail, name="project_detail"),
]
