"""Factories for synthetic employment plans, goals and steps (and the enrolled people they belong to)."""

import datetime

import factory
from django.utils import timezone

from people.models import EmploymentGoal, EmploymentPlan, PlanStep
from people.tests.factories import JobSeekerFactory


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


class EnrolledJobSeekerFactory(JobSeekerFactory):
    """A person enrolled 30 days ago (referred 60 days ago); plans need an enrolled, open record."""

    enrollment_date = factory.LazyFunction(lambda: days_ago(30))


class EmploymentPlanFactory(factory.django.DjangoModelFactory):
    """A draft plan; pass status="active" with agreed_on and review_due_on for an agreed one."""

    class Meta:
        model = EmploymentPlan

    job_seeker = factory.SubFactory(EnrolledJobSeekerFactory)
    status = "draft"


class ActivePlanFactory(EmploymentPlanFactory):
    status = "active"
    agreed_on = factory.LazyFunction(lambda: days_ago(20))
    review_due_on = factory.LazyFunction(lambda: days_ago(-70))


class EmploymentGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmploymentGoal

    plan = factory.SubFactory(EmploymentPlanFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"I want a job where I can work with my hands ({n})")
    kind = "job"


class PlanStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanStep

    goal = factory.SubFactory(EmploymentGoalFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Visit a warehouse employer with the ES ({n})")
    responsible = "job_seeker"


# --- For the access matrix (accounts/tests/test_access_matrix.py) ------------------------------


def matrix_url(name: str, target: str = "person", *, active: bool = False, api: bool = False):
    """A URL factory: a new enrolled person of that program with no consent, and a plan of theirs.

    `target` says which id the URL takes after the person: "person" (none), "plan", "goal" or
    "step". The plan is a draft with one goal and one step, or the active plan if `active`.
    With `api`, the URL is the API's (the list gets `?job_seeker=`, the rest the plan's id).
    """
    from django.urls import reverse

    def url(ctx, program):
        person = EnrolledJobSeekerFactory(program=program)
        if api and target == "person":
            return f"{reverse(name)}?job_seeker={person.pk}"
        if target == "person":
            return reverse(name, args=[program.slug, person.pk])
        plan = (ActivePlanFactory if active else EmploymentPlanFactory)(job_seeker=person)
        goal = EmploymentGoalFactory(plan=plan)
        step = PlanStepFactory(goal=goal)
        if api:
            return reverse(name, args=[plan.pk])
        return reverse(
            name, args=[program.slug, person.pk, {"plan": plan, "goal": goal, "step": step}[target].pk]
        )

    return url


def matrix_data(kind: str):
    """What a valid form or API request of that kind sends (the plan's version is 1 when made)."""

    def data(ctx, program):
        today = timezone.localdate()
        later = (today + datetime.timedelta(days=60)).isoformat()
        values = {
            "version": {"version": 1},
            "move_up": {"version": 1, "direction": "up"},
            "goal": {"version": 1, "text": "Matrix goal", "kind": "job", "status": "open"},
            "step": {"version": 1, "text": "Matrix step", "responsible": "job_seeker", "status": "to_do"},
            "agree": {"version": 1, "agreed_on": today.isoformat(), "review_due_on": later},
            "review": {"version": 1, "reviewed_on": today.isoformat(), "review_due_on": later},
        }
        if kind == "api_plan":
            return {"job_seeker": EnrolledJobSeekerFactory(program=program).pk}
        if kind == "api_step":
            goal = EmploymentGoal.objects.filter(plan__job_seeker__program=program).latest("pk")
            return {**values["step"], "goal": goal.pk}
        return values[kind]

    return data
