"""A person's timeline and the print view of their record."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts import roles
from core import audit
from core.models import AuditAction

from ..languages import language_label
from ..selectors.record import job_seeker_phase, record_print
from ..selectors.timeline import job_seeker_timeline
from . import _job_seeker

VIEW = roles.Action.JOB_SEEKER_VIEW


def _until(request) -> datetime.date | None:
    """The `until` day of an "older" link; anything else starts from the newest entries."""
    try:
        return datetime.date.fromisoformat(request.GET.get("until", ""))
    except ValueError:
        return None


@login_required
def job_seeker_timeline_view(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, VIEW)
    audit.record(actor=request.user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk)
    page = job_seeker_timeline(user=request.user, job_seeker=job_seeker, until=_until(request))
    return render(
        request,
        "people/job_seeker_timeline.html",
        {"job_seeker": job_seeker, "program": job_seeker.program, "page": page},
    )


@login_required
def job_seeker_print(request, slug, pk):
    job_seeker = _job_seeker(request, slug, pk, VIEW)
    audit.record(actor=request.user, action=AuditAction.READ, obj=job_seeker, job_seeker_id=job_seeker.pk)
    program = job_seeker.program
    now = timezone.localtime(timezone.now(), ZoneInfo(program.time_zone) if program.time_zone else None)
    phase, phase_label = job_seeker_phase(job_seeker, now.date())
    context = {
        "job_seeker": job_seeker,
        "program": program,
        "phase": phase,
        "phase_label": phase_label,
        "language": language_label(job_seeker.preferred_language),
        "printed_by": request.user.get_full_name() or request.user.email,
        "printed_at": now,
        **record_print(user=request.user, job_seeker=job_seeker),
    }
    return render(request, "people/job_seeker_print.html", context)
