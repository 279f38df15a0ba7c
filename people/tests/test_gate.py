"""The consent rule in the one gate: partners see a person only while the person's consent allows.

Staff of the program always see its people; state trainers and administrators see everyone; the
analyst sees nobody; a partner (treatment team, DVR, benefits counselor) sees a person of their
program only under an active consent for their kind of partner.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts import access
from accounts.roles import Action
from accounts.tests.factories import MembershipFactory
from people.models import Consent, JobSeeker
from people.tests.factories import ConsentFactory, JobSeekerFactory, TreatmentTeamFactory

VIEW = Action.JOB_SEEKER_VIEW


def visible(user):
    return set(access.restrict(JobSeeker.objects.all(), user, VIEW))


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def person(program):
    return JobSeekerFactory(program=program)


@pytest.fixture
def stranger(other_program):
    return JobSeekerFactory(program=other_program)


@pytest.mark.parametrize("role", ["employment_specialist", "ips_supervisor", "program_manager"])
def test_staff_see_every_person_of_their_program_and_nobody_elses(make_user, program, person, stranger, role):
    user = make_user(role, program)
    assert visible(user) == {person}
    assert access.get_for(user, JobSeeker, person.pk, VIEW) == person
    with pytest.raises(Http404):
        access.get_for(user, JobSeeker, stranger.pk, VIEW)


@pytest.mark.parametrize("role", ["state_trainer", "state_administrator"])
def test_the_state_team_sees_people_in_every_program(make_user, person, stranger, role):
    assert visible(make_user(role)) == {person, stranger}


def test_the_analyst_never_sees_a_person(make_user, person):
    analyst = make_user("analyst")
    assert visible(analyst) == set()
    with pytest.raises(PermissionDenied):
        access.get_for(analyst, JobSeeker, person.pk, VIEW)


@pytest.mark.parametrize(
    ("role", "kind"),
    [("vr_counselor", "vocational_rehabilitation"), ("benefits_counselor", "benefits_counselor")],
)
def test_a_partner_sees_a_person_only_under_an_active_consent_of_their_kind(make_user, program, role, kind):
    user = make_user(role, program)
    without = JobSeekerFactory(program=program)
    wrong_kind = JobSeekerFactory(program=program)
    ConsentFactory(job_seeker=wrong_kind, partner_kind="family")
    covered = JobSeekerFactory(program=program)
    ConsentFactory(job_seeker=covered, partner_kind=kind)
    assert visible(user) == {covered}
    assert access.get_for(user, JobSeeker, covered.pk, VIEW) == covered
    for hidden in (without, wrong_kind):
        with pytest.raises(Http404):  # never a 403 that tells the person is there
            access.get_for(user, JobSeeker, hidden.pk, VIEW)


@pytest.mark.parametrize(
    ("start", "expiry", "revoked_days", "shown"),
    [
        (-10, 300, None, True),
        (0, 0, None, True),  # a one-day consent, today
        (-400, -1, None, False),  # expired yesterday
        (1, 300, None, False),  # starts tomorrow
        (-10, 300, -1, False),  # revoked yesterday
        (-10, 300, 0, False),  # revoked today: takes effect at once
    ],
)
def test_expired_future_and_revoked_consents_give_no_access(
    make_user, program, start, expiry, revoked_days, shown
):
    user = make_user("vr_counselor", program)
    person = JobSeekerFactory(program=program, referral_date=days(-500), interest_date=days(-500))
    revoked_at = None if revoked_days is None else timezone.now() + datetime.timedelta(days=revoked_days)
    ConsentFactory(
        job_seeker=person,
        signed_on=days(start),
        start_date=days(start),
        expiry_date=days(expiry),
        revoked_at=revoked_at,
    )
    assert (person in visible(user)) is shown


def test_a_clinician_needs_the_consent_and_a_seat_on_the_persons_treatment_team(make_user, program):
    clinician = make_user("treatment_team_member", program)
    colleague_team = TreatmentTeamFactory(program=program, members=[])
    own_team = TreatmentTeamFactory(program=program, members=[clinician])
    consent_only = JobSeekerFactory(program=program, treatment_team=colleague_team)
    ConsentFactory(job_seeker=consent_only, partner_kind="treatment_team")
    team_only = JobSeekerFactory(program=program, treatment_team=own_team)
    both = JobSeekerFactory(program=program, treatment_team=own_team)
    ConsentFactory(job_seeker=both, partner_kind="treatment_team")
    assert visible(clinician) == {both}
    assert team_only not in visible(clinician)  # on the team, but no consent


def test_a_partner_in_one_program_sees_nobody_in_another_even_with_consent(make_user, program, other_program):
    user = make_user("vr_counselor", program)
    elsewhere = JobSeekerFactory(program=other_program)
    ConsentFactory(job_seeker=elsewhere, partner_kind="vocational_rehabilitation")
    assert visible(user) == set()
    with pytest.raises(Http404):
        access.get_for(user, JobSeeker, elsewhere.pk, VIEW)


def test_staff_who_are_also_partners_in_the_program_see_everyone_there(make_user, program, person):
    user = make_user("employment_specialist", program)
    MembershipFactory(user=user, role="benefits_counselor", program=program)
    assert visible(user) == {person}


def test_rows_that_belong_to_a_person_follow_the_persons_consent(make_user, program):
    user = make_user("vr_counselor", program)
    shared = JobSeekerFactory(program=program)
    consent = ConsentFactory(job_seeker=shared, partner_kind="vocational_rehabilitation")
    other = JobSeekerFactory(program=program)
    other_consent = ConsentFactory(job_seeker=other, partner_kind="benefits_counselor")
    rows = set(access.restrict(Consent.objects.all(), user, VIEW))
    assert consent in rows
    assert other_consent not in rows


def test_a_model_with_a_consent_scope_needs_that_scope_on_the_consent(make_user, program, monkeypatch):
    monkeypatch.setattr(JobSeeker, "consent_scope", "career_profile", raising=False)
    user = make_user("vr_counselor", program)
    narrow = JobSeekerFactory(program=program)
    ConsentFactory(
        job_seeker=narrow, partner_kind="vocational_rehabilitation", scopes=["employment_progress"]
    )
    wide = JobSeekerFactory(program=program)
    ConsentFactory(job_seeker=wide, partner_kind="vocational_rehabilitation", scopes=["career_profile"])
    assert visible(user) == {wide}


def test_part2_rows_need_a_consent_that_covers_part2(make_user, program, monkeypatch):
    """Stand-in: `interpreter_needed` plays the part of a row's `contains_part2` flag."""
    monkeypatch.setattr(JobSeeker, "part2_field", "interpreter_needed", raising=False)
    user = make_user("vr_counselor", program)
    plain = JobSeekerFactory(program=program, interpreter_needed=False)
    ConsentFactory(job_seeker=plain, partner_kind="vocational_rehabilitation")
    flagged = JobSeekerFactory(program=program, interpreter_needed=True)
    ConsentFactory(job_seeker=flagged, partner_kind="vocational_rehabilitation", covers_part2=False)
    flagged_covered = JobSeekerFactory(program=program, interpreter_needed=True)
    ConsentFactory(job_seeker=flagged_covered, partner_kind="vocational_rehabilitation", covers_part2=True)
    assert visible(user) == {plain, flagged_covered}


def test_the_partner_list_costs_the_same_queries_for_few_or_many_people(
    make_user, program, django_assert_max_num_queries
):
    user = make_user("treatment_team_member", program)
    team = TreatmentTeamFactory(program=program, members=[user])
    for _ in range(3):
        ConsentFactory(
            job_seeker=JobSeekerFactory(program=program, treatment_team=team), partner_kind="treatment_team"
        )
    access.forget_memberships(user)
    with django_assert_max_num_queries(2):
        assert len(list(access.restrict(JobSeeker.objects.all(), user, VIEW))) == 3
    for _ in range(20):
        ConsentFactory(
            job_seeker=JobSeekerFactory(program=program, treatment_team=team), partner_kind="treatment_team"
        )
    access.forget_memberships(user)
    with django_assert_max_num_queries(2):
        assert len(list(access.restrict(JobSeeker.objects.all(), user, VIEW))) == 23
