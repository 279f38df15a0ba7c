"""Pages for follow-along supports: one job's support plan and contacts, and the program's working people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.dates import today_in
from core.forms import apply_errors
from core.models import AuditAction
from jobs.models import Job
from people.models import NoteLocation, NoteMode
from people.views import _job_seeker, _show_errors

from ..forms.follow_along import FollowAlongPlanForm, SupportContactForm
from ..models import Frequency, SupportLevel
from ..selectors import follow_along as selectors
from ..selectors.worklist import frequency_words
from ..services import follow_along as services

PER_PAGE = 50
PLAN, CONTACT = "plan", "contact"


def overdue_words(job, today) -> str:
    """The state of planned support for one job, in a sentence (`job` has the selector's columns)."""
    if job.end_date is not None and job.end_date <= today:
        return _("This job ended on %(date)s: follow-along for it has stopped.") % {
            "date": date_format(job.end_date)
        }
    if job.overdue_after is None:
        return _("Support is given when the worker asks: it is never overdue.")
    if job.last_contact_any is None:
        since = _("No support contact since the job started on %(date)s") % {
            "date": date_format(job.start_date)
        }
    else:
        since = _("The last support contact was on %(date)s") % {"date": date_format(job.last_contact_any)}
    days = ngettext("%(days)d day ago", "%(days)d days ago", job.days_since) % {"days": job.days_since}
    planned = _("support is planned %(frequency)s (at least every %(limit)d days)") % {
        "frequency": frequency_words(job.frequency),
        "limit": job.overdue_after,
    }
    if job.overdue:
        return _("Support is overdue. %(since)s, %(days)s; %(planned)s.") % {
            "since": since,
            "days": days,
            "planned": planned,
        }
    return _("Support is on time. %(since)s, %(days)s; %(planned)s.") % {
        "since": since,
        "days": days,
        "planned": planned,
    }


def _job(request, job_seeker, job_pk, action) -> Job:
    return access.get_for(
        request.user,
        Job.objects.filter(job_seeker=job_seeker).select_related(
            "employer", "program", "job_seeker__program"
        ),
        job_pk,
        action,
    )


@login_required
def follow_along(request, slug, pk, job_pk):
    action = roles.Action.JOB_SEEKER_EDIT if request.method == "POST" else roles.Action.JOB_SEEKER_VIEW
    job_seeker = _job_seeker(request, slug, pk, action)
    job = _job(request, job_seeker, job_pk, action)
    support = services.support_for(job)
    today = today_in(job_seeker.program.time_zone)
    can_edit = access.can(request.user, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    plan_form = contact_form = None
    if can_edit:
        plan_form = FollowAlongPlanForm(
            request.POST if request.POST.get("form") == PLAN else None,
            initial={
                "version": support.version,
                "planned_frequency": support.planned_frequency,
                "level": support.level,
                "stepped_down_on": support.stepped_down_on,
                "worker_choice_note": support.worker_choice_note,
                "employer_contact_allowed": support.employer_contact_allowed,
            },
        )
        contact_form = SupportContactForm(
            request.POST if request.POST.get("form") == CONTACT else None,
            initial={"date": today, "location": NoteLocation.COMMUNITY, "mode": NoteMode.IN_PERSON},
        )
    if request.method == "POST":
        kind = request.POST.get("form")
        form = plan_form if kind == PLAN else contact_form if kind == CONTACT else None
        if form is not None and form.is_valid():
            try:
                if kind == PLAN:
                    services.followalong_update(actor=request.user, job=job, **form.cleaned_data)
                else:
                    services.followalong_contact_log(actor=request.user, job=job, **form.cleaned_data)
            except ValidationError as exc:
                if kind == PLAN:
                    _show_errors(form, exc)
                else:
                    apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The support plan was saved.")
                    if kind == PLAN
                    else _("The support contact was logged."),
                )
                return redirect("supports:follow_along", slug=slug, pk=pk, job_pk=job.pk)
        elif form is None:
            messages.error(request, _("Nothing was saved: choose which form to send."))
    annotated = selectors.job_follow_along(user=request.user, job=job, today=today)
    audit.record(actor=request.user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk)
    has_errors = bool((plan_form and plan_form.errors) or (contact_form and contact_form.errors))
    return render(
        request,
        "supports/follow_along.html",
        {
            "job_seeker": job_seeker,
            "program": job_seeker.program,
            "job": annotated,
            "support": support,
            "stepped_down": support.level != SupportLevel.ACTIVE,
            "status_words": overdue_words(annotated, today),
            "notes": selectors.support_notes(user=request.user, job=job),
            "employer_contacts": selectors.employer_support_contacts(user=request.user, job=job),
            "can_edit": can_edit and job.end_date is None and job_seeker.closed_date is None,
            "can_log": can_edit and job_seeker.closed_date is None,
            "plan_form": plan_form,
            "contact_form": contact_form,
        },
        status=400 if has_errors or (request.method == "POST") else 200,
    )


@login_required
def follow_along_list(request, slug):
    program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
    access.require(request.user, roles.Action.JOB_SEEKER_VIEW, program)
    today = today_in(program.time_zone)
    overdue_only = request.GET.get("overdue") == "1"
    jobs = selectors.follow_along_list(
        user=request.user, program=program, today=today, overdue_only=overdue_only
    )
    page = Paginator(jobs, PER_PAGE).get_page(request.GET.get("page"))
    for job in page.object_list:
        job.frequency_label = Frequency(job.frequency).label
        job.level_label = SupportLevel(job.support_level).label
    return render(
        request,
        "supports/follow_along_list.html",
        {"program": program, "page": page, "today": today, "overdue_only": overdue_only},
    )
