"""Closing a person's record and re-opening it: services and pages. Nothing closes on a timer."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from people import services
from people.models import CaseloadAssignment, ClosureHistory, JobSeeker
from people.tests.factories import JobSeekerFactory
from people.tests.factories_record import days_ago, enrolled, specialist


@pytest.fixture
def ana(program):
    return specialist(program)


@pytest.fixture
def person(program, ana):
    return enrolled(program, ana, days=30, first_name="Rosa", last_name="Testperson")


def _close(actor, person, **overrides):
    arguments = {
        "closed_date": days_ago(1),
        "closure_reason": "moved_away",
        "closure_note": "",
        "version": person.version,
    }
    arguments.update(overrides)
    return services.job_seeker_close(actor=actor, job_seeker=person, **arguments)


def _url(name, person):
    return reverse(f"people:{name}", args=[person.program.slug, person.pk])


# --- Closing --------------------------------------------------------------------------------------


def test_closing_ends_the_caseload_assignment_and_is_audited(supervisor, person, ana):
    closed = _close(supervisor, person, closure_note="Moved to Duluth")

    closed.refresh_from_db()
    assert (closed.closed_date, closed.closure_reason, closed.closure_note) == (
        days_ago(1),
        "moved_away",
        "Moved to Duluth",
    )
    assert closed.employment_specialist is None
    assert closed.version == person.version + 1
    assignment = CaseloadAssignment.objects.get(job_seeker=person)
    assert assignment.to_date == days_ago(1)
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="people.JobSeeker", job_seeker_id=person.pk
    ).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="people.CaseloadAssignment", job_seeker_id=person.pk
    ).exists()


def test_a_referral_that_never_enrolled_can_be_closed(supervisor, program):
    person = JobSeekerFactory(program=program, referral_date=days_ago(20))
    _close(supervisor, person, closed_date=days_ago(3), closure_reason="chose_to_stop")
    person.refresh_from_db()
    assert person.closure_reason == "chose_to_stop"
    assert not CaseloadAssignment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"closed_date": days_ago(-1)}, "closed_date", "future"),
        ({"closed_date": days_ago(31)}, "closed_date", "before the enrollment date"),
        ({"closure_reason": "no_longer_eligible"}, "closure_reason", "Choose a reason"),
        ({"closure_reason": ""}, "closure_reason", "Choose a reason"),
        ({"closure_reason": "other", "closure_note": "  "}, "closure_note", "“Other”"),
    ],
)
def test_bad_closures_change_nothing(supervisor, person, overrides, field, message):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        _close(supervisor, person, **overrides)
    assert message in " ".join(info.value.message_dict[field])
    person.refresh_from_db()
    assert person.closed_date is None
    assert CaseloadAssignment.objects.get(job_seeker=person).to_date is None
    assert AuditEvent.objects.count() == before


def test_a_never_enrolled_referral_cannot_close_before_the_referral(supervisor, program):
    person = JobSeekerFactory(program=program, referral_date=days_ago(10))
    with pytest.raises(ValidationError) as info:
        _close(supervisor, person, closed_date=days_ago(11))
    assert "before the referral date" in info.value.message_dict["closed_date"][0]


def test_closing_cannot_come_before_the_current_assignment(supervisor, person, program):
    ben = specialist(program, "Ben", "Brooks")
    services.job_seeker_transfer(
        actor=supervisor,
        job_seeker=person,
        employment_specialist=ben,
        on_date=days_ago(5),
        reason="",
        version=1,
    )
    person.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        _close(supervisor, person, closed_date=days_ago(10))
    assert "current caseload assignment" in info.value.message_dict["closed_date"][0]


def test_a_closed_record_cannot_be_closed_again(supervisor, person):
    _close(supervisor, person)
    person.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        _close(supervisor, person)
    assert info.value.code == "closed"


def test_a_stale_version_is_refused(supervisor, person):
    with pytest.raises(ValidationError) as info:
        _close(supervisor, person, version=person.version - 1 if person.version > 1 else 99)
    assert "Someone else changed this record" in info.value.message_dict["version"][0]
    person.refresh_from_db()
    assert person.closed_date is None


def test_only_the_programs_staff_close(make_user, person, other_program):
    for role in ("vr_counselor", "treatment_team_member", "benefits_counselor"):
        with pytest.raises(PermissionDenied):
            _close(make_user(role, person.program), person)
    with pytest.raises(PermissionDenied):
        _close(make_user("state_administrator"), person)
    with pytest.raises(Http404):
        _close(make_user("employment_specialist", other_program), person)


# --- Re-opening -----------------------------------------------------------------------------------


def test_reopening_keeps_the_closure_and_goes_back_to_the_last_specialist(supervisor, person, ana):
    _close(
        supervisor, person, closed_date=days_ago(2), closure_reason="other", closure_note="Thought she moved"
    )
    person.refresh_from_db()

    reopened = services.job_seeker_reopen(
        actor=supervisor, job_seeker=person, reopen_note="Closed in error", version=person.version
    )

    reopened.refresh_from_db()
    assert (reopened.closed_date, reopened.closure_reason, reopened.closure_note) == (None, "", "")
    assert reopened.employment_specialist == ana
    history = ClosureHistory.objects.get(job_seeker=person)
    assert (history.closed_date, history.closure_reason, history.closure_note) == (
        days_ago(2),
        "other",
        "Thought she moved",
    )
    assert history.reopened_on == days_ago(0)
    assert history.reopen_note == "Closed in error"
    assignments = list(CaseloadAssignment.objects.filter(job_seeker=person).order_by("from_date", "id"))
    assert [(a.employment_specialist, a.to_date) for a in assignments] == [(ana, days_ago(2)), (ana, None)]
    assert assignments[1].from_date == days_ago(0)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="people.ClosureHistory").exists()


def test_reopening_leaves_the_person_unassigned_when_their_specialist_left(supervisor, person, ana):
    _close(supervisor, person, closed_date=days_ago(5))
    ana.end_date = days_ago(1)
    ana.save()
    person.refresh_from_db()

    reopened = services.job_seeker_reopen(actor=supervisor, job_seeker=person, version=person.version)

    assert reopened.employment_specialist is None
    assert not CaseloadAssignment.objects.filter(job_seeker=person, to_date__isnull=True).exists()


def test_an_unassigned_person_can_then_get_a_specialist_without_overlap(supervisor, person, ana, program):
    _close(supervisor, person, closed_date=days_ago(5))
    ana.end_date = days_ago(1)
    ana.save()
    person.refresh_from_db()
    services.job_seeker_reopen(actor=supervisor, job_seeker=person, version=person.version)
    person.refresh_from_db()
    ben = specialist(program, "Ben", "Brooks")
    with pytest.raises(ValidationError):  # before the closed assignment ended
        services.job_seeker_transfer(
            actor=supervisor,
            job_seeker=person,
            employment_specialist=ben,
            on_date=days_ago(10),
            reason="",
            version=person.version,
        )
    services.job_seeker_transfer(
        actor=supervisor,
        job_seeker=person,
        employment_specialist=ben,
        on_date=days_ago(0),
        reason="",
        version=person.version,
    )
    person.refresh_from_db()
    assert person.employment_specialist == ben


def test_reopening_a_referral_keeps_it_a_referral(supervisor, program):
    person = JobSeekerFactory(program=program, referral_date=days_ago(20))
    _close(supervisor, person, closed_date=days_ago(3), closure_reason="lost_contact")
    person.refresh_from_db()
    reopened = services.job_seeker_reopen(actor=supervisor, job_seeker=person, version=person.version)
    assert reopened.enrollment_date is None
    assert reopened.employment_specialist is None
    assert not CaseloadAssignment.objects.exists()


def test_an_open_record_cannot_be_reopened(supervisor, person):
    with pytest.raises(ValidationError) as info:
        services.job_seeker_reopen(actor=supervisor, job_seeker=person, version=person.version)
    assert info.value.code == "not_closed"
    assert not ClosureHistory.objects.exists()


def test_closed_again_after_reopening_keeps_both_closures(supervisor, person):
    _close(supervisor, person, closed_date=days_ago(4))
    person.refresh_from_db()
    services.job_seeker_reopen(actor=supervisor, job_seeker=person, version=person.version)
    person.refresh_from_db()
    _close(supervisor, person, closed_date=days_ago(0), closure_reason="chose_to_stop")
    person.refresh_from_db()
    assert person.closure_reason == "chose_to_stop"
    assert ClosureHistory.objects.filter(job_seeker=person).count() == 1


# --- The pages ------------------------------------------------------------------------------------


def test_closing_through_the_page(login, supervisor, person):
    client = login(supervisor)
    detail = client.get(_url("job_seeker_detail", person)).content.decode()
    assert _url("job_seeker_close", person) in detail
    assert "nothing closes this record automatically" in detail

    page = client.get(_url("job_seeker_close", person))
    assert page.status_code == 200
    text = page.content.decode()
    assert "time-unlimited" in text
    assert 'name="closure_reason"' in text

    response = client.post(
        _url("job_seeker_close", person),
        {
            "version": person.version,
            "closed_date": days_ago(0).isoformat(),
            "closure_reason": "chose_to_stop",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url("job_seeker_detail", person)
    person.refresh_from_db()
    assert person.closure_reason == "chose_to_stop"

    detail = client.get(_url("job_seeker_detail", person)).content.decode()
    assert "Chose to stop IPS services" in detail
    assert _url("job_seeker_reopen", person) in detail
    assert _url("job_seeker_close", person) not in detail
    assert _url("job_seeker_transfer", person) not in detail


def test_a_bad_closure_on_the_page_is_shown_on_its_field(login, supervisor, person):
    client = login(supervisor)
    response = client.post(
        _url("job_seeker_close", person),
        {"version": person.version, "closed_date": days_ago(0).isoformat(), "closure_reason": "other"},
    )
    assert response.status_code == 400
    assert "“Other”" in response.context["form"].errors["closure_note"][0]
    person.refresh_from_db()
    assert person.closed_date is None


def test_a_second_editor_is_told_not_overwritten(login, supervisor, person, make_user):
    client = login(supervisor)
    stale_version = person.version
    _close(make_user("program_manager", person.program), person)
    response = client.post(
        _url("job_seeker_close", person),
        {"version": stale_version, "closed_date": days_ago(0).isoformat(), "closure_reason": "chose_to_stop"},
    )
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    person.refresh_from_db()
    assert person.closure_reason == "moved_away"


def test_reopening_through_the_confirmation_page(login, supervisor, person, ana):
    _close(supervisor, person, closed_date=days_ago(1), closure_reason="lost_contact")
    person.refresh_from_db()
    client = login(supervisor)

    page = client.get(_url("job_seeker_reopen", person))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lost contact" in text
    assert "refer them again" in text
    assert ClosureHistory.objects.count() == 0  # GET only asks

    response = client.post(
        _url("job_seeker_reopen", person), {"version": person.version, "reopen_note": "Found"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("job_seeker_detail", person)
    person.refresh_from_db()
    assert person.closed_date is None
    assert person.employment_specialist == ana
    assert "back on Ana Alvarez" in client.get(response["Location"]).content.decode()


def test_reopening_without_the_old_specialist_leads_to_choosing_one(login, supervisor, person, ana):
    _close(supervisor, person, closed_date=days_ago(3))
    ana.end_date = days_ago(1)
    ana.save()
    person.refresh_from_db()
    client = login(supervisor)
    response = client.post(_url("job_seeker_reopen", person), {"version": person.version})
    assert response.status_code == 302
    assert response["Location"] == _url("job_seeker_transfer", person)
    page = client.get(response["Location"]).content.decode()
    assert "no longer on the team" in page
    assert "Choose an employment specialist" in page


def test_state_roles_and_partners_cannot_close(login, make_user, person):
    url = _url("job_seeker_close", person)
    assert login(make_user("state_trainer")).get(url).status_code == 403
    assert login(make_user("vr_counselor", person.program)).get(url).status_code == 404
    assert not JobSeeker.objects.filter(closed_date__isnull=False).exists()


def test_nothing_closes_a_record_because_time_passed(login, supervisor, program, ana):
    """A person enrolled years ago with no contact since is still open on every page."""
    old = enrolled(program, ana, days=3 * 365)
    client = login(supervisor)
    assert client.get(_url("job_seeker_detail", old)).status_code == 200
    old.refresh_from_db()
    assert old.closed_date is None
    assert old.enrollment_date == days_ago(3 * 365)
    assert days_ago(0) - old.enrollment_date > datetime.timedelta(days=1000)
