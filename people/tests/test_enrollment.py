"""Enrollment with an employment specialist, and transfers that keep the caseload history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from core.models import AuditAction, AuditEvent
from people import services
from people.models import CaseloadAssignment, JobSeeker
from people.tests.factories import JobSeekerFactory
from people.tests.factories_caseload import specialist


@pytest.fixture
def ana(program):
    return specialist(program)


@pytest.fixture
def ben(program):
    return specialist(program, "Ben", "Brooks")


@pytest.fixture
def person(program):
    return JobSeekerFactory(program=program, first_name="Rosa", last_name="Testperson")


def _days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def _enroll_url(person):
    return reverse("people:job_seeker_enroll", args=[person.program.slug, person.pk])


def _transfer_url(person):
    return reverse("people:job_seeker_transfer", args=[person.program.slug, person.pk])


def _detail(person):
    return reverse("people:job_seeker_detail", args=[person.program.slug, person.pk])


def _enrolled_with(es, count):
    for _ in range(count):
        JobSeekerFactory(program=es.program, enrollment_date=_days_ago(10), employment_specialist=es)


def test_enrolling_through_the_page(login, supervisor, person, ana, ben):
    _enrolled_with(ana, 12)
    JobSeekerFactory(program=ana.program, employment_specialist=ana)  # referred, not enrolled: not counted
    JobSeekerFactory(
        program=ana.program,
        enrollment_date=_days_ago(20),
        closed_date=_days_ago(5),
        closure_reason="moved_away",
        employment_specialist=ana,
    )  # closed: not counted
    client = login(supervisor)
    page = client.get(_enroll_url(person))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ana Alvarez — 12 of 20" in text
    assert "Ben Brooks — 0 of 20" in text

    response = client.post(
        _enroll_url(person),
        {
            "version": person.version,
            "enrollment_date": _days_ago(1).isoformat(),
            "employment_specialist": ana.pk,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.enrollment_date == _days_ago(1)
    assert person.employment_specialist == ana
    assert person.version == 2
    assignment = CaseloadAssignment.objects.get()
    assert (assignment.employment_specialist, assignment.from_date, assignment.to_date) == (
        ana,
        _days_ago(1),
        None,
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="people.JobSeeker", job_seeker_id=person.pk
    ).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="people.CaseloadAssignment", job_seeker_id=person.pk
    ).exists()

    detail = client.get(_detail(person)).content.decode()
    assert "Ana Alvarez" in detail
    assert _transfer_url(person) in detail
    assert "Ana Alvarez — 13 of 20" in client.get(_transfer_url(person)).content.decode()


def _post(client, person, es, **overrides):
    data = {
        "version": person.version,
        "enrollment_date": _days_ago(1).isoformat(),
        "employment_specialist": es.pk,
    }
    data.update(overrides)
    return client.post(_enroll_url(person), data)


def _unchanged(person, audit_count):
    person.refresh_from_db()
    assert person.enrollment_date is None
    assert person.employment_specialist is None
    assert not CaseloadAssignment.objects.exists()
    assert AuditEvent.objects.count() == audit_count


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("before_referral", "Enrollment cannot be before the referral."),
        ("future", "Enrollment cannot be in the future."),
        ("before_interest", "before the date they said they want to work"),
    ],
)
def test_bad_enrollment_dates_change_nothing(login, supervisor, person, ana, when, message):
    person.interest_date = person.referral_date + datetime.timedelta(days=5)
    person.save()
    value = {
        "before_referral": person.referral_date - datetime.timedelta(days=1),
        "future": timezone.localdate() + datetime.timedelta(days=1),
        "before_interest": person.referral_date + datetime.timedelta(days=2),
    }[when]
    client = login(supervisor)
    before = AuditEvent.objects.count()
    response = _post(client, person, ana, enrollment_date=value.isoformat())
    assert response.status_code == 400
    assert any(message in e for e in response.context["form"].errors["enrollment_date"])
    _unchanged(person, before)


def test_an_es_of_another_program_is_refused(login, supervisor, person, ana, other_program):
    stranger = specialist(other_program, "Cal", "Elsewhere")
    client = login(supervisor)
    assert "Cal Elsewhere" not in client.get(_enroll_url(person)).content.decode()
    before = AuditEvent.objects.count()
    response = _post(client, person, stranger)
    assert response.status_code == 400
    assert "employment_specialist" in response.context["form"].errors
    _unchanged(person, before)
    with pytest.raises(ValidationError) as info:
        services.job_seeker_enroll(
            actor=supervisor,
            job_seeker=person,
            enrollment_date=_days_ago(1),
            employment_specialist=stranger,
            version=person.version,
        )
    assert "employment_specialist" in info.value.message_dict
    _unchanged(person, before)


def test_a_supervisor_membership_is_not_an_es(supervisor, person, program):
    with pytest.raises(ValidationError):
        services.job_seeker_enroll(
            actor=supervisor,
            job_seeker=person,
            enrollment_date=_days_ago(1),
            employment_specialist=Membership.objects.get(user=supervisor),
            version=person.version,
        )


def test_a_second_enrollment_is_refused(supervisor, person, ana, ben):
    services.job_seeker_enroll(
        actor=supervisor,
        job_seeker=person,
        enrollment_date=_days_ago(3),
        employment_specialist=ana,
        version=1,
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        services.job_seeker_enroll(
            actor=supervisor,
            job_seeker=person,
            enrollment_date=_days_ago(1),
            employment_specialist=ben,
            version=2,
        )
    assert info.value.code == "enrolled"
    person.refresh_from_db()
    assert (person.enrollment_date, person.employment_specialist) == (_days_ago(3), ana)
    assert CaseloadAssignment.objects.count() == 1
    assert AuditEvent.objects.count() == before


def test_a_stale_version_tells_the_second_editor(login, supervisor, make_user, person, ana, ben, program):
    first = login(supervisor)
    first.get(_enroll_url(person))
    stale_version = person.version
    services.job_seeker_enroll(
        actor=make_user("program_manager", program),
        job_seeker=person,
        enrollment_date=_days_ago(2),
        employment_specialist=ana,
        version=stale_version,
    )
    before = AuditEvent.objects.count()
    response = first.post(
        _enroll_url(person),
        {
            "version": stale_version,
            "enrollment_date": _days_ago(1).isoformat(),
            "employment_specialist": ben.pk,
        },
    )
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    person.refresh_from_db()
    assert (person.enrollment_date, person.employment_specialist) == (_days_ago(2), ana)
    assert CaseloadAssignment.objects.count() == 1
    assert AuditEvent.objects.count() == before


def test_a_transfer_keeps_the_history(login, supervisor, person, ana, ben):
    services.job_seeker_enroll(
        actor=supervisor,
        job_seeker=person,
        enrollment_date=_days_ago(30),
        employment_specialist=ana,
        version=1,
    )
    person.refresh_from_db()
    client = login(supervisor)
    response = client.post(
        _transfer_url(person),
        {
            "version": person.version,
            "employment_specialist": ben.pk,
            "on_date": _days_ago(5).isoformat(),
            "reason": "Ana moved to another team",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.employment_specialist == ben
    old, new = CaseloadAssignment.objects.order_by("from_date")
    assert (old.employment_specialist, old.from_date, old.to_date) == (ana, _days_ago(30), _days_ago(6))
    assert (new.employment_specialist, new.from_date, new.to_date) == (ben, _days_ago(5), None)
    assert new.reason == "Ana moved to another team"
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="people.CaseloadAssignment", job_seeker_id=person.pk
    ).exists()
    text = client.get(_detail(person)).content.decode()
    assert "Ana moved to another team" in text
    assert "Ana Alvarez" in text and "Ben Brooks" in text


def test_a_bad_transfer_changes_nothing(login, supervisor, person, ana, ben):
    services.job_seeker_enroll(
        actor=supervisor,
        job_seeker=person,
        enrollment_date=_days_ago(10),
        employment_specialist=ana,
        version=1,
    )
    person.refresh_from_db()
    client = login(supervisor)
    before = AuditEvent.objects.count()
    for on_date, field in ((_days_ago(-1), "on_date"), (_days_ago(11), "on_date"), (_days_ago(1), None)):
        es = ana if field is None else ben
        response = client.post(
            _transfer_url(person),
            {"version": person.version, "employment_specialist": es.pk, "on_date": on_date.isoformat()},
        )
        assert response.status_code == 400
        assert (field or "employment_specialist") in response.context["form"].errors
    stale = client.post(
        _transfer_url(person),
        {"version": person.version - 1, "employment_specialist": ben.pk, "on_date": _days_ago(1).isoformat()},
    )
    assert stale.status_code == 400
    assert "Someone else changed this record" in stale.content.decode()
    person.refresh_from_db()
    assert person.employment_specialist == ana
    assert CaseloadAssignment.objects.count() == 1
    assert AuditEvent.objects.count() == before


def test_only_one_open_assignment_in_the_database(person, ana, ben):
    from django.db import IntegrityError, transaction

    CaseloadAssignment.objects.create(job_seeker=person, employment_specialist=ana, from_date=_days_ago(3))
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseloadAssignment.objects.create(
            job_seeker=person, employment_specialist=ben, from_date=_days_ago(1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseloadAssignment.objects.create(
            job_seeker=person, employment_specialist=ben, from_date=_days_ago(1), to_date=_days_ago(2)
        )


@pytest.mark.parametrize("page", ["enroll", "transfer"])
def test_the_page_costs_the_same_for_2_or_10_specialists(
    login, supervisor, program, django_assert_max_num_queries, page
):
    client = login(supervisor)

    def measure(count):
        specialists = [specialist(program, f"Es{count}x{i}", "Synthetic") for i in range(count)]
        for es in specialists:
            _enrolled_with(es, 3)
        person = JobSeekerFactory(program=program)
        if page == "transfer":
            person.enrollment_date = _days_ago(5)
            person.employment_specialist = specialists[0]
            person.save()
            CaseloadAssignment.objects.create(
                job_seeker=person, employment_specialist=specialists[0], from_date=_days_ago(5)
            )
        url = _enroll_url(person) if page == "enroll" else _transfer_url(person)
        client.get(url)
        return url

    small = measure(2)
    with django_assert_max_num_queries(12) as captured:
        assert client.get(small).status_code == 200
    baseline = len(captured)
    large = measure(10)
    with django_assert_max_num_queries(baseline):
        text = client.get(large).content.decode()
    assert text.count("of 20") >= 12
    assert JobSeeker.objects.count() > 30
