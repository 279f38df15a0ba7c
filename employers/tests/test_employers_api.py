"""The employer API: the same services and gate as the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from employers.models import Employer
from people.tests.factories import JobSeekerFactory

from .factories_employers import EmployerContactRowFactory, EmployerFactory, make_job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api(make_user, program, login):
    return login(make_user("employment_specialist", program))


LIST = "/api/v1/employers/"


def _detail(pk):
    return reverse("api:employer-detail", args=[pk])


def test_create_gives_a_reference_and_the_list_shows_contact_summary(api, program):
    response = api.post(
        LIST, {"program": program.slug, "name": "Corner Grocery", "city": "Madison"}, "application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["ref"] == "EMP-000001"
    assert body["program"] == program.slug
    EmployerContactRowFactory(employer=Employer.objects.get(pk=body["id"]))
    listed = api.get(LIST, {"program": program.slug}).json()
    assert listed["count"] == 1
    assert listed["results"][0]["contact_count"] == 1
    assert listed["results"][0]["last_contact_on"] is not None


@pytest.mark.parametrize(
    ("field", "value"), [("website", "not a url"), ("state", "Wis"), ("relationship", "friend")]
)
def test_bad_input_is_a_400_on_the_field(api, program, field, value):
    response = api.post(
        LIST, {"program": program.slug, "name": "Corner Grocery", field: value}, "application/json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Employer.objects.exists()


def test_a_possible_duplicate_is_a_400_until_confirmed(api, program):
    existing = EmployerFactory(program=program, name="Joe's Diner", city="Madison")
    data = {"program": program.slug, "name": "JOES DINER, LLC", "city": "Madison"}
    response = api.post(LIST, data, "application/json")
    assert response.status_code == 400
    assert response.json()["possible_duplicates"] == [existing.ref]
    response = api.post(LIST, {**data, "allow_duplicate": True}, "application/json")
    assert response.status_code == 201


def test_update_needs_the_version_read(api, program):
    employer = EmployerFactory(program=program, name="Corner Grocery")
    response = api.patch(_detail(employer.pk), {"industry": "Grocery"}, "application/json")
    assert response.status_code == 400 and "version" in response.json()
    response = api.patch(_detail(employer.pk), {"industry": "Grocery", "version": 1}, "application/json")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    response = api.patch(_detail(employer.pk), {"industry": "Food", "version": 1}, "application/json")
    assert response.status_code == 400 and "version" in response.json()
    employer.refresh_from_db()
    assert employer.industry == "Grocery"


def test_merge_moves_the_jobs_and_is_audited(api, program):
    source = EmployerFactory(program=program)
    target = EmployerFactory(program=program)
    job = make_job(employer=source, job_seeker=JobSeekerFactory(program=program))
    response = api.post(
        reverse("api:employer-merge", args=[source.pk]), {"into": target.pk}, "application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["id"] == target.pk
    job.refresh_from_db()
    assert job.employer_id == target.pk
    assert AuditEvent.objects.filter(action=AuditAction.MERGE, object_id=str(source.pk)).exists()
    # A merged business leaves the list; its own address says where it went.
    assert [e["id"] for e in api.get(LIST).json()["results"]] == [target.pk]
    assert api.get(_detail(source.pk)).json()["merged_into"] == target.pk


def test_merge_into_itself_is_a_400_and_changes_nothing(api, program):
    employer = EmployerFactory(program=program)
    response = api.post(
        reverse("api:employer-merge", args=[employer.pk]), {"into": employer.pk}, "application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"into": ["A business cannot be merged into itself."]}
    employer.refresh_from_db()
    assert employer.merged_into is None and employer.version == 1


def test_merge_into_a_business_of_another_program_is_a_400(api, program, other_program):
    source = EmployerFactory(program=program)
    other = EmployerFactory(program=other_program)
    response = api.post(
        reverse("api:employer-merge", args=[source.pk]), {"into": other.pk}, "application/json"
    )
    assert response.status_code == 400 and "into" in response.json()


@pytest.mark.parametrize("role", ["vr_counselor", "analyst"])
def test_partners_and_the_analyst_see_no_employer(make_user, program, other_program, login, role):
    employer = EmployerFactory(program=program)
    client = login(make_user(role, None if role == "analyst" else program))
    assert client.get(LIST).status_code == 403
    assert client.get(_detail(employer.pk)).status_code == 403
    if role != "analyst":
        assert client.get(_detail(EmployerFactory(program=other_program).pk)).status_code == 404


def test_staff_do_not_see_another_programs_businesses(api, other_program):
    other = EmployerFactory(program=other_program)
    assert api.get(LIST).json()["count"] == 0
    assert api.get(_detail(other.pk)).status_code == 404
