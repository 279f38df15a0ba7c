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
from core import audit
from core.dates import today_in
from core.models import AuditAction

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


def _job_seeker(request, slug, pk, action):
    # Imported here: people/views/__init__.py may import this module for the record page.
    from . import _job_seeker as person_through_the_gate

    return person_through_the_gate(request, slug, pk, action)


def _show_errors(form, exc):
    from . import _show_errors as show

    show(form, exc)


def _read(request, job_seeker) -> None:
    audit.record(actor=request.user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk)


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
    _read(request, job_seeker)
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


def _form_page(request, job_seeker, template, context, form, *, read=False):
    if read:
        _read(request, job_seeker)
    return render(
        request,
        template,
        {"job_seeker": job_seeker, "program": job_seeker.program, "form": form, **context},
        status=400 if form.errors else 200,
    )


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


@login_required
def employment_plan_activate(request, slug, pk, plan_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    plan = _plan(request, job_seeker, plan_pk)
    form = ActivateForm(
        request.POST or None,
        initial={"version": plan.version, "agreed_on": today_in(job_seeker.program.time_zone)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_plan_activate(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The plan is agreed and now active."))
            return redirect(_plan_url(job_seeker, "active-plan"))
    return _form_page(
        request,
        job_seeker,
        "people/employment_plan_activate.html",
        {"plan": plan},
        form,
        read=request.method == "GET",
    )


@login_required
def employment_plan_review(request, slug, pk, plan_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    plan = _plan(request, job_seeker, plan_pk)
    form = ReviewForm(
        request.POST or None,
        initial={"version": plan.version, "reviewed_on": today_in(job_seeker.program.time_zone)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_plan_review(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The review was recorded."))
            return redirect(_plan_url(job_seeker, "active-plan"))
    return _form_page(
        request,
        job_seeker,
        "people/employment_plan_review.html",
        {"plan": plan},
        form,
        read=request.method == "GET",
    )


# --- Goals ---------------------------------------------------------------------------------------


@login_required
def plan_goal_create(request, slug, pk, plan_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    plan = _plan(request, job_seeker, plan_pk)
    form = GoalForm(request.POST or None, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.plan_goal_add(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The goal was added."))
            return redirect(_plan_url(job_seeker, f"goal-{goal.pk}"))
    return _form_page(
        request,
        job_seeker,
        "people/employment_plan_goal_form.html",
        {"plan": plan, "goal": None},
        form,
        read=request.method == "GET",
    )


@login_required
def plan_goal_edit(request, slug, pk, goal_pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    goal = _goal(request, job_seeker, goal_pk)
    form = GoalForm(
        request.POST or None,
        initial={"version": goal.plan.version, "text": goal.text, "kind": goal.kind, "status": goal.status},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_goal_update(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The goal was saved."))
            return redirect(_plan_url(job_seeker, f"goal-{goal.pk}"))
    return _form_page(
        request,
        job_seeker,
        "people/employment_plan_goal_form.html",
        {"plan": goal.plan, "goal": goal},
        form,
        read=request.method == "GET",
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
        {"plan": goal.plan, "what": goal.text, "is_goal": True},
        form,
        read=True,
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
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_step_add(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The step was added."))
            return redirect(_plan_url(job_seeker, f"goal-{goal.pk}"))
    return _form_page(
        request,
        job_seeker,
        "people/employment_plan_step_form.html",
        {"plan": goal.plan, "goal": goal, "step": None},
        form,
        read=request.method == "GET",
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
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_step_update(actor=request.user, step=step, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The step was saved."))
            return redirect(_plan_url(job_seeker, f"goal-{step.goal_id}"))
    return _form_page(
        request,
        job_seeker,
        "people/employment_plan_step_form.html",
        {"plan": step.goal.plan, "goal": step.goal, "step": step},
        form,
        read=request.method == "GET",
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
        {"plan": step.goal.plan, "what": step.text, "is_goal": False},
        form,
        read=True,
    )
