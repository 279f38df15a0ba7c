"""Writes about users, programs, memberships and invitations. Each one is audited."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.models import AuditAction
from core.services import check_version, validated_save

from . import access, roles
from .models import Agency, Invitation, Membership, Program, ProgramArea, ProgramStatus, ServiceArea, User

PROGRAM_FIELDS = [
    "slug",
    "name",
    "agency",
    "state",
    "status",
    "start_date",
    "closed_date",
    "time_zone",
    "wage_locality",
    "meeting_gap_days",
    "treatment_savings_per_year",
    "listed_publicly",
    "public_phone",
    "public_email",
    "how_to_start",
    "self_referral_open",
]

# What identifies a program and where it stands: the state team's to change, not the program's.
PROGRAM_IDENTITY_FIELDS = {"slug", "agency", "state", "status", "start_date", "closed_date"}


def _set_areas(program: Program, areas: list[ServiceArea], primary: ServiceArea | None) -> None:
    if primary is not None and primary not in areas:
        areas = [primary, *areas]
    if program.status != ProgramStatus.PLANNING and not areas:
        raise ValidationError({"areas": _("Choose at least one county or tribal nation.")})
    if areas and primary is None:
        raise ValidationError({"primary_area": _("Choose the program's primary area.")})
    ProgramArea.objects.filter(program=program).exclude(area__in=areas).delete()
    for area in areas:
        ProgramArea.objects.update_or_create(
            program=program, area=area, defaults={"is_primary": area == primary}
        )


def _apply_program_rules(program: Program) -> None:
    if program.status in (ProgramStatus.PAUSED, ProgramStatus.CLOSED):
        program.self_referral_open = False  # the public page closes with the program
    if program.status == ProgramStatus.CLOSED and program.closed_date is None:
        raise ValidationError({"closed_date": _("A closed program needs the date it closed.")})
    if program.status != ProgramStatus.CLOSED and program.closed_date is not None:
        raise ValidationError({"closed_date": _("Only a closed program has a closing date.")})
    if program.status != ProgramStatus.PLANNING and program.start_date is None:
        raise ValidationError(
            {
                "start_date": _(
                    "Enter the first day the program offered IPS (needed unless it is still planning)."
                )
            }
        )
    if program.closed_date and program.start_date and program.closed_date < program.start_date:
        raise ValidationError({"closed_date": _("The closing date cannot be before the start date.")})


@transaction.atomic
def program_create(
    *, actor, areas: list[ServiceArea] | None = None, primary_area: ServiceArea | None = None, **fields
) -> Program:
    """A state administrator opens a new IPS site."""
    access.require(actor, roles.Action.PROGRAM_CREATE)
    program = Program(**{k: v for k, v in fields.items() if k in PROGRAM_FIELDS})
    _apply_program_rules(program)
    validated_save(program)
    _set_areas(program, list(areas or []), primary_area)
    audit.record_change(actor=actor, obj=program, before=None)
    return program


@transaction.atomic
def program_update(
    *, actor, program: Program, version: int | None, areas=None, primary_area=None, **fields
) -> Program:
    """Change a program's details; a stale version is refused."""
    access.require(actor, roles.Action.PROGRAM_EDIT, program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    check_version(program, version)
    before = audit.snapshot(program, PROGRAM_FIELDS)
    may_change_identity = access.can(actor, roles.Action.PROGRAM_CREATE)
    for name, value in fields.items():
        if name not in PROGRAM_FIELDS or getattr(program, name) == value:
            continue
        if name in PROGRAM_IDENTITY_FIELDS and not may_change_identity:
            raise ValidationError(
                {name: _("Only the state IPS team changes a program's identity, dates and status.")}
            )
        setattr(program, name, value)
    _apply_program_rules(program)
    validated_save(program, bump_version=True)
    if areas is not None:
        _set_areas(program, list(areas), primary_area)
    audit.record_change(actor=actor, obj=program, before=before)
    return program


@transaction.atomic
def agency_create(*, actor, name: str, kind: str, state: str, **extra) -> Agency:
    """Record an organization that runs IPS."""
    access.require(actor, roles.Action.PROGRAM_CREATE)
    agency = validated_save(Agency(name=name, kind=kind, state=state, **extra))
    audit.record_change(actor=actor, obj=agency, before=None)
    return agency


def _check_fte_total(user: User, program, role: str, fte, start_date, exclude_pk=None) -> None:
    if role not in roles.STAFF_ROLES:
        return
    others = Membership.objects.filter(user=user, role__in=roles.STAFF_ROLES).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start_date)
    )
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    total = sum((m.fte or Decimal(0) for m in others), Decimal(0)) + Decimal(fte or 0)
    if total > 1:
        raise ValidationError(
            {
                "fte": _(
                    "This person's FTE across all current staff posts would be %(total)s; it cannot exceed 1."
                )
                % {"total": total}
            }
        )


@transaction.atomic
def membership_create(
    *,
    actor,
    user: User,
    role: str,
    program: Program | None = None,
    fte=None,
    start_date: datetime.date | None = None,
    end_date=None,
    ref: str = "",
) -> Membership:
    """Give a user a role in a program (or a state-wide role) from a date."""
    if role in roles.STATE_ROLES:
        access.require(actor, roles.Action.USER_MANAGE)
        program = None
    else:
        access.require(actor, roles.Action.STAFF_INVITE, program)
    start_date = start_date or timezone.localdate()
    if role not in roles.STAFF_ROLES:
        fte = None
    elif fte in (None, ""):
        raise ValidationError({"fte": _("Enter the share of a full-time post spent on IPS (0.01 to 1).")})
    overlapping = Membership.objects.filter(user=user, program=program, role=role).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start_date)
    )
    if end_date:
        overlapping = overlapping.filter(start_date__lte=end_date)
    if overlapping.exists():
        raise ValidationError({"role": _("This person already holds this role here for that period.")})
    _check_fte_total(user, program, role, fte, start_date)
    membership = validated_save(
        Membership(
            user=user, program=program, role=role, fte=fte, start_date=start_date, end_date=end_date, ref=ref
        )
    )
    audit.record_change(actor=actor, obj=membership, before=None)
    access.forget_memberships(user)
    return membership


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_may_invite(actor, role: str, program: Program | None) -> None:
    if role in roles.STATE_ROLES:
        access.require(actor, roles.Action.USER_MANAGE)
        return
    if program is None:
        raise ValidationError({"program": _("Choose the program this role is for.")})
    access.require(actor, roles.Action.STAFF_INVITE, program)
    if not access.can(actor, roles.Action.USER_MANAGE) and role not in roles.INVITABLE_BY_PROGRAM_MANAGER:
        raise ValidationError({"role": _("You cannot give this role.")})


@transaction.atomic
def invitation_create(
    *,
    actor,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    program: Program | None = None,
    fte=None,
    build_url=None,
) -> tuple[Invitation, str]:
    """Invite a person to a role; returns the invitation and the one-time token for the link."""
    email = User.objects.normalize_email(email).strip().lower()
    if role not in roles.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if role in roles.STATE_ROLES:
        program = None
    _require_may_invite(actor, role, program)
    if role in roles.STAFF_ROLES and fte in (None, ""):
        raise ValidationError({"fte": _("Enter the share of a full-time post spent on IPS (0.01 to 1).")})
    if role not in roles.STAFF_ROLES:
        fte = None
    existing = User.objects.filter(email__iexact=email).first()
    if existing and not existing.is_active:
        raise ValidationError({"email": _("This account is deactivated. Reactivate it first.")})
    holds_it = (
        existing is not None
        and Membership.objects.current().filter(user=existing, program=program, role=role).exists()
    )
    if existing is not None and not holds_it:
        # Tell the inviter now, not the invited person when they open the link.
        _check_fte_total(existing, program, role, fte, timezone.localdate())
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        program=program,
        fte=fte,
        token_hash=_token_hash(token),
        expires_at=timezone.now() + datetime.timedelta(days=settings.OPENIPS_INVITATION_DAYS),
        invited_by=actor,
        user=existing,
    )
    validated_save(invitation)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=invitation,
        program=program,
        changes={"email": [None, email], "role": [None, role], "token_hash": [None, "***"]},
    )
    if build_url is not None:
        url = build_url(token)
        send_mail(
            subject=_("You are invited to OpenIPS"),
            message=_(
                "%(name)s invited you to OpenIPS as %(role)s.\n\n"
                "Open this link to set your password and set up sign-in with an authenticator app. "
                "It works once and expires in %(days)s days:\n\n%(url)s\n"
            )
            % {
                "name": actor.get_full_name(),
                "role": invitation.get_role_display(),
                "days": settings.OPENIPS_INVITATION_DAYS,
                "url": url,
            },
            from_email=None,
            recipient_list=[email],
        )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    """The still-usable invitation behind a link, or None."""
    invitation = Invitation.objects.filter(token_hash=_token_hash(token)).select_related("program").first()
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """The invited person sets a password; their account and membership are made in one go."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("This invitation link is no longer valid. Ask for a new one."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise ValidationError(_("This invitation link has already been used."))
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is not None and not user.is_active:
        raise ValidationError(
            _(
                "This account is deactivated, so the invitation cannot be used. Ask the person who invited you."
            )
        )
    probe = user or User(
        email=invitation.email, first_name=invitation.first_name, last_name=invitation.last_name
    )
    password_validation.validate_password(password, probe)
    created = user is None
    if created:
        user = User(email=invitation.email, first_name=invitation.first_name, last_name=invitation.last_name)
    user.set_password(password)
    validated_save(user, exclude=["password"])
    audit.record(
        actor=user,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=user,
        changes={"password": [None, "***"]},
    )
    inviter = invitation.invited_by
    already = Membership.objects.current().filter(user=user, program=invitation.program, role=invitation.role)
    if not already.exists():
        try:
            _check_fte_total(user, invitation.program, invitation.role, invitation.fte, timezone.localdate())
        except ValidationError as exc:
            # The invited person cannot fix an FTE: say what happened and whom to ask.
            raise ValidationError(
                [*exc.messages, _("Ask the person who invited you to correct the invitation.")]
            ) from exc
        membership = validated_save(
            Membership(
                user=user,
                program=invitation.program,
                role=invitation.role,
                fte=invitation.fte,
                start_date=timezone.localdate(),
            )
        )
        audit.record_change(actor=user, obj=membership, before=None)
    invitation.used_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["used_at", "user", "updated_at"])
    audit.record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=invitation,
        program=invitation.program,
        changes={
            "used_at": [None, str(invitation.used_at)],
            "invited_by": [None, inviter.pk if inviter else None],
        },
    )
    return user


def _end_sessions(user: User) -> int:
    """Delete every stored session that belongs to the user."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_deactivate(*, actor, user: User) -> User:
    """Switch an account off: it cannot sign in and its sessions and API tokens end at once."""
    access.require(actor, roles.Action.USER_MANAGE)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active", "updated_at"])
    _end_sessions(user)
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=user, changes={"is_active": [True, False]})
    return user


@transaction.atomic
def user_reactivate(*, actor, user: User) -> User:
    """Switch an account back on."""
    access.require(actor, roles.Action.USER_MANAGE)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=user, changes={"is_active": [False, True]})
    return user


@transaction.atomic
def user_update_profile(*, actor, user: User, version: int | None = None, **fields) -> User:
    """A user changes their own name, phone or language."""
    if actor.pk != user.pk:
        access.require(actor, roles.Action.USER_MANAGE)
    user = User.objects.select_for_update().get(pk=user.pk)
    check_version(user, version)
    names = [n for n in ("first_name", "last_name", "phone", "language") if n in fields]
    before = audit.snapshot(user, names)
    for name in names:
        setattr(user, name, fields[name])
    validated_save(user, bump_version=True, exclude=["password"])
    audit.record_change(actor=actor, obj=user, before=before)
    return user


@transaction.atomic
def api_token_create(*, actor) -> str:
    """A new API token for the user (the old one stops working); shown once."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=actor).delete()
    token = Token.objects.create(user=actor)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="authtoken.Token",
        object_id=actor.pk,
        changes={"key": [None, "***"]},
    )
    return token.key


@transaction.atomic
def api_token_revoke(*, actor) -> None:
    from rest_framework.authtoken.models import Token

    if Token.objects.filter(user=actor).delete()[0]:
        audit.record(
            actor=actor, action=AuditAction.REVOKE, object_type="authtoken.Token", object_id=actor.pk
        )
