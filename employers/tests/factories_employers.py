"""Factories for synthetic businesses, the people met there, and rows that point at a business."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import MembershipFactory, ProgramFactory
from employers.models import Employer, EmployerContact, EmployerLocation, EmployerPerson, Opening


def _days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    program = factory.SubFactory(ProgramFactory)
    ref = factory.Sequence(lambda n: f"EMPF-{n:06d}")
    name = factory.Sequence(lambda n: f"Synthetic Business {n}")
    city = "Madison"
    state = "WI"
    industry = "Retail"


class EmployerLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerLocation

    employer = factory.SubFactory(EmployerFactory)
    label = factory.Sequence(lambda n: f"Store {n}")
    city = "Madison"
    state = "WI"


class EmployerPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerPerson

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Faker("name")
    job_title = "Store manager"


class EmployerContactRowFactory(factory.django.DjangoModelFactory):
    """A contact row made directly (the contact service is another feature's)."""

    class Meta:
        model = EmployerContact

    employer = factory.SubFactory(EmployerFactory)
    program = factory.SelfAttribute("employer.program")
    staff = factory.LazyAttribute(
        lambda o: MembershipFactory(role="employment_specialist", program=o.employer.program)
    )
    date = factory.LazyFunction(lambda: _days_ago(3))
    face_to_face = True
    purpose = "learn_business"


class OpeningRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opening

    employer = factory.SubFactory(EmployerFactory)
    program = factory.SelfAttribute("employer.program")
    title = factory.Sequence(lambda n: f"Stocker {n}")
    learned_on = factory.LazyFunction(lambda: _days_ago(5))


def make_job(*, employer, job_seeker, title="Cashier", start_days_ago=30):
    """A job row at the business (the job service is another feature's)."""
    from jobs.models import Job

    return Job.objects.create(
        job_seeker=job_seeker,
        program=employer.program,
        ref=f"JOB-{Job.objects.count() + 1:06d}",
        employer=employer,
        title=title,
        start_date=_days_ago(start_days_ago),
        hours_per_week=Decimal("20.0"),
        hourly_wage=Decimal("15.00"),
        applicable_minimum_wage=Decimal("7.25"),
    )


# --- For the access matrix (accounts/tests/test_access_matrix.py) ---------------------------------


def matrix_url(name: str, *, part: str | None = None, api: bool = False):
    """url(ctx, program) for a page or API route about a business of that program.

    `part` is "location" or "person": the route is about one of the business's locations or people.
    """
    from django.urls import reverse

    def url(ctx, program):
        employer = EmployerFactory(program=program)
        if api:
            return reverse(name, args=[employer.pk])
        args = [program.slug, employer.pk]
        if part == "location":
            args.append(EmployerLocationFactory(employer=employer).pk)
        elif part == "person":
            args.append(EmployerPersonFactory(employer=employer).pk)
        return reverse(name, args=args)

    return url


def matrix_merge_data(*, api: bool = False):
    """The form data (or API body) of a merge: another business of the same program."""

    def data(ctx, program):
        other = EmployerFactory(program=program)
        return {"into": other.pk} if api else {"source": other.pk, "confirm": "True"}

    return data
