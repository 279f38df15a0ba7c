"""Who must use multi-factor authentication, and whether this session has."""

from django.conf import settings
from django_otp import devices_for_user, user_has_device

from . import access, roles


def required_for(user) -> bool:
    """MFA is required for every role that can open a person's record (all but the analyst)."""
    if not settings.OPENIPS_REQUIRE_MFA or not user.is_authenticated:
        return False
    held = access.roles_of(user)
    return not held or bool(held & roles.PERSONAL_RECORD_ROLES)


def satisfied(request) -> bool:
    """Has this session passed MFA, or is it not needed for this user?"""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_verified() or not settings.OPENIPS_REQUIRE_MFA:
        return True
    if user_has_device(user, confirmed=True):
        return False  # a person who enrolled always uses their second factor
    return not required_for(user)


def confirmed_totp(user):
    return next(
        (d for d in devices_for_user(user, confirmed=True) if d.persistent_id.startswith("otp_totp")),
        None,
    )
