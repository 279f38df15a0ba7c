"""Synthetic rows for the measure tests, with fixed dates.

Jobs run the app's own competitive-integrated rule (`jobs.services.jobs.apply_competitive_check`,
which calls `jobs/rules.py` with the minimum-wage table) before they are saved, so
`Job.competitive_integrated` is never typed in here. The job service itself refuses jobs of
closed people and far-future dates, which the measure edges need, so rows are made with the
models and only the computed fields come from the rule.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from accounts.tests.factories import MembershipFactory, UserFactory
from employers.models import EmployerContact, EmployerContactJobSeeker
from employers.tests.factories_contacts import EmployerFactory
from jobs.models import EducationEnrollment, Job
from jobs.services.jobs import all_rates, apply_competitive_check
from people.tests.factories import JobSeekerFactory

_refs = itertools.count(1)
D = datetime.date
LONG_AGO = D(2020, 1, 1)


def person(
    program,
    enrolled: datetime.date | None,
    *,
    closed: datetime.date | None = None,
    interest: datetime.date | None = None,
    referral: datetime.date | None = None,
    specialist=None,
):
    """A job seeker; `enrolled=None` is referred but never enrolled."""
    if referral is None:
        candidates = [d for d in (enrolled, interest, closed) if d is not None]
        referral = min(candidates) if candidates else D(2025, 1, 1)
    return JobSeekerFactory(
        program=program,
        referral_date=referral,
        interest_date=interest or referral,
        enrollment_date=enrolled,
        closed_date=closed,
        closure_reason="chose_to_stop" if closed else "",
        employment_specialist=specialist,
        date_of_birth=D(1980, 1, 1),
    )


def job(
    job_seeker,
    start: datetime.date,
    end: datetime.date | None = None,
    *,
    wage="15.00",
    hours="20.0",
    pays_same=True,
    open_to_anyone=True,
    time_limit=False,
    self_employment=False,
    rates=None,
) -> Job:
    """A job whose competitive_integrated is computed by the app's rule."""
    made = Job(
        job_seeker=job_seeker,
        program=job_seeker.program,
        ref=f"JOB-M{next(_refs):06d}",
        employer_name="Synthetic Diner",
        title="Line cook",
        start_date=start,
        end_date=end,
        end_reason="quit_with_plan" if end else "",
        hours_per_week=None if hours is None else Decimal(hours),
        hourly_wage=None if wage is None else Decimal(wage),
        pays_same_as_coworkers=pays_same,
        open_to_anyone=open_to_anyone,
        agency_time_limit=time_limit,
        self_employment=self_employment,
        found_with_ips=bool(job_seeker.enrollment_date and start >= job_seeker.enrollment_date),
    )
    apply_competitive_check(made, job_seeker.program, all_rates() if rates is None else rates)
    made.full_clean()
    made.save()
    return made


def education(job_seeker, start: datetime.date, end: datetime.date | None = None) -> EducationEnrollment:
    return EducationEnrollment.objects.create(
        job_seeker=job_seeker,
        program=job_seeker.program,
        kind="college",
        name="Synthetic Community College",
        start_date=start,
        end_date=end,
    )


def specialist(program, *, fte="1.00", start=LONG_AGO, end=None, role="employment_specialist"):
    """A staff membership (default: a full-time employment specialist since 2020)."""
    return MembershipFactory(
        user=UserFactory(), program=program, role=role, fte=Decimal(fte), start_date=start, end_date=end
    )


def contact(
    job_seeker, on: datetime.date, *, face_to_face=True, purpose="job_seeker_introduction", staff=None
):
    """An employer contact for the job seeker (with_job_seeker)."""
    program = job_seeker.program
    if staff is None:
        staff = specialist(program, role="program_manager")
    made = EmployerContact.objects.create(
        program=program,
        date=on,
        staff=staff,
        employer=EmployerFactory(program=program),
        face_to_face=face_to_face,
        purpose=purpose,
    )
    EmployerContactJobSeeker.objects.create(contact=made, job_seeker=job_seeker)
    return made
