"""Employer contacts and the job development view, included from employers/urls.py."""

from django.urls import path

from .views import contacts

urlpatterns = [
    path("programs/<slug:slug>/employer-contacts/", contacts.contact_list, name="contact_list"),
    path("programs/<slug:slug>/employer-contacts/new/", contacts.contact_create, name="contact_create"),
    path("programs/<slug:slug>/employer-contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("programs/<slug:slug>/job-development/", contacts.job_development, name="job_development"),
]
