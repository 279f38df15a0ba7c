"""Reads about employment plans that the caseload, the worklist and the record page share.

The annotations here are SQL subqueries so that a list of 10 or 10,000 job seekers costs the
same number of queries.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Subquery

from accounts import access, roles

from ..models import EmploymentGoal, EmploymentPlan, PlanStatus, PlanStep, StepStatus

OPEN_STEP_STATUSES = (StepStatus.TO_DO, StepStatus.IN_PROGRESS)


def _active_plans():
    """The plans in force: status active and not archived."""
    return EmploymentPlan.objects.filter(status=PlanStatus.ACTIVE, archived_at__isnull=True)


def next_step_subquery(*, outer_ref: str = "pk") -> QuerySet:
    """The next open step of the person's active plan, as a queryset to wrap in `Subquery`.

    Open means to do or doing; the earliest target date comes first, steps without a target
    date last, then the goals' and steps' own order. `outer_ref` names the job seeker's id in
    the outer query.
    """
    return PlanStep.objects.filter(
        goal__plan__job_seeker_id=OuterRef(outer_ref),
        goal__plan__status=PlanStatus.ACTIVE,
        goal__plan__archived_at__isnull=True,
        status__in=OPEN_STEP_STATUSES,
    ).order_by(
        F("target_date").asc(nulls_last=True),
        "goal__position",
        "goal_id",
        "position",
        "id",
    )


def next_step_annotations(today: datetime.date | None = None, *, outer_ref: str = "pk") -> dict:
    """Annotations for a JobSeeker queryset: the next open step's text and target date.

    `qs.annotate(**next_step_annotations(today))` gives `next_step_text` and `next_step_due`
    (None when the person has no active plan or no open step). `today` is accepted so callers
    read the same way as the other dated annotations; the next step does not depend on it.
    """
    steps = next_step_subquery(outer_ref=outer_ref)
    return {
        "next_step_text": Subquery(steps.values("text")[:1]),
        "next_step_due": Subquery(steps.values("target_date")[:1]),
    }


def plan_review_due_on_annotation(*, outer_ref: str = "pk") -> Subquery:
    """A Subquery of the review date of the person's active plan (None without one)."""
    return Subquery(_active_plans().filter(job_seeker_id=OuterRef(outer_ref)).values("review_due_on")[:1])


def plans_due_for_review(qs: QuerySet, today: datetime.date, within_days: int = 14) -> QuerySet:
    """The job seekers of `qs` whose active plan is due for review by today + `within_days`.

    Overdue reviews are included. One EXISTS in SQL, so the cost does not grow with the list.
    """
    horizon = today + datetime.timedelta(days=within_days)
    due = _active_plans().filter(job_seeker_id=OuterRef("pk"), review_due_on__lte=horizon)
    return qs.filter(Exists(due))


def employment_plans_with_goals() -> QuerySet:
    """Plans not discarded, newest first, goals and steps prefetched (not yet through the gate)."""
    steps = PlanStep.objects.select_related("responsible_user")
    goals = EmploymentGoal.objects.prefetch_related(Prefetch("steps", queryset=steps))
    return EmploymentPlan.objects.filter(archived_at__isnull=True).prefetch_related(
        Prefetch("goals", queryset=goals)
    )


def employment_plan_list(*, user, job_seeker=None) -> QuerySet:
    """Plans the user may see (newest first), goals and steps prefetched: three queries in all.

    A partner sees them only under a consent that covers employment goals and progress.
    Discarded drafts are left out.
    """
    qs = employment_plans_with_goals()
    if job_seeker is not None:
        qs = qs.filter(job_seeker=job_seeker)
    return access.restrict(qs, user, roles.Action.JOB_SEEKER_VIEW)


def active_plan_summary(*, user, job_seeker) -> EmploymentPlan | None:
    """The person's active plan with only its open steps (`goal.open_steps`), or None."""
    open_steps = PlanStep.objects.filter(status__in=OPEN_STEP_STATUSES).order_by(
        F("target_date").asc(nulls_last=True), "position", "id"
    )
    goals = EmploymentGoal.objects.prefetch_related(
        Prefetch("steps", queryset=open_steps, to_attr="open_steps")
    )
    qs = _active_plans().filter(job_seeker=job_seeker).prefetch_related(Prefetch("goals", queryset=goals))
    return access.restrict(qs, user, roles.Action.JOB_SEEKER_VIEW).first()


def responsible_user_choices(*, program) -> QuerySet:
    """The program's current members, who may be named on a step."""
    from accounts.models import Membership, User

    members = Membership.objects.current().filter(program=program).values("user_id")
    return User.objects.filter(pk__in=members).order_by("last_name", "first_name", "pk")


__all__ = [
    "active_plan_summary",
    "employment_plan_list",
    "employment_plans_with_goals",
    "responsible_user_choices",
    "OPEN_STEP_STATUSES",
    "next_step_annotations",
    "next_step_subquery",
    "plan_review_due_on_annotation",
    "plans_due_for_review",
]
