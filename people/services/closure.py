"""Closing a person's record, and re-opening one. Nothing closes a record on a timer.

IPS support is time-unlimited: a record closes only when a person acts (they chose to stop,
moved away, …), never because time passed. Re-opening a closure made in error, or reversed soon
after, keeps the closure in ClosureHistory; a person who returns after a real gap is referred
again instead (a new record with `previous_record`).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Membership
from core import audit
from core.dates import today_in
from core.services import validated_save

from ..models import CaseloadAssignment, ClosureHistory, ClosureReason, JobSeeker

_CLOSURE_FIELDS = ["closed_date", "closure_reason", "closure_note", "employment_specialist"]


def _open_assignment(job_seeker: JobSeeker) -> CaseloadAssignment | None:
    return (
        CaseloadAssignment.objects.select_for_update(of=("self",))
        .filter(job_seeker=job_seeker, to_date__isnull=True)
        .first()
    )


def _check_closure(
    job_seeker: JobSeeker,
    *,
    today: datetime.date,
    closed_date: datetime.date,
    closure_reason: str,
    closure_note: str,
    assignment: CaseloadAssignment | None,
) -> None:
    errors = {}
    if closed_date > today:
        errors["closed_date"] = _("A record cannot be closed on a future date.")
    elif job_seeker.enrollment_date is not None and closed_date < job_seeker.enrollment_date:
        errors["closed_date"] = _("A record cannot be closed before the enrollment date (%(date)s).") % {
            "date": date_format(job_seeker.enrollment_date)
        }
    elif closed_date < job_seeker.referral_date:
        errors["closed_date"] = _("A record cannot be closed before the referral date (%(date)s).") % {
            "date": date_format(job_seeker.referral_date)
        }
    elif assignment is not None and closed_date < assignment.from_date:
        errors["closed_date"] = _(
            "A record cannot be closed before the current caseload assignment began (%(date)s)."
        ) % {"date": date_format(assignment.from_date)}
    if closure_reason not in ClosureReason.values:
        errors["closure_reason"] = _("Choose a reason from the list.")
    elif closure_reason == ClosureReason.OTHER and not closure_note:
        errors["closure_note"] = _("Say why the record is closed when the reason is “Other”.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def job_seeker_close(
    *,
    actor,
    job_seeker: JobSeeker,
    closed_date: datetime.date,
    closure_reason: str,
    closure_note: str = "",
    version: int | None,
) -> JobSeeker:
    """Close a person's record because of something the person did or chose; their caseload assignment ends."""
    from . import _locked

    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    job_seeker = _locked(job_seeker, version)
    if job_seeker.closed_date is not None:
        raise ValidationError(_("This record is already closed."), code="closed")
    closure_note = (closure_note or "").strip()
    assignment = _open_assignment(job_seeker)
    _check_closure(
        job_seeker,
        today=today_in(job_seeker.program.time_zone),
        closed_date=closed_date,
        closure_reason=closure_reason,
        closure_note=closure_note,
        assignment=assignment,
    )
    before = audit.snapshot(job_seeker, _CLOSURE_FIELDS)
    job_seeker.closed_date = closed_date
    job_seeker.closure_reason = closure_reason
    job_seeker.closure_note = closure_note
    # The person is on nobody's caseload while closed; the assignment history keeps who it was.
    job_seeker.employment_specialist = None
    validated_save(job_seeker, bump_version=True)
    audit.record_change(actor=actor, obj=job_seeker, before=before, job_seeker_id=job_seeker.pk)
    if assignment is not None:
        before_assignment = audit.snapshot(assignment, ["to_date"])
        assignment.to_date = closed_date
        validated_save(assignment)
        audit.record_change(
            actor=actor, obj=assignment, before=before_assignment, job_seeker_id=job_seeker.pk
        )
    return job_seeker


def _last_specialist_if_current(job_seeker: JobSeeker, today: datetime.date) -> Membership | None:
    """The specialist of the person's last caseload assignment, if still one of the program's ESs."""
    last = (
        CaseloadAssignment.objects.filter(job_seeker=job_seeker)
        .select_related("employment_specialist")
        .order_by("-from_date", "-id")
        .first()
    )
    if last is None:
        return None
    membership = last.employment_specialist
    still_here = (
        membership.program_id == job_seeker.program_id
        and membership.role == roles.ES
        and Membership.objects.current(today).filter(pk=membership.pk).exists()
    )
    return membership if still_here else None


@transaction.atomic
def job_seeker_reopen(
    *, actor, job_seeker: JobSeeker, reopen_note: str = "", version: int | None
) -> JobSeeker:
    """Undo a closure made in error or reversed soon after: the closure is kept in the history.

    An enrolled person goes back on their last employment specialist's caseload when that
    specialist is still on the team; otherwise they stay unassigned until someone is chosen.
    """
    from . import _locked

    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    job_seeker = _locked(job_seeker, version)
    if job_seeker.closed_date is None:
        raise ValidationError(_("This record is not closed."), code="not_closed")
    today = today_in(job_seeker.program.time_zone)
    history = ClosureHistory(
        job_seeker=job_seeker,
        closed_date=job_seeker.closed_date,
        closure_reason=job_seeker.closure_reason,
        closure_note=job_seeker.closure_note,
        reopened_on=max(today, job_seeker.closed_date),
        reopen_note=(reopen_note or "").strip(),
    )
    validated_save(history)
    audit.record_change(actor=actor, obj=history, before=None, job_seeker_id=job_seeker.pk)

    before = audit.snapshot(job_seeker, _CLOSURE_FIELDS)
    job_seeker.closed_date = None
    job_seeker.closure_reason = ""
    job_seeker.closure_note = ""
    still_open = _open_assignment(job_seeker)  # only on a record closed outside this service
    if still_open is not None:
        specialist = still_open.employment_specialist
    elif job_seeker.enrollment_date is not None:
        specialist = _last_specialist_if_current(job_seeker, today)
    else:
        specialist = None
    job_seeker.employment_specialist = specialist
    validated_save(job_seeker, bump_version=True)
    audit.record_change(actor=actor, obj=job_seeker, before=before, job_seeker_id=job_seeker.pk)
    if specialist is not None and still_open is None:
        assignment = CaseloadAssignment(
            job_seeker=job_seeker,
            employment_specialist=specialist,
            from_date=history.reopened_on,
            reason=_("Re-opened"),
        )
        validated_save(assignment)
        audit.record_change(actor=actor, obj=assignment, before=None, job_seeker_id=job_seeker.pk)
    return job_seeker
