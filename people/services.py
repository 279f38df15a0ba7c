"""Writes about job seekers. Each one is audited in its own transaction."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.dates import today_in
from core.services import validated_save

from .models import JobSeeker, ReferralChannel, ReferralSource
from .selectors import possible_duplicates

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
_REF_RE = re.compile(r"^JS-(\d+)$")


def _next_ref(program: Program) -> str:
    """The next `JS-000123` reference in the program (the program row is locked by the caller)."""
    refs = (
        JobSeeker.objects.filter(program=program, ref__startswith="JS-")
        .order_by(Length("ref").desc(), "-ref")
        .values_list("ref", flat=True)[:20]
    )
    numbers = [int(m.group(1)) for ref in refs if (m := _REF_RE.match(ref))]
    return f"JS-{max(numbers, default=0) + 1:06d}"


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
) -> JobSeeker:
    """Refer a person who wants to work. Nobody is screened out: there is no eligibility test."""
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
        ref=_next_ref(program),
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        phone=phone.strip(),
        email=email.strip(),
        preferred_language=(preferred_language or "en").strip(),
        referral_date=referral_date,
        interest_date=interest_date,
        referral_source=referral_source,
        referral_source_other=referral_source_other.strip(),
        referred_by_user=actor,
        referral_channel=ReferralChannel.TREATMENT_TEAM if as_clinician else ReferralChannel.STAFF,
        referral_note=referral_note.strip(),
    )
    validated_save(job_seeker)
    audit.record_change(actor=actor, obj=job_seeker, before=None, job_seeker_id=job_seeker.pk)
    return job_seeker
