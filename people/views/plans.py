"""Pages of a person's employment plan: goals in their words, steps, agreement and review.

Every page is a plain form that works without JavaScript; the plan page holds the one-tap
actions (mark a step done, move a goal or step) as small POST forms.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access, roles
from core.dates import today_in

from ..forms.plans import (
    ActivateForm,
    GoalForm,
    MoveForm,
    PlanCreateForm,
    ReviewForm,
    StepForm,
    VersionForm,
)
from ..models import EmploymentGoal, EmploymentPlan, PlanStatus, PlanStep
from ..selectors.plans import active_plan_summary, employment_plan_list, responsible_user_choices
from ..services import plans as services
from .common import form_page, record_read, save_posted
from .common import job_seeker_for as _job_seeker

EDIT = roles.Action.JOB_SEEKER_EDIT
VIEW = roles.Action.JOB_SEEKER_VIEW


# --- The record page's card --------------------------------------------------------------------


def record_section(request, job_seeker) -> dict:
    """What the record page shows of the plan: the active plan's goals with their open steps."""
    plan = active_plan_summary(user=request.user, job_seeker=job_seeker)
    today = today_in(job_seeker.program.time_zone)
    return {
        "employment_plan": plan,
        "employment_plan_goals": list(plan.goals.all()) if plan else [],
        "employment_plan_review_due_on": plan.review_due_on if plan else None,
        "employment_plan_review_overdue": bool(plan and plan.review_due_on and plan.review_due_on < today),
        "employment_plan_url": reverse(
            "people:employment_plan", args=[job_seeker.program.slug, job_seeker.pk]
        ),
    }


# --- Helpers -------------------------------------------------------------------------------------


def _plan_url(job_seeker, anchor: str = "") -> str:
    url = reverse("people:employment_plan", args=[job_seeker.program.slug, job_seeker.pk])
    return f"{url}#{anchor}" if anchor else url


def _plan(request, job_seeker, plan_pk, action=EDIT) -> EmploymentPlan:
    plan = access.get_for(
        request.user,
        EmploymentPlan.objects.filter(job_seeker=job_seeker, archived_at__isnull=True),
        plan_pk,
        action,
    )
    plan.job_seeker = job_seeker
    return plan


def _goal(request, job_seeker, goal_pk) -> EmploymentGoal:
    goal = access.get_for(
        request.user,
        EmploymentGoal.objects.filter(
            plan__job_seeker=job_seeker, plan__archived_at__isnull=True
        ).select_related("plan"),
        goal_pk,
        EDIT,
    )
    goal.plan.job_seeker = job_seeker
    return goal


def _step(request, job_seeker, step_pk) -> PlanStep:
    step = access.get_for(
        request.user,
        PlanStep.objects.filter(
            goal__plan__job_seeker=job_seeker, goal__plan__archived_at__isnull=True
        ).select_related("goal__plan"),
        step_pk,
        EDIT,
    )
    step.goal.plan.job_seeker = job_seeker
    return step


def _error_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _render_plan_page(request, job_seeker, *, errors=None, status=200):
    """The plan page: active plan, draft, earlier plans. Shows record data, so it is a read."""
    record_read(request, job_seeker)
    user = request.user
    program = job_seeker.program
    plans = list(employment_plan_list(user=user, job_seeker=job_seeker))
    active = next((p for p in plans if p.status == PlanStatus.ACTIVE), None)
    draft = next((p for p in plans if p.status == PlanStatus.DRAFT), None)
    earlier = [p for p in plans if p.status == PlanStatus.REPLACED]
    open_record = job_seeker.enrollment_date is not None and job_seeker.closed_date is None
    can_edit = access.can(user, EDIT, program) and open_record
    today = today_in(program.time_zone)
    return render(
        request,
        "people/employment_plan.html",
        {
            "job_seeker": job_seeker,
            "program": program,
            "active_plan": active,
            "draft_plan": draft,
            "earlier_plans": earlier,
            "can_edit": can_edit,
            "open_record": open_record,
            "review_overdue": bool(active and active.review_due_on and active.review_due_on < today),
            "today": today,
            "errors": errors or [],
        },
        status=status,
    )


def _form_page(request, job_seeker, template, form, *, always_read=False, **context):
    """A form page of the plan. It shows the plan's data, so a GET of it is a read."""
    if always_read or request.method == "GET":
        record_read(request, job_seeker)
    return form_page(request, job_seeker, template, form, **context)


def _one_click(request, job_seeker, service, form_class=VersionForm, anchor="", done="", **kwargs):
    """A button on the plan page: apply it, or show the plan page again with the reason (400)."""
    form = form_class(request.POST)
    if not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        errors.insert(0, _("The page was out of date. Please try again."))
        return _render_plan_page(request, job_seeker, errors=errors, status=400)
    try:
        service(actor=request.user, **kwargs, **form.cleaned_data)
    except ValidationError as exc:
        return _render_plan_page(request, job_seeker, errors=_error_messages(exc), status=400)
    if done:
        messages.success(request, done)
    return redirect(_plan_url(job_seeker, anchor))


# --- The plan page and the plan itself -----------------------------------------------------------


@login_required
def employment_plan(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, VIEW)
    return _render_plan_page(request, job_seeker)


@login_required
@require_POST
def employment_plan_create(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    form = PlanCreateForm(request.POST)
    form.is_valid()
    try:
        services.employment_plan_create(
            actor=request.user, job_seeker=job_seeker, copy_active=form.cleaned_data.get("copy_active", False)
        )
    except ValidationError as exc:
        return _render_plan_page(request, job_seeker, errors=_error_messages(exc), status=400)
    messages.success(
        request, _("A draft plan was started. Add the person's goals, then record their agreement.")
    )
    return redirect(_plan_url(job_seeker, "draft-plan"))


@login_required
@require_POST
def employment_plan_discard(request, slug, pk, plan_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    plan = _plan(request, job_seeker, plan_pk)
    return _one_click(
        request,
        job_seeker,
        services.employment_plan_discard,
        plan=plan,
        done=_("The draft plan was discarded."),
    )


def _dated_plan_form(request, slug, pk, plan_pk, *, form_class, date_field, service, template, done):
    """Agree to the plan or review it: a form dated today by default, then the plan is active."""
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    plan = _plan(request, job_seeker, plan_pk)
    form = form_class(
        request.POST or None,
        initial={"version": plan.version, date_field: today_in(job_seeker.program.time_zone)},
    )
    if save_posted(request, form, service, plan=plan):
        messages.success(request, done)
        return redirect(_plan_url(job_seeker, "active-plan"))
    return _form_page(request, job_seeker, template, form, plan=plan)


@login_required
def employment_plan_activate(request, slug, pk, plan_pk):
    return _dated_plan_form(
        request,
        slug,
        pk,
        plan_pk,
        form_class=ActivateForm,
        date_field="agreed_on",
        service=services.employment_plan_activate,
        template="people/employment_plan_activate.html",
        done=_("The plan is agreed and now active."),
    )


@login_required
def employment_plan_review(request, slug, pk, plan_pk):
    return _dated_plan_form(
        request,
        slug,
        pk,
        plan_pk,
        form_class=ReviewForm,
        date_field="reviewed_on",
        service=services.employment_plan_review,
        template="people/employment_plan_review.html",
        done=_("The review was recorded."),
    )


# --- Goals ---------------------------------------------------------------------------------------


@login_required
def plan_goal_create(request, slug, pk, plan_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    plan = _plan(request, job_seeker, plan_pk)
    form = GoalForm(request.POST or None, initial={"version": plan.version})
    if goal := save_posted(request, form, services.plan_goal_add, plan=plan):
        messages.success(request, _("The goal was added."))
        return redirect(_plan_url(job_seeker, f"goal-{goal.pk}"))
    return _form_page(
        request, job_seeker, "people/employment_plan_goal_form.html", form, plan=plan, goal=None
    )


@login_required
def plan_goal_edit(request, slug, pk, goal_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    goal = _goal(request, job_seeker, goal_pk)
    form = GoalForm(
        request.POST or None,
        initial={"version": goal.plan.version, "text": goal.text, "kind": goal.kind, "status": goal.status},
    )
    if save_posted(request, form, services.plan_goal_update, goal=goal):
        messages.success(request, _("The goal was saved."))
        return redirect(_plan_url(job_seeker, f"goal-{goal.pk}"))
    return _form_page(
        request, job_seeker, "people/employment_plan_goal_form.html", form, plan=goal.plan, goal=goal
    )


@login_required
@require_POST
def plan_goal_move(request, slug, pk, goal_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    goal = _goal(request, job_seeker, goal_pk)
    return _one_click(request, job_seeker, services.plan_goal_move, MoveForm, f"goal-{goal.pk}", goal=goal)


@login_required
def plan_goal_remove(request, slug, pk, goal_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    goal = _goal(request, job_seeker, goal_pk)
    if request.method == "POST":
        return _one_click(
            request,
            job_seeker,
            services.plan_goal_remove,
            anchor="draft-plan",
            done=_("The goal was removed from the draft plan."),
            goal=goal,
        )
    form = VersionForm(initial={"version": goal.plan.version})
    return _form_page(
        request,
        job_seeker,
        "people/employment_plan_remove.html",
        form,
        always_read=True,
        plan=goal.plan,
        what=goal.text,
        is_goal=True,
    )


# --- Steps ---------------------------------------------------------------------------------------


def _step_form(request, job_seeker, initial):
    return StepForm(
        request.POST or None, members=responsible_user_choices(program=job_seeker.program), initial=initial
    )


@login_required
def plan_step_create(request, slug, pk, goal_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    goal = _goal(request, job_seeker, goal_pk)
    form = _step_form(request, job_seeker, {"version": goal.plan.version})
    if save_posted(request, form, services.plan_step_add, goal=goal):
        messages.success(request, _("The step was added."))
        return redirect(_plan_url(job_seeker, f"goal-{goal.pk}"))
    return _form_page(
        request,
        job_seeker,
        "people/employment_plan_step_form.html",
        form,
        plan=goal.plan,
        goal=goal,
        step=None,
    )


@login_required
def plan_step_edit(request, slug, pk, step_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    step = _step(request, job_seeker, step_pk)
    form = _step_form(
        request,
        job_seeker,
        {
            "version": step.goal.plan.version,
            "text": step.text,
            "responsible": step.responsible,
            "responsible_user": step.responsible_user_id,
            "target_date": step.target_date,
            "status": step.status,
            "done_on": step.done_on,
        },
    )
    if save_posted(request, form, services.plan_step_update, step=step):
        messages.success(request, _("The step was saved."))
        return redirect(_plan_url(job_seeker, f"goal-{step.goal_id}"))
    return _form_page(
        request,
        job_seeker,
        "people/employment_plan_step_form.html",
        form,
        plan=step.goal.plan,
        goal=step.goal,
        step=step,
    )


@login_required
@require_POST
def plan_step_done(request, slug, pk, step_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    step = _step(request, job_seeker, step_pk)
    return _one_click(
        request,
        job_seeker,
        services.plan_step_mark_done,
        anchor=f"goal-{step.goal_id}",
        done=_("The step is done."),
        step=step,
    )


@login_required
@require_POST
def plan_step_move(request, slug, pk, step_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    step = _step(request, job_seeker, step_pk)
    return _one_click(
        request, job_seeker, services.plan_step_move, MoveForm, f"goal-{step.goal_id}", step=step
    )


@login_required
def plan_step_remove(request, slug, pk, step_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    step = _step(request, job_seeker, step_pk)
    if request.method == "POST":
        return _one_click(
            request,
            job_seeker,
            services.plan_step_remove,
            anchor=f"goal-{step.goal_id}",
            done=_("The step was removed from the draft plan."),
            step=step,
        )
    form = VersionForm(initial={"version": step.goal.plan.version})
    return _form_page(
        request,
        job_seeker,
        "people/employment_plan_remove.html",
        form,
        always_read=True,
        plan=step.goal.plan,
        what=step.text,
        is_goal=False,
    )
