"""Writes about employment plans: goals in the person's words, steps, agreement and review.

Every write locks the plan, checks the plan's version (a stale edit is refused, not
overwritten), bumps it, and writes an audit row in the same transaction. Only an enrolled
person whose record is open gets a plan; a replaced plan is history and never changes.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Membership
from core import audit
from core.dates import today_in
from core.models import AuditAction
from core.services import check_version, validated_save

from ..models import (
    EmploymentGoal,
    EmploymentPlan,
    GoalKind,
    GoalStatus,
    JobSeeker,
    PlanStatus,
    PlanStep,
    StepResponsible,
    StepStatus,
)

GOAL_FIELDS = ["position", "text", "kind", "status"]
STEP_FIELDS = ["position", "text", "responsible", "responsible_user", "target_date", "status", "done_on"]
PLAN_FIELDS = ["status", "agreed_on", "review_due_on", "reviewed_on", "archived_at"]
UP, DOWN = "up", "down"


# --- Checks shared by every write ---------------------------------------------------------------


def _check_open_record(job_seeker: JobSeeker) -> None:
    """Only an enrolled person whose record is open has a plan worked on."""
    if job_seeker.enrollment_date is None:
        raise ValidationError(_("Only an enrolled person has an employment plan."), code="not_enrolled")
    if job_seeker.closed_date is not None:
        raise ValidationError(_("This record is closed."), code="closed")


def _locked_plan(plan: EmploymentPlan, version: int | None, *, editable: bool = True) -> EmploymentPlan:
    """The plan row locked for this transaction, with its person; refused if stale or history."""
    locked = (
        # Only the plan row is locked (PostgreSQL would otherwise lock the person and program too).
        EmploymentPlan.objects.select_for_update(of=("self",))
        .select_related("job_seeker__program")
        .get(pk=plan.pk)
    )
    check_version(locked, version)
    _check_open_record(locked.job_seeker)
    if locked.archived_at is not None:
        raise ValidationError(_("This draft plan was discarded."), code="archived")
    if editable and locked.status == PlanStatus.REPLACED:
        raise ValidationError(
            _("This plan was replaced by a newer plan and is kept as it was."), code="replaced"
        )
    return locked


def _bump(plan: EmploymentPlan) -> None:
    """Any change to a plan, its goals or its steps moves the plan's version on by one."""
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])


def _today(job_seeker: JobSeeker) -> datetime.date:
    return today_in(job_seeker.program.time_zone)


def _audit(actor, obj, before, plan: EmploymentPlan):
    return audit.record_change(
        actor=actor, obj=obj, before=before, program=plan.job_seeker.program, job_seeker_id=plan.job_seeker_id
    )


def _change_plan(actor, plan: EmploymentPlan, **values) -> None:
    """Set the plan's own fields, bump its version and write the change to the audit trail."""
    before = audit.snapshot(plan, PLAN_FIELDS)
    for name, value in values.items():
        setattr(plan, name, value)
    validated_save(plan, bump_version=True)
    _audit(actor, plan, before, plan)


def _check_dated(
    *,
    field: str,
    day: datetime.date | None,
    earliest: datetime.date,
    review_due_on: datetime.date | None,
    today: datetime.date,
    missing: str,
    in_future: str,
    too_early: str,
    due_missing: str,
    due_too_early: str,
) -> None:
    """The day of an agreement or review (given, not in the future, not before `earliest`) and the
    next review (given, not before that day); every broken rule is told on its field at once."""
    errors = {}
    if day is None:
        errors[field] = missing
    elif day > today:
        errors[field] = in_future
    elif day < earliest:
        errors[field] = too_early
    if review_due_on is None:
        errors["review_due_on"] = due_missing
    elif day is not None and review_due_on < day:
        errors["review_due_on"] = due_too_early
    if errors:
        raise ValidationError(errors)


def _clean_text(value: str | None, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _renumber(rows) -> None:
    """Positions 0, 1, 2… in the given order (only rows whose position changes are written)."""
    for index, row in enumerate(rows):
        if row.position != index:
            row.position = index
            row.save(update_fields=["position", "updated_at"])


# --- The plan itself -----------------------------------------------------------------------------


@transaction.atomic
def employment_plan_create(*, actor, job_seeker: JobSeeker, copy_active: bool = False) -> EmploymentPlan:
    """Start a draft plan for an enrolled person; optionally copy the active plan's goals and steps."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    job_seeker = (
        JobSeeker.objects.select_for_update(of=("self",)).select_related("program").get(pk=job_seeker.pk)
    )
    _check_open_record(job_seeker)
    plans = EmploymentPlan.objects.filter(job_seeker=job_seeker, archived_at__isnull=True)
    if plans.filter(status=PlanStatus.DRAFT).exists():
        raise ValidationError(
            _("There is already a draft plan for this person: continue it, or discard it first."),
            code="draft_exists",
        )
    active = plans.filter(status=PlanStatus.ACTIVE).first() if copy_active else None
    if copy_active and active is None:
        raise ValidationError(_("There is no active plan to start from."), code="no_active_plan")
    plan = EmploymentPlan(job_seeker=job_seeker, status=PlanStatus.DRAFT)
    validated_save(plan)
    audit.record_change(
        actor=actor, obj=plan, before=None, program=job_seeker.program, job_seeker_id=job_seeker.pk
    )
    if active is not None:
        for goal in active.goals.prefetch_related("steps"):
            copy = EmploymentGoal(
                plan=plan, position=goal.position, text=goal.text, kind=goal.kind, status=goal.status
            )
            validated_save(copy)
            _audit(actor, copy, None, plan)
            for step in goal.steps.all():
                step_copy = PlanStep(
                    goal=copy,
                    position=step.position,
                    text=step.text,
                    responsible=step.responsible,
                    responsible_user_id=step.responsible_user_id,
                    target_date=step.target_date,
                    status=step.status,
                    done_on=step.done_on,
                )
                validated_save(step_copy)
                _audit(actor, step_copy, None, plan)
    return plan


@transaction.atomic
def employment_plan_discard(*, actor, plan: EmploymentPlan, version: int | None) -> EmploymentPlan:
    """Set a draft plan aside (archived, never deleted); an agreed plan cannot be discarded."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, plan.job_seeker.program)
    plan = _locked_plan(plan, version)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft plan can be discarded."), code="not_draft")
    before = audit.snapshot(plan, PLAN_FIELDS)
    plan.archived_at = timezone.now()
    validated_save(plan, bump_version=True)
    audit.record(
        actor=actor,
        action=AuditAction.ARCHIVE,
        obj=plan,
        program=plan.job_seeker.program,
        job_seeker_id=plan.job_seeker_id,
        changes=audit.diff(before, audit.snapshot(plan, PLAN_FIELDS)),
    )
    return plan


@transaction.atomic
def employment_plan_activate(
    *,
    actor,
    plan: EmploymentPlan,
    agreed_on: datetime.date | None,
    review_due_on: datetime.date | None,
    version: int | None,
) -> EmploymentPlan:
    """The person agreed to the draft: it becomes the active plan and the old one is replaced."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, plan.job_seeker.program)
    # The person's row is locked first, so two activations for one person run one after the other.
    JobSeeker.objects.select_for_update().only("pk").get(pk=plan.job_seeker_id)
    plan = _locked_plan(plan, version)
    job_seeker = plan.job_seeker
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft plan can be agreed to."), code="not_draft")
    _check_dated(
        field="agreed_on",
        day=agreed_on,
        earliest=job_seeker.enrollment_date,
        review_due_on=review_due_on,
        today=_today(job_seeker),
        missing=_("Enter the date the person agreed to the plan."),
        in_future=_("The date the person agreed cannot be in the future."),
        too_early=_("The date the person agreed cannot be before enrollment."),
        due_missing=_("Enter the date the plan is due for review."),
        due_too_early=_("The review cannot be due before the person agreed to the plan."),
    )
    if not plan.goals.exists():
        raise ValidationError(
            _("Add at least one goal before the person agrees to the plan."), code="no_goals"
        )

    previous = (
        EmploymentPlan.objects.select_for_update(of=("self",))
        .filter(job_seeker=job_seeker, status=PlanStatus.ACTIVE)
        .exclude(pk=plan.pk)
        .first()
    )
    if previous is not None:
        _change_plan(actor, previous, status=PlanStatus.REPLACED)
    _change_plan(actor, plan, status=PlanStatus.ACTIVE, agreed_on=agreed_on, review_due_on=review_due_on)
    return plan


@transaction.atomic
def employment_plan_review(
    *,
    actor,
    plan: EmploymentPlan,
    reviewed_on: datetime.date | None,
    review_due_on: datetime.date | None,
    version: int | None,
) -> EmploymentPlan:
    """Record that the plan was reviewed with the person, and when the next review is due."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, plan.job_seeker.program)
    plan = _locked_plan(plan, version)
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError(_("Only the active plan is reviewed."), code="not_active")
    _check_dated(
        field="reviewed_on",
        day=reviewed_on,
        earliest=plan.agreed_on,
        review_due_on=review_due_on,
        today=_today(plan.job_seeker),
        missing=_("Enter the date of the review."),
        in_future=_("A review cannot be in the future."),
        too_early=_("A review cannot be before the person agreed to the plan."),
        due_missing=_("Enter the date the next review is due."),
        due_too_early=_("The next review cannot be due before this review."),
    )
    _change_plan(actor, plan, reviewed_on=reviewed_on, review_due_on=review_due_on)
    return plan


# --- Goals ---------------------------------------------------------------------------------------


def _check_goal_choices(kind: str, status: str) -> None:
    errors = {}
    if kind not in GoalKind.values:
        errors["kind"] = _("Choose the kind of goal: a job, school or training, or other.")
    if status not in GoalStatus.values:
        errors["status"] = _("Choose the goal's status from the list.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_goal_add(
    *,
    actor,
    plan: EmploymentPlan,
    text: str,
    kind: str = GoalKind.JOB,
    status: str = GoalStatus.OPEN,
    version: int | None,
) -> EmploymentGoal:
    """Add a goal, in the person's own words, at the end of the plan."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, plan.job_seeker.program)
    plan = _locked_plan(plan, version)
    text = _clean_text(text, "text", _("Write the goal, in the person's own words."))
    _check_goal_choices(kind, status)
    goal = EmploymentGoal(plan=plan, position=plan.goals.count(), text=text, kind=kind, status=status)
    validated_save(goal)
    _bump(plan)
    _audit(actor, goal, None, plan)
    return goal


def _locked_goal(goal: EmploymentGoal, version: int | None) -> tuple[EmploymentGoal, EmploymentPlan]:
    plan = _locked_plan(goal.plan, version)
    goal = EmploymentGoal.objects.get(pk=goal.pk)
    goal.plan = plan
    return goal, plan


@transaction.atomic
def plan_goal_update(
    *, actor, goal: EmploymentGoal, text: str, kind: str, status: str, version: int | None
) -> EmploymentGoal:
    """Change a goal's words, kind or status (achieved, or changed by the person)."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, goal.plan.job_seeker.program)
    goal, plan = _locked_goal(goal, version)
    text = _clean_text(text, "text", _("Write the goal, in the person's own words."))
    _check_goal_choices(kind, status)
    before = audit.snapshot(goal, GOAL_FIELDS)
    goal.text, goal.kind, goal.status = text, kind, status
    validated_save(goal)
    if _audit(actor, goal, before, plan) is not None:
        _bump(plan)
    return goal


@transaction.atomic
def plan_goal_move(*, actor, goal: EmploymentGoal, direction: str, version: int | None) -> EmploymentGoal:
    """Move a goal one place up or down in the plan."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, goal.plan.job_seeker.program)
    goal, plan = _locked_goal(goal, version)
    siblings = list(plan.goals.all())
    if _swap(siblings, goal, direction):
        before = audit.snapshot(goal, ["position"])
        _renumber(siblings)
        goal.refresh_from_db(fields=["position"])
        _audit(actor, goal, before, plan)
        _bump(plan)
    return goal


@transaction.atomic
def plan_goal_remove(*, actor, goal: EmploymentGoal, version: int | None) -> None:
    """Take a goal and its steps out of a draft plan; an agreed plan's goal is marked Changed instead."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, goal.plan.job_seeker.program)
    goal, plan = _locked_goal(goal, version)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(
            _(
                "The person agreed to this plan: mark the goal “Changed by the person” instead of removing it."
            ),
            code="not_draft",
        )
    removed = audit.snapshot(goal, GOAL_FIELDS)
    removed["steps"] = [s.text for s in goal.steps.all()]
    goal.delete()
    _renumber(list(plan.goals.all()))
    _bump(plan)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=plan,
        program=plan.job_seeker.program,
        job_seeker_id=plan.job_seeker_id,
        changes={"goal_removed": [removed, None]},
    )


def _swap(siblings: list, row, direction: str) -> bool:
    """Swap `row` with its neighbor in `siblings` (in place); False when it is already at the end."""
    if direction not in (UP, DOWN):
        raise ValidationError({"direction": _("Choose up or down.")})
    index = next(i for i, s in enumerate(siblings) if s.pk == row.pk)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    return True


# --- Steps ---------------------------------------------------------------------------------------


def _step_values(
    *,
    plan: EmploymentPlan,
    text: str,
    responsible: str,
    responsible_user,
    status: str,
    done_on: datetime.date | None,
    kept_user_id: int | None = None,
) -> tuple[str, datetime.date | None]:
    """Check a step's values; returns the cleaned text and the done date (today when just done)."""
    job_seeker = plan.job_seeker
    today = _today(job_seeker)
    errors = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Write the step.")
    if responsible not in StepResponsible.values:
        errors["responsible"] = _("Choose who does this step.")
    if status not in StepStatus.values:
        errors["status"] = _("Choose the step's status from the list.")
    user_id = getattr(responsible_user, "pk", responsible_user)
    # Someone already named on the step stays named even after they leave the program.
    if user_id is not None and user_id != kept_user_id:
        member = (
            Membership.objects.current(today)
            .filter(program_id=job_seeker.program_id, user_id=user_id)
            .exists()
        )
        if not member:
            errors["responsible_user"] = _("Choose a current member of this program.")
    if status == StepStatus.DONE:
        done_on = done_on or today
        if done_on > today:
            errors["done_on"] = _("A step cannot be done in the future.")
    elif done_on is not None and status in StepStatus.values:
        errors["done_on"] = _(
            "Only a done step has a date it was done: clear the date or mark the step done."
        )
    if errors:
        raise ValidationError(errors)
    return text, done_on


@transaction.atomic
def plan_step_add(
    *,
    actor,
    goal: EmploymentGoal,
    text: str,
    responsible: str,
    responsible_user=None,
    target_date: datetime.date | None = None,
    status: str = StepStatus.TO_DO,
    done_on: datetime.date | None = None,
    version: int | None,
) -> PlanStep:
    """Add a step toward a goal: what, who does it, by when."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, goal.plan.job_seeker.program)
    goal, plan = _locked_goal(goal, version)
    text, done_on = _step_values(
        plan=plan,
        text=text,
        responsible=responsible,
        responsible_user=responsible_user,
        status=status,
        done_on=done_on,
    )
    step = PlanStep(
        goal=goal,
        position=goal.steps.count(),
        text=text,
        responsible=responsible,
        responsible_user=responsible_user,
        target_date=target_date,
        status=status,
        done_on=done_on,
    )
    validated_save(step)
    _bump(plan)
    _audit(actor, step, None, plan)
    return step


def _locked_step(step: PlanStep, version: int | None) -> tuple[PlanStep, EmploymentPlan]:
    plan = _locked_plan(step.goal.plan, version)
    step = PlanStep.objects.select_related("goal").get(pk=step.pk)
    step.goal.plan = plan
    return step, plan


@transaction.atomic
def plan_step_update(
    *,
    actor,
    step: PlanStep,
    text: str,
    responsible: str,
    responsible_user=None,
    target_date: datetime.date | None = None,
    status: str,
    done_on: datetime.date | None = None,
    version: int | None,
) -> PlanStep:
    """Change a step: its words, who does it, the target date, or its status."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, step.goal.plan.job_seeker.program)
    step, plan = _locked_step(step, version)
    # A step that stays done keeps its date unless a new one is given.
    if status == StepStatus.DONE and done_on is None and step.status == StepStatus.DONE:
        done_on = step.done_on
    text, done_on = _step_values(
        plan=plan,
        text=text,
        responsible=responsible,
        responsible_user=responsible_user,
        status=status,
        done_on=done_on,
        kept_user_id=step.responsible_user_id,
    )
    before = audit.snapshot(step, STEP_FIELDS)
    step.text, step.responsible, step.responsible_user = text, responsible, responsible_user
    step.target_date, step.status, step.done_on = target_date, status, done_on
    validated_save(step)
    if _audit(actor, step, before, plan) is not None:
        _bump(plan)
    return step


@transaction.atomic
def plan_step_mark_done(
    *, actor, step: PlanStep, done_on: datetime.date | None = None, version: int | None
) -> PlanStep:
    """Mark a step done (today unless another day is given): one tap from a phone."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, step.goal.plan.job_seeker.program)
    step, plan = _locked_step(step, version)
    _text, done_on = _step_values(
        plan=plan,
        text=step.text,
        responsible=step.responsible,
        responsible_user=None,
        status=StepStatus.DONE,
        done_on=done_on,
    )
    before = audit.snapshot(step, STEP_FIELDS)
    step.status, step.done_on = StepStatus.DONE, done_on
    validated_save(step)
    if _audit(actor, step, before, plan) is not None:
        _bump(plan)
    return step


@transaction.atomic
def plan_step_move(*, actor, step: PlanStep, direction: str, version: int | None) -> PlanStep:
    """Move a step one place up or down within its goal."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, step.goal.plan.job_seeker.program)
    step, plan = _locked_step(step, version)
    siblings = list(step.goal.steps.all())
    if _swap(siblings, step, direction):
        before = audit.snapshot(step, ["position"])
        _renumber(siblings)
        step.refresh_from_db(fields=["position"])
        _audit(actor, step, before, plan)
        _bump(plan)
    return step


@transaction.atomic
def plan_step_remove(*, actor, step: PlanStep, version: int | None) -> None:
    """Take a step out of a draft plan; an agreed plan's step is marked Changed instead."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, step.goal.plan.job_seeker.program)
    step, plan = _locked_step(step, version)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(
            _("The person agreed to this plan: mark the step “Changed” instead of removing it."),
            code="not_draft",
        )
    removed = audit.snapshot(step, STEP_FIELDS)
    removed["goal"] = step.goal_id
    goal = step.goal
    step.delete()
    _renumber(list(goal.steps.all()))
    _bump(plan)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=plan,
        program=plan.job_seeker.program,
        job_seeker_id=plan.job_seeker_id,
        changes={"step_removed": [removed, None]},
    )
