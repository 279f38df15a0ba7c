"""Pages for a person's school and training: the list, a new enrollment, a change (or its end)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access, roles
from core import audit
from core.dates import today_in
from core.models import AuditAction
from people.views import _job_seeker, _show_errors

from ..forms.education import EducationForm
from ..models import EducationEnrollment
from ..services import education as education_services


def _enrollments(user, job_seeker):
    return access.restrict(
        EducationEnrollment.objects.filter(job_seeker=job_seeker, archived_at__isnull=True),
        user,
        roles.Action.JOB_SEEKER_VIEW,
    ).order_by("-start_date", "-id")


def _read(request, job_seeker) -> None:
    audit.record(actor=request.user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk)


@login_required
def education_list(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_VIEW)
    today = today_in(job_seeker.program.time_zone)
    enrollments = list(_enrollments(request.user, job_seeker))
    for enrollment in enrollments:
        enrollment.is_open = enrollment.start_date <= today and (
            enrollment.end_date is None or enrollment.end_date >= today
        )
    _read(request, job_seeker)
    return render(
        request,
        "jobs/education_list.html",
        {
            "job_seeker": job_seeker,
            "program": job_seeker.program,
            "enrollments": enrollments,
            "can_edit": access.can(request.user, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
            and job_seeker.enrollment_date is not None
            and job_seeker.closed_date is None,
        },
    )


def _form_page(request, job_seeker, form, enrollment=None):
    return render(
        request,
        "jobs/education_form.html",
        {"job_seeker": job_seeker, "program": job_seeker.program, "form": form, "enrollment": enrollment},
        status=400 if form.errors else 200,
    )


@login_required
def education_create(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_EDIT)
    form = EducationForm(request.POST or None, initial={"start_date": today_in(job_seeker.program.time_zone)})
    if request.method == "POST" and form.is_valid():
        try:
            education_services.education_enroll(
                actor=request.user, job_seeker=job_seeker, **form.cleaned_data
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The school or training was recorded."))
            return redirect("jobs:education_list", slug=slug, pk=pk)
    return _form_page(request, job_seeker, form)


@login_required
def education_edit(request, slug, pk, enrollment_pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_EDIT)
    enrollment = access.get_for(
        request.user,
        EducationEnrollment.objects.filter(job_seeker=job_seeker, archived_at__isnull=True),
        enrollment_pk,
        roles.Action.JOB_SEEKER_EDIT,
    )
    form = EducationForm(
        request.POST or None,
        with_version=True,
        initial={
            "version": enrollment.version,
            **{name: getattr(enrollment, name) for name in education_services.EDITABLE_FIELDS},
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            education_services.education_update(
                actor=request.user, enrollment=enrollment, **form.cleaned_data
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The school or training was changed."))
            return redirect("jobs:education_list", slug=slug, pk=pk)
    _read(request, job_seeker)  # the form shows the enrollment
    return _form_page(request, job_seeker, form, enrollment)
