"""Openings and matching: the program's openings, one opening with its suggestions, a person's openings."""

from django.urls import path

from .views import openings

urlpatterns = [
    path("programs/<slug:slug>/openings/", openings.opening_list, name="opening_list"),
    path(
        "programs/<slug:slug>/employers/<int:employer_pk>/openings/new/",
        openings.opening_create,
        name="opening_create",
    ),
    path("programs/<slug:slug>/openings/<int:pk>/", openings.opening_detail, name="opening_detail"),
    path("programs/<slug:slug>/openings/<int:pk>/edit/", openings.opening_edit, name="opening_edit"),
    path(
        "programs/<slug:slug>/openings/<int:pk>/matches/",
        openings.opening_match_set,
        name="opening_match_set",
    ),
    path(
        "programs/<slug:slug>/people/<int:pk>/openings/",
        openings.job_seeker_openings,
        name="job_seeker_openings",
    ),
]
