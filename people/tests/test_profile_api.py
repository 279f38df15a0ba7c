"""The career profile through /api/v1/: the same service, the same gate, field errors as 400s."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditAction, AuditEvent
from people.models import CareerProfile, CareerProfileVersion
from people.tests.factories import ConsentFactory, JobSeekerFactory
from people.tests.factories_profile import CareerProfileFactory, WorkHistoryEntryFactory

LEGAL = "Shared by the person: a 2015 driving offense."


@pytest.fixture
def person(program):
    return JobSeekerFactory(
        program=program, enrollment_date=timezone.localdate() - datetime.timedelta(days=20)
    )


@pytest.fixture
def es_client(login, make_user, program):
    return login(make_user("employment_specialist", program))


def _url(person):
    return reverse("api:career-profile", kwargs={"pk": person.pk})


def _state(person):
    profile = CareerProfile.objects.filter(job_seeker=person).values().first()
    return profile, CareerProfileVersion.objects.count(), AuditEvent.objects.exclude(action="read").count()


def test_start_read_and_change_a_profile(es_client, person):
    assert es_client.get(_url(person)).status_code == 404  # none yet

    response = es_client.put(
        _url(person),
        {
            "version": 0,
            "work_goal_own_words": "Work with animals.",
            "job_types_wanted": ["kennel assistant", "dog walker"],
            "shifts": ["day"],
            "hours_min": 10,
            "hours_max": 20,
            "wage_wanted": "15.25",
            "disclosure_preference": "undecided",
            "legal_history": LEGAL,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["version"] == 1
    assert body["job_types_wanted"] == ["kennel assistant", "dog walker"]
    assert body["wage_wanted"] == "15.25"
    assert body["legal_history"] == LEGAL
    assert body["work_history"] == [] and body["education_history"] == []

    response = es_client.patch(
        _url(person),
        {"version": 1, "hours_max": 25, "change_summary": "More hours"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["version"], response.json()["hours_max"]) == (2, 25)
    assert response.json()["work_goal_own_words"] == "Work with animals."  # PATCH keeps the rest
    assert CareerProfileVersion.objects.get(number=2).change_summary == "More hours"


def test_get_lists_the_entries_and_writes_a_read_row(es_client, person):
    profile = CareerProfileFactory(job_seeker=person, legal_history=LEGAL)
    WorkHistoryEntryFactory(profile=profile, employer_name="Synthetic Kennel")
    response = es_client.get(_url(person))
    assert response.status_code == 200
    assert response.json()["work_history"][0]["employer_name"] == "Synthetic Kennel"
    assert AuditEvent.objects.filter(
        action=AuditAction.READ, object_type="people.CareerProfile", job_seeker_id=person.pk
    ).exists()


def test_a_stale_or_missing_version_is_refused(es_client, person):
    CareerProfileFactory(job_seeker=person)
    before = _state(person)
    stale = es_client.patch(_url(person), {"version": 0, "hours_min": 5}, content_type="application/json")
    assert stale.status_code == 400
    assert "changed this record" in stale.json()["version"][0]
    missing = es_client.patch(_url(person), {"hours_min": 5}, content_type="application/json")
    assert missing.status_code == 400
    assert "version" in missing.json()
    assert _state(person) == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"hours_min": 0}, "hours_min"),
        ({"hours_min": 30, "hours_max": 20}, "hours_max"),
        ({"max_travel_minutes": 500}, "max_travel_minutes"),
        ({"wage_wanted": "600"}, "wage_wanted"),
        ({"shifts": ["day", "day"]}, "shifts"),
        ({"shifts": ["sometimes"]}, "shifts"),
        ({"transport": "bus"}, "transport"),
        ({"job_types_wanted": ["cook", ""]}, "job_types_wanted"),
        ({"first_completed_on": "2001-01-01"}, "first_completed_on"),
        ({"last_reviewed_on": "2999-01-01"}, "last_reviewed_on"),
        ({"disclosure_preference": ""}, "disclosure_preference"),
        ({"disclosure_preference": "maybe"}, "disclosure_preference"),
        ({"benefits_summary": "x" * 501}, "benefits_summary"),
    ],
)
def test_bad_input_is_a_400_with_field_errors_and_changes_nothing(es_client, person, data, field):
    CareerProfileFactory(job_seeker=person)
    before = _state(person)
    response = es_client.patch(_url(person), {"version": 1, **data}, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert _state(person) == before


def test_put_needs_a_disclosure_preference_to_start(es_client, person):
    response = es_client.put(_url(person), {"version": 0}, content_type="application/json")
    assert response.status_code == 400
    assert "disclosure_preference" in response.json()
    assert not CareerProfile.objects.exists()


def test_a_partner_with_a_career_profile_consent_reads_it_without_legal_history(
    login, make_user, program, person
):
    CareerProfileFactory(job_seeker=person, legal_history=LEGAL)
    ConsentFactory(
        job_seeker=person, partner_kind="benefits_counselor", scopes=["career_profile", "benefits"]
    )
    client = login(make_user("benefits_counselor", program))
    response = client.get(_url(person))
    assert response.status_code == 200
    assert "legal_history" not in response.json()
    assert LEGAL not in response.content.decode()
    patch = client.patch(_url(person), {"version": 1, "hours_min": 1}, content_type="application/json")
    assert patch.status_code == 403
    assert CareerProfile.objects.get().hours_min == 15


def test_a_partner_without_the_scope_gets_404(login, make_user, program, person):
    CareerProfileFactory(job_seeker=person, legal_history=LEGAL)
    ConsentFactory(job_seeker=person, partner_kind="benefits_counselor", scopes=["benefits"])
    client = login(make_user("benefits_counselor", program))
    assert client.get(_url(person)).status_code == 404


def test_the_analyst_gets_403_and_staff_elsewhere_404(login, make_user, person, other_program):
    CareerProfileFactory(job_seeker=person)
    assert login(make_user("analyst")).get(_url(person)).status_code == 403
    assert login(make_user("ips_supervisor", other_program)).get(_url(person)).status_code == 404


def test_the_state_trainer_reads_but_does_not_write(login, make_user, person):
    CareerProfileFactory(job_seeker=person, legal_history=LEGAL)
    client = login(make_user("state_trainer"))
    assert client.get(_url(person)).json()["legal_history"] == LEGAL
    response = client.patch(_url(person), {"version": 1, "hours_min": 1}, content_type="application/json")
    assert response.status_code == 403


def test_the_schema_documents_the_career_profile(es_client):
    schema = es_client.get(reverse("api_schema"), {"format": "json"}).json()
    path = schema["paths"]["/api/v1/job-seekers/{id}/career-profile/"]
    assert {"get", "put", "patch"} <= set(path)
    assert "400" in path["patch"]["responses"]
    fields = schema["components"]["schemas"]["CareerProfile"]["properties"]
    assert {"version", "job_types_wanted", "shifts", "legal_history", "work_history"} <= set(fields)
