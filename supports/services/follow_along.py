"""Writes about follow-along supports: the support plan for a worker after a job start.

Support is time-unlimited: nothing but the job's end stops it, and only the worker's choice
changes its level (stepping down, or support from the treatment team). A job without a
FollowAlongSupport row has regular weekly support; the row is made the first time the plan is
edited. Support contacts are service notes of kind `follow_along` with the job set.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import access, roles
from core import audit
from core.dates import today_in
from core.services import check_version, validated_save
from jobs.models import Job
from people.models import NoteKind, PartnerKind, ServiceNote
from people.services.consents import consent_in_force
from people.services.notes import service_note_create

from ..models import FollowAlongSupport, Frequency, SupportLevel

EDITABLE_FIELDS = [
    "planned_frequency",
    "level",
    "stepped_down_on",
    "worker_choice_note",
    "employer_contact_allowed",
]


def support_for(job: Job) -> FollowAlongSupport:
    """The job's support plan, or the plan it has until first edited (weekly, regular support; unsaved)."""
    try:
        return job.follow_along
    except FollowAlongSupport.DoesNotExist:
        return FollowAlongSupport(job=job)


def _check_job_open(job: Job) -> None:
    """Follow-along goes on while the job does, for a person whose record is open."""
    if job.job_seeker.closed_date is not None:
        raise ValidationError(
            _("This record was closed on %(date)s: re-open it first.")
            % {"date": date_format(job.job_seeker.closed_date)},
            code="closed",
        )
    if job.end_date is not None:
        raise ValidationError(
            _("This job ended on %(date)s: follow-along for it has stopped.")
            % {"date": date_format(job.end_date)},
            code="job_ended",
        )


@transaction.atomic
def followalong_update(
    *,
    actor,
    job: Job,
    planned_frequency: str,
    level: str,
    stepped_down_on: datetime.date | None = None,
    worker_choice_note: str = "",
    employer_contact_allowed: bool = False,
    version: int | None,
) -> FollowAlongSupport:
    """Change the support plan for a job: how often, at what level (the worker's choice), employer contact.

    `version` is the version the editor read (1 for a job whose plan was never edited).
    """
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job.program)
    # Lock the job: two first edits at once must not both make a support row.
    job = Job.objects.select_for_update(of=("self",)).select_related("job_seeker__program").get(pk=job.pk)
    _check_job_open(job)
    support = FollowAlongSupport.objects.select_for_update().filter(job=job).first() or FollowAlongSupport(
        job=job
    )
    check_version(support, version)
    adding = support._state.adding
    worker_choice_note = (worker_choice_note or "").strip()
    today = today_in(job.program.time_zone)

    errors = {}
    if planned_frequency not in Frequency.values:
        errors["planned_frequency"] = _("Choose how often support is planned.")
    if level not in SupportLevel.values:
        errors["level"] = _("Choose the level of support.")
    elif level == SupportLevel.ACTIVE:
        # Back to regular support (the worker asked again): the step-down date goes.
        stepped_down_on = None
        if support.level == SupportLevel.ACTIVE:
            worker_choice_note = worker_choice_note or support.worker_choice_note
    elif stepped_down_on is None:
        errors["stepped_down_on"] = _(
            "Enter the day the worker chose this: support changes level only by the worker's choice."
        )
    elif stepped_down_on > today:
        errors["stepped_down_on"] = _("The day the worker chose this cannot be in the future.")
    elif stepped_down_on < job.start_date:
        errors["stepped_down_on"] = _(
            "The day the worker chose this cannot be before the job started (%(date)s)."
        ) % {"date": date_format(job.start_date)}
    if employer_contact_allowed and not support.employer_contact_allowed:
        try:
            consent_in_force(
                job.job_seeker, PartnerKind.EMPLOYER_DISCLOSURE, field="employer_contact_allowed"
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors.update({k: v for k, v in exc.error_dict.items()})
            else:
                errors["employer_contact_allowed"] = exc.messages
    if errors:
        raise ValidationError(errors)

    before = None if adding else audit.snapshot(support, EDITABLE_FIELDS)
    support.planned_frequency = planned_frequency
    support.level = level
    support.stepped_down_on = stepped_down_on if level != SupportLevel.ACTIVE else None
    support.worker_choice_note = worker_choice_note
    support.employer_contact_allowed = bool(employer_contact_allowed)
    # The plan a job has before it is first edited counts as version 1, so the first save makes 2:
    # a second editor who read the unedited plan is refused like any other stale edit.
    support.version += 1
    validated_save(support)
    audit.record_change(actor=actor, obj=support, before=before, job_seeker_id=job.job_seeker_id)
    return support


def followalong_contact_log(
    *,
    actor,
    job: Job,
    date: datetime.date,
    location: str,
    mode: str,
    minutes: int | None,
    text: str,
    contains_part2: bool = False,
) -> ServiceNote:
    """Log a support contact with the worker about this job: a follow-along service note with the job set."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job.program)
    if date is not None and date < job.start_date - datetime.timedelta(days=7):
        # The fidelity scale counts a meeting in the week before the start; earlier is job search.
        raise ValidationError(
            {
                "date": _(
                    "A support contact for this job cannot be more than a week before it started (%(date)s)."
                )
                % {"date": date_format(job.start_date)}
            }
        )
    return service_note_create(
        actor=actor,
        job_seeker=job.job_seeker,
        date=date,
        kind=NoteKind.FOLLOW_ALONG,
        location=location,
        mode=mode,
        minutes=minutes,
        text=text,
        contains_part2=contains_part2,
        job=job,
    )
