"""Factories for the rows a person's record page, timeline and print view show (synthetic people only)."""

import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import MembershipFactory, UserFactory
from people.models import (
    NOTE_EDIT_WINDOW,
    CareerProfile,
    CareerProfileVersion,
    CaseloadAssignment,
    ClosureHistory,
    EmploymentGoal,
    EmploymentPlan,
    NoteAddendum,
    PlanStep,
    ReferralContactAttempt,
    ServiceNote,
)
from people.tests.factories import JobSeekerFactory


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def specialist(program, first="Ana", last="Alvarez", **kwargs):
    """A current employment specialist's membership in the program."""
    return MembershipFactory(
        user=UserFactory(first_name=first, last_name=last),
        role="employment_specialist",
        program=program,
        **kwargs,
    )


def enrolled(program, es, *, days=30, **fields):
    """A person enrolled `days` ago on `es`'s caseload, with the open assignment."""
    person = JobSeekerFactory(
        program=program,
        referral_date=days_ago(days + 10),
        enrollment_date=days_ago(days),
        employment_specialist=es,
        **fields,
    )
    CaseloadAssignment.objects.create(
        job_seeker=person, employment_specialist=es, from_date=person.enrollment_date, reason="Enrollment"
    )
    return person


class ContactAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralContactAttempt

    job_seeker = factory.SubFactory(JobSeekerFactory)
    attempted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    method = "phone"
    outcome = "no_answer"


class ClosureHistoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosureHistory

    job_seeker = factory.SubFactory(JobSeekerFactory)
    closed_date = factory.LazyFunction(lambda: days_ago(20))
    closure_reason = "lost_contact"
    reopened_on = factory.LazyFunction(lambda: days_ago(15))


class CareerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerProfile

    job_seeker = factory.SubFactory(JobSeekerFactory)
    work_goal_own_words = "I want to work with animals, mornings only."
    strengths = "Patient, reliable"


class CareerProfileVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerProfileVersion

    profile = factory.SubFactory(CareerProfileFactory)
    number = factory.Sequence(lambda n: n + 1)
    saved_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    snapshot = factory.LazyFunction(dict)


class EmploymentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmploymentPlan

    job_seeker = factory.SubFactory(JobSeekerFactory)
    status = "active"
    agreed_on = factory.LazyFunction(lambda: days_ago(5))
    review_due_on = factory.LazyFunction(lambda: days_ago(-85))


class EmploymentGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmploymentGoal

    plan = factory.SubFactory(EmploymentPlanFactory)
    text = "Find a part-time job at an animal shelter"


class PlanStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanStep

    goal = factory.SubFactory(EmploymentGoalFactory)
    text = "Visit two shelters with the ES"


class ServiceNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceNote

    job_seeker = factory.SubFactory(JobSeekerFactory)
    program = factory.LazyAttribute(lambda o: o.job_seeker.program)
    date = factory.LazyFunction(lambda: days_ago(1))
    kind = "meeting_job_seeker"
    location = "community"
    minutes = 45
    text = "Met at the library; talked about morning jobs."
    locked_at = factory.LazyFunction(lambda: timezone.now() + NOTE_EDIT_WINDOW)


class NoteAddendumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoteAddendum

    note = factory.SubFactory(ServiceNoteFactory)
    text = "Correction: it was the east branch."
    author = factory.SubFactory(UserFactory)


# --- For the access matrix (accounts/tests/test_access_matrix.py) ----------------------------------


def matrix_person_url(name: str, *, enrolled_person: bool = False, closed: bool = False, api: bool = False):
    """A page (or API action) about a person of that program with no consent: partners see nothing."""
    from django.urls import reverse

    def url(ctx, program):
        if enrolled_person or closed:
            es = MembershipFactory(role="employment_specialist", program=program)
            person = enrolled(program, es)
            if closed:
                CaseloadAssignment.objects.filter(job_seeker=person).update(to_date=days_ago(1))
                person.closed_date = days_ago(1)
                person.closure_reason = "lost_contact"
                person.employment_specialist = None
                person.save()
        else:
            person = JobSeekerFactory(program=program)
        if api:
            return reverse(name, kwargs={"pk": person.pk})
        return reverse(name, args=[program.slug, person.pk])

    return url


def matrix_api_list_url(ctx, program):
    from django.urls import reverse

    return f"{reverse('api:job-seeker-list')}?program={program.slug}"


def _colleague(ctx):
    return ctx.colleague.memberships.values_list("pk", flat=True).first() or ""


def matrix_close_data(ctx, program):
    return {"version": 1, "closed_date": days_ago(0).isoformat(), "closure_reason": "chose_to_stop"}


def matrix_reopen_data(ctx, program):
    return {"version": 1, "reopen_note": "Matrix re-opening"}


def matrix_referral_data(ctx, program):
    return {
        "program": program.slug,
        "first_name": "Matrix",
        "last_name": "Referral",
        "date_of_birth": "1990-04-02",
        "referral_source": "self",
    }


def matrix_enroll_data(ctx, program):
    return {
        "version": 1,
        "enrollment_date": days_ago(0).isoformat(),
        "employment_specialist": _colleague(ctx),
    }


def matrix_transfer_data(ctx, program):
    return {"version": 1, "on_date": days_ago(0).isoformat(), "employment_specialist": _colleague(ctx)}
