"""The person's timeline: everything that happened, newest first, through the consent rule; the print view."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditAction, AuditEvent
from people.models import CaseloadAssignment, Consent
from people.selectors.timeline import Kind, job_seeker_timeline
from people.tests.factories import ConsentFactory, JobSeekerFactory
from people.tests.factories_record import (
    CareerProfileFactory,
    CareerProfileVersionFactory,
    ClosureHistoryFactory,
    ContactAttemptFactory,
    EmploymentGoalFactory,
    EmploymentPlanFactory,
    NoteAddendumFactory,
    PlanStepFactory,
    ServiceNoteFactory,
    days_ago,
    specialist,
)


def _at(days, hour=10):
    """An aware moment `days` ago at `hour` o'clock, local time."""
    day = days_ago(days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def ana(program):
    return specialist(program)


@pytest.fixture
def ben(program):
    return specialist(program, "Ben", "Brooks")


@pytest.fixture
def person(program, ana, ben):
    """A synthetic person with a bit of everything, spread over 60 days."""
    person = JobSeekerFactory(
        program=program,
        first_name="Rosa",
        last_name="Testperson",
        referral_date=days_ago(60),
        interest_date=days_ago(60),
        referral_source="treatment_team",
        referral_note="Wants mornings",
        enrollment_date=days_ago(50),
        employment_specialist=ben,
    )
    ContactAttemptFactory(job_seeker=person, attempted_at=_at(55), method="phone", outcome="left_message")
    CaseloadAssignment.objects.create(
        job_seeker=person,
        employment_specialist=ana,
        from_date=days_ago(50),
        to_date=days_ago(31),
        reason="Enrollment",
    )
    CaseloadAssignment.objects.create(
        job_seeker=person, employment_specialist=ben, from_date=days_ago(30), reason="Ana's caseload is full"
    )
    ConsentFactory(
        job_seeker=person,
        partner_kind="vocational_rehabilitation",
        partner_name="Synthetic DVR office",
        signed_on=days_ago(45),
        start_date=days_ago(45),
        scopes=["employment_progress"],
    )
    family = ConsentFactory(
        job_seeker=person,
        partner_kind="family",
        partner_name="A sister",
        signed_on=days_ago(44),
        start_date=days_ago(44),
    )
    Consent.objects.filter(pk=family.pk).update(revoked_at=_at(20, 15), revocation_note="Changed her mind")
    profile = CareerProfileFactory(job_seeker=person)
    CareerProfileVersionFactory(profile=profile, number=1, saved_at=_at(40))
    CareerProfileVersionFactory(profile=profile, number=2, saved_at=_at(25), change_summary="Added evenings")
    plan = EmploymentPlanFactory(job_seeker=person, agreed_on=days_ago(35), reviewed_on=days_ago(10))
    PlanStepFactory(goal=EmploymentGoalFactory(plan=plan))
    ServiceNoteFactory(job_seeker=person, date=days_ago(12), text="Visited the animal shelter together.")
    part2 = ServiceNoteFactory(
        job_seeker=person, date=days_ago(11), text="Talked about her recovery group.", contains_part2=True
    )
    NoteAddendumFactory(note=part2, text="She asked that this stay private.", created_at=_at(5))
    ClosureHistoryFactory(
        job_seeker=person,
        closed_date=days_ago(8),
        closure_reason="lost_contact",
        reopened_on=days_ago(6),
        reopen_note="She called back",
    )
    return person


def _url(name, person, **query):
    url = reverse(f"people:{name}", args=[person.program.slug, person.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_timeline_has_everything_newest_first(make_user, program, person):
    user = make_user("ips_supervisor", program)
    page = job_seeker_timeline(user=user, job_seeker=person)
    kinds = [entry.kind for entry in page.entries]
    assert kinds == [
        Kind.PLAN_CREATED,  # today: the plan row was made by the factory just now
        Kind.ADDENDUM,
        Kind.REOPENING,
        Kind.CLOSURE,
        Kind.PLAN_REVIEWED,
        Kind.NOTE,
        Kind.NOTE,
        Kind.CONSENT_REVOKED,
        Kind.PROFILE_VERSION,
        Kind.ASSIGNMENT,
        Kind.PLAN_ACTIVATED,
        Kind.PROFILE_VERSION,
        Kind.CONSENT_SIGNED,
        Kind.CONSENT_SIGNED,
        Kind.ASSIGNMENT,  # on the enrollment day, the enrollment comes first, then the assignment
        Kind.ENROLLMENT,
        Kind.OUTREACH,
        Kind.REFERRAL,
    ]
    days = [entry.day for entry in page.entries]
    assert days == sorted(days, reverse=True)
    assert page.older_until is None
    titles = [entry.title for entry in page.entries]
    assert "Transferred from Ana Alvarez to Ben Brooks" in titles
    assert "On Ana Alvarez's caseload" in titles
    assert "Consent revoked: Family member: A sister" in titles
    assert "Career profile updated (version 2)" in titles
    assert "Employment plan agreed with the job seeker" in titles
    assert "Employment plan reviewed" in titles
    assert "Closed: Lost contact" in titles
    assert "Re-opened" in titles
    assert "Enrolled" in titles
    assert any(t.startswith("Referred (Treatment team") for t in titles)
    assert any(t.startswith("Outreach attempt: Phone — Left a message") for t in titles)


def test_the_page_shows_the_timeline_and_writes_a_read_row(login, make_user, program, person):
    client = login(make_user("employment_specialist", program))
    response = client.get(_url("job_seeker_timeline", person))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Visited the animal shelter together." in text
    assert "Talked about her recovery group." in text  # staff see Part 2 notes, marked
    assert "42 CFR Part 2" in text
    assert "She called back" in text
    assert text.index("She asked that this stay private.") < text.index("Visited the animal shelter")
    assert AuditEvent.objects.filter(action=AuditAction.READ, job_seeker_id=person.pk).count() == 1


def test_a_partner_sees_only_what_the_consent_releases(login, make_user, program, person):
    counselor = make_user("vr_counselor", program)
    page = job_seeker_timeline(user=counselor, job_seeker=person)
    kinds = {entry.kind for entry in page.entries}
    # The DVR consent releases employment progress: the plan, not the profile nor the notes.
    assert Kind.PLAN_ACTIVATED in kinds
    assert Kind.PROFILE_VERSION not in kinds
    assert Kind.NOTE not in kinds and Kind.ADDENDUM not in kinds


def test_part2_notes_and_their_addenda_need_a_consent_that_covers_part2(make_user, program, person):
    counselor = make_user("vr_counselor", program)
    consent = Consent.objects.get(partner_kind="vocational_rehabilitation")
    consent.scopes.create(item="service_notes")
    texts = [e.detail for e in job_seeker_timeline(user=counselor, job_seeker=person).entries]
    assert "Visited the animal shelter together." in texts
    assert "Talked about her recovery group." not in texts
    assert "She asked that this stay private." not in texts  # the addendum of a Part 2 note

    Consent.objects.filter(pk=consent.pk).update(covers_part2=True)
    texts = [e.detail for e in job_seeker_timeline(user=counselor, job_seeker=person).entries]
    assert "Talked about her recovery group." in texts
    assert "She asked that this stay private." in texts


def test_a_partner_without_consent_gets_404(login, make_user, program, person):
    client = login(make_user("benefits_counselor", program))
    assert client.get(_url("job_seeker_timeline", person)).status_code == 404
    assert client.get(_url("job_seeker_print", person)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.READ).exists()


def test_pages_never_split_a_day_and_lose_nothing(make_user, program):
    user = make_user("employment_specialist", program)
    person = JobSeekerFactory(program=program, referral_date=days_ago(30))
    for n in range(1, 8):  # two attempts a day for a week, and a note on three of those days
        ContactAttemptFactory(job_seeker=person, attempted_at=_at(n, 9))
        ContactAttemptFactory(job_seeker=person, attempted_at=_at(n, 14))
        if n % 2:
            ServiceNoteFactory(job_seeker=person, date=days_ago(n))
    seen = []
    until = None
    for _page in range(20):
        page = job_seeker_timeline(user=user, job_seeker=person, until=until, limit=4)
        assert page.entries
        days = {e.day for e in page.entries}
        assert not days & {e.day for e in seen}, "a day was split over two pages"
        seen += page.entries
        if page.older_until is None:
            break
        until = page.older_until
    assert len(seen) == 14 + 4 + 1  # attempts, notes, the referral
    assert [e.day for e in seen] == sorted((e.day for e in seen), reverse=True)


def test_a_day_busier_than_a_page_is_shown_whole(make_user, program):
    user = make_user("employment_specialist", program)
    person = JobSeekerFactory(program=program, referral_date=days_ago(30))
    for hour in range(8, 18):
        ContactAttemptFactory(job_seeker=person, attempted_at=_at(2, hour))
    ContactAttemptFactory(job_seeker=person, attempted_at=_at(5))
    page = job_seeker_timeline(user=user, job_seeker=person, limit=4)
    assert len(page.entries) == 10
    assert [e.time.hour for e in page.entries] == list(range(17, 7, -1))
    assert page.older_until == days_ago(3)
    older = job_seeker_timeline(user=user, job_seeker=person, until=page.older_until, limit=4)
    assert [e.kind for e in older.entries] == [Kind.OUTREACH, Kind.REFERRAL]


def test_the_older_link_on_the_page(login, make_user, program):
    person = JobSeekerFactory(program=program, referral_date=days_ago(200))
    for n in range(60):
        ContactAttemptFactory(job_seeker=person, attempted_at=_at(n + 1))
    client = login(make_user("employment_specialist", program))
    text = client.get(_url("job_seeker_timeline", person)).content.decode()
    assert text.count('class="timeline-entry') == 50
    assert f'href="?until={days_ago(51).isoformat()}"' in text
    older = client.get(_url("job_seeker_timeline", person, until=days_ago(51).isoformat())).content.decode()
    assert older.count('class="timeline-entry') == 11  # ten attempts and the referral
    assert 'href="?until=' not in older
    assert client.get(_url("job_seeker_timeline", person, until="not-a-date")).status_code == 200


def _count(user, person):
    job_seeker_timeline(user=user, job_seeker=person)  # the user's memberships are read once, then kept
    with CaptureQueriesContext(connection) as queries:
        job_seeker_timeline(user=user, job_seeker=person)
    return len(queries)


@pytest.mark.parametrize("role", ["employment_specialist", "vr_counselor"])
def test_the_timeline_costs_one_query_per_source(make_user, program, person, role):
    user = make_user(role, program)
    Consent.objects.get(partner_kind="vocational_rehabilitation").scopes.create(item="service_notes")
    small = _count(user, person)
    for n in range(30):
        ContactAttemptFactory(job_seeker=person, attempted_at=_at(n % 20 + 1, 8))
        note = ServiceNoteFactory(job_seeker=person, date=days_ago(n % 20 + 1))
        NoteAddendumFactory(note=note)
    assert _count(user, person) == small
    assert small <= 12


def test_the_print_view(login, make_user, program, person):
    profile = person.career_profile
    profile.legal_history = "A conviction in 2009, shared for background checks"
    profile.save()
    supervisor = make_user("ips_supervisor", program, first_name="Sam", last_name="Supervisor")
    client = login(supervisor)
    response = client.get(_url("job_seeker_print", person))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Printed by Sam Supervisor on" in text
    assert "record-print.css" in text
    assert "I want to work with animals, mornings only." in text
    assert "Find a part-time job at an animal shelter" in text
    assert "Visit two shelters with the ES" in text
    assert "Synthetic DVR office" in text
    assert "Revoked" in text
    assert "Visited the animal shelter together." in text
    assert "She asked that this stay private." in text
    assert "A conviction in 2009" in text
    assert (
        AuditEvent.objects.filter(action=AuditAction.READ, job_seeker_id=person.pk, actor=supervisor).count()
        == 1
    )


def test_the_print_view_for_a_partner_keeps_to_the_consent(login, make_user, program, person):
    consent = Consent.objects.get(partner_kind="vocational_rehabilitation")
    consent.scopes.create(item="career_profile")
    profile = person.career_profile
    profile.legal_history = "A conviction in 2009"
    profile.save()
    text = login(make_user("vr_counselor", program)).get(_url("job_seeker_print", person)).content.decode()
    assert "I want to work with animals" in text
    assert "A conviction in 2009" not in text  # never to a partner
    assert "Find a part-time job" in text
    assert "Visited the animal shelter" not in text  # no service_notes scope
    assert "A sister" not in text  # a partner sees only consents of their own kind


def test_the_print_stylesheet_keeps_the_site_off_the_paper(client):
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/record-print.css")).read()
    assert "@media print" in css
    assert ".site-header" in css and ".site-footer" in css
