"""Reads for the quarterly reports: a program's quarters, one report, the state tracker.

The figures of a draft are never read from here: `reporting.measures` computes them live. What
is read here is what was locked (`ReportSubmission`) and what was entered (`ReportEntry`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min, Prefetch, QuerySet
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Program, ProgramStatus
from core.dates import Quarter, QuarterError, quarters_between, today_in

from ..models import QuarterlyReport, ReportEntry, ReportingDeadline, ReportStatus, ReportSubmission


def parse_quarter(text: str) -> Quarter:
    """The quarter a URL or a form names (`2026Q2`); a QuarterError with a clear message otherwise."""
    return Quarter.parse(text)


def program_today(program: Program) -> datetime.date:
    return today_in(program.time_zone)


def check_not_future(quarter: Quarter, today: datetime.date) -> None:
    """A quarter that has not begun has no report yet."""
    if quarter.start > today:
        raise QuarterError(
            _("%(quarter)s has not begun yet: there is no report for it.") % {"quarter": quarter}
        )


def first_quarter(program: Program, today: datetime.date) -> Quarter:
    """The first quarter a program reports: from its start date or its first enrollment, whichever is earlier."""
    from people.models import JobSeeker

    first_enrollment = JobSeeker.objects.filter(program=program, enrollment_date__isnull=False).aggregate(
        first=Min("enrollment_date")
    )["first"]
    days = [d for d in (program.start_date, first_enrollment) if d is not None]
    start = min(days) if days else today
    return Quarter.containing(min(start, today))


def due_date(quarter: Quarter) -> datetime.date:
    """The state's due date for a quarter's reports: the setting, or the default (30 days after)."""
    row = ReportingDeadline.objects.filter(year=quarter.year, quarter=quarter.number).first()
    return row.due_date if row else ReportingDeadline.default_for(quarter)


def due_dates(quarters: list[Quarter]) -> dict[Quarter, datetime.date]:
    """The due dates of many quarters in one query."""
    years = {q.year for q in quarters}
    set_dates = {
        Quarter(row.year, row.quarter): row.due_date
        for row in ReportingDeadline.objects.filter(year__in=years)
    }
    return {q: set_dates.get(q) or ReportingDeadline.default_for(q) for q in quarters}


def submissions_prefetch() -> Prefetch:
    return Prefetch(
        "submissions",
        queryset=ReportSubmission.objects.select_related("submitted_by").order_by("number"),
    )


def report_for(program: Program, quarter: Quarter) -> QuarterlyReport:
    """The program's report for the quarter; an unsaved draft when nobody has touched it yet."""
    report = (
        QuarterlyReport.objects.filter(program=program, year=quarter.year, quarter=quarter.number)
        .prefetch_related(submissions_prefetch())
        .first()
    )
    if report is None:
        report = QuarterlyReport(program=program, year=quarter.year, quarter=quarter.number)
        report._prefetched_objects_cache = {"submissions": ReportSubmission.objects.none()}
    return report


def report_submissions(report: QuarterlyReport) -> list[ReportSubmission]:
    """The report's submissions, the original first (prefetched by report_for)."""
    if report.pk is None:
        return []
    return list(report.submissions.all())


def active_entries(report: QuarterlyReport) -> QuerySet[ReportEntry]:
    if report.pk is None:
        return ReportEntry.objects.none()
    return report.entries.filter(withdrawn_at__isnull=True).select_related("entered_by")


def withdrawn_entries(report: QuarterlyReport) -> QuerySet[ReportEntry]:
    if report.pk is None:
        return ReportEntry.objects.none()
    return report.entries.filter(withdrawn_at__isnull=False).select_related("entered_by")


def entry_as_json(entry: ReportEntry) -> dict:
    """An entered item as it is locked in a submission and given by the API.

    `id` and `entered_by_id` let a cancelled amendment set the rows back to exactly this copy.
    """
    return {
        "id": entry.pk,
        "item": entry.item,
        "item_label": str(entry.get_item_display()),
        "measure": entry.measure,
        "value": entry.value,
        "comment": entry.comment,
        "entered_by": str(entry.entered_by),
        "entered_by_id": entry.entered_by_id,
        "at": entry.created_at.isoformat(),
    }


# --- Cancelling an amendment ------------------------------------------------------------------------


@dataclass
class CancelPlan:
    """What cancelling the amendment in progress does to the entered items (nothing else changes)."""

    submission: ReportSubmission | None  # the submission the report goes back to
    discard: list[ReportEntry]  # entered during the amendment: withdrawn again
    restore: list[tuple[ReportEntry, dict]]  # withdrawn or changed during it: set back to the locked copy
    missing: list[dict]  # locked items with no row (never expected: entered items are never deleted)

    @property
    def changes_nothing(self) -> bool:
        return not (self.discard or self.restore)


def _locked_row(locked: dict, by_id: dict, by_at: dict) -> ReportEntry | None:
    """The row a locked item was copied from: by id; a copy made before ids were kept, by its time."""
    if locked.get("id") is not None:
        return by_id.get(locked["id"])
    return by_at.get(locked.get("at"))


def _differs(entry: ReportEntry, locked: dict) -> bool:
    return (
        entry.withdrawn_at is not None
        or (entry.item, entry.measure, entry.value, entry.comment)
        != (locked.get("item"), locked.get("measure") or "", locked.get("value"), locked.get("comment"))
        or (locked.get("entered_by_id") is not None and entry.entered_by_id != locked["entered_by_id"])
    )


def restore_entry(entry: ReportEntry, locked: dict) -> None:
    """Set an entered item back to its locked copy (not saved)."""
    entry.item = locked["item"]
    entry.measure = locked.get("measure") or ""
    entry.value = locked["value"]
    entry.comment = locked["comment"]
    if locked.get("entered_by_id") is not None:
        entry.entered_by_id = locked["entered_by_id"]
    entry.withdrawn_at = None


def amendment_cancel_plan(report: QuarterlyReport, submission: ReportSubmission | None = None) -> CancelPlan:
    """Which entered items cancelling the amendment withdraws and which it sets back (one query)."""
    if submission is None and report.pk is not None:
        submission = report.submissions.order_by("-number").first()
    if submission is None:
        return CancelPlan(submission=None, discard=[], restore=[], missing=[])
    rows = list(report.entries.select_related("entered_by").order_by("created_at", "id"))
    by_id = {e.pk: e for e in rows}
    by_at = {e.created_at.isoformat(): e for e in rows}
    kept, restore, missing = set(), [], []
    for locked in submission.entries:
        entry = _locked_row(locked, by_id, by_at)
        if entry is None:
            missing.append(locked)
            continue
        kept.add(entry.pk)
        if _differs(entry, locked):
            restore.append((entry, locked))
    discard = [e for e in rows if e.pk not in kept and e.withdrawn_at is None]
    return CancelPlan(submission=submission, discard=discard, restore=restore, missing=missing)


@dataclass
class QuarterRow:
    """One line of a program's list of reports."""

    quarter: Quarter
    report: QuarterlyReport | None
    due_date: datetime.date
    ended: bool
    original: ReportSubmission | None = None
    latest: ReportSubmission | None = None
    amendments: int = 0
    overdue: bool = False  # nothing submitted and the due date has passed

    @property
    def status(self) -> str:
        return self.report.status if self.report else ReportStatus.DRAFT


def report_rows(*, program: Program, today: datetime.date) -> list[QuarterRow]:
    """Every quarter of the program, newest first, from its first quarter to the current one (4 queries)."""
    current = Quarter.containing(today)
    quarters = quarters_between(first_quarter(program, today), current)
    reports = {
        r.period: r
        for r in QuarterlyReport.objects.filter(program=program).prefetch_related(submissions_prefetch())
    }
    dues = due_dates(quarters)
    rows = []
    for quarter in reversed(quarters):
        report = reports.get(quarter)
        submissions = list(report.submissions.all()) if report else []
        rows.append(
            QuarterRow(
                quarter=quarter,
                report=report,
                due_date=dues[quarter],
                ended=quarter.end < today,
                original=submissions[0] if submissions else None,
                latest=submissions[-1] if submissions else None,
                amendments=max(len(submissions) - 1, 0),
                overdue=not submissions and today > dues[quarter],
            )
        )
    return rows


# --- The state tracker --------------------------------------------------------------------------


def _flat(figures: dict, key: str):
    """A flat key's value in a figures dict (`rapid_job_search.met` reads a nested object)."""
    value = figures
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class TrackerRow:
    program: Program
    report: QuarterlyReport | None
    original: ReportSubmission | None
    latest: ReportSubmission | None
    amendments: int
    missing: bool  # no submission and the due date has passed


@dataclass
class Tracker:
    quarter: Quarter
    due_date: datetime.date
    due_is_default: bool
    rows: list[TrackerRow]
    totals: list[tuple[str, str, object]]  # (key, label, sum) over the latest submitted snapshots
    submitted: int
    missing: int
    pooled_rate: Decimal | None
    average_rate: Decimal | None


def state_tracker(*, user, quarter: Quarter, today: datetime.date) -> Tracker:
    """Every active program's report for one quarter, and the totals of what was submitted (4 queries)."""
    from reporting import measures

    programs = list(
        access.restrict(
            Program.objects.filter(status=ProgramStatus.ACTIVE), user, roles.Action.STATE_REPORTS_TRACK
        ).order_by("name")
    )
    reports = {
        r.program_id: r
        for r in QuarterlyReport.objects.filter(
            program__in=programs, year=quarter.year, quarter=quarter.number
        ).prefetch_related(submissions_prefetch())
    }
    deadline = ReportingDeadline.objects.filter(year=quarter.year, quarter=quarter.number).first()
    due = deadline.due_date if deadline else ReportingDeadline.default_for(quarter)
    rows = []
    snapshots = []
    for program in programs:
        report = reports.get(program.pk)
        submissions = list(report.submissions.all()) if report else []
        latest = submissions[-1] if submissions else None
        if latest is not None:
            snapshots.append(measures.from_json(latest.figures))
        rows.append(
            TrackerRow(
                program=program,
                report=report,
                original=submissions[0] if submissions else None,
                latest=latest,
                amendments=max(len(submissions) - 1, 0),
                missing=not submissions and today > due,
            )
        )
    totals = []
    labels = dict(measures.LABELS)
    for key in measures.KEYS:
        values = [_flat(f, key) for f in snapshots]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            totals.append((key, labels.get(key, key), sum(values)))
    served = sum(_flat(f, "caseload_served") or 0 for f in snapshots)
    worked = sum(_flat(f, "worked_competitive") or 0 for f in snapshots)
    pooled = _one_decimal(Decimal(worked) * 100 / Decimal(served)) if served else None
    rates = [Decimal(str(r)) for f in snapshots if (r := _flat(f, "employment_rate")) is not None]
    average = _one_decimal(sum(rates) / len(rates)) if rates else None
    return Tracker(
        quarter=quarter,
        due_date=due,
        due_is_default=deadline is None,
        rows=rows,
        totals=totals,
        submitted=len(snapshots),
        missing=sum(1 for r in rows if r.missing),
        pooled_rate=pooled,
        average_rate=average,
    )
