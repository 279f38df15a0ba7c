"""seed_demo gives every demo program a caseload a person can try every page with."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Program
from people.models import (
    CareerProfile,
    ClosureHistory,
    Consent,
    EmploymentPlan,
    JobSeeker,
    PublicReferralSubmission,
    ServiceNote,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    return list(Program.objects.all())


def test_every_program_has_people_referred_enrolled_searching_and_closed(seeded):
    assert len(seeded) == 2
    for program in seeded:
        people = JobSeeker.objects.filter(program=program)
        assert people.filter(enrollment_date__isnull=True, closed_date__isnull=True).exists()
        assert people.filter(enrollment_date__isnull=False, job_search_started_on__isnull=True).exists()
        assert people.filter(job_search_started_on__isnull=False, closed_date__isnull=True).exists()
        assert people.filter(closed_date__isnull=False).exists()
        enrolled = people.filter(enrollment_date__isnull=False, closed_date__isnull=True)
        # Every enrolled person is on an employment specialist's caseload, within the fidelity limit.
        assert not enrolled.filter(employment_specialist__isnull=True).exists()
        for es_id in enrolled.values_list("employment_specialist", flat=True).distinct():
            assert enrolled.filter(employment_specialist=es_id).count() <= 20
        assert ServiceNote.objects.filter(program=program).exists()
        assert EmploymentPlan.objects.filter(job_seeker__program=program, status="active").exists()
        assert CareerProfile.objects.filter(job_seeker__program=program).exists()
        assert Consent.objects.filter(job_seeker__program=program).exists()
        assert PublicReferralSubmission.objects.filter(program=program, status="new").count() == 2
        assert ClosureHistory.objects.filter(job_seeker__program=program).exists()


def test_notes_respect_the_records_rules(seeded):
    for note in ServiceNote.objects.select_related("job_seeker"):
        assert note.job_seeker.enrollment_date <= note.date
        assert note.job_seeker.closed_date is None or note.date <= note.job_seeker.closed_date
        note.full_clean()


def test_a_second_run_writes_no_people(seeded):
    before = (JobSeeker.objects.count(), ServiceNote.objects.count(), Consent.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (JobSeeker.objects.count(), ServiceNote.objects.count(), Consent.objects.count()) == before
