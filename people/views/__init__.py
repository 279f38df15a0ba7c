"""Pages for referring a person, opening their record, outreach, enrollment and transfer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.forms import apply_errors
from core.models import AuditAction

from .. import services
from ..forms import ContactAttemptForm, EnrollmentForm, ReferralForm, TransferForm
from ..models import CaseloadAssignment, JobSeeker, ReferralContactAttempt
from ..selectors import CASELOAD_LIMIT, employment_specialist_choices


@login_required
def referral_create(request, slug):
    program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
    access.require(request.user, roles.Action.JOB_SEEKER_REFER, program)
    duplicates = []
    form = ReferralForm(request.POST or None, confirm_duplicate="allow_duplicate" in request.POST)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["allow_duplicate"] = bool(data.get("allow_duplicate"))
        try:
            job_seeker = services.job_seeker_refer(actor=request.user, program=program, **data)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "duplicate":
                duplicates = exc.params["duplicates"]
                form = ReferralForm(request.POST, confirm_duplicate=True)
                form.is_valid()
                form.add_error(None, exc.message % {"refs": exc.params["refs"]})
            else:
                apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s was referred (%(ref)s).") % {"name": job_seeker, "ref": job_seeker.ref}
            )
            return redirect("people:job_seeker_detail", slug=program.slug, pk=job_seeker.pk)
    return render(
        request,
        "people/referral_form.html",
        {"form": form, "program": program, "duplicates": duplicates},
        status=400 if form.errors else 200,
    )


def _job_seeker(request, slug, pk, action):
    """The person through the gate, only under their own program's address."""
    job_seeker = access.get_for(
        request.user,
        JobSeeker.objects.select_related("program", "referred_by_user", "employment_specialist__user"),
        pk,
        action,
    )
    if job_seeker.program.slug != slug:
        raise Http404
    return job_seeker


def _show_errors(form, exc: ValidationError) -> None:
    """A service's errors on the form; a stale version or a refusal is told above the form."""
    if hasattr(exc, "error_dict") and "version" in exc.error_dict:
        errors = dict(exc.error_dict)
        form.add_error(None, errors.pop("version"))
        if not errors:
            return
        exc = ValidationError(errors)
    apply_errors(form, exc)


def _render_detail(request, job_seeker, attempt_form=None, status=200):
    user = request.user
    attempts = access.restrict(
        ReferralContactAttempt.objects.filter(job_seeker=job_seeker).select_related("staff__user"),
        user,
        roles.Action.JOB_SEEKER_VIEW,
    )
    assignments = access.restrict(
        CaseloadAssignment.objects.filter(job_seeker=job_seeker).select_related(
            "employment_specialist__user"
        ),
        user,
        roles.Action.JOB_SEEKER_VIEW,
    )
    can_edit = access.can(user, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    if can_edit and attempt_form is None:
        attempt_form = ContactAttemptForm()
    return render(
        request,
        "people/job_seeker_detail.html",
        {
            "job_seeker": job_seeker,
            "program": job_seeker.program,
            "attempts": attempts,
            "assignments": assignments,
            "can_edit": can_edit,
            "attempt_form": attempt_form if can_edit else None,
        },
        status=status,
    )


@login_required
def job_seeker_detail(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_VIEW)
    audit.record(actor=request.user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk)
    return _render_detail(request, job_seeker)


@login_required
@require_POST
def contact_attempt_create(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_EDIT)
    form = ContactAttemptForm(request.POST)
    if form.is_valid():
        try:
            services.contact_attempt_log(actor=request.user, job_seeker=job_seeker, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The outreach attempt was logged."))
            return redirect("people:job_seeker_detail", slug=slug, pk=pk)
    # The record is shown again with the errors: that is a read of the record.
    audit.record(actor=request.user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk)
    return _render_detail(request, job_seeker, attempt_form=form, status=400)


def _caseload_page(request, job_seeker, form, template, status=None):
    return render(
        request,
        template,
        {"job_seeker": job_seeker, "program": job_seeker.program, "form": form, "limit": CASELOAD_LIMIT},
        status=status or (400 if form.errors else 200),
    )


@login_required
def job_seeker_enroll(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_EDIT)
    specialists = employment_specialist_choices(program=job_seeker.program)
    form = EnrollmentForm(
        request.POST or None,
        specialists=specialists,
        initial={"version": job_seeker.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.job_seeker_enroll(actor=request.user, job_seeker=job_seeker, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is enrolled.") % {"name": job_seeker})
            return redirect("people:job_seeker_detail", slug=slug, pk=pk)
    return _caseload_page(request, job_seeker, form, "people/enrollment_form.html")


@login_required
def job_seeker_transfer(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_EDIT)
    specialists = employment_specialist_choices(program=job_seeker.program)
    form = TransferForm(
        request.POST or None,
        specialists=specialists,
        initial={"version": job_seeker.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.job_seeker_transfer(actor=request.user, job_seeker=job_seeker, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was transferred.") % {"name": job_seeker})
            return redirect("people:job_seeker_detail", slug=slug, pk=pk)
    return _caseload_page(request, job_seeker, form, "people/transfer_form.html")
