"""A program's businesses, their locations and the people met there (included by employers/urls.py)."""

from django.urls import path

from .views import employers as views

BASE = "programs/<slug:slug>/employers/"
ONE = BASE + "<int:pk>/"

urlpatterns = [
    path(BASE, views.employer_list, name="employer_list"),
    path(BASE + "new/", views.employer_create, name="employer_create"),
    path(ONE, views.employer_detail, name="employer_detail"),
    path(ONE + "edit/", views.employer_edit, name="employer_edit"),
    path(ONE + "merge/", views.employer_merge, name="employer_merge"),
    path(ONE + "locations/new/", views.employer_location_create, name="employer_location_create"),
    path(
        ONE + "locations/<int:location_pk>/edit/", views.employer_location_edit, name="employer_location_edit"
    ),
    path(
        ONE + "locations/<int:location_pk>/archive/",
        views.employer_location_archive,
        name="employer_location_archive",
    ),
    path(ONE + "people/new/", views.employer_person_create, name="employer_person_create"),
    path(ONE + "people/<int:person_pk>/edit/", views.employer_person_edit, name="employer_person_edit"),
    path(
        ONE + "people/<int:person_pk>/archive/", views.employer_person_archive, name="employer_person_archive"
    ),
]
