"""Synthetic consents, service notes and treatment teams for the consent tests, and the helpers the
access matrix (accounts/tests/test_access_matrix.py, "routes: consents") uses to reach each route."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from people.models import NOTE_EDIT_WINDOW, ServiceNote
from people.tests.factories import ConsentFactory, JobSeekerFactory, TreatmentTeamFactory


def days(n: int) -> datetime.date:
    """Today plus n days (n < 0: in the past)."""
    return timezone.localdate() + datetime.timedelta(days=n)


def consent(job_seeker, *, kind="vocational_rehabilitation", start=-10, expiry=300, scopes=None, **fields):
    """A consent of `kind` from `start` to `expiry` days from today (signed on the start day)."""
    fields.setdefault("signed_on", days(start))
    return ConsentFactory(
        job_seeker=job_seeker,
        partner_kind=kind,
        start_date=days(start),
        expiry_date=days(expiry),
        scopes=scopes,
        **fields,
    )


def service_note(job_seeker, *, part2=False, text="Met at the library to look at openings."):
    """A service note written yesterday, already locked (made directly with the model)."""
    when = timezone.now() - datetime.timedelta(days=1)
    return ServiceNote.objects.create(
        job_seeker=job_seeker,
        program=job_seeker.program,
        date=days(-1),
        kind="meeting_job_seeker",
        location="community",
        mode="in_person",
        minutes=45,
        text=text,
        contains_part2=part2,
        locked_at=when + NOTE_EDIT_WINDOW,
    )


# --- The access matrix ---------------------------------------------------------------------------
# Every person made here has no consent for a partner role (a family consent at most), so a
# partner sees nothing of them: 404.


def matrix_person_url(name: str):
    def url(ctx, program):
        return reverse(name, args=[program.slug, JobSeekerFactory(program=program).pk])

    return url


def matrix_revoke_url(ctx, program) -> str:
    family = consent(JobSeekerFactory(program=program), kind="family", scopes=["employment_progress"])
    return reverse("people:consent_revoke", args=[program.slug, family.job_seeker_id, family.pk])


def matrix_consent_data(ctx, program) -> dict:
    return {
        "partner_kind": "family",
        "partner_name": "Matrix family member",
        "scope": ["employment_progress"],
        "signed_on": days(0).isoformat(),
        "start_date": days(0).isoformat(),
        "expiry_date": days(365).isoformat(),
    }


def matrix_treatment_team_data(ctx, program) -> dict:
    return {"version": 1, "treatment_team": TreatmentTeamFactory(program=program).pk}


def matrix_api_list_url(ctx, program) -> str:
    return f"{reverse('api:consent-list')}?job_seeker={JobSeekerFactory(program=program).pk}"


def matrix_api_create_data(ctx, program) -> dict:
    return {"job_seeker": JobSeekerFactory(program=program).pk, **matrix_consent_data(ctx, program)}


def matrix_api_detail_url(ctx, program) -> str:
    family = consent(JobSeekerFactory(program=program), kind="family")
    return reverse("api:consent-detail", args=[family.pk])


def matrix_api_revoke_url(ctx, program) -> str:
    family = consent(JobSeekerFactory(program=program), kind="family")
    return reverse("api:consent-revoke", args=[family.pk])


def matrix_api_check_url(ctx, program) -> str:
    """A person with a family consent in force: the check answers 200 for staff."""
    family = consent(JobSeekerFactory(program=program), kind="family", scopes=["employment_progress"])
    return (
        f"{reverse('api:consent-check')}?job_seeker={family.job_seeker_id}"
        "&partner_kind=family&scope=employment_progress"
    )
