"""Writes about consents (releases of information), and the check every feature makes before sharing.

A consent, once saved, never changes except by revocation: another scope or other dates make a
new consent. Expired and revoked consents stay on the record and never allow sharing.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import access, roles
from core import audit
from core.dates import today_in
from core.models import AuditAction
from core.services import check_version, validated_save

from ..models import Consent, ConsentScope, ConsentScopeItem, JobSeeker, PartnerKind, TreatmentTeam

CONSENT_FIELDS = [
    "job_seeker",
    "partner_kind",
    "partner_name",
    "scope_note",
    "covers_part2",
    "signed_on",
    "start_date",
    "expiry_date",
]


def _program_tz(job_seeker: JobSeeker):
    name = job_seeker.program.time_zone
    return ZoneInfo(name) if name else None


def _local_date(job_seeker: JobSeeker, moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, _program_tz(job_seeker)).date()


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _check_scope(scope) -> list[str]:
    items = list(scope or [])
    if not items:
        raise ValidationError({"scope": _("Choose at least one kind of information the consent releases.")})
    unknown = [item for item in items if item not in ConsentScopeItem.values]
    if unknown:
        raise ValidationError(
            {
                "scope": _("“%(item)s” is not a kind of information a consent can release.")
                % {"item": unknown[0]}
            }
        )
    if len(set(items)) != len(items):
        raise ValidationError({"scope": _("Each kind of information can be chosen only once.")})
    return items


def _check_dates(*, today, signed_on, start_date, expiry_date) -> None:
    errors = {}
    if signed_on > today:
        errors["signed_on"] = _("The date the form was signed cannot be in the future.")
    elif signed_on > start_date:
        errors["signed_on"] = _("The form must be signed on or before the start date.")
    if expiry_date < start_date:
        errors["expiry_date"] = _("The expiry date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consent_record(
    *,
    actor,
    job_seeker: JobSeeker,
    partner_kind: str,
    partner_name: str,
    scope: list[str],
    scope_note: str = "",
    covers_part2: bool = False,
    signed_on: datetime.date,
    start_date: datetime.date,
    expiry_date: datetime.date,
) -> Consent:
    """Record a release of information the person signed: who may receive what, until when."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    if partner_kind not in PartnerKind.values:
        raise ValidationError({"partner_kind": _("Choose who the consent releases information to.")})
    partner_name = (partner_name or "").strip()
    if not partner_name:
        raise ValidationError({"partner_name": _("Write the named recipient, as on the signed form.")})
    items = _check_scope(scope)
    _check_dates(
        today=today_in(job_seeker.program.time_zone),
        signed_on=signed_on,
        start_date=start_date,
        expiry_date=expiry_date,
    )
    consent = Consent(
        job_seeker=job_seeker,
        partner_kind=partner_kind,
        partner_name=partner_name,
        scope_note=(scope_note or "").strip(),
        covers_part2=bool(covers_part2),
        signed_on=signed_on,
        start_date=start_date,
        expiry_date=expiry_date,
    )
    validated_save(consent)
    ConsentScope.objects.bulk_create(ConsentScope(consent=consent, item=item) for item in items)
    after = audit.snapshot(consent, CONSENT_FIELDS)
    after["scope"] = sorted(items)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=consent,
        job_seeker_id=job_seeker.pk,
        changes=audit.diff({}, after),
    )
    return consent


@transaction.atomic
def consent_revoke(
    *,
    actor,
    consent: Consent,
    revoked_at: datetime.datetime | None = None,
    revocation_note: str = "",
) -> Consent:
    """The person takes back a consent. It ends at once: nothing more is shared under it."""
    job_seeker = consent.job_seeker
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    consent = (
        Consent.objects.select_for_update(of=("self",))
        .select_related("job_seeker__program")
        .get(pk=consent.pk)
    )
    job_seeker = consent.job_seeker
    now = timezone.now()
    revoked_at = revoked_at or now
    if consent.revoked_at is not None:
        raise ValidationError(
            _("This consent was already revoked on %(day)s.")
            % {"day": _day(_local_date(job_seeker, consent.revoked_at))},
            code="revoked",
        )
    if revoked_at > now:
        raise ValidationError({"revoked_at": _("A revocation cannot be in the future.")})
    day = _local_date(job_seeker, revoked_at)
    if day < consent.start_date:
        raise ValidationError(
            {
                "revoked_at": _(
                    "A consent cannot be revoked before its start date (%(day)s). Until then it allows "
                    "no sharing."
                )
                % {"day": _day(consent.start_date)}
            }
        )
    if day > consent.expiry_date:
        raise ValidationError(
            {
                "revoked_at": _("This consent had already expired on %(day)s; it no longer allows sharing.")
                % {"day": _day(consent.expiry_date)}
            }
        )
    before = audit.snapshot(consent, ["revoked_at", "revocation_note"])
    consent.revoked_at = revoked_at
    consent.revocation_note = (revocation_note or "").strip()
    validated_save(consent)
    audit.record(
        actor=actor,
        action=AuditAction.REVOKE,
        obj=consent,
        job_seeker_id=job_seeker.pk,
        changes=audit.diff(before, audit.snapshot(consent, ["revoked_at", "revocation_note"])),
    )
    return consent


def _covers(consent: Consent, scope_item: str | None, part2: bool) -> bool:
    items = {s.item for s in consent.scopes.all()}
    return (scope_item is None or scope_item in items) and (consent.covers_part2 or not part2)


def _refusal(message: str, code: str, field: str | None) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)} if field else message, code=code)


def consent_in_force(
    job_seeker: JobSeeker,
    partner_kind: str,
    scope_item: str | None = None,
    part2: bool = False,
    on: datetime.date | None = None,
    *,
    field: str | None = None,
) -> Consent:
    """The consent that allows sharing this information with this kind of partner today (or `on`).

    Call it before anything about the person leaves for a partner. It refuses — with a
    ValidationError that says why (on `field` when given) — when the consent is missing, has
    expired, was revoked, has not started, or does not cover the information or Part 2.
    """
    on = on or today_in(job_seeker.program.time_zone)
    kind_label = PartnerKind(partner_kind).label if partner_kind in PartnerKind.values else partner_kind
    consents = list(
        Consent.objects.filter(job_seeker=job_seeker, partner_kind=partner_kind).prefetch_related("scopes")
    )

    def revoked_by(consent):
        return consent.revoked_at is not None and _local_date(job_seeker, consent.revoked_at) <= on

    covering = [c for c in consents if _covers(c, scope_item, part2)]
    in_force = [c for c in covering if c.start_date <= on <= c.expiry_date and not revoked_by(c)]
    if in_force:
        return max(in_force, key=lambda c: (c.expiry_date, c.pk))

    params = {"kind": kind_label, "name": job_seeker.display_name}
    if covering:
        latest = max(covering, key=lambda c: (c.start_date, c.pk))
        params["recipient"] = latest.partner_name
        if revoked_by(latest):
            params["day"] = _day(_local_date(job_seeker, latest.revoked_at))
            message = _(
                "The consent for %(recipient)s (“%(kind)s”) was revoked on %(day)s. "
                "Nothing may be shared under it."
            )
            raise _refusal(message % params, "consent_revoked", field)
        if latest.expiry_date < on:
            params["day"] = _day(latest.expiry_date)
            message = _(
                "The consent for %(recipient)s (“%(kind)s”) expired on %(day)s. "
                "Nothing may be shared until %(name)s signs a new one."
            )
            raise _refusal(message % params, "consent_expired", field)
        params["day"] = _day(latest.start_date)
        message = _(
            "The consent for %(recipient)s (“%(kind)s”) starts on %(day)s. Nothing may be shared before then."
        )
        raise _refusal(message % params, "consent_not_started", field)
    if part2 and any(_covers(c, scope_item, False) for c in consents):
        message = _(
            "No consent %(name)s signed for sharing with “%(kind)s” covers substance-use-disorder information "
            "(42 CFR Part 2). Leave that information out, or ask for a consent that covers it."
        )
        raise _refusal(message % params, "consent_part2", field)
    if consents and scope_item:
        params["scope"] = (
            ConsentScopeItem(scope_item).label if scope_item in ConsentScopeItem.values else scope_item
        )
        message = _("No consent %(name)s signed for sharing with “%(kind)s” covers “%(scope)s”.")
        raise _refusal(message % params, "consent_scope", field)
    message = _("%(name)s has not signed a consent for sharing with “%(kind)s”.")
    raise _refusal(message % params, "consent_missing", field)


@transaction.atomic
def job_seeker_set_treatment_team(
    *, actor, job_seeker: JobSeeker, treatment_team: TreatmentTeam | None, version: int | None
) -> JobSeeker:
    """Name the person's treatment team. Its members see the record only under a treatment-team consent."""
    access.require(actor, roles.Action.JOB_SEEKER_EDIT, job_seeker.program)
    job_seeker = (
        JobSeeker.objects.select_for_update(of=("self",)).select_related("program").get(pk=job_seeker.pk)
    )
    check_version(job_seeker, version)
    if treatment_team is None or treatment_team.program_id != job_seeker.program_id:
        raise ValidationError({"treatment_team": _("Choose a treatment team of this program.")})
    if job_seeker.treatment_team_id == treatment_team.pk:
        raise ValidationError({"treatment_team": _("This is already the person's treatment team.")})
    before = audit.snapshot(job_seeker, ["treatment_team"])
    job_seeker.treatment_team = treatment_team
    validated_save(job_seeker, bump_version=True)
    audit.record_change(actor=actor, obj=job_seeker, before=before, job_seeker_id=job_seeker.pk)
    return job_seeker
