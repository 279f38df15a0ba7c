"""The "I want to work" page: what a person sends without a log-in, and how staff handle it.

Nothing a person sends is lost or discarded by a rule: a submission that looks like a bot's is
kept in the inbox's "filtered" list, where staff can still make a referral from it. Only a flood
(too many submissions from one client, or to one program, within an hour) is refused, and the
visitor is told to call or write instead.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Program, ProgramStatus
from core import audit
from core.models import AuditAction
from core.services import validated_save

from ..models import (
    ContactPreference,
    FilterReason,
    JobSeeker,
    PublicReferralSubmission,
    ReferralChannel,
    ReferralSource,
    SubmissionStatus,
)
from . import EARLIEST_BIRTH_DATE, job_seeker_refer

# Flood limits, counted in the database over the last hour.
RATE_WINDOW = datetime.timedelta(hours=1)
PER_CLIENT_LIMIT = 5
PER_PROGRAM_LIMIT = 100

# Who the audit trail names for what arrived through the public page (there is no user).
PUBLIC_ACTOR = "public page"

_HASH_SALT = "openips.people.public_referral.client"


class TooManySubmissions(Exception):
    """Over the flood limit: nothing is stored, and the visitor is asked to call or write."""


def client_fingerprint(ip: str | None) -> str:
    """A keyed hash of the client's address: enough to count its submissions, never the address."""
    return salted_hmac(_HASH_SALT, ip or "unknown", algorithm="sha256").hexdigest()


def accepts_public_referrals(program: Program) -> bool:
    """Is the program's "I want to work" page open? Never while planning, paused or closed."""
    return bool(program.self_referral_open) and program.status == ProgramStatus.ACTIVE


def _check_flood(program: Program, client_hash: str, now: datetime.datetime) -> None:
    since = now - RATE_WINDOW
    recent = PublicReferralSubmission.objects.filter(received_at__gte=since)
    if recent.filter(client_hash=client_hash).count() >= PER_CLIENT_LIMIT:
        raise TooManySubmissions
    if recent.filter(program=program).count() >= PER_PROGRAM_LIMIT:
        raise TooManySubmissions


def _check_submission(
    *, today: datetime.date, first_name: str, last_name: str, date_of_birth, phone: str, email: str
) -> None:
    errors = {}
    if not first_name:
        errors["first_name"] = _("Enter your first name.")
    if not last_name:
        errors["last_name"] = _("Enter your last name.")
    if date_of_birth is not None:
        if date_of_birth > today:
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif date_of_birth < EARLIEST_BIRTH_DATE:
            errors["date_of_birth"] = _("Enter a date of birth from January 1, 1900 on.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter an e-mail address like name@example.com.")
    if not phone and not email:
        errors["phone"] = _("Give a phone number or an e-mail address, so that the program can reach you.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def public_submission_receive(
    *,
    program: Program,
    client_ip: str | None,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None = None,
    phone: str = "",
    email: str = "",
    preferred_language: str = "en",
    contact_preference: str = "",
    message: str = "",
    filter_reason: str = "",
) -> PublicReferralSubmission:
    """Keep what a person sent through the "I want to work" page, for the program's inbox.

    There is no actor: the audit row names the public page. `filter_reason` (a honeypot or timing
    check that tripped) does not discard anything: the submission lands in the "filtered" list.
    """
    # The program row is locked so that concurrent submissions are counted one after another.
    program = Program.objects.select_for_update().get(pk=program.pk)
    if not accepts_public_referrals(program):
        raise ValidationError(_("This program does not take referrals online."), code="closed")
    now = timezone.now()
    client_hash = client_fingerprint(client_ip)
    _check_flood(program, client_hash, now)
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    phone, email = (phone or "").strip(), (email or "").strip()
    _check_submission(
        today=timezone.localtime(now, ZoneInfo(program.time_zone)).date(),
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        phone=phone,
        email=email,
    )
    if contact_preference not in ContactPreference.values:
        contact_preference = ""
    if filter_reason not in FilterReason.values:
        filter_reason = FilterReason.NO_TOKEN if filter_reason else ""
    submission = PublicReferralSubmission(
        program=program,
        received_at=now,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        phone=phone,
        email=email,
        preferred_language=(preferred_language or "").strip()[:35] or "en",
        contact_preference=contact_preference,
        message=(message or "").strip(),
        client_hash=client_hash,
        suspected_bot=bool(filter_reason),
        filter_reason=filter_reason,
    )
    validated_save(submission)
    after = audit.snapshot(submission)
    after.pop("client_hash", None)
    audit.record(
        actor=None,
        actor_email=PUBLIC_ACTOR,
        action=AuditAction.CREATE,
        obj=submission,
        program=program,
        changes=audit.diff({}, after),
    )
    return submission


_HANDLED_FIELDS = ["status", "job_seeker", "handled_at", "handled_by"]


def _locked(submission: PublicReferralSubmission) -> PublicReferralSubmission:
    """The submission, locked; one that already became a referral is not handled twice."""
    locked = (
        PublicReferralSubmission.objects.select_for_update(of=("self",))
        .select_related("program", "job_seeker")
        .get(pk=submission.pk)
    )
    if locked.status == SubmissionStatus.REFERRAL_MADE:
        raise ValidationError(
            _("A referral was already made from this submission (%(ref)s)."),
            code="handled",
            params={"ref": locked.job_seeker.ref},
        )
    return locked


def _mark_handled(actor, submission: PublicReferralSubmission, status: str, job_seeker=None) -> None:
    before = audit.snapshot(submission, _HANDLED_FIELDS)
    submission.status = status
    submission.job_seeker = job_seeker
    submission.handled_at = timezone.now()
    submission.handled_by = actor
    validated_save(submission)
    audit.record_change(
        actor=actor,
        obj=submission,
        before=before,
        job_seeker_id=job_seeker.pk if job_seeker is not None else None,
    )


@transaction.atomic
def public_submission_make_referral(
    *,
    actor,
    submission: PublicReferralSubmission,
    allow_duplicate: bool = False,
    confirm_under_14: bool = False,
    existing_job_seeker: JobSeeker | None = None,
) -> JobSeeker:
    """Turn a submission into a referral: a new job seeker, or the record this person already has.

    A new record comes from the same referral service as the staff form (possible duplicates are
    refused unless `allow_duplicate`), as a self-referral through the "I want to work" page, on
    the day the submission arrived.
    """
    access.require(actor, roles.Action.REFERRAL_INBOX, submission.program)
    submission = _locked(submission)
    program = submission.program
    if existing_job_seeker is not None:
        if existing_job_seeker.program_id != program.pk:
            raise ValidationError({"job_seeker": _("Choose a record of this program.")})
        job_seeker = existing_job_seeker
    else:
        received_on = timezone.localtime(submission.received_at, ZoneInfo(program.time_zone)).date()
        job_seeker = job_seeker_refer(
            actor=actor,
            program=program,
            first_name=submission.first_name,
            last_name=submission.last_name,
            date_of_birth=submission.date_of_birth,
            phone=submission.phone,
            email=submission.email,
            preferred_language=submission.preferred_language,
            referral_source=ReferralSource.SELF,
            referral_date=received_on,
            interest_date=received_on,
            referral_note=submission.message,
            allow_duplicate=allow_duplicate,
            confirm_under_14=confirm_under_14,
            referral_channel=ReferralChannel.PUBLIC_FORM,
            contact_preference=submission.contact_preference,
        )
    _mark_handled(actor, submission, SubmissionStatus.REFERRAL_MADE, job_seeker)
    return job_seeker


@transaction.atomic
def public_submission_mark_not_a_person(
    *, actor, submission: PublicReferralSubmission
) -> PublicReferralSubmission:
    """Set aside a spam or test entry. Never a way to turn a person away: it can still become a referral."""
    access.require(actor, roles.Action.REFERRAL_INBOX, submission.program)
    submission = _locked(submission)
    if submission.status == SubmissionStatus.NOT_A_PERSON:
        raise ValidationError(_("This submission is already marked as spam or a test entry."), code="handled")
    _mark_handled(actor, submission, SubmissionStatus.NOT_A_PERSON)
    return submission
