"""Sign-in, sign-out, failed sign-ins and lock-outs go to the audit trail."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core import audit
from core.models import AuditAction


def lockout_username(request, credentials=None) -> str:
    """The account a sign-in attempt counts against (AXES_USERNAME_CALLABLE).

    E-mail addresses sign in case-insensitively, so the lock-out must count them the same way:
    otherwise "Ana@..." and "ana@..." would each get their own allowance of guesses.
    """
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get("username")
    return str(raw or "").strip().lower()


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record(actor=user, action=AuditAction.LOGIN, obj=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(actor=user, action=AuditAction.LOGOUT, obj=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    email = str(credentials.get("username") or credentials.get("email") or "").strip().lower()[:254]
    audit.record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.User",
        object_id="",
        actor_email=email or "unknown",
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit.record(
        actor=None,
        action=AuditAction.LOCKOUT,
        object_type="accounts.User",
        object_id="",
        actor_email=str(username or "unknown")[:254],
    )
