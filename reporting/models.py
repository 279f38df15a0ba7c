"""Quarterly Learning Community reports, their locked submissions, and the state team's settings.

The figures themselves are never stored while a report is a draft: `reporting.measures`
computes them from the records. Submitting locks a copy (`ReportSubmission.figures`), so a
later edit to a record never changes what a program sent; a correction is a new submission
(an amendment) that keeps the original.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.dates import Quarter
from core.models import TimeStampedModel, VersionedModel

# The state's default deadline: this many days after the quarter ends (quarterly-report.md §3).
DEFAULT_DUE_DAYS_AFTER_QUARTER = 30


class Benchmark(TimeStampedModel):
    """A reference figure shown beside a measure (e.g. the Learning Community's 41% average), with its source."""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    measure = models.CharField(_("measure"), max_length=50, default="employment_rate")
    label = models.CharField(_("label"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=2)
    source = models.CharField(_("source"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["measure", "order", "value"]
        verbose_name = _("benchmark")
        verbose_name_plural = _("benchmarks")

    def __str__(self):
        return f"{self.label} ({self.value})"


class ReportingDeadline(TimeStampedModel):
    """The state team's due date for one quarter's reports; without a row the default applies."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    due_date = models.DateField(_("due date"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="reporting_deadline_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="reporting_deadline_quarter_1_4"
            ),
        ]
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @staticmethod
    def default_for(quarter: Quarter) -> datetime.date:
        return quarter.end + datetime.timedelta(days=DEFAULT_DUE_DAYS_AFTER_QUARTER)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    AMENDING = "amending", _("Amendment in progress")


class QuarterlyReport(VersionedModel):
    """One program's Learning Community report for one calendar quarter."""

    program_path = "program"

    program = models.ForeignKey(
        "accounts.Program", on_delete=models.PROTECT, related_name="quarterly_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )

    class Meta:
        ordering = ["-year", "-quarter", "program__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year", "quarter"], name="quarterly_report_per_program_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarterly_report_quarter_1_4"
            ),
        ]
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")

    def __str__(self):
        return f"{self.program} {self.period}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


class EnteredItem(models.TextChoices):
    """What the Learning Community form asks that the records cannot give (quarterly-report.md §7)."""

    FIDELITY = "fidelity", _("Fidelity score, review date and reviewer")
    PROGRAM_STATUS = "program_status", _("Program status and changes")
    FUNDING = "funding", _("Funding sources")
    POPULATIONS = "populations", _("Special populations or initiatives")
    DEMOGRAPHICS = "demographics", _("Demographics not held in OpenIPS")
    SERVED_CORRECTION = "served_correction", _("Correction: people served but not in OpenIPS")
    UNKNOWN_WORK_STATUS = "unknown_work_status", _("People with unknown work status")
    STAFFING_CORRECTION = "staffing_correction", _("Staffing correction")
    LOCAL_CONTEXT = "local_context", _("Local context")
    OVERRIDE = "override", _("Override of a computed figure")


class ReportEntry(TimeStampedModel):
    """A figure or fact the program manager enters on a report, always with a comment; never silent."""

    program_path = "report__program"

    report = models.ForeignKey(QuarterlyReport, on_delete=models.PROTECT, related_name="entries")
    item = models.CharField(_("item"), max_length=30, choices=EnteredItem.choices)
    measure = models.CharField(
        _("computed figure overridden"),
        max_length=60,
        blank=True,
        help_text=_("Only for an override: the key of the computed figure it stands beside."),
    )
    value = models.CharField(_("value"), max_length=500)
    comment = models.TextField(_("comment"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(comment=""), name="report_entry_comment_required"),
            models.CheckConstraint(condition=~Q(value=""), name="report_entry_value_required"),
            models.CheckConstraint(
                condition=Q(item="override", measure__gt="") | (~Q(item="override") & Q(measure="")),
                name="report_entry_override_names_measure",
            ),
        ]
        verbose_name = _("entered item")
        verbose_name_plural = _("entered items")

    def __str__(self):
        return f"{self.get_item_display()}: {self.value}"


class ReportSubmission(models.Model):
    """A locked copy of a report as sent: number 1 is the original, later numbers are amendments."""

    program_path = "report__program"

    report = models.ForeignKey(QuarterlyReport, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveSmallIntegerField(_("number"))
    figures = models.JSONField(_("computed figures"))
    entries = models.JSONField(_("entered items"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("due date"))
    reason = models.TextField(_("reason for the amendment"), blank=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_submission_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="report_submission_number_positive"),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""), name="report_amendment_needs_reason"
            ),
        ]
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")

    def __str__(self):
        return f"{self.report} #{self.number}"

    @property
    def is_amendment(self) -> bool:
        return self.number > 1

    @property
    def on_time(self) -> bool:
        return self.submitted_at.date() <= self.due_date


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    CHECKING = "checking", _("Checking the rows")
    WRITING = "writing", _("Writing the rows")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Stopped with problems")


class ImportRun(TimeStampedModel):
    """One upload of a program's spreadsheets through the web: a dry run, then (if confirmed) the import.

    The uploaded files are kept in `upload` only until the import has run (personal data): a dry
    run with problems, or the real import, clears them; a dry run nobody confirms is cleared after a day.
    """

    program_path = "program"

    program = models.ForeignKey("accounts.Program", on_delete=models.PROTECT, related_name="import_runs")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dry_run = models.BooleanField(_("dry run"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    file_names = models.CharField(_("files"), max_length=500)
    upload = models.BinaryField(_("uploaded files"), null=True, blank=True, editable=False)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self):
        return f"{self.program} {self.file_names} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
