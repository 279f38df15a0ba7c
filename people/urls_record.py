"""A person's timeline, print view, closing and re-opening, included under the person's address.

They live in their own module so people/urls.py needs no import of these views (other features
add their lines to that file in parallel).
"""

from django.urls import path

from .views import closure, record

urlpatterns = [
    path("timeline/", record.job_seeker_timeline_view, name="job_seeker_timeline"),
    path("print/", record.job_seeker_print, name="job_seeker_print"),
    path("close/", closure.job_seeker_close, name="job_seeker_close"),
    path("reopen/", closure.job_seeker_reopen, name="job_seeker_reopen"),
]
