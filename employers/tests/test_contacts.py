"""Employer contacts: the rules of logging one, the job search it starts, the clock it stops, the pages and the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.tests.factories import MembershipFactory
from core.dates import today_in
from core.models import AuditEvent
from employers.models import Employer, EmployerContact, EmployerContactJobSeeker
from employers.services.contacts import employer_contact_log, employer_contact_update
from employers.tests.factories_contacts import EmployerFactory, EmployerPersonFactory, contact
from people.models import JobSeeker
from people.selectors.caseload import caseload_list
from people.tests.factories_caseload import enrolled
from people.tests.factories_profile import CareerProfileFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def es_user(make_user, program):
    return make_user("employment_specialist", program, first_name="Ana", last_name="Alvarez")


@pytest.fixture
def ana(es_user):
    return es_user.memberships.get()


@pytest.fixture
def today(program):
    return today_in(program.time_zone)


def _days_ago(program, n):
    return today_in(program.time_zone) - datetime.timedelta(days=n)


@pytest.fixture
def diner(program):
    return EmployerFactory(program=program, name="Synthetic Diner")


@pytest.fixture
def rosa(program, ana):
    return enrolled(program, ana, first_name="Rosa", last_name="Testperson", enrolled_days_ago=20)


def _log(actor, program, **fields):
    values = {"date": today_in(program.time_zone), "purpose": "learn_business"}
    values.update(fields)
    return employer_contact_log(actor=actor, program=program, **values)


def _errors(exc_info) -> dict:
    return {field: " ".join(messages) for field, messages in exc_info.value.message_dict.items()}


# --- Logging a contact ---------------------------------------------------------------------------


def test_a_logged_contact_names_the_writer_and_the_people_and_is_audited(es_user, ana, program, diner, rosa):
    met = EmployerPersonFactory(employer=diner, name="Kim Manager")
    made = _log(
        es_user,
        program,
        employer=diner,
        person_met=met,
        purpose="job_seeker_introduction",
        job_seekers=[(rosa, True)],
        outcome="Left a résumé.",
        next_step="Call Kim back",
        next_step_on=_days_ago(program, -3),
    )
    assert (made.staff, made.employer, made.person_met, made.face_to_face) == (ana, diner, met, True)
    row = EmployerContactJobSeeker.objects.get(contact=made)
    assert (row.job_seeker, row.present) == (rosa, True)
    assert (
        AuditEvent.objects.filter(object_type="employers.EmployerContact", object_id=str(made.pk)).count()
        == 1
    )
    assert AuditEvent.objects.filter(
        object_type="employers.EmployerContactJobSeeker", job_seeker_id=rosa.pk, action="create"
    ).exists()


def test_the_staff_member_is_the_writers_es_membership_first(make_user, program, diner):
    user = make_user("ips_supervisor", program, fte="0.50")
    es = MembershipFactory(user=user, program=program, role="employment_specialist", fte="0.50")
    made = _log(user, program, employer=diner)
    assert made.staff == es


def test_a_contact_cannot_be_dated_in_the_future(es_user, program, diner):
    with pytest.raises(ValidationError) as exc:
        _log(es_user, program, employer=diner, date=_days_ago(program, -1))
    assert "future" in _errors(exc)["date"]
    assert not EmployerContact.objects.exists()


def test_a_contact_cannot_be_dated_before_the_program_started(es_user, program, diner):
    with pytest.raises(ValidationError) as exc:
        _log(es_user, program, employer=diner, date=program.start_date - datetime.timedelta(days=1))
    assert "before the program started" in _errors(exc)["date"]


def test_an_introduction_names_at_least_one_person(es_user, program, diner):
    with pytest.raises(ValidationError) as exc:
        _log(es_user, program, employer=diner, purpose="job_seeker_introduction")
    assert _errors(exc)["job_seekers"] == "Name the job seeker you introduced."


def test_a_person_who_asked_for_no_es_contact_cannot_be_named(es_user, program, diner, rosa):
    CareerProfileFactory(job_seeker=rosa, disclosure_preference="no_es_contact")
    with pytest.raises(ValidationError) as exc:
        _log(es_user, program, employer=diner, job_seekers=[(rosa, False)])
    assert (
        _errors(exc)["job_seekers"] == "Rosa Testperson asked that the ES not contact employers about them."
    )
    assert not EmployerContact.objects.exists()


def test_each_person_named_is_enrolled_and_open_on_the_date_and_of_this_program(
    es_user, ana, program, other_program, diner
):
    later = enrolled(program, ana, first_name="Late", last_name="Enrollee", enrolled_days_ago=2)
    closed = enrolled(
        program,
        ana,
        first_name="Gone",
        last_name="Away",
        closed_date=_days_ago(program, 5),
        closure_reason="moved_away",
    )
    stranger = enrolled(other_program, first_name="Other", last_name="Program")
    referred = enrolled(program, first_name="Only", last_name="Referred", enrolled_days_ago=None)
    for person, words in [
        (later, "Late Enrollee was not enrolled on"),
        (closed, "Gone Away's record was closed on"),
        (stranger, "Other Program is not a job seeker of this program."),
        (referred, "Only Referred was not enrolled on"),
    ]:
        with pytest.raises(ValidationError) as exc:
            _log(es_user, program, employer=diner, date=_days_ago(program, 4), job_seekers=[person])
        assert words in _errors(exc)["job_seekers"]


def test_the_person_met_works_at_the_business(es_user, program, diner):
    elsewhere = EmployerPersonFactory(employer=EmployerFactory(program=program))
    with pytest.raises(ValidationError) as exc:
        _log(es_user, program, employer=diner, person_met=elsewhere)
    assert "person_met" in _errors(exc)


def test_the_next_step_cannot_come_before_the_contact(es_user, program, diner):
    with pytest.raises(ValidationError) as exc:
        _log(es_user, program, employer=diner, next_step_on=_days_ago(program, 1))
    assert _errors(exc)["next_step_on"] == "The next step cannot come before the contact."


def test_a_business_of_another_program_or_merged_is_refused(es_user, program, other_program, diner):
    with pytest.raises(ValidationError) as exc:
        _log(es_user, program, employer=EmployerFactory(program=other_program))
    assert "not one of this program's businesses" in _errors(exc)["employer"]
    merged = EmployerFactory(program=program, merged_into=diner)
    with pytest.raises(ValidationError) as exc:
        _log(es_user, program, employer=merged)
    assert "merged into Synthetic Diner" in _errors(exc)["employer"]


def test_a_new_business_is_created_with_the_next_reference(es_user, program):
    first = _log(es_user, program, new_employer_name="Corner Bakery", new_employer_city="Madison")
    second = _log(es_user, program, new_employer_name="Hardware Store", person_met_name="Lee Owner")
    assert (first.employer.name, first.employer.city, first.employer.ref) == (
        "Corner Bakery",
        "Madison",
        "EMP-000001",
    )
    assert first.employer.relationship == "getting_to_know"
    assert second.employer.ref == "EMP-000002"
    assert second.person_met.name == "Lee Owner" and second.person_met.employer == second.employer
    assert AuditEvent.objects.filter(object_type="employers.Employer", action="create").count() == 2


def test_a_business_is_chosen_or_named_not_both_nor_neither(es_user, program, diner):
    with pytest.raises(ValidationError) as exc:
        _log(es_user, program)
    assert "employer" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        _log(es_user, program, employer=diner, new_employer_name="Another")
    assert "new_employer_name" in _errors(exc)
    assert Employer.objects.count() == 1


@pytest.mark.parametrize("role", ["treatment_team_member", "state_administrator", "state_trainer", "analyst"])
def test_only_the_programs_staff_log_contacts(make_user, program, diner, role):
    with pytest.raises((PermissionDenied, Exception)) as exc:
        _log(make_user(role, program), program, employer=diner)
    assert exc.type.__name__ in {"PermissionDenied", "Http404"}


# --- The job search starts, the clock stops --------------------------------------------------------


def test_a_job_development_contact_starts_the_job_search_of_people_named(es_user, program, diner, rosa):
    version = rosa.version
    _log(es_user, program, employer=diner, date=_days_ago(program, 3), job_seekers=[rosa])
    rosa.refresh_from_db()
    assert rosa.job_search_started_on == _days_ago(program, 3)
    assert rosa.version == version + 1
    event = AuditEvent.objects.get(object_type="people.JobSeeker", object_id=str(rosa.pk), action="update")
    assert event.changes == {"job_search_started_on": [None, str(_days_ago(program, 3))]}


@pytest.mark.parametrize(
    ("face_to_face", "purpose"), [(False, "follow_up"), (True, "support_on_job")], ids=["phone", "support"]
)
def test_a_contact_that_is_not_job_development_starts_nothing(
    es_user, program, diner, rosa, face_to_face, purpose
):
    _log(es_user, program, employer=diner, job_seekers=[rosa], face_to_face=face_to_face, purpose=purpose)
    rosa.refresh_from_db()
    assert rosa.job_search_started_on is None
    row = caseload_list(user=es_user, program=program, phase="all").get(pk=rosa.pk)
    assert row.first_employer_contact is None


def test_a_job_search_already_started_keeps_its_date(es_user, program, diner, rosa):
    JobSeeker.objects.filter(pk=rosa.pk).update(job_search_started_on=_days_ago(program, 10))
    _log(es_user, program, employer=diner, job_seekers=[rosa])
    rosa.refresh_from_db()
    assert rosa.job_search_started_on == _days_ago(program, 10)


def test_the_rapid_search_clock_stops_at_the_first_job_development_contact(es_user, program, diner, rosa):
    before = caseload_list(user=es_user, program=program, phase="all").get(pk=rosa.pk)
    assert (before.clock_days, before.first_employer_contact) == (20, None)
    _log(es_user, program, employer=diner, date=_days_ago(program, 8), job_seekers=[rosa])
    _log(es_user, program, employer=diner, date=_days_ago(program, 2), job_seekers=[rosa])
    after = caseload_list(user=es_user, program=program, phase="all").get(pk=rosa.pk)
    assert (after.clock_days, after.first_employer_contact) == (12, _days_ago(program, 8))


def test_a_contact_before_enrollment_does_not_stop_the_clock(es_user, ana, program, diner, rosa):
    contact(staff=ana, employer=diner, on=_days_ago(program, 25), people=[rosa])  # an imported row
    row = caseload_list(user=es_user, program=program, phase="all").get(pk=rosa.pk)
    assert row.first_employer_contact is None


# --- Correcting a contact ----------------------------------------------------------------------------


def test_the_writer_corrects_a_contact_and_each_change_is_audited(es_user, ana, program, diner, rosa):
    other = enrolled(program, ana, first_name="Ben", last_name="Example", enrolled_days_ago=15)
    made = _log(es_user, program, employer=diner, job_seekers=[rosa], face_to_face=False)
    changed = employer_contact_update(
        actor=es_user,
        contact=made,
        version=1,
        date=made.date,
        employer=diner,
        purpose="job_seeker_introduction",
        face_to_face=True,
        job_seekers=[(other, True)],
        outcome="Interview on Friday",
    )
    assert changed.version == 2
    assert list(changed.for_job_seekers.values_list("job_seeker_id", "present")) == [(other.pk, True)]
    event = AuditEvent.objects.filter(object_type="employers.EmployerContact", action="update").get()
    assert event.changes["face_to_face"] == [False, True]
    assert event.changes["job_seekers"] == [[[rosa.pk, False]], [[other.pk, True]]]
    assert (
        AuditEvent.objects.filter(
            job_seeker_id=rosa.pk, object_type="employers.EmployerContactJobSeeker"
        ).count()
        == 2
    )
    other.refresh_from_db()
    assert other.job_search_started_on == made.date  # now a job-development contact naming Ben


def test_a_stale_version_is_refused(es_user, program, diner):
    made = _log(es_user, program, employer=diner)
    employer_contact_update(
        actor=es_user, contact=made, version=1, date=made.date, employer=diner, purpose="other"
    )
    with pytest.raises(ValidationError) as exc:
        employer_contact_update(
            actor=es_user, contact=made, version=1, date=made.date, employer=diner, purpose="follow_up"
        )
    assert "changed this record" in _errors(exc)["version"]
    made.refresh_from_db()
    assert made.purpose == "other"


def test_only_the_writer_corrects_a_contact(es_user, make_user, program, diner):
    made = _log(es_user, program, employer=diner)
    colleague = make_user("ips_supervisor", program)
    with pytest.raises(PermissionDenied):
        employer_contact_update(
            actor=colleague, contact=made, version=1, date=made.date, employer=diner, purpose="other"
        )


# --- The pages ----------------------------------------------------------------------------------------


def _create_url(program, **query):
    from urllib.parse import urlencode

    url = reverse("employers:contact_create", args=[program.slug])
    return f"{url}?{urlencode(query)}" if query else url


def test_the_form_preselects_the_person_and_lists_the_own_caseload_first(login, es_user, ana, program, rosa):
    colleague = MembershipFactory(program=program, role="employment_specialist")
    theirs = enrolled(program, colleague, first_name="Theo", last_name="Theirs")
    EmployerFactory(program=program, name="Never Visited")
    visited = EmployerFactory(program=program, name="Zebra Cafe")
    contact(staff=ana, employer=visited, on=_days_ago(program, 1))
    response = login(es_user).get(_create_url(program, job_seeker=rosa.pk))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["date"].value() == today_in(program.time_zone)
    assert form["face_to_face"].value() is True
    assert [label for _pk, label in form.fields["job_seekers"].choices] == ["Rosa Testperson"]
    assert [pk for pk, _label in form.fields["other_job_seekers"].choices] == [theirs.pk]
    # The business most recently visited comes first.
    assert [label for _pk, label in form.fields["employer"].choices][1:] == ["Zebra Cafe", "Never Visited"]
    html = response.content.decode()
    assert f'name="job_seekers" value="{rosa.pk}" checked' in html


def test_logging_from_the_form_goes_back_where_it_came_from(login, es_user, program, diner, rosa):
    back = reverse("people:job_seeker_detail", args=[program.slug, rosa.pk])
    response = login(es_user).post(
        _create_url(program),
        {
            "next": back,
            "date": today_in(program.time_zone).isoformat(),
            "employer": diner.pk,
            "face_to_face": "on",
            "purpose": "job_seeker_introduction",
            "job_seekers": [rosa.pk],
            "present": [rosa.pk],
            "outcome": "Interview next week",
        },
    )
    assert response.status_code == 302 and response["Location"] == back
    made = EmployerContact.objects.get()
    assert made.for_job_seekers.get().present is True


def test_another_site_is_never_the_way_back(login, es_user, program, diner):
    response = login(es_user).post(
        _create_url(program),
        {
            "next": "https://example.com/",
            "date": today_in(program.time_zone).isoformat(),
            "employer": diner.pk,
            "purpose": "learn_business",
        },
    )
    assert response["Location"] == reverse("employers:contact_list", args=[program.slug])


def test_bad_input_is_told_on_the_field_and_saves_nothing(login, es_user, program, diner):
    response = login(es_user).post(
        _create_url(program),
        {
            "date": _days_ago(program, -2).isoformat(),
            "employer": diner.pk,
            "purpose": "job_seeker_introduction",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["date"] == ["A contact cannot be dated in the future."]
    assert not EmployerContact.objects.exists()


def test_the_record_page_offers_to_log_an_employer_visit(login, es_user, program, rosa):
    response = login(es_user).get(reverse("people:job_seeker_detail", args=[program.slug, rosa.pk]))
    assert "Log an employer visit" in response.content.decode()
    assert f"{_create_url(program)}?job_seeker={rosa.pk}" in response.content.decode()


def test_the_writer_changes_a_contact_on_its_page_and_a_colleague_is_told_no(
    login, es_user, make_user, program, diner, rosa
):
    made = _log(es_user, program, employer=diner, job_seekers=[(rosa, True)])
    url = reverse("employers:contact_edit", args=[program.slug, made.pk])
    client = login(es_user)
    page = client.get(url)
    assert page.context["form"]["present"].value() == [rosa.pk]
    response = client.post(
        url,
        {
            "version": 1,
            "date": made.date.isoformat(),
            "employer": diner.pk,
            "purpose": "follow_up",
            "face_to_face": "on",
            "job_seekers": [rosa.pk],
            "outcome": "Hired on the spot",
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.outcome, made.version) == ("Hired on the spot", 2)
    assert made.for_job_seekers.get().present is False
    # The same old version again: someone else's change is not overwritten.
    stale = client.post(
        url, {"version": 1, "date": made.date.isoformat(), "employer": diner.pk, "purpose": "other"}
    )
    assert stale.status_code == 400 and "changed this record" in stale.content.decode()
    colleague = login(make_user("program_manager", program))
    assert colleague.get(url).status_code == 200
    assert "Only the person who logged this contact" in colleague.get(url).content.decode()
    assert colleague.post(url, {"version": 2}).status_code == 403


def test_the_contact_log_filters_and_pages(login, es_user, ana, program, diner, make_user):
    ben = MembershipFactory(program=program, role="employment_specialist")
    other = EmployerFactory(program=program, name="Hardware Store")
    contact(staff=ana, employer=diner, on=_days_ago(program, 1))
    contact(staff=ana, employer=other, on=_days_ago(program, 20), face_to_face=False)
    contact(staff=ben, employer=diner, on=_days_ago(program, 40))
    client = login(es_user)
    url = reverse("employers:contact_list", args=[program.slug])

    def dates(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return [c.date for c in response.context["page"]]

    assert dates() == [_days_ago(program, n) for n in (1, 20, 40)]
    assert dates(staff=ben.pk) == [_days_ago(program, 40)]
    assert dates(employer=diner.pk) == [_days_ago(program, 1), _days_ago(program, 40)]
    assert dates(face_to_face="no") == [_days_ago(program, 20)]
    assert dates(
        date_from=_days_ago(program, 30).isoformat(), date_to=_days_ago(program, 10).isoformat()
    ) == [_days_ago(program, 20)]
    assert client.get(url, {"date_from": "2026-05-02", "date_to": "2026-05-01"}).status_code == 400


def test_the_contact_log_costs_the_same_queries_for_3_or_30_contacts(
    login, es_user, ana, program, diner, rosa
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(es_user)
    url = reverse("employers:contact_list", args=[program.slug])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for i in range(3):
        contact(staff=ana, employer=EmployerFactory(program=program), on=_days_ago(program, i), people=[rosa])
    small = count()
    for i in range(27):
        contact(staff=ana, employer=EmployerFactory(program=program), on=_days_ago(program, i), people=[rosa])
    assert count() == small


# --- The API -----------------------------------------------------------------------------------------


def test_the_api_logs_lists_and_corrects_contacts(login, es_user, program, other_program, rosa):
    client = login(es_user)
    url = reverse("api:employer-contact-list")
    response = client.post(
        url,
        {
            "program": program.slug,
            "date": today_in(program.time_zone).isoformat(),
            "new_employer_name": "Corner Bakery",
            "purpose": "job_seeker_introduction",
            "job_seekers": [rosa.pk],
            "present": [rosa.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["employer_name"], body["is_job_development"]) == ("Corner Bakery", True)
    assert body["job_seekers"] == [{"job_seeker": rosa.pk, "name": "Rosa Testperson", "present": True}]

    listed = client.get(url, {"program": program.slug, "job_seeker": rosa.pk}).json()
    assert [c["id"] for c in listed["results"]] == [body["id"]]

    detail = reverse("api:employer-contact-detail", args=[body["id"]])
    changed = client.patch(
        detail, {"version": 1, "outcome": "Interview Friday"}, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    assert (
        changed.json()["outcome"],
        changed.json()["version"],
        changed.json()["job_seekers"][0]["present"],
    ) == (
        "Interview Friday",
        2,
        True,
    )
    stale = client.patch(detail, {"version": 1, "outcome": "Old"}, content_type="application/json")
    assert stale.status_code == 400 and "version" in stale.json()


def test_the_api_tells_bad_input_by_field(login, es_user, program, other_program):
    client = login(es_user)
    url = reverse("api:employer-contact-list")
    foreign = EmployerFactory(program=other_program)
    response = client.post(
        url,
        {
            "program": program.slug,
            "date": today_in(program.time_zone).isoformat(),
            "employer": foreign.pk,
            "purpose": "learn_business",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "employer" in response.json()
    response = client.post(
        url,
        {
            "program": program.slug,
            "date": _days_ago(program, -1).isoformat(),
            "new_employer_name": "X",
            "purpose": "job_seeker_introduction",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"date", "job_seekers"}
    assert not EmployerContact.objects.exists()


def test_the_api_refuses_a_correction_by_someone_else(login, es_user, make_user, program, diner):
    made = _log(es_user, program, employer=diner)
    client = login(make_user("employment_specialist", program))
    response = client.patch(
        reverse("api:employer-contact-detail", args=[made.pk]),
        {"version": 1, "outcome": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
