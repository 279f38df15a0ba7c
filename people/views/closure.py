"""Pages for closing a person's record and re-opening it. Nothing closes a record automatically."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts import roles
from core.dates import today_in

from .. import services
from ..forms import ClosureForm, ReopenForm
from .common import form_page, save_posted
from .common import job_seeker_for as _job_seeker

EDIT = roles.Action.JOB_SEEKER_EDIT


@login_required
def job_seeker_close(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    form = ClosureForm(
        request.POST or None,
        initial={"version": job_seeker.version, "closed_date": today_in(job_seeker.program.time_zone)},
    )
    if save_posted(request, form, services.job_seeker_close, job_seeker=job_seeker):
        messages.success(request, _("%(name)s's record is closed.") % {"name": job_seeker})
        return redirect("people:job_seeker_detail", slug=slug, pk=pk)
    return form_page(request, job_seeker, "people/closure_form.html", form)


def _reopened_message(job_seeker) -> str:
    if job_seeker.employment_specialist is not None:
        user = job_seeker.employment_specialist.user
        return _("%(name)s's record is re-opened, back on %(specialist)s's caseload.") % {
            "name": job_seeker,
            "specialist": user.get_full_name() or user.email,
        }
    if job_seeker.enrollment_date is not None:
        return _(
            "%(name)s's record is re-opened. Their last employment specialist is no longer on the team, "
            "so they are on nobody's caseload: choose an employment specialist."
        ) % {"name": job_seeker}
    return _("%(name)s's record is re-opened as a referral.") % {"name": job_seeker}


@login_required
def job_seeker_reopen(request, slug, pk):
    """GET asks to confirm; POST re-opens."""
    job_seeker = _job_seeker(request, slug, pk, EDIT)
    form = ReopenForm(request.POST or None, initial={"version": job_seeker.version})
    if reopened := save_posted(request, form, services.job_seeker_reopen, job_seeker=job_seeker):
        messages.success(request, _reopened_message(reopened))
        if reopened.enrollment_date is not None and reopened.employment_specialist is None:
            return redirect("people:job_seeker_transfer", slug=slug, pk=pk)
        return redirect("people:job_seeker_detail", slug=slug, pk=pk)
    return form_page(request, job_seeker, "people/reopen_confirm.html", form)
