"""Shared base models and the audit trail."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every row knows when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A row people edit: a version number catches concurrent edits; rows are archived, never deleted."""

    version = models.PositiveIntegerField(default=1)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    ARCHIVE = "archive", _("Archived")
    RESTORE = "restore", _("Restored")
    PURGE = "purge", _("Purged")
    READ = "read", _("Opened a person's record")
    EXPORT = "export", _("Personal data left the system")
    MERGE = "merge", _("Merged")
    SUBMIT = "submit", _("Submitted")
    FINALIZE = "finalize", _("Finalized")
    AMEND = "amend", _("Amended")
    REVOKE = "revoke", _("Revoked")
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    LOGOUT = "logout", _("Signed out")
    LOCKOUT = "lockout", _("Locked out")
    MFA_ENROLLED = "mfa_enrolled", _("Enrolled multi-factor authentication")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Audit events can never be changed."))

    def delete(self):
        raise ValidationError(_("Audit events can never be deleted."))

    _raw_delete = delete


class AuditEvent(models.Model):
    """Who did what to which record, and who read a person's record. Append-only."""

    at = models.DateTimeField(db_default=Now(), editable=False, db_index=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_email = models.CharField(max_length=254)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    program = models.ForeignKey(
        "accounts.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The person whose record the object belongs to (the "person" filter). A plain id until the
    # job-seeker model exists; it becomes a foreign key on the same column then.
    job_seeker_id = models.BigIntegerField(null=True, blank=True)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    changes = models.JSONField(null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()
    program_path = "program"

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["program", "at"], name="audit_program_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            models.Index(fields=["job_seeker_id", "at"], name="audit_job_seeker_at"),
            models.Index(fields=["at"], name="audit_at"),
        ]

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.object_type}#{self.object_id}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("Audit events can never be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Audit events can never be deleted."))
