"""Education and training pages, under a person's address."""

from django.urls import path

from .views import education

urlpatterns = [
    path("programs/<slug:slug>/people/<int:pk>/education/", education.education_list, name="education_list"),
    path(
        "programs/<slug:slug>/people/<int:pk>/education/new/",
        education.education_create,
        name="education_create",
    ),
    path(
        "programs/<slug:slug>/people/<int:pk>/education/<int:enrollment_pk>/edit/",
        education.education_edit,
        name="education_edit",
    ),
]
