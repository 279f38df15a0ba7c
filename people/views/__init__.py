"""Pages for referring a person, their record page, outreach, enrollment and transfer.

The timeline and print view are in views/record.py, closing and re-opening in views/closure.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access, roles
from accounts.models import Program
from core.dates import today_in
from core.forms import apply_errors

from .. import services
from ..forms import ContactAttemptForm, EnrollmentForm, ReferralForm, TransferForm
from ..languages import language_label
from ..models import CaseloadAssignment, ReferralContactAttempt
from ..selectors import CASELOAD_LIMIT, employment_specialist_choices
from ..selectors.record import job_seeker_phase
from .common import form_page, record_read, save_posted
from .common import job_seeker_for as _job_seeker  # other apps' pages import these two names from here
from .common import show_errors as _show_errors  # noqa: F401


def _confirmation_asked(form_kwargs: dict, exc: ValidationError) -> str | None:
    """Which confirmation a refusal asks for ("duplicate" or "under_14"), noted in form_kwargs."""
    code = getattr(exc, "code", None)
    if code == "duplicate":
        form_kwargs["confirm_duplicate"] = True
    elif code == "under_14":
        form_kwargs["confirm_under_14"] = True
    else:
        return None
    return code


@login_required
def referral_create(request, slug):
    program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
    access.require(request.user, roles.Action.JOB_SEEKER_REFER, program)
    duplicates = []
    # A confirmation box stays on the form once it was asked for (an unticked box is not posted).
    form_kwargs = {
        "confirm_duplicate": "allow_duplicate" in request.POST,
        "confirm_under_14": "confirm_under_14" in request.POST,
    }
    form = ReferralForm(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            job_seeker = services.job_seeker_refer(
                actor=request.user, program=program, **form.service_arguments()
            )
        except ValidationError as exc:
            code = _confirmation_asked(form_kwargs, exc)
            if code is None:
                apply_errors(form, exc)
            else:
                form = ReferralForm(request.POST, **form_kwargs)
                form.is_valid()
                field = "date_of_birth" if code == "under_14" else None
                form.add_error(
                    field, exc.message % {k: v for k, v in exc.params.items() if k != "duplicates"}
                )
                if code == "duplicate":
                    duplicates = exc.params["duplicates"]
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


def _record_sections(request, job_seeker) -> list[dict]:
    """The parts of the record other features build, each with the context its partial needs."""
    from . import consents, notes, plans, profile

    parts = [
        ("profile", profile, "people/_record_profile.html"),
        ("plan", plans, "people/_record_plans.html"),
        ("notes", notes, "people/_record_notes.html"),
        ("consents", consents, "people/_record_consents.html"),
    ]
    from jobs.views import jobs as jobs_views  # jobs sits above people: imported only here, lazily

    parts.append(("jobs", jobs_views, "jobs/_record_jobs.html"))
    return [
        {"id": name, "template": template, "context": module.record_section(request, job_seeker) or {}}
        for name, module, template in parts
    ]


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
    phase, phase_label = job_seeker_phase(job_seeker, today_in(job_seeker.program.time_zone))
    context = {
        "job_seeker": job_seeker,
        "program": job_seeker.program,
        "can_edit": can_edit,
        "phase": phase,
        "phase_label": phase_label,
        "language": language_label(job_seeker.preferred_language),
        "attempts": attempts,
        "assignments": assignments,
        "attempt_form": attempt_form if can_edit else None,
    }
    # Each part's partial sees the page's context with its own on top ({% record_section %}).
    context["sections"] = _record_sections(request, job_seeker)
    return render(request, "people/job_seeker_detail.html", context, status=status)


@login_required
def job_seeker_detail(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_VIEW)
    record_read(request, job_seeker)
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
    record_read(request, job_seeker)
    return _render_detail(request, job_seeker, attempt_form=form, status=400)


def _caseload_change(request, slug, pk, *, form_class, service, template, done_message):
    """Enroll or transfer: a specialist chosen against the caseload limit, then the service."""
    job_seeker = _job_seeker(request, slug, pk, roles.Action.JOB_SEEKER_EDIT)
    form = form_class(
        request.POST or None,
        specialists=employment_specialist_choices(program=job_seeker.program),
        initial={"version": job_seeker.version},
    )
    if save_posted(request, form, service, job_seeker=job_seeker):
        messages.success(request, done_message % {"name": job_seeker})
        return redirect("people:job_seeker_detail", slug=slug, pk=pk)
    return form_page(request, job_seeker, template, form, limit=CASELOAD_LIMIT)


@login_required
def job_seeker_enroll(request, slug, pk):
    return _caseload_change(
        request,
        slug,
        pk,
        form_class=EnrollmentForm,
        service=services.job_seeker_enroll,
        template="people/enrollment_form.html",
        done_message=_("%(name)s is enrolled."),
    )


@login_required
def job_seeker_transfer(request, slug, pk):
    return _caseload_change(
        request,
        slug,
        pk,
        form_class=TransferForm,
        service=services.job_seeker_transfer,
        template="people/transfer_form.html",
        done_message=_("%(name)s was transferred."),
    )
