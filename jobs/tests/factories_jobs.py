"""Synthetic employers and jobs for the job tests, and the helpers the access matrix uses for job routes."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import factory
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import ProgramFactory
from employers.models import Employer
from jobs.models import Job
from people.tests.factories import JobSeekerFactory

_refs = itertools.count(1)


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


class JobEmployerFactory(factory.django.DjangoModelFactory):
    """A business of the program (made straight with the model)."""

    class Meta:
        model = Employer

    program = factory.SubFactory(ProgramFactory)
    ref = factory.Sequence(lambda n: f"EMP-J{n:05d}")
    name = factory.Sequence(lambda n: f"Synthetic Bakery {n}")


def enrolled_person(program, *, enrolled_days_ago=100, **fields):
    """An enrolled person with an open record."""
    enrollment = days_ago(enrolled_days_ago)
    referral = enrollment - datetime.timedelta(days=5)
    return JobSeekerFactory(
        program=program, referral_date=referral, interest_date=referral, enrollment_date=enrollment, **fields
    )


class JobFactory(factory.django.DjangoModelFactory):
    """A competitive job stored as the service would store it (a federal-minimum program)."""

    class Meta:
        model = Job

    job_seeker = factory.LazyAttribute(lambda o: enrolled_person(ProgramFactory()))
    program = factory.LazyAttribute(lambda o: o.job_seeker.program)
    ref = factory.LazyFunction(lambda: f"JOB-F{next(_refs):05d}")
    employer = None
    employer_name = "Riverside Diner"
    title = "Line cook"
    start_date = factory.LazyFunction(lambda: days_ago(30))
    hours_per_week = Decimal("20.0")
    hourly_wage = Decimal("15.00")
    pays_same_as_coworkers = True
    open_to_anyone = True
    agency_time_limit = False
    applicable_minimum_wage = Decimal("7.25")
    competitive_integrated = True
    not_competitive_because = factory.LazyFunction(list)


def job_form_data(**overrides) -> dict:
    """What the job-start page posts for a competitive part-time job."""
    data = {
        "employer": "",
        "employer_name": "Riverside Diner",
        "opening": "",
        "title": "Line cook",
        "start_date": days_ago(3).isoformat(),
        "hours_per_week": "20",
        "hourly_wage": "15.00",
        "pays_same_as_coworkers": "yes",
        "open_to_anyone": "yes",
        "agency_time_limit": "no",
        "self_employment": "no",
        "found_with_ips": "yes",
        "disclosure_to_employer": "not_disclosed",
        "how_found": "es_job_lead",
    }
    data.update(overrides)
    return data


# --- For the access matrix ------------------------------------------------------------------------


def matrix_person(program):
    """An enrolled person of the program with no consent: a partner sees nothing of them."""
    return enrolled_person(program)


def matrix_job(program):
    person = matrix_person(program)
    return JobFactory(job_seeker=person, program=program)


def person_jobs_url(name: str):
    def url(ctx, program):
        return reverse(name, args=[program.slug, matrix_person(program).pk])

    return url


def job_url(name: str, *, api: bool = False):
    def url(ctx, program):
        job = matrix_job(program)
        if api:
            return reverse(name, args=[job.pk])
        return reverse(name, args=[program.slug, job.job_seeker_id, job.pk])

    return url


def matrix_job_data(ctx, program):
    return job_form_data()


def matrix_job_edit_data(ctx, program):
    return job_form_data(version=1, title="Prep cook")


def matrix_job_end_data(ctx, program):
    return {"version": 1, "end_date": days_ago(1).isoformat(), "end_reason": "quit_with_plan", "end_note": ""}


def matrix_api_job_data(ctx, program):
    return {
        "job_seeker": matrix_person(program).pk,
        "employer_name": "Riverside Diner",
        "title": "Line cook",
        "start_date": days_ago(3).isoformat(),
        "hours_per_week": "20",
        "hourly_wage": "15.00",
        "pays_same_as_coworkers": True,
        "open_to_anyone": True,
        "agency_time_limit": False,
    }


_rate_days = itertools.count(1)


def matrix_rate_data(ctx, program):
    """A Wisconsin rate on a date no other matrix run uses."""
    return {
        "jurisdiction": "state",
        "state": "WI",
        "locality": "",
        "effective_from": (datetime.date(2030, 1, 1) + datetime.timedelta(days=next(_rate_days))).isoformat(),
        "hourly_rate": "9.50",
        "source": "Synthetic notice",
    }


def matrix_rate_url(ctx, program):
    from jobs.models import MinimumWage

    rate = MinimumWage.objects.get(jurisdiction="federal", effective_from=datetime.date(2009, 7, 24))
    return reverse("jobs:minimum_wage_edit", args=[rate.pk])


def matrix_federal_rate_data(ctx, program):
    """The seeded federal rate, restated (a correction that changes nothing)."""
    return {
        "jurisdiction": "federal",
        "state": "",
        "locality": "",
        "effective_from": "2009-07-24",
        "hourly_rate": "7.25",
        "source": "Fair Labor Standards Act, 29 U.S.C. 206(a)(1)(C)",
    }


def api_job_list_url(ctx, program):
    return f"{reverse('api:job-list')}?job_seeker={matrix_person(program).pk}"
