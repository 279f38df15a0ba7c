"""Synthetic jobs, follow-along supports, support contacts and school enrollments, made straight with the models
(the job-start service belongs to another feature), and the helpers the access matrix uses for these routes."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import MembershipFactory
from employers.models import ContactPurpose, Employer, EmployerContact, EmployerContactJobSeeker
from jobs.models import EducationEnrollment, Job
from people.models import NOTE_EDIT_WINDOW, NoteKind, ServiceNote
from people.tests.factories_caseload import enrolled, specialist
from supports.models import FollowAlongSupport

_refs = itertools.count(1)


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def worker(program, es=None, *, enrolled_days_ago=200, **fields):
    """An enrolled person with an open record."""
    return enrolled(program, es, enrolled_days_ago=enrolled_days_ago, **fields)


def job(
    person, *, started_days_ago=30, ended_days_ago=None, competitive=True, employer=None, title="Line cook"
):
    """A job of the person, started `started_days_ago` days ago (ended `ended_days_ago` days ago if given)."""
    end = days_ago(ended_days_ago) if ended_days_ago is not None else None
    return Job.objects.create(
        job_seeker=person,
        program=person.program,
        ref=f"JOB-{next(_refs):06d}",
        employer=employer,
        employer_name="" if employer else "Riverside Diner",
        title=title,
        start_date=days_ago(started_days_ago),
        hours_per_week=Decimal("20"),
        hourly_wage=Decimal("15.00"),
        pays_same_as_coworkers=True,
        open_to_anyone=True,
        agency_time_limit=False,
        applicable_minimum_wage=Decimal("7.25"),
        competitive_integrated=competitive,
        end_date=end,
        end_reason="quit_with_plan" if end else "",
    )


def support(the_job, *, frequency="weekly", level="active", stepped_down_days_ago=None, **fields):
    return FollowAlongSupport.objects.create(
        job=the_job,
        planned_frequency=frequency,
        level=level,
        stepped_down_on=days_ago(stepped_down_days_ago) if stepped_down_days_ago is not None else None,
        **fields,
    )


def support_note(person, *, on, the_job=None, kind=NoteKind.FOLLOW_ALONG):
    """A follow-along note about the person (about `the_job` when given), dated `on`."""
    return ServiceNote.objects.create(
        job_seeker=person,
        program=person.program,
        date=on,
        kind=kind,
        location="community",
        mode="in_person",
        minutes=30,
        text="Checked in at the diner after the lunch rush; going well.",
        locked_at=timezone.now() + NOTE_EDIT_WINDOW,
        job=the_job,
    )


def employer(program, name="Riverside Diner"):
    return Employer.objects.create(program=program, ref=f"EMP-{next(_refs):06d}", name=name)


def employer_support_contact(person, business, *, on, purpose=ContactPurpose.SUPPORT_ON_JOB, staff=None):
    """An employer contact about the worker's job support, naming the worker."""
    contact = EmployerContact.objects.create(
        program=person.program,
        date=on,
        staff=staff or MembershipFactory(role="employment_specialist", program=person.program),
        employer=business,
        face_to_face=True,
        purpose=purpose,
    )
    EmployerContactJobSeeker.objects.create(contact=contact, job_seeker=person, present=False)
    return contact


def enrollment(person, *, started_days_ago=20, ended_days_ago=None, completed=False, **fields):
    return EducationEnrollment.objects.create(
        job_seeker=person,
        program=person.program,
        kind=fields.pop("kind", "college"),
        name=fields.pop("name", "Northside Technical College"),
        start_date=days_ago(started_days_ago),
        end_date=days_ago(ended_days_ago) if ended_days_ago is not None else None,
        completed=completed,
        **fields,
    )


# --- The access matrix ---------------------------------------------------------------------------
# Every person made here is enrolled and has no consent, so a partner sees nothing of them: 404.


def matrix_worker(program):
    return worker(program, specialist(program))


def matrix_education_list_url(name):
    def url(ctx, program):
        return reverse(name, args=[program.slug, matrix_worker(program).pk])

    return url


def matrix_education_edit_url(ctx, program):
    e = enrollment(matrix_worker(program))
    return reverse("jobs:education_edit", args=[program.slug, e.job_seeker_id, e.pk])


def matrix_education_data(ctx, program):
    return {"kind": "college", "name": "Matrix College", "start_date": days_ago(5).isoformat()}


def matrix_education_edit_data(ctx, program):
    return {**matrix_education_data(ctx, program), "version": 1}


def matrix_follow_along_url(ctx, program):
    j = job(matrix_worker(program))
    return reverse("supports:follow_along", args=[program.slug, j.job_seeker_id, j.pk])


def matrix_follow_along_data(ctx, program):
    return {"form": "plan", "version": 1, "planned_frequency": "monthly", "level": "active"}


def matrix_api_education_list_url(ctx, program):
    return f"{reverse('api:education-list')}?job_seeker={matrix_worker(program).pk}"


def matrix_api_education_create_data(ctx, program):
    return {**matrix_education_data(ctx, program), "job_seeker": matrix_worker(program).pk}


def matrix_api_education_url(name):
    def url(ctx, program):
        return reverse(name, args=[enrollment(matrix_worker(program)).pk])

    return url


def matrix_api_follow_along_url(ctx, program):
    return reverse("api:follow-along-detail", args=[job(matrix_worker(program)).pk])


def matrix_api_follow_along_list_url(ctx, program):
    return f"{reverse('api:follow-along-list')}?program={program.slug}"
