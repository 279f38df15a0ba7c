"""Helpers the browser tests share: authenticator-app codes and keys."""

import base64
import secrets

from django_otp.oath import totp


def totp_code(key: bytes, steps_ahead: int = 0) -> str:
    """The 6-digit code an authenticator app shows for this key (steps_ahead: 30-second steps later)."""
    return f"{totp(key, drift=steps_ahead):06d}"


def key_from_page_text(text: str) -> bytes:
    """The binary key from the base32 text the MFA set-up page shows (grouped by spaces)."""
    raw = "".join(text.split()).upper()
    return base64.b32decode(raw + "=" * (-len(raw) % 8))


def enroll_authenticator(user) -> bytes:
    """Give the user a confirmed authenticator app, as if they set it up earlier; return its key."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = secrets.token_bytes(20)
    TOTPDevice.objects.create(user=user, name="Authenticator app", key=key.hex(), confirmed=True)
    return key
