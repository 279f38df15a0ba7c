"""The jobs and minimum-wage API: the same services and gate as the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import AuditEvent
from jobs.models import Job, MinimumWage
from jobs.tests.factories_jobs import JobEmployerFactory, JobFactory, days_ago, enrolled_person
from people.models import JobSeeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def es(make_user, program):
    return make_user("employment_specialist", program)


def _payload(person, **overrides):
    data = {
        "job_seeker": person.pk,
        "employer_name": "Riverside Diner",
        "title": "Line cook",
        "start_date": days_ago(3).isoformat(),
        "hours_per_week": "20.0",
        "hourly_wage": "15.00",
        "pays_same_as_coworkers": True,
        "open_to_anyone": True,
        "agency_time_limit": False,
    }
    data.update(overrides)
    return data


def test_create_list_retrieve_update_and_end(login, es, program):
    person = enrolled_person(program)
    employer = JobEmployerFactory(program=program)
    client = login(es)
    created = client.post(
        reverse("api:job-list"),
        _payload(person, employer=employer.pk, employer_name="", hourly_wage="6.00"),
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["ref"] == "JOB-000001"
    assert body["competitive_integrated"] is False
    assert body["not_competitive_because"] == ["below_minimum_wage"]
    assert body["applicable_minimum_wage"] == "7.25"

    listing = client.get(reverse("api:job-list"), {"job_seeker": person.pk})
    assert listing.status_code == 200 and listing.json()["count"] == 1
    job_id = body["id"]
    assert client.get(reverse("api:job-detail", args=[job_id])).json()["title"] == "Line cook"

    changed = client.patch(
        reverse("api:job-detail", args=[job_id]),
        {"hourly_wage": "16.00", "version": 1},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["competitive_integrated"] is True
    assert changed.json()["employer"] == employer.pk

    stale = client.patch(
        reverse("api:job-detail", args=[job_id]),
        {"title": "Chef", "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 400 and "version" in stale.json()

    ended = client.post(
        reverse("api:job-end", args=[job_id]),
        {"end_date": days_ago(1).isoformat(), "end_reason": "laid_off", "version": 2},
        content_type="application/json",
    )
    assert ended.status_code == 200, ended.json()
    assert ended.json()["end_reason"] == "laid_off"
    assert JobSeeker.objects.get(pk=person.pk).job_search_started_on == days_ago(1)


def test_bad_input_is_a_400_with_field_errors_and_changes_nothing(login, es, program, other_program):
    person = enrolled_person(program)
    client = login(es)
    response = client.post(
        reverse("api:job-list"), _payload(person, hours_per_week="81.0"), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["hours_per_week"] == ["Hours a week must be more than 0 and at most 80."]
    foreign = JobEmployerFactory(program=other_program)
    response = client.post(
        reverse("api:job-list"),
        _payload(person, employer=foreign.pk, employer_name=""),
        content_type="application/json",
    )
    assert response.status_code == 400 and "employer" in response.json()
    job = JobFactory(job_seeker=person, program=program, start_date=days_ago(5))
    response = client.post(
        reverse("api:job-end", args=[job.pk]),
        {"end_date": days_ago(6).isoformat(), "end_reason": "fired", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 400 and "end_date" in response.json()
    assert Job.objects.count() == 1


def test_other_programs_jobs_are_404_and_reads_are_audited(login, es, other_program, program):
    stranger = JobFactory(job_seeker=enrolled_person(other_program), program=other_program)
    client = login(es)
    assert client.get(reverse("api:job-detail", args=[stranger.pk])).status_code == 404
    assert client.get(reverse("api:job-list"), {"job_seeker": stranger.job_seeker_id}).status_code == 404
    mine = JobFactory(job_seeker=enrolled_person(program), program=program)
    before = AuditEvent.objects.filter(action="read").count()
    assert client.get(reverse("api:job-detail", args=[mine.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="read").count() == before + 1


def test_minimum_wages_are_read_by_all_and_added_by_the_state_administrator(login, make_user, program):
    job = JobFactory(job_seeker=enrolled_person(program), program=program, hourly_wage=Decimal("9.00"))
    es_client = login(make_user("employment_specialist", program))
    assert es_client.get(reverse("api:minimum-wage-list")).json()["count"] == 1
    data = {
        "jurisdiction": "state",
        "state": "WI",
        "effective_from": days_ago(100).isoformat(),
        "hourly_rate": "10.00",
        "source": "Synthetic state act",
    }
    assert (
        es_client.post(reverse("api:minimum-wage-list"), data, content_type="application/json").status_code
        == 403
    )
    admin_client = login(make_user("state_administrator"))
    created = admin_client.post(reverse("api:minimum-wage-list"), data, content_type="application/json")
    assert created.status_code == 201, created.json()
    job.refresh_from_db()
    assert job.competitive_integrated is False
    again = admin_client.post(reverse("api:minimum-wage-list"), data, content_type="application/json")
    assert again.status_code == 400 and "effective_from" in again.json()
    assert MinimumWage.objects.count() == 2
