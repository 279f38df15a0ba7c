"""Factories for synthetic businesses, openings and matches, and the access matrix's URLs for them."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import ProgramFactory
from employers.models import Employer, EmployerLocation, Opening, OpeningMatch
from people.tests.factories import JobSeekerFactory


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


class OpeningEmployerFactory(factory.django.DjangoModelFactory):
    """A business of a program (the employers feature has its own, fuller factory)."""

    class Meta:
        model = Employer

    program = factory.SubFactory(ProgramFactory)
    ref = factory.Sequence(lambda n: f"EMP-O{n:05d}")
    name = factory.Sequence(lambda n: f"Synthetic Grill {n}")
    city = "Madison"


class OpeningLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerLocation

    employer = factory.SubFactory(OpeningEmployerFactory)
    label = factory.Sequence(lambda n: f"Store {n}")
    city = "Middleton"


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opening

    employer = factory.SubFactory(OpeningEmployerFactory)
    program = factory.LazyAttribute(lambda o: o.employer.program)
    title = "Line cook"
    job_type = "line cook"
    hours_min = 20
    hours_max = 30
    hourly_wage_min = 15
    hourly_wage_max = 17
    shifts = factory.LazyFunction(lambda: ["day"])
    learned_on = factory.LazyFunction(lambda: days_ago(3))
    status = "open"


class SeekingJobSeekerFactory(JobSeekerFactory):
    """A person enrolled 30 days ago and in job search since 20 days ago."""

    enrollment_date = factory.LazyFunction(lambda: days_ago(30))
    job_search_started_on = factory.LazyFunction(lambda: days_ago(20))


class OpeningMatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningMatch

    opening = factory.SubFactory(OpeningFactory)
    job_seeker = factory.LazyAttribute(lambda o: SeekingJobSeekerFactory(program=o.opening.program))
    status = "discussed"


# --- For the access matrix (accounts/tests/test_access_matrix.py) -------------------------------


def matrix_url(name: str, target: str = "opening"):
    """A URL factory: `target` is "program", "employer" (a business), "opening", "person" (an
    enrolled person in job search with no consent), or "api_list", "api_opening"."""
    from django.urls import reverse

    def url(ctx, program):
        if target == "program":
            return reverse(name, args=[program.slug])
        if target == "api_list":
            return reverse(name)
        if target == "person":
            return reverse(name, args=[program.slug, SeekingJobSeekerFactory(program=program).pk])
        employer = OpeningEmployerFactory(program=program)
        if target == "employer":
            return reverse(name, args=[program.slug, employer.pk])
        opening = OpeningFactory(employer=employer)
        SeekingJobSeekerFactory(program=program)  # someone to suggest
        if target == "api_opening":
            return reverse(name, args=[opening.pk])
        return reverse(name, args=[program.slug, opening.pk])

    return url


def matrix_data(kind: str):
    """What a valid form or API request of that kind sends."""

    def data(ctx, program):
        values = {
            "title": "Matrix dishwasher",
            "job_type": "dishwasher",
            "hours_min": "10",
            "hours_max": "20",
            "hourly_wage_min": "15.00",
            "hourly_wage_max": "16.00",
            "learned_on": days_ago(1).isoformat(),
            "status": "open",
        }
        if kind == "form":
            return {**values, "shifts": ["day"]}
        if kind == "edit":
            return {**values, "shifts": ["day"], "version": 1}
        if kind == "api_create":
            return {**values, "employer": OpeningEmployerFactory(program=program).pk}
        if kind == "api_update":
            return {**values, "version": 1}
        if kind in ("match", "api_match"):
            return {"job_seeker": SeekingJobSeekerFactory(program=program).pk, "status": "discussed"}
        raise ValueError(kind)

    return data
