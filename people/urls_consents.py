"""Consent pages of a person's record, included from people/urls.py under the person's address.

They live in their own module so people/urls.py needs no import of people.views.consents (other
features add their lines to that file in parallel).
"""

from django.urls import path

from .views import consents

urlpatterns = [
    path("consents/", consents.consent_list, name="consent_list"),
    path("consents/new/", consents.consent_create, name="consent_create"),
    path("consents/<int:consent_pk>/revoke/", consents.consent_revoke, name="consent_revoke"),
    path("treatment-team/", consents.job_seeker_treatment_team, name="job_seeker_treatment_team"),
]
