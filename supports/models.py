"""Follow-along supports: the support plan for a worker after a job start, time-unlimited."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    EVERY_2_WEEKS = "every_2_weeks", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    EVERY_3_MONTHS = "every_3_months", _("Every three months")
    WHEN_ASKED = "when_asked", _("When the worker asks")


# Days after the last support contact (or the start date) when planned support is overdue.
OVERDUE_AFTER_DAYS = {
    Frequency.WEEKLY: 7,
    Frequency.EVERY_2_WEEKS: 14,
    Frequency.MONTHLY: 31,
    Frequency.EVERY_3_MONTHS: 92,
}


class SupportLevel(models.TextChoices):
    ACTIVE = "active", _("Regular job support")
    STEPPED_DOWN = "stepped_down", _("Stepped down (worker's choice)")
    WITH_TREATMENT_TEAM = "with_treatment_team", _("Support from the treatment team")


class FollowAlongSupport(TimeStampedModel):
    """The support plan for one job: how often, at what level, and whether the ES may talk to the employer."""

    job = models.OneToOneField("jobs.Job", on_delete=models.PROTECT, related_name="follow_along")
    planned_frequency = models.CharField(
        _("planned support"), max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    level = models.CharField(
        _("level"), max_length=30, choices=SupportLevel.choices, default=SupportLevel.ACTIVE
    )
    stepped_down_on = models.DateField(_("stepped down on"), null=True, blank=True)
    worker_choice_note = models.CharField(_("in the worker's words"), max_length=500, blank=True)
    employer_contact_allowed = models.BooleanField(_("the ES may talk with the employer"), default=False)
    version = models.PositiveIntegerField(default=1)

    program_path = "job__program"
    job_seeker_path = "job__job_seeker"
    consent_scope = "job_details"

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(level="active") & Q(stepped_down_on__isnull=True))
                | (~Q(level="active") & Q(stepped_down_on__isnull=False)),
                name="follow_along_stepped_down_date",
            )
        ]

    def __str__(self):
        return f"{self.job} — {self.get_level_display()}"
