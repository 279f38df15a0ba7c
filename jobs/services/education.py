"""Writes about education and training: school or a course a person takes during IPS.

Only an enrolled person whose record is open has an enrollment recorded or changed. Every write
checks the version it was based on (the second editor is told, not overwritten) and writes an
audit row in the same transaction.
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
from people.models import JobSeeker

from ..models import EducationEnrollment, EducationKind

EDITABLE_FIELDS = ["kind", "name", "start_date", "end_date", "completed", "credential"]


def _check_person(job_seeker: JobSeeker) -> None:
    """School or training is recorded for an enrolled person whose record is open."""
    if job_seeker.enrollment_date is None:
        raise ValidationError(
            _("Only an enrolled person has school or training recorded. Enroll the person first."),
            code="not_enrolled",
        )
    if job_seeker.closed_date is not None:
        raise ValidationError(
            _("This record was closed on %(date)s: re-open it before recording school or training.")
            % {"date": date_format(job_seeker.closed_date)},
            code="closed",
        )


def _check_fields(
    job_seeker: JobSeeker,
    *,
    kind: str,
    name: str,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    completed: bool,
) -> None:
    """The rules of an enrollment's fields; every broken rule is told on its field."""
    errors = {}
    today = today_in(job_seeker.program.time_zone)
    if kind not in EducationKind.values:
        errors["kind"] = _("Choose the kind of school or training.")
    if not name:
        errors["name"] = _("Enter the name of the school or program.")
    if start_date is None:
        errors["start_date"] = _("Enter the date the school or training started.")
    elif start_date > today:
        errors["start_date"] = _("The start date cannot be in the future.")
    if end_date is not None and start_date is not None and end_date < start_date:
        errors["end_date"] = _("The end date cannot be before the start date.")
    if completed:
        if end_date is None:
            errors["completed"] = _("Enter the end date: only school or training that ended is completed.")
        elif end_date > today:
            errors["completed"] = _("It can be marked completed once the end date has passed.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def education_enroll(
    *,
    actor,
    job_seeker: JobSeeker,
    kind: str,
    name: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    completed: bool = False,
    credential: str = "",
) -> EducationEnrollment:
    """Record that the person started school or training; it counts in their phase while it is open."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    _check_person(job_seeker)
    name, credential = (name or "").strip(), (credential or "").strip()
    _check_fields(
        job_seeker, kind=kind, name=name, start_date=start_date, end_date=end_date, completed=completed
    )
    enrollment = EducationEnrollment(
        job_seeker=job_seeker,
        program_id=job_seeker.program_id,
        kind=kind,
        name=name,
        start_date=start_date,
        end_date=end_date,
        completed=bool(completed),
        credential=credential,
    )
    validated_save(enrollment)
    audit.record_change(actor=actor, obj=enrollment, before=None, job_seeker_id=job_seeker.pk)
    return enrollment


def _locked(enrollment: EducationEnrollment, version: int | None) -> EducationEnrollment:
    locked = (
        EducationEnrollment.objects.select_for_update(of=("self",))
        .select_related("job_seeker__program")
        .get(pk=enrollment.pk)
    )
    check_version(locked, version)
    _check_person(locked.job_seeker)
    return locked


@transaction.atomic
def education_update(
    *,
    actor,
    enrollment: EducationEnrollment,
    version: int | None,
    kind: str,
    name: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    completed: bool = False,
    credential: str = "",
) -> EducationEnrollment:
    """Correct or complete an enrollment; refused if someone else changed it meanwhile."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, enrollment.program)
    enrollment = _locked(enrollment, version)
    name, credential = (name or "").strip(), (credential or "").strip()
    _check_fields(
        enrollment.job_seeker,
        kind=kind,
        name=name,
        start_date=start_date,
        end_date=end_date,
        completed=completed,
    )
    before = audit.snapshot(enrollment, EDITABLE_FIELDS)
    enrollment.kind = kind
    enrollment.name = name
    enrollment.start_date = start_date
    enrollment.end_date = end_date
    enrollment.completed = bool(completed)
    enrollment.credential = credential
    validated_save(enrollment, bump_version=True)
    audit.record_change(actor=actor, obj=enrollment, before=before, job_seeker_id=enrollment.job_seeker_id)
    return enrollment


@transaction.atomic
def education_end(
    *,
    actor,
    enrollment: EducationEnrollment,
    version: int | None,
    end_date: datetime.date,
    completed: bool = False,
    credential: str = "",
) -> EducationEnrollment:
    """Record that school or training ended: when, whether it was completed, and any credential earned."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, enrollment.program)
    if end_date is None:
        raise ValidationError({"end_date": _("Enter the date the school or training ended.")})
    return education_update(
        actor=actor,
        enrollment=enrollment,
        version=version,
        kind=enrollment.kind,
        name=enrollment.name,
        start_date=enrollment.start_date,
        end_date=end_date,
        completed=completed,
        credential=credential or enrollment.credential,
    )
