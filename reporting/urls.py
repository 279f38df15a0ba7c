"""Outcomes: quarterly reports, dashboards, import and export."""

from django.urls import include, path

app_name = "reporting"
urlpatterns = [
    path("", include("reporting.urls_reports")),
    path("", include("reporting.urls_dashboards")),
    path("", include("reporting.urls_interchange")),
]
