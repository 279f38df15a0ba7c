"""Writes about service notes: a note is a legal record, editable by its writer for 24 hours, then only added to."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import access, roles
from core import audit
from core.dates import today_in
from core.services import check_version, validated_save

from ..models import NOTE_EDIT_WINDOW, JobSeeker, NoteAddendum, ServiceNote

# What the writer may still change before the note locks (records.md, ServiceNote).
EDITABLE_FIELDS = ["date", "kind", "location", "mode", "minutes", "text", "contains_part2"]
MAX_MINUTES = 720


def locked_message() -> str:
    return _("This note is locked: it was written more than 24 hours ago. Add an addendum instead.")


def not_writer_message() -> str:
    return _("Only the person who wrote this note can change it. Add an addendum instead.")


def _check_note(job_seeker: JobSeeker, *, date: datetime.date | None, minutes: int | None, text: str) -> None:
    """The rules of a note's date, minutes and text; every broken rule is told on its field."""
    errors = {}
    today = today_in(job_seeker.program.time_zone)
    if date is None:
        errors["date"] = _("Enter the date of the contact.")
    elif date > today:
        errors["date"] = _("A note cannot be dated in the future.")
    elif date < job_seeker.referral_date:
        errors["date"] = _("A note cannot be dated before the referral (%(date)s).") % {
            "date": date_format(job_seeker.referral_date)
        }
    elif job_seeker.closed_date is not None and date > job_seeker.closed_date:
        errors["date"] = _(
            "This record was closed on %(date)s: a note cannot be dated after that. Re-open the record first."
        ) % {"date": date_format(job_seeker.closed_date)}
    if minutes is None:
        errors["minutes"] = _("Enter how many minutes the contact took.")
    elif not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = _("Enter between 1 and %(max)s minutes.") % {"max": MAX_MINUTES}
    if not text:
        errors["text"] = _("Write what happened: a note cannot be empty.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def service_note_create(
    *,
    actor,
    job_seeker: JobSeeker,
    date: datetime.date,
    kind: str,
    location: str,
    mode: str,
    minutes: int | None,
    text: str,
    contains_part2: bool = False,
    job=None,
) -> ServiceNote:
    """Write a note about a contact with or about the person; its writer may change it for 24 hours.

    `job` (a jobs.Job of the same person) is the job a follow-along note is about.
    """
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    text = (text or "").strip()
    if job is not None and job.job_seeker_id != job_seeker.pk:
        raise ValidationError({"job": _("This job is not one of this person's jobs.")})
    _check_note(job_seeker, date=date, minutes=minutes, text=text)
    note = ServiceNote(
        job_seeker=job_seeker,
        program_id=job_seeker.program_id,
        date=date,
        staff=access.staff_membership(actor, job_seeker.program),
        kind=kind,
        location=location,
        mode=mode,
        minutes=minutes,
        text=text,
        contains_part2=bool(contains_part2),
        locked_at=timezone.now() + NOTE_EDIT_WINDOW,
        job=job,
    )
    validated_save(note)
    audit.record_change(actor=actor, obj=note, before=None, job_seeker_id=job_seeker.pk)
    return note


def is_writer(user, note: ServiceNote) -> bool:
    """Is the user the one who wrote the note? (An imported note has no writer.)"""
    return (
        note.staff_id is not None
        and user is not None
        and user.is_authenticated
        and note.staff.user_id == user.pk
    )


@transaction.atomic
def service_note_update(
    *,
    actor,
    note: ServiceNote,
    version: int | None,
    date: datetime.date,
    kind: str,
    location: str,
    mode: str,
    minutes: int | None,
    text: str,
    contains_part2: bool = False,
) -> ServiceNote:
    """Correct a note before it locks: only its writer, within 24 hours of writing it; each change audited."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, note.program)
    note = (
        ServiceNote.objects.select_for_update(of=("self",))
        .select_related("staff", "job_seeker__program", "program")
        .get(pk=note.pk)
    )
    if not is_writer(actor, note):
        raise PermissionDenied(not_writer_message())
    if note.is_locked():
        raise ValidationError(locked_message(), code="locked")
    check_version(note, version)
    text = (text or "").strip()
    _check_note(note.job_seeker, date=date, minutes=minutes, text=text)
    before = audit.snapshot(note, EDITABLE_FIELDS)
    note.date = date
    note.kind = kind
    note.location = location
    note.mode = mode
    note.minutes = minutes
    note.text = text
    note.contains_part2 = bool(contains_part2)
    validated_save(note, bump_version=True)
    audit.record_change(actor=actor, obj=note, before=before, job_seeker_id=note.job_seeker_id)
    return note


@transaction.atomic
def note_addendum_add(*, actor, note: ServiceNote, text: str, contains_part2: bool = False) -> NoteAddendum:
    """Add to a note, locked or not. An addendum is never edited: a correction is another addendum."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, note.program)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the addendum: it cannot be empty.")})
    addendum = NoteAddendum(note=note, text=text, author=actor, contains_part2=bool(contains_part2))
    validated_save(addendum)
    audit.record_change(actor=actor, obj=addendum, before=None, job_seeker_id=note.job_seeker_id)
    return addendum
