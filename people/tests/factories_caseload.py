"""Synthetic notes, plans and steps for the caseload and worklist tests, made straight with the models."""

import datetime

from django.utils import timezone

from accounts.tests.factories import MembershipFactory, UserFactory
from people.models import (
    CaseloadAssignment,
    EmploymentGoal,
    EmploymentPlan,
    NoteKind,
    NoteMode,
    PlanStep,
    ServiceNote,
)
from people.tests.factories import JobSeekerFactory


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def specialist(program, first="Ana", last="Alvarez"):
    """An employment specialist's membership in the program."""
    return MembershipFactory(
        user=UserFactory(first_name=first, last_name=last), role="employment_specialist", program=program
    )


def enrolled(program, es=None, *, enrolled_days_ago=10, referred_days_ago=None, **fields):
    """A person enrolled `enrolled_days_ago` days ago, on `es`'s caseload (open assignment)."""
    enrollment = days_ago(enrolled_days_ago) if enrolled_days_ago is not None else None
    referral = days_ago(
        referred_days_ago if referred_days_ago is not None else max(enrolled_days_ago or 0, 0) + 5
    )
    person = JobSeekerFactory(
        program=program,
        referral_date=referral,
        interest_date=referral,
        enrollment_date=enrollment,
        employment_specialist=es,
        **fields,
    )
    if es is not None and enrollment is not None:
        CaseloadAssignment.objects.create(job_seeker=person, employment_specialist=es, from_date=enrollment)
    return person


def note(person, *, on, kind=NoteKind.MEETING_JOB_SEEKER, mode=NoteMode.IN_PERSON, staff=None, text="Met."):
    return ServiceNote.objects.create(
        job_seeker=person,
        program=person.program,
        date=on,
        staff=staff,
        kind=kind,
        location="community",
        mode=mode,
        minutes=30,
        text=text,
        locked_at=timezone.now() + datetime.timedelta(hours=24),
    )


def employer_contact(person, *, on, mode=NoteMode.IN_PERSON):
    return note(person, on=on, kind=NoteKind.EMPLOYER_CONTACT, mode=mode, text="Spoke with a hiring manager.")


def active_plan(person, *, agreed_on=None, review_due_on=None, steps=()):
    """An active plan with one goal and the given steps: (text, target_date[, status])."""
    agreed_on = agreed_on or person.enrollment_date
    plan = EmploymentPlan.objects.create(
        job_seeker=person, status="active", agreed_on=agreed_on, review_due_on=review_due_on
    )
    goal = EmploymentGoal.objects.create(plan=plan, text="A job in a bakery", position=0)
    for position, step in enumerate(steps):
        text, target, *rest = step
        status = rest[0] if rest else "to_do"
        PlanStep.objects.create(
            goal=goal,
            position=position,
            text=text,
            target_date=target,
            status=status,
            done_on=timezone.localdate() if status == "done" else None,
        )
    return plan
