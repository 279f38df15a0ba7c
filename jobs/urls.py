"""Job starts, endings, the minimum-wage table and education."""

from django.urls import include, path

app_name = "jobs"
urlpatterns = [
    path("", include("jobs.urls_jobs")),
    path("", include("jobs.urls_education")),
]
