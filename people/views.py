"""Pages for referring a person and opening their record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.forms import apply_errors
from core.models import AuditAction

from . import services
from .forms import ReferralForm
from .models import JobSeeker


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


@login_required
def job_seeker_detail(request, slug, pk):
    job_seeker = access.get_for(
        request.user,
        JobSeeker.objects.select_related("program", "referred_by_user"),
        pk,
        roles.Action.JOB_SEEKER_VIEW,
    )
    if job_seeker.program.slug != slug:
        raise Http404
    audit.record(actor=request.user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk)
    return render(
        request, "people/job_seeker_detail.html", {"job_seeker": job_seeker, "program": job_seeker.program}
    )
