from django.urls import path

from regionforum.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:job_id>/", views.job, name="job"),
    path("<int:job_id>/commit/", views.job_commit, name="job_commit"),
    path("<int:job_id>/progress/", views.job_progress, name="job_progress"),
    path("<int:job_id>/errors.csv", views.job_errors, name="job_errors"),
    path("review/", views.review, name="review"),
    path("review/<int:item_id>/", views.review_item, name="review_item"),
]
