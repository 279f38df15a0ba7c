"""Job pages of a person's record, and the state's minimum-wage table (included from jobs/urls.py)."""

from django.urls import path

from .views import jobs

PERSON = "programs/<slug:slug>/people/<int:pk>/jobs/"

urlpatterns = [
    path(PERSON, jobs.job_list, name="job_list"),
    path(f"{PERSON}new/", jobs.job_create, name="job_create"),
    path(f"{PERSON}<int:job_pk>/", jobs.job_detail, name="job_detail"),
    path(f"{PERSON}<int:job_pk>/edit/", jobs.job_edit, name="job_edit"),
    path(f"{PERSON}<int:job_pk>/end/", jobs.job_end, name="job_end"),
    path("minimum-wages/", jobs.minimum_wage_list, name="minimum_wage_list"),
    path("minimum-wages/<int:rate_pk>/edit/", jobs.minimum_wage_edit, name="minimum_wage_edit"),
]
