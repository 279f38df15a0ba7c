"""School and training: the rules of an enrollment, its pages and API, and the `education` phase."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEvent
from jobs.models import EducationEnrollment
from jobs.services.education import education_end, education_enroll, education_update
from people.selectors.record import job_seeker_phase
from people.tests.factories_caseload import specialist
from supports.tests.factories_supports import days_ago, enrollment, worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def es(program, make_user):
    return make_user("employment_specialist", program)


def _enroll(actor, person, **fields):
    values = {"kind": "college", "name": "Northside Technical College", "start_date": days_ago(3)}
    values.update(fields)
    return education_enroll(actor=actor, job_seeker=person, **values)


def test_enrolling_in_school_puts_the_person_in_education_and_is_audited(program, es):
    person = worker(program, specialist(program))
    assert job_seeker_phase(person, days_ago(0))[0] == "engaged"

    enrolled = _enroll(es, person, kind="high_school_equivalency", name="  Adult GED class  ")

    assert enrolled.name == "Adult GED class"
    assert enrolled.program_id == program.pk
    assert job_seeker_phase(person, days_ago(0)) == ("education", "In education")
    assert job_seeker_phase(person, days_ago(4))[0] == "engaged"  # before it started
    assert AuditEvent.objects.filter(object_type="jobs.EducationEnrollment", action="create").count() == 1


def test_ended_school_no_longer_counts_in_the_phase(program, es):
    person = worker(program)
    enrollment(person, started_days_ago=100, ended_days_ago=10, completed=True)
    assert job_seeker_phase(person, days_ago(0))[0] == "engaged"
    assert job_seeker_phase(person, days_ago(10))[0] == "education"  # its last day still counts


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"start_date": days_ago(-1)}, "start_date"),
        ({"start_date": days_ago(5), "end_date": days_ago(6)}, "end_date"),
        ({"completed": True}, "completed"),
        ({"end_date": days_ago(-30), "completed": True}, "completed"),
        ({"name": "   "}, "name"),
        ({"kind": "apprenticeship"}, "kind"),
    ],
)
def test_bad_enrollments_are_refused_on_their_field(program, es, fields, field):
    person = worker(program)
    with pytest.raises(ValidationError) as exc:
        _enroll(es, person, **fields)
    assert field in exc.value.message_dict
    assert not EducationEnrollment.objects.exists()


def test_only_an_enrolled_open_record_gets_school_recorded(program, es):
    referred = worker(program, enrolled_days_ago=None)
    closed = worker(program, closed_date=days_ago(1), closure_reason="moved_away")
    for person in (referred, closed):
        with pytest.raises(ValidationError):
            _enroll(es, person)
    assert not EducationEnrollment.objects.exists()


def test_ending_records_completion_and_credential(program, es):
    e = _enroll(es, worker(program), start_date=days_ago(90))
    ended = education_end(
        actor=es, enrollment=e, version=1, end_date=days_ago(1), completed=True, credential="CNA certificate"
    )
    assert (ended.end_date, ended.completed, ended.credential, ended.version) == (
        days_ago(1),
        True,
        "CNA certificate",
        2,
    )


def test_a_stale_edit_is_refused_and_changes_nothing(program, es):
    e = _enroll(es, worker(program))
    education_update(
        actor=es, enrollment=e, version=1, kind="college", name="Renamed", start_date=days_ago(3)
    )
    with pytest.raises(ValidationError) as exc:
        education_update(
            actor=es, enrollment=e, version=1, kind="other", name="Second editor", start_date=days_ago(3)
        )
    assert "version" in exc.value.message_dict
    e.refresh_from_db()
    assert (e.name, e.version) == ("Renamed", 2)


def test_the_pages_record_list_and_change_school(program, es, login):
    client = login(es)
    person = worker(program)
    create_url = reverse("jobs:education_create", args=[program.slug, person.pk])

    bad = client.post(
        create_url, {"kind": "college", "name": "Bad dates", "start_date": days_ago(-3).isoformat()}
    )
    assert bad.status_code == 400
    assert "cannot be in the future" in bad.content.decode()
    assert not EducationEnrollment.objects.exists()

    response = client.post(
        create_url,
        {"kind": "vocational_training", "name": "Forklift course", "start_date": days_ago(2).isoformat()},
    )
    assert response.status_code == 302
    listing = client.get(reverse("jobs:education_list", args=[program.slug, person.pk]))
    assert "Forklift course" in listing.content.decode()
    assert "Going on" in listing.content.decode()

    e = EducationEnrollment.objects.get()
    edit_url = reverse("jobs:education_edit", args=[program.slug, person.pk, e.pk])
    done = client.post(
        edit_url,
        {
            "version": 1,
            "kind": "vocational_training",
            "name": "Forklift course",
            "start_date": days_ago(2).isoformat(),
            "end_date": days_ago(0).isoformat(),
            "completed": "on",
            "credential": "Forklift certificate",
        },
    )
    assert done.status_code == 302
    e.refresh_from_db()
    assert e.completed and e.credential == "Forklift certificate"


def test_the_api_records_and_ends_school(program, es, login):
    client = login(es)
    person = worker(program)
    created = client.post(
        reverse("api:education-list"),
        {
            "job_seeker": person.pk,
            "kind": "college",
            "name": "City College",
            "start_date": days_ago(30).isoformat(),
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    refused = client.post(
        reverse("api:education-end", args=[pk]),
        {"version": 1, "end_date": days_ago(31).isoformat()},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "end_date" in refused.json()
    ended = client.post(
        reverse("api:education-end", args=[pk]),
        {"version": 1, "end_date": days_ago(1).isoformat(), "completed": True},
        content_type="application/json",
    )
    assert ended.status_code == 200
    assert ended.json()["completed"] is True
    listed = client.get(reverse("api:education-list"), {"job_seeker": person.pk})
    assert listed.json()["count"] == 1
