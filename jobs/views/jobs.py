"""Pages of a person's jobs: the list, a job start, its details and why it is (not) competitive,
a change, the ending with its "what next?" prompt; and the state's minimum-wage table.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access, roles
from core.dates import today_in
from core.forms import apply_errors
from employers.models import Employer, Opening, OpeningStatus
from people.models import EmploymentPlan, PlanStatus
from people.views.common import job_seeker_for, record_read, show_errors

from ..forms.jobs import JobEndForm, JobForm, MinimumWageForm
from ..models import Jurisdiction, MinimumWage, NotCompetitiveBecause
from ..selectors import jobs as selectors
from ..services import jobs as services
from ..services import minimum_wages as wage_services

VIEW = roles.Action.JOB_SEEKER_VIEW
EDIT = roles.Action.JOB_SEEKER_EDIT


def _jobs_url(job_seeker) -> str:
    return reverse("jobs:job_list", args=[job_seeker.program.slug, job_seeker.pk])


def _job_url(job) -> str:
    return reverse("jobs:job_detail", args=[job.program.slug, job.job_seeker_id, job.pk])


def reasons_in_words(job) -> list[str]:
    """Why a job is not counted as competitive, each reason as the screen says it."""
    return [str(NotCompetitiveBecause(key).label) for key in job.not_competitive_because or []]


def record_section(request, job_seeker) -> dict:
    """What the record page shows of the person's jobs: context for templates/jobs/_record_jobs.html."""
    jobs = list(selectors.job_list(user=request.user, job_seeker=job_seeker))
    today = today_in(job_seeker.program.time_zone)
    current = selectors.current_jobs(jobs, today)
    return {
        "current_jobs": current,
        "past_job_count": len(jobs) - len(current),
        "jobs_url": _jobs_url(job_seeker),
        "job_create_url": reverse("jobs:job_create", args=[job_seeker.program.slug, job_seeker.pk]),
    }


def _choices(request, job_seeker, job=None):
    """The program's employers and openings a job can name (plus the job's own, whatever became of them)."""
    employer_keep = Q(pk=job.employer_id) if job is not None and job.employer_id else Q(pk__in=[])
    opening_keep = Q(pk=job.opening_id) if job is not None and job.opening_id else Q(pk__in=[])
    employers = access.restrict(
        Employer.objects.filter(program=job_seeker.program).filter(
            Q(archived_at__isnull=True, merged_into__isnull=True) | employer_keep
        ),
        request.user,
        roles.Action.EMPLOYER_VIEW,
    ).order_by("name", "id")
    openings = (
        access.restrict(
            Opening.objects.filter(program=job_seeker.program).filter(
                Q(archived_at__isnull=True, status=OpeningStatus.OPEN) | opening_keep
            ),
            request.user,
            roles.Action.EMPLOYER_VIEW,
        )
        .select_related("employer")
        .order_by("employer__name", "title", "id")
    )
    return {"employers": employers, "openings": openings}


@login_required
def job_list(request, slug, pk):
    job_seeker = job_seeker_for(request, slug, pk, VIEW)
    jobs = list(selectors.job_list(user=request.user, job_seeker=job_seeker))
    for job in jobs:
        job.reasons = reasons_in_words(job)
    record_read(request, job_seeker)
    return render(
        request,
        "jobs/job_list.html",
        {
            "job_seeker": job_seeker,
            "program": job_seeker.program,
            "jobs": jobs,
            "can_edit": access.can(request.user, EDIT, job_seeker.program),
        },
    )


@login_required
def job_create(request, slug, pk):
    job_seeker = job_seeker_for(request, slug, pk, EDIT)
    form = JobForm(
        request.POST or None,
        **_choices(request, job_seeker),
        initial={
            "start_date": today_in(job_seeker.program.time_zone),
            "self_employment": "no",
            "found_with_ips": "yes",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = services.job_start(actor=request.user, job_seeker=job_seeker, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if job.competitive_integrated:
                messages.success(
                    request, _("The job start was recorded: it is a competitive integrated job.")
                )
            else:
                messages.warning(
                    request,
                    _("The job start was recorded. It is not counted as a competitive job: see why below."),
                )
            return redirect(_job_url(job))
    return render(
        request,
        "jobs/job_form.html",
        {"job_seeker": job_seeker, "program": job_seeker.program, "form": form, "job": None},
        status=400 if form.errors else 200,
    )


@login_required
def job_detail(request, slug, pk, job_pk):
    job_seeker = job_seeker_for(request, slug, pk, VIEW)
    job = selectors.job_for(user=request.user, job_seeker=job_seeker, job_pk=job_pk)
    record_read(request, job_seeker, job)
    plan_statuses = set()
    if job.end_date is not None:
        plan_statuses = set(
            access.restrict(
                EmploymentPlan.objects.filter(job_seeker=job_seeker, archived_at__isnull=True),
                request.user,
                VIEW,
            ).values_list("status", flat=True)
        )
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job_seeker": job_seeker,
            "program": job_seeker.program,
            "job": job,
            "reasons": reasons_in_words(job),
            "can_edit": access.can(request.user, EDIT, job_seeker.program),
            "plan_url": reverse("people:employment_plan", args=[slug, job_seeker.pk]),
            "plan_create_url": reverse("people:employment_plan_create", args=[slug, job_seeker.pk]),
            "has_draft_plan": PlanStatus.DRAFT in plan_statuses,
            "has_active_plan": PlanStatus.ACTIVE in plan_statuses,
        },
    )


@login_required
def job_edit(request, slug, pk, job_pk):
    job_seeker = job_seeker_for(request, slug, pk, EDIT)
    job = selectors.job_for(user=request.user, job_seeker=job_seeker, job_pk=job_pk, action=EDIT)
    form = JobForm(
        request.POST or None,
        **_choices(request, job_seeker, job),
        with_version=True,
        initial=JobForm.initial_from(job),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.job_update(actor=request.user, job=job, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The job was changed."))
            return redirect(_job_url(job))
    record_read(request, job_seeker, job)
    return render(
        request,
        "jobs/job_form.html",
        {"job_seeker": job_seeker, "program": job_seeker.program, "form": form, "job": job},
        status=400 if form.errors else 200,
    )


@login_required
def job_end(request, slug, pk, job_pk):
    job_seeker = job_seeker_for(request, slug, pk, EDIT)
    job = selectors.job_for(user=request.user, job_seeker=job_seeker, job_pk=job_pk, action=EDIT)
    form = JobEndForm(
        request.POST or None,
        initial={
            "version": job.version,
            "end_date": job.end_date or today_in(job_seeker.program.time_zone),
            "end_reason": job.end_reason,
            "end_note": job.end_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.job_end(actor=request.user, job=job, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The end of the job was recorded."))
            return redirect(f"{_job_url(job)}?ended=1#what-next")
    record_read(request, job_seeker, job)
    return render(
        request,
        "jobs/job_end.html",
        {"job_seeker": job_seeker, "program": job_seeker.program, "form": form, "job": job},
        status=400 if form.errors else 200,
    )


# --- The minimum-wage table (state-wide reference) ------------------------------------------------


@login_required
def minimum_wage_list(request):
    """Every signed-in user reads the table; the state administrator adds rates here."""
    can_edit = access.can(request.user, roles.Action.MINIMUM_WAGE_EDIT)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = (
        MinimumWageForm(request.POST or None, initial={"jurisdiction": Jurisdiction.STATE})
        if can_edit
        else None
    )
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            rate = wage_services.minimum_wage_add(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The rate was added and every job it applies to was checked again: %(rate)s")
                % {"rate": rate},
            )
            return redirect("jobs:minimum_wage_list")
    return render(
        request,
        "jobs/minimum_wage_list.html",
        {"rates": selectors.minimum_wage_list(), "form": form, "can_edit": can_edit},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def minimum_wage_edit(request, rate_pk):
    if not access.can(request.user, roles.Action.MINIMUM_WAGE_EDIT):
        raise PermissionDenied
    rate = get_object_or_404(MinimumWage, pk=rate_pk)
    form = MinimumWageForm(
        request.POST or None,
        initial={name: getattr(rate, name) for name in wage_services.RATE_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            wage_services.minimum_wage_update(actor=request.user, rate=rate, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The rate was changed and every job it applies to was checked again.")
            )
            return redirect("jobs:minimum_wage_list")
    return render(
        request,
        "jobs/minimum_wage_form.html",
        {"form": form, "rate": rate},
        status=400 if form.errors else 200,
    )
