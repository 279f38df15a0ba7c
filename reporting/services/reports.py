"""Writes of the quarterly report workflow: entered items, submission, amendment (and its
cancellation), deadlines, benchmarks.

Submitting locks a copy of the live figures (`measures.report`) and of the active entered items
in a `ReportSubmission`; an amendment is a new submission that keeps the earlier ones untouched.
Every write locks the report row first, so two people submitting at once make one submission.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.dates import Quarter
from core.models import AuditAction
from core.services import check_version, validated_save

from ..models import (
    Benchmark,
    EnteredItem,
    QuarterlyReport,
    ReportEntry,
    ReportingDeadline,
    ReportStatus,
    ReportSubmission,
)
from ..selectors.reports import (
    active_entries,
    amendment_cancel_plan,
    due_date,
    entry_as_json,
    program_today,
    restore_entry,
)

EDITABLE = (ReportStatus.DRAFT, ReportStatus.AMENDING)


def _locked_report(program: Program, quarter: Quarter, *, actor) -> QuarterlyReport:
    """The program's report for the quarter, created as a draft if needed, locked for this transaction."""
    report, created = QuarterlyReport.objects.get_or_create(
        program=program, year=quarter.year, quarter=quarter.number
    )
    if created:
        audit.record_change(actor=actor, obj=report, before=None, program=program)
    return QuarterlyReport.objects.select_for_update(of=("self",)).select_related("program").get(pk=report.pk)


def _refuse_unless_editable(report: QuarterlyReport) -> None:
    if report.status not in EDITABLE:
        raise ValidationError(
            _("This report is submitted and locked. Start an amendment to change its entered items.")
        )


def _refuse_future(quarter: Quarter, today: datetime.date) -> None:
    if quarter.start > today:
        raise ValidationError(
            _("%(quarter)s has not begun yet: there is no report for it.") % {"quarter": quarter}
        )


def _bump(report: QuarterlyReport) -> None:
    validated_save(report, bump_version=True)


@transaction.atomic
def report_open(*, actor, program: Program, quarter: Quarter) -> QuarterlyReport:
    """Make sure the program has a (draft) report for the quarter, e.g. before the API submits it."""
    access.require(actor, roles.Action.REPORT_SUBMIT, program)
    _refuse_future(quarter, program_today(program))
    return _locked_report(program, quarter, actor=actor)


def _entry_fields(*, item: str, value: str, comment: str, measure: str) -> tuple[str, str, str, str]:
    """An entered item's fields, trimmed and checked: a ValidationError naming every bad field."""
    from reporting import measures

    value, comment, measure = (value or "").strip(), (comment or "").strip(), (measure or "").strip()
    errors = {}
    if item not in EnteredItem.values:
        errors["item"] = _("Choose one of the items listed.")
    if item == EnteredItem.OVERRIDE:
        if measure not in measures.KEYS:
            errors["measure"] = _("An override must name the computed figure it stands beside.")
    elif measure:
        errors["measure"] = _("Only an override names a computed figure; leave this empty.")
    if not value:
        errors["value"] = _("Give the value.")
    if not comment:
        errors["comment"] = _("Every entered item needs a comment saying where it comes from.")
    if errors:
        raise ValidationError(errors)
    return item, value, comment, measure


def _lock(report_id: int) -> QuarterlyReport:
    return QuarterlyReport.objects.select_for_update(of=("self",)).select_related("program").get(pk=report_id)


@transaction.atomic
def report_entry_add(
    *,
    actor,
    program: Program,
    quarter: Quarter,
    item: str,
    value: str,
    comment: str,
    measure: str = "",
    version: int | None = None,
) -> ReportEntry:
    """Enter what the records cannot give (quarterly-report.md §7), always with a comment."""
    access.require(actor, roles.Action.REPORT_SUBMIT, program)
    _refuse_future(quarter, program_today(program))
    report = _locked_report(program, quarter, actor=actor)
    check_version(report, version)
    _refuse_unless_editable(report)
    item, value, comment, measure = _entry_fields(item=item, value=value, comment=comment, measure=measure)
    entry = ReportEntry(
        report=report, item=item, measure=measure, value=value, comment=comment, entered_by=actor
    )
    validated_save(entry)
    audit.record_change(actor=actor, obj=entry, before=None, program=program)
    _bump(report)
    return entry


ENTRY_FIELDS = ["item", "measure", "value", "comment", "entered_by"]


def _editable_entry(actor, entry: ReportEntry, version: int | None):
    """(program, locked report, fresh entry) for a change to an entered item of a draft or amendment."""
    program = entry.report.program
    access.require(actor, roles.Action.REPORT_SUBMIT, program)
    report = _lock(entry.report_id)
    check_version(report, version)
    _refuse_unless_editable(report)
    return program, report, ReportEntry.objects.get(pk=entry.pk)


@transaction.atomic
def report_entry_update(
    *,
    actor,
    entry: ReportEntry,
    item: str,
    value: str,
    comment: str,
    measure: str = "",
    version: int | None = None,
) -> ReportEntry:
    """Change an entered item of a draft or an amendment; the one who changes it answers for it now.

    What it said before stays in the audit trail (and, once submitted, in the submission).
    """
    program, report, entry = _editable_entry(actor, entry, version)
    if entry.withdrawn_at is not None:
        raise ValidationError(_("This entered item was withdrawn; enter it again instead of changing it."))
    item, value, comment, measure = _entry_fields(item=item, value=value, comment=comment, measure=measure)
    if (entry.item, entry.measure, entry.value, entry.comment) == (item, measure, value, comment):
        return entry  # nothing changed: no save, no audit row, the version stays
    before = audit.snapshot(entry, ENTRY_FIELDS)
    entry.item, entry.measure, entry.value, entry.comment = item, measure, value, comment
    entry.entered_by = actor
    validated_save(entry)
    audit.record_change(actor=actor, obj=entry, before=before, program=program)
    _bump(report)
    return entry


@transaction.atomic
def report_entry_withdraw(*, actor, entry: ReportEntry, version: int | None = None) -> ReportEntry:
    """Take an entered item off the report (it stays stored, marked withdrawn)."""
    program, report, entry = _editable_entry(actor, entry, version)
    if entry.withdrawn_at is not None:
        raise ValidationError(_("This entered item was already withdrawn."))
    before = audit.snapshot(entry, ["withdrawn_at"])
    entry.withdrawn_at = timezone.now()
    validated_save(entry)
    audit.record_change(actor=actor, obj=entry, before=before, program=program)
    _bump(report)
    return entry


@transaction.atomic
def report_submit(
    *, actor, program: Program, quarter: Quarter, version: int | None, reason: str = ""
) -> ReportSubmission:
    """Lock the report: the live figures and the active entered items become a submission.

    A draft's submission is number 1; while an amendment is in progress the next number, which
    needs a reason. The earlier submissions are never changed.
    """
    from reporting import measures

    access.require(actor, roles.Action.REPORT_SUBMIT, program)
    today = program_today(program)
    if quarter.end >= today:
        raise ValidationError(
            _(
                "%(quarter)s has not ended yet: it ends on %(end)s, and its report can be submitted "
                "from the next day."
            )
            % {"quarter": quarter, "end": quarter.end.isoformat()}
        )
    if version in (None, ""):
        raise ValidationError({"version": _("Give the version of the report you are submitting.")})
    report = _locked_report(program, quarter, actor=actor)
    check_version(report, version)
    reason = (reason or "").strip()
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError(
            _("This report is already submitted. Start an amendment to send a corrected one.")
        )
    last = report.submissions.aggregate(last=Max("number"))["last"] or 0
    amending = report.status == ReportStatus.AMENDING
    if amending and not reason:
        raise ValidationError({"reason": _("Say why the report is amended.")})
    submission = ReportSubmission(
        report=report,
        number=last + 1,
        figures=measures.as_json(measures.report(program, quarter)),
        entries=[entry_as_json(e) for e in active_entries(report)],
        submitted_at=timezone.now(),
        submitted_by=actor,
        due_date=due_date(quarter),
        reason=reason if amending else "",
    )
    validated_save(submission)
    report.status = ReportStatus.SUBMITTED
    _bump(report)
    audit.record(
        actor=actor,
        action=AuditAction.AMEND if amending else AuditAction.SUBMIT,
        obj=submission,
        program=program,
        changes={"number": [None, submission.number], "status": [None, ReportStatus.SUBMITTED.value]},
    )
    return submission


@transaction.atomic
def report_amend_start(*, actor, program: Program, quarter: Quarter, version: int | None) -> QuarterlyReport:
    """Open a submitted report for an amendment: entered items are editable, figures are live again."""
    access.require(actor, roles.Action.REPORT_SUBMIT, program)
    if version in (None, ""):
        raise ValidationError({"version": _("Give the version of the report you are amending.")})
    report = _locked_report(program, quarter, actor=actor)
    check_version(report, version)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be amended."))
    report.status = ReportStatus.AMENDING
    _bump(report)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=report,
        program=program,
        changes={"status": [ReportStatus.SUBMITTED.value, ReportStatus.AMENDING.value]},
    )
    return report


def _no_amendment(status: str) -> str:
    if status == ReportStatus.SUBMITTED:
        return _(
            "There is no amendment in progress to cancel: the report is submitted and stays as it was sent."
        )
    return _("There is no amendment in progress to cancel: this report is a draft that was never submitted.")


@transaction.atomic
def report_amend_cancel(*, actor, program: Program, quarter: Quarter, version: int | None) -> QuarterlyReport:
    """Abandon the amendment in progress: the report is its latest submission again.

    The entered items go back to exactly what that submission locked: items entered during the
    amendment are withdrawn (kept, never deleted), items withdrawn or changed are set back. The
    submissions and their figures are not touched. One audit row for the report, one per item.
    """
    access.require(actor, roles.Action.REPORT_SUBMIT, program)
    if version in (None, ""):
        raise ValidationError({"version": _("Give the version of the report whose amendment you cancel.")})
    found = QuarterlyReport.objects.filter(program=program, year=quarter.year, quarter=quarter.number).first()
    if found is None:
        raise ValidationError(_no_amendment(ReportStatus.DRAFT))
    report = _lock(found.pk)
    check_version(report, version)
    if report.status != ReportStatus.AMENDING:
        raise ValidationError(_no_amendment(report.status))
    latest = report.submissions.order_by("-number").first()
    plan = amendment_cancel_plan(report, latest)
    if latest is None or plan.missing:
        raise ValidationError(
            _("The entered items of the last submission cannot all be found; nothing was changed.")
        )
    now = timezone.now()
    for entry in plan.discard:
        before = audit.snapshot(entry, ["withdrawn_at"])
        entry.withdrawn_at = now
        validated_save(entry)
        audit.record_change(actor=actor, obj=entry, before=before, program=program)
    for entry, locked in plan.restore:
        before = audit.snapshot(entry, [*ENTRY_FIELDS, "withdrawn_at"])
        restore_entry(entry, locked)
        validated_save(entry)
        audit.record_change(actor=actor, obj=entry, before=before, program=program)
    report.status = ReportStatus.SUBMITTED
    _bump(report)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=report,
        program=program,
        changes={
            "status": [ReportStatus.AMENDING.value, ReportStatus.SUBMITTED.value],
            "amendment": ["in progress", "cancelled"],
            "back_to_submission": [None, latest.number],
            "entries_discarded": [None, [e.pk for e in plan.discard]],
            "entries_restored": [None, [e.pk for e, _locked in plan.restore]],
        },
    )
    return report


# --- The state team's settings -------------------------------------------------------------------


@transaction.atomic
def deadline_set(*, actor, quarter: Quarter, due_date: datetime.date) -> ReportingDeadline:
    """Set the date by which every program's report for the quarter is due."""
    access.require(actor, roles.Action.REPORTING_SETTINGS_EDIT)
    if due_date is None:
        raise ValidationError({"due_date": _("Give the due date.")})
    if due_date <= quarter.end:
        raise ValidationError(
            {
                "due_date": _("The due date must come after the quarter ends (%(end)s).")
                % {"end": quarter.end.isoformat()}
            }
        )
    deadline = (
        ReportingDeadline.objects.select_for_update()
        .filter(year=quarter.year, quarter=quarter.number)
        .first()
    )
    before = None
    if deadline is None:
        deadline = ReportingDeadline(year=quarter.year, quarter=quarter.number)
    else:
        before = audit.snapshot(deadline, ["due_date", "set_by"])
    deadline.due_date = due_date
    deadline.set_by = actor
    validated_save(deadline)
    audit.record_change(actor=actor, obj=deadline, before=before)
    return deadline


@transaction.atomic
def benchmark_update(
    *, actor, benchmark: Benchmark, label: str, value: Decimal, source: str, updated_at=None
) -> Benchmark:
    """Change a reference figure shown beside a measure, and say where it comes from."""
    access.require(actor, roles.Action.REPORTING_SETTINGS_EDIT)
    benchmark = Benchmark.objects.select_for_update().get(pk=benchmark.pk)
    if updated_at is not None and benchmark.updated_at.isoformat() != str(updated_at):
        raise ValidationError(
            {
                "version": _(
                    "Someone else changed this record while you were editing it. "
                    "Reload the page to see their changes, then make yours again."
                )
            }
        )
    before = audit.snapshot(benchmark, ["label", "value", "source"])
    benchmark.label = (label or "").strip()
    benchmark.value = value
    benchmark.source = (source or "").strip()
    validated_save(benchmark)
    audit.record_change(actor=actor, obj=benchmark, before=before)
    return benchmark
