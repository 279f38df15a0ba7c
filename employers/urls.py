"""Employers, contacts, openings: each feature lists its pages in its own module."""

from django.urls import include, path

app_name = "employers"
urlpatterns = [
    path("", include("employers.urls_employers")),
    path("", include("employers.urls_contacts")),
    path("", include("employers.urls_openings")),
]
