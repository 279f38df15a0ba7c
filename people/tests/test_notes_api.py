"""The service-notes API: the same services, rules and gate as the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import MembershipFactory, UserFactory
from accounts.tests.helpers import signed_in_client
from core.models import AuditAction, AuditEvent
from people.models import ServiceNote
from people.tests.factories import ConsentFactory, JobSeekerFactory
from people.tests.factories_notes import NoteAddendumFactory, ServiceNoteFactory

LIST = "/api/v1/service-notes/"


def _days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def ana(program):
    return MembershipFactory(
        user=UserFactory(first_name="Ana", last_name="Alvarez"), role="employment_specialist", program=program
    )


@pytest.fixture
def person(program):
    return JobSeekerFactory(program=program, referral_date=_days_ago(40))


def _detail(note):
    return reverse("api:service-note-detail", args=[note.pk])


def _addenda(note):
    return reverse("api:service-note-addenda", args=[note.pk])


def _new(person, **overrides):
    data = {
        "job_seeker": person.pk,
        "date": timezone.localdate().isoformat(),
        "kind": "employer_contact",
        "location": "community",
        "minutes": 25,
        "text": "Met the manager at the hardware store about a stocking job.",
    }
    data.update(overrides)
    return data


def test_routes_are_where_the_schema_says(ana, person):
    assert reverse("api:service-note-list") == LIST
    schema = signed_in_client(ana.user).get(reverse("api_schema"), {"format": "json"}).json()
    assert {
        "/api/v1/service-notes/",
        "/api/v1/service-notes/{id}/",
        "/api/v1/service-notes/{id}/addenda/",
    } <= set(schema["paths"])
    names = {p["name"] for p in schema["paths"]["/api/v1/service-notes/"]["get"]["parameters"]}
    assert {"job_seeker", "q", "kind", "date_from", "date_to", "page"} <= names


def test_write_change_and_add_to_a_note(ana, person):
    client = signed_in_client(ana.user)
    created = client.post(LIST, _new(person), content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["mode"] == "in_person" and body["staff"] == ana.pk and body["written_by"] == "Ana Alvarez"
    assert body["is_locked"] is False and body["version"] == 1 and body["addenda"] == []

    note = ServiceNote.objects.get(pk=body["id"])
    changed = client.patch(_detail(note), {"version": 1, "minutes": 50}, content_type="application/json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["minutes"] == 50 and changed.json()["version"] == 2
    assert changed.json()["text"] == body["text"]  # a partial change keeps the rest

    added = client.post(_addenda(note), {"text": "The manager called back."}, content_type="application/json")
    assert added.status_code == 201
    assert client.get(_detail(note)).json()["addenda"][0]["text"] == "The manager called back."


def test_a_locked_note_is_a_400_and_an_addendum_still_works(ana, person):
    note = ServiceNoteFactory(
        job_seeker=person, staff=ana, locked_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client = signed_in_client(ana.user)
    response = client.patch(_detail(note), {"version": 1, "text": "Changed"}, content_type="application/json")
    assert response.status_code == 400
    assert "This note is locked" in response.json()["non_field_errors"][0]
    note.refresh_from_db()
    assert note.text != "Changed"
    assert (
        client.post(_addenda(note), {"text": "Correction."}, content_type="application/json").status_code
        == 201
    )


def test_stale_version_not_writer_and_bad_input(ana, person, program):
    note = ServiceNoteFactory(job_seeker=person, staff=ana)
    client = signed_in_client(ana.user)
    stale = client.patch(_detail(note), {"version": 7, "minutes": 5}, content_type="application/json")
    assert stale.status_code == 400 and "version" in stale.json()
    missing = client.patch(_detail(note), {"minutes": 5}, content_type="application/json")
    assert missing.status_code == 400 and "version" in missing.json()

    ben = MembershipFactory(role="employment_specialist", program=program)
    other = signed_in_client(ben.user).patch(
        _detail(note), {"version": 1, "minutes": 5}, content_type="application/json"
    )
    assert other.status_code == 403

    bad = client.post(
        LIST,
        _new(person, minutes=0, text="", date=_days_ago(41).isoformat()),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert {"minutes", "text"} <= set(bad.json())
    early = client.post(LIST, _new(person, date=_days_ago(41).isoformat()), content_type="application/json")
    assert early.status_code == 400 and "date" in early.json()
    note.refresh_from_db()
    assert note.minutes == 45 and ServiceNote.objects.count() == 1


def test_the_list_needs_a_person_searches_and_is_audited(ana, person, program):
    client = signed_in_client(ana.user)
    assert client.get(LIST).status_code == 400
    other = JobSeekerFactory(program=program)
    ServiceNoteFactory(job_seeker=person, staff=ana, text="Resume workshop at the library")
    ServiceNoteFactory(job_seeker=person, staff=ana, text="Bus pass")
    ServiceNoteFactory(job_seeker=other, staff=ana, text="Resume for someone else")
    response = client.get(LIST, {"job_seeker": person.pk, "q": "resume"})
    assert response.status_code == 200
    assert [n["text"] for n in response.json()["results"]] == ["Resume workshop at the library"]
    assert AuditEvent.objects.filter(action=AuditAction.READ, job_seeker_id=person.pk).count() == 1


def test_a_partner_sees_part2_only_under_a_consent_that_covers_it(make_user, program, ana, person):
    plain = ServiceNoteFactory(job_seeker=person, staff=ana, text="Job fair")
    hidden = ServiceNoteFactory(job_seeker=person, staff=ana, text="Recovery meeting", contains_part2=True)
    NoteAddendumFactory(note=plain, author=ana.user, text="Part 2 detail", contains_part2=True)
    consent = ConsentFactory(job_seeker=person, scopes=["service_notes"], covers_part2=False)
    client = signed_in_client(make_user("vr_counselor", program))
    listing = client.get(LIST, {"job_seeker": person.pk}).json()["results"]
    assert [n["text"] for n in listing] == ["Job fair"]
    assert listing[0]["addenda"] == []
    assert client.get(_detail(hidden)).status_code == 404
    assert client.post(_addenda(plain), {"text": "x"}, content_type="application/json").status_code == 403

    consent.covers_part2 = True
    consent.save()
    listing = client.get(LIST, {"job_seeker": person.pk}).json()["results"]
    assert {n["text"] for n in listing} == {"Job fair", "Recovery meeting"}
    assert client.get(_detail(hidden)).status_code == 200


def test_the_list_costs_the_same_queries_for_few_or_many(ana, person, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in_client(ana.user)
    for _ in range(2):
        NoteAddendumFactory(note=ServiceNoteFactory(job_seeker=person, staff=ana), author=ana.user)
    client.get(LIST, {"job_seeker": person.pk})
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, {"job_seeker": person.pk})
    for _ in range(30):
        NoteAddendumFactory(note=ServiceNoteFactory(job_seeker=person, staff=ana), author=ana.user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST, {"job_seeker": person.pk}).json()["count"] == 32
