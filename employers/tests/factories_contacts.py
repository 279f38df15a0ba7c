"""Synthetic businesses and employer contacts for the contact and job development tests, made straight with the models."""

from __future__ import annotations

import datetime

import factory

from accounts.tests.factories import MembershipFactory, ProgramFactory
from employers.models import (
    ContactPurpose,
    Employer,
    EmployerContact,
    EmployerContactJobSeeker,
    EmployerPerson,
)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    program = factory.SubFactory(ProgramFactory)
    ref = factory.Sequence(lambda n: f"EMP-T{n:05d}")
    name = factory.Sequence(lambda n: f"Synthetic Diner {n}")
    city = "Madison"
    state = "WI"


class EmployerPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerPerson

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Sequence(lambda n: f"Hiring Manager {n}")
    job_title = "Kitchen manager"


def contact(
    *,
    staff,
    on: datetime.date,
    employer=None,
    face_to_face: bool = True,
    purpose: str = ContactPurpose.LEARN_BUSINESS,
    people=(),
) -> EmployerContact:
    """A contact logged by `staff` (a Membership) on `on`, naming `people` (job seekers)."""
    made = EmployerContact.objects.create(
        program=staff.program,
        date=on,
        staff=staff,
        employer=employer or EmployerFactory(program=staff.program),
        face_to_face=face_to_face,
        purpose=purpose,
    )
    for person in people:
        EmployerContactJobSeeker.objects.create(contact=made, job_seeker=person)
    return made


def employer_contact(
    person, *, on: datetime.date, face_to_face: bool = True, purpose=ContactPurpose.FOLLOW_UP, staff=None
):
    """A contact with a business for `person` (the caseload and worklist tests' rapid-search clock)."""
    staff = (
        staff
        or person.employment_specialist
        or MembershipFactory(role="employment_specialist", program=person.program)
    )
    return contact(staff=staff, on=on, face_to_face=face_to_face, purpose=purpose, people=[person])


# --- For the access matrix (accounts/tests/test_access_matrix.py) -------------------------------


def matrix_contact_data(ctx, program) -> dict:
    """A face-to-face visit to a new business, today: what the logging form posts."""
    from django.utils import timezone

    return {
        "date": timezone.localdate().isoformat(),
        "new_employer_name": "Matrix Diner",
        "face_to_face": "on",
        "purpose": ContactPurpose.LEARN_BUSINESS,
    }


def matrix_contact_url(name: str, *, api: bool = False):
    """A contact in that program, logged by the user where they are staff there (only the writer may edit)."""

    def url(ctx, program):
        from django.urls import reverse

        writer = ctx.user.memberships.filter(
            program=program, role__in=["employment_specialist", "ips_supervisor", "program_manager"]
        ).first() or MembershipFactory(role="employment_specialist", program=program)
        made = contact(staff=writer, on=datetime.date.today() - datetime.timedelta(days=1))
        if api:
            return reverse(name, args=[made.pk])
        return reverse(name, args=[program.slug, made.pk])

    return url
