"""seed_demo gives every program job development to look at: employers, visits, jobs, follow-along."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Program
from employers.models import EmployerContact, EmployerContactJobSeeker, Opening
from jobs.models import EducationEnrollment, Job
from people.models import JobSeeker
from people.selectors.caseload import phase_annotation
from supports.models import FollowAlongSupport

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=io.StringIO())
    return list(Program.objects.all())


def test_every_program_has_employers_visits_openings_jobs_and_follow_along(seeded):
    for program in seeded:
        assert EmployerContact.objects.filter(program=program, face_to_face=True).count() >= 50
        assert Opening.objects.filter(program=program, status="open").exists()
        jobs = Job.objects.filter(program=program)
        assert jobs.filter(end_date__isnull=True, competitive_integrated=True).exists()
        # One job arranged by an agency for a set time is recorded and shows why it is not counted.
        sheltered = jobs.get(competitive_integrated=False)
        assert sheltered.not_competitive_because == ["agency_time_limit"]
        assert FollowAlongSupport.objects.filter(job__program=program).exists()
        assert EducationEnrollment.objects.filter(program=program).exists()
        for job in jobs:
            job.full_clean()
            assert job.start_date >= job.job_seeker.enrollment_date


def test_people_in_every_phase_and_clocks_stopped_by_employer_visits(seeded):
    for program in seeded:
        phases = set(
            JobSeeker.objects.filter(program=program)
            .annotate(phase=phase_annotation(timezone.localdate()))
            .values_list("phase", flat=True)
        )
        assert {"referred", "engaged", "job_search", "working", "closed"} <= phases
        named = EmployerContactJobSeeker.objects.filter(contact__program=program, contact__face_to_face=True)
        assert named.exists()
        for link in named.select_related("contact", "job_seeker"):
            assert link.contact.date >= link.job_seeker.enrollment_date


def test_a_second_run_writes_no_job_development(seeded):
    before = (EmployerContact.objects.count(), Job.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (EmployerContact.objects.count(), Job.objects.count()) == before
