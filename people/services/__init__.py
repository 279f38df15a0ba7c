"""Writes about job seekers. Each one is audited in its own transaction."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Membership, Program
from core import audit
from core.dates import today_in
from core.services import check_version, next_ref, validated_save

from ..models import CaseloadAssignment, JobSeeker, ReferralChannel, ReferralContactAttempt, ReferralSource
from ..selectors import possible_duplicates

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
# Younger than this at referral is unusual for IPS: the referrer is asked to confirm, never refused.
YOUNGEST_AGE_WITHOUT_CONFIRMATION = 14


def _check_referral_dates(
    *, today: datetime.date, date_of_birth, referral_date: datetime.date, interest_date: datetime.date
) -> None:
    errors = {}
    if referral_date > today:
        errors["referral_date"] = _("The referral date cannot be in the future.")
    if interest_date > today:
        errors["interest_date"] = _("The date they said they want to work cannot be in the future.")
    if date_of_birth is not None:
        if date_of_birth > today:
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif date_of_birth < EARLIEST_BIRTH_DATE:
            errors["date_of_birth"] = _("Enter a date of birth from January 1, 1900 on.")
        elif date_of_birth >= referral_date:
            errors["date_of_birth"] = _("The date of birth must be before the referral date.")
    if errors:
        raise ValidationError(errors)


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    """Whole years of age on `day` (a person born on 29 February turns a year older on 1 March)."""
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def check_under_14(date_of_birth, referral_date: datetime.date) -> None:
    """A warning the referrer confirms, not a block: the date of birth may simply be mistyped."""
    if date_of_birth is None:
        return
    age = age_on(date_of_birth, referral_date)
    if age < YOUNGEST_AGE_WITHOUT_CONFIRMATION:
        raise ValidationError(
            _(
                "With this date of birth the person was %(age)s on the referral date, younger than "
                "%(limit)s. Check the date of birth; if it is right, confirm to refer them anyway."
            ),
            code="under_14",
            params={"age": age, "limit": YOUNGEST_AGE_WITHOUT_CONFIRMATION},
        )


@transaction.atomic
def job_seeker_refer(
    *,
    actor,
    program: Program,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None = None,
    phone: str = "",
    email: str = "",
    preferred_language: str = "en",
    referral_source: str = "",
    referral_source_other: str = "",
    referral_date: datetime.date | None = None,
    interest_date: datetime.date | None = None,
    referral_note: str = "",
    allow_duplicate: bool = False,
    confirm_under_14: bool = False,
    referral_channel: str | None = None,
    contact_preference: str = "",
) -> JobSeeker:
    """Refer a person who wants to work. Nobody is screened out: there is no eligibility test.

    Two checks ask the referrer to confirm and never refuse: a possible duplicate in the program
    (a ValidationError with code "duplicate" unless `allow_duplicate`), and a person under 14 on
    the referral date (code "under_14" unless `confirm_under_14`). The channel defaults to how the
    actor refers (staff, or a clinician); the inbox passes `public_form` for the "I want to work" page.
    """
    access.require(actor, roles.Action.JOB_SEEKER_REFER, program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    today = today_in(program.time_zone)
    referral_date = referral_date or today
    interest_date = interest_date or referral_date
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    _check_referral_dates(
        today=today, date_of_birth=date_of_birth, referral_date=referral_date, interest_date=interest_date
    )
    if referral_source == ReferralSource.OTHER and not referral_source_other.strip():
        raise ValidationError({"referral_source_other": _("Say who referred the person.")})
    if referral_source != ReferralSource.OTHER:
        referral_source_other = ""
    # A BCP 47 tag from the staff form and the API (they check its shape); the public page may
    # pass the words a person wrote for their language, which are kept as written.
    preferred_language = (preferred_language or "en").strip()[:35] or "en"
    if not confirm_under_14:
        check_under_14(date_of_birth, referral_date)

    if not allow_duplicate and first_name and last_name:
        duplicates = possible_duplicates(
            program=program, first_name=first_name, last_name=last_name, date_of_birth=date_of_birth
        )
        if duplicates:
            raise ValidationError(
                _(
                    "This program already has a record with the same name and date of birth: %(refs)s. "
                    "Open it, or confirm that this is a different person."
                ),
                code="duplicate",
                params={"refs": ", ".join(js.ref for js in duplicates), "duplicates": duplicates},
            )

    actor_roles = access.roles_of(actor, program)
    as_clinician = roles.TT in actor_roles and not actor_roles & roles.STAFF_ROLES
    job_seeker = JobSeeker(
        program=program,
        ref=next_ref(JobSeeker.objects.filter(program=program), "JS-"),
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        phone=phone.strip(),
        email=email.strip(),
        preferred_language=preferred_language,
        referral_date=referral_date,
        interest_date=interest_date,
        referral_source=referral_source,
        referral_source_other=referral_source_other.strip(),
        referred_by_user=actor,
        referral_channel=referral_channel
        or (ReferralChannel.TREATMENT_TEAM if as_clinician else ReferralChannel.STAFF),
        contact_preference=contact_preference,
        referral_note=referral_note.strip(),
    )
    validated_save(job_seeker)
    audit.record_change(actor=actor, obj=job_seeker, before=None, job_seeker_id=job_seeker.pk)
    return job_seeker


def _check_attempted_at(job_seeker: JobSeeker, attempted_at: datetime.datetime) -> None:
    tz = ZoneInfo(job_seeker.program.time_zone) if job_seeker.program.time_zone else None
    local = timezone.localtime(attempted_at, tz)
    if attempted_at > timezone.now():
        raise ValidationError({"attempted_at": _("An outreach attempt cannot be in the future.")})
    if local.date() < job_seeker.referral_date:
        raise ValidationError({"attempted_at": _("An outreach attempt cannot be before the referral.")})


@transaction.atomic
def contact_attempt_log(
    *,
    actor,
    job_seeker: JobSeeker,
    attempted_at: datetime.datetime,
    method: str,
    outcome: str,
    note: str = "",
) -> ReferralContactAttempt:
    """Log one attempt to reach a person. Outreach goes on until they enroll or say no."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    _check_attempted_at(job_seeker, attempted_at)
    attempt = ReferralContactAttempt(
        job_seeker=job_seeker,
        attempted_at=attempted_at,
        staff=access.staff_membership(actor, job_seeker.program),
        method=method,
        outcome=outcome,
        note=(note or "").strip(),
    )
    validated_save(attempt)
    audit.record_change(actor=actor, obj=attempt, before=None, job_seeker_id=job_seeker.pk)
    return attempt


def _check_specialist(job_seeker: JobSeeker, employment_specialist, on_date: datetime.date) -> None:
    ok = (
        employment_specialist is not None
        and employment_specialist.program_id == job_seeker.program_id
        and employment_specialist.role == roles.ES
        and Membership.objects.current(on_date).filter(pk=employment_specialist.pk).exists()
    )
    if not ok:
        raise ValidationError(
            {"employment_specialist": _("Choose a current employment specialist of this program.")}
        )


def _locked(job_seeker: JobSeeker, version: int | None) -> JobSeeker:
    locked = JobSeeker.objects.select_for_update(of=("self",)).select_related("program").get(pk=job_seeker.pk)
    check_version(locked, version)
    return locked


@transaction.atomic
def job_seeker_enroll(
    *,
    actor,
    job_seeker: JobSeeker,
    enrollment_date: datetime.date,
    employment_specialist: Membership,
    version: int | None,
) -> JobSeeker:
    """Enroll a referred person with an employment specialist: the first meeting starts the caseload."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    job_seeker = _locked(job_seeker, version)
    if job_seeker.enrollment_date is not None:
        raise ValidationError(_("This person is already enrolled."), code="enrolled")
    if job_seeker.closed_date is not None:
        raise ValidationError(_("This record is closed."), code="closed")
    today = today_in(job_seeker.program.time_zone)
    if enrollment_date > today:
        raise ValidationError({"enrollment_date": _("Enrollment cannot be in the future.")})
    if enrollment_date < job_seeker.referral_date:
        raise ValidationError({"enrollment_date": _("Enrollment cannot be before the referral.")})
    if enrollment_date < job_seeker.interest_date:
        raise ValidationError(
            {"enrollment_date": _("Enrollment cannot be before the date they said they want to work.")}
        )
    _check_specialist(job_seeker, employment_specialist, today)
    before = audit.snapshot(job_seeker, ["enrollment_date", "employment_specialist"])
    job_seeker.enrollment_date = enrollment_date
    job_seeker.employment_specialist = employment_specialist
    validated_save(job_seeker, bump_version=True)
    assignment = CaseloadAssignment(
        job_seeker=job_seeker,
        employment_specialist=employment_specialist,
        from_date=enrollment_date,
        reason=_("Enrollment"),
    )
    validated_save(assignment)
    audit.record_change(actor=actor, obj=job_seeker, before=before, job_seeker_id=job_seeker.pk)
    audit.record_change(actor=actor, obj=assignment, before=None, job_seeker_id=job_seeker.pk)
    return job_seeker


@transaction.atomic
def job_seeker_transfer(
    *,
    actor,
    job_seeker: JobSeeker,
    employment_specialist: Membership,
    on_date: datetime.date,
    reason: str,
    version: int | None,
) -> JobSeeker:
    """Move a person to another employment specialist's caseload; the earlier assignment is kept."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    job_seeker = _locked(job_seeker, version)
    if job_seeker.enrollment_date is None:
        raise ValidationError(_("Only an enrolled person can be transferred."), code="not_enrolled")
    if job_seeker.closed_date is not None:
        raise ValidationError(_("This record is closed."), code="closed")
    today = today_in(job_seeker.program.time_zone)
    if on_date > today:
        raise ValidationError({"on_date": _("A transfer cannot be in the future.")})
    current = (
        CaseloadAssignment.objects.select_for_update(of=("self",))
        .filter(job_seeker=job_seeker, to_date__isnull=True)
        .first()
    )
    if current:
        if on_date < current.from_date:
            raise ValidationError({"on_date": _("A transfer cannot be before the current assignment began.")})
    else:
        # Unassigned (re-opened after their specialist left): not before the last assignment ended.
        last = CaseloadAssignment.objects.filter(job_seeker=job_seeker).order_by("-to_date").first()
        earliest = max(job_seeker.enrollment_date, last.to_date) if last else job_seeker.enrollment_date
        if on_date < earliest:
            raise ValidationError(
                {
                    "on_date": _(
                        "The new assignment cannot start before %(date)s (enrollment or the end of the last one)."
                    )
                    % {"date": date_format(earliest)}
                }
            )
    _check_specialist(job_seeker, employment_specialist, today)
    if current and current.employment_specialist_id == employment_specialist.pk:
        raise ValidationError(
            {"employment_specialist": _("This person is already on that employment specialist's caseload.")}
        )
    if current:
        before_close = audit.snapshot(current, ["to_date"])
        # The old assignment ends the day before the new one, or the same day for a same-day move.
        current.to_date = max(current.from_date, on_date - datetime.timedelta(days=1))
        validated_save(current)
        audit.record_change(actor=actor, obj=current, before=before_close, job_seeker_id=job_seeker.pk)
    before = audit.snapshot(job_seeker, ["employment_specialist"])
    job_seeker.employment_specialist = employment_specialist
    validated_save(job_seeker, bump_version=True)
    assignment = CaseloadAssignment(
        job_seeker=job_seeker,
        employment_specialist=employment_specialist,
        from_date=on_date,
        reason=(reason or "").strip(),
    )
    validated_save(assignment)
    audit.record_change(actor=actor, obj=job_seeker, before=before, job_seeker_id=job_seeker.pk)
    audit.record_change(actor=actor, obj=assignment, before=None, job_seeker_id=job_seeker.pk)
    return job_seeker


# Closing and re-opening live in their own module; they are services of this package all the same.
from .closure import job_seeker_close, job_seeker_reopen  # noqa: E402, F401
