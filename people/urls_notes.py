"""Service-note pages of a person's record, included from people/urls.py under the person's address.

They live in their own module so people/urls.py needs no import of people.views.notes (other
features add their lines to that file in parallel).
"""

from django.urls import path

from .views import notes

urlpatterns = [
    path("", notes.service_note_list, name="service_notes"),
    path("new/", notes.service_note_create, name="service_note_create"),
    path("<int:note_pk>/edit/", notes.service_note_edit, name="service_note_edit"),
    path("<int:note_pk>/addendum/", notes.note_addendum_create, name="note_addendum_create"),
]
