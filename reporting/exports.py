"""A quarterly report as a file: CSV, XLSX, PDF, and the state team's workbook of all programs.

Every function takes a `ReportView` — the program, the quarter, the figures (the dict of
`measures.report`, or the JSON copy locked in a submission), the entered items (the JSON shape
of `selectors.reports.entry_as_json`) and a label of the report's state — so the same code
exports a live draft or a submitted snapshot. `report_view(program, quarter)` builds the one a
download uses: the latest submission when the report is submitted, the live draft otherwise.

The rows follow the Learning Community form (quarterly-report.md §6): the header of E1
(program, agency, state, quarter, period, state of the report), then E2–E8 and the OpenIPS keys
in `measures.KEYS` order. Each override of a computed figure follows that figure, flagged
`entered`, with its comment; the computed value stays beside it. Other entered items come last,
flagged `entered`. The savings always say they are an estimate, with their source.

A program's workbook may hold several quarters, one sheet each (`program_views`, at most
`MAX_WORKBOOK_QUARTERS`); the state team's workbook has the programs side by side, the totals,
every entered item, and then one sheet per program shaped like the form.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from accounts.models import Program
from core.dates import Quarter, QuarterError, quarters_between

from . import measures
from .models import QuarterlyReport, ReportEntry, ReportStatus
from .selectors import reports as selectors

COMPUTED, ENTERED, HEADER = "computed", "entered", "header"

# openpyxl number formats by key (counts are whole numbers).
_FORMATS = {
    "employment_rate": "0.0",
    "rapid_job_search.rate": "0.0",
    "days_interest_to_first_job.median": "0.0",
    "caseload_per_es_fte": "0.0",
    "es_fte": "0.00",
    "average_hours_per_week": "0.00",
    "average_hourly_wage": "#,##0.00",
    "estimated_treatment_savings": "#,##0.00",
}
_RATE_KEYS = ("employment_rate", "rapid_job_search.rate")
# One workbook of a program's quarters holds at most this many (three years).
MAX_WORKBOOK_QUARTERS = 12


@dataclass
class ReportView:
    """What an export shows: one program's report for one quarter, live or as submitted."""

    program: Program
    quarter: Quarter
    figures: dict
    entries: list[dict] = field(default_factory=list)
    state_label: str = ""
    status: str = ReportStatus.DRAFT
    submission_number: int | None = None


@dataclass
class Row:
    key: str
    label: str
    value: object
    kind: str
    comment: str = ""
    entered_by: str = ""


def state_label(report: QuarterlyReport, latest, today: datetime.date) -> str:
    if report.status == ReportStatus.SUBMITTED and latest is not None:
        day = timezone.localtime(latest.submitted_at).date().isoformat()
        if latest.number > 1:
            return _("Amendment %(n)s, submitted on %(date)s") % {"n": latest.number - 1, "date": day}
        return _("Submitted on %(date)s") % {"date": day}
    if report.status == ReportStatus.AMENDING:
        return _("Amendment in progress: draft computed from the records on %(date)s") % {
            "date": today.isoformat()
        }
    return _("Draft computed from the records on %(date)s") % {"date": today.isoformat()}


def _view(program, quarter, report, submissions, live_figures, live_entries, today) -> ReportView:
    latest = submissions[-1] if submissions else None
    if report.status == ReportStatus.SUBMITTED and latest is not None:
        return ReportView(
            program=program,
            quarter=quarter,
            figures=measures.from_json(latest.figures),
            entries=list(latest.entries),
            state_label=state_label(report, latest, today),
            status=ReportStatus.SUBMITTED,
            submission_number=latest.number,
        )
    return ReportView(
        program=program,
        quarter=quarter,
        figures=live_figures() if callable(live_figures) else live_figures,
        entries=live_entries,
        state_label=state_label(report, latest, today),
        status=report.status,
    )


def report_view(program: Program, quarter: Quarter, *, live: bool = False) -> ReportView:
    """The report a download exports: the latest submission if submitted, else the live draft.

    `live=True` gives the live figures and active entered items even when the report is submitted.
    """
    report = selectors.report_for(program, quarter)
    submissions = [] if live else selectors.report_submissions(report)
    if live:
        report.status = ReportStatus.DRAFT  # not saved: only how the label reads
    entries = [selectors.entry_as_json(e) for e in selectors.active_entries(report)]
    return _view(
        program,
        quarter,
        report,
        submissions,
        lambda: measures.report(program, quarter),
        entries,
        selectors.program_today(program),
    )


def program_views(program: Program, quarters: list[Quarter], *, live: bool = False) -> list[ReportView]:
    """The program's report for each quarter, as `report_view` gives it, in a few queries plus the drafts' measures."""
    if not quarters:
        return []
    reports = {
        (r.year, r.quarter): r
        for r in QuarterlyReport.objects.filter(
            program=program, year__gte=min(quarters).year, year__lte=max(quarters).year
        ).prefetch_related(selectors.submissions_prefetch())
    }
    entries: dict[int, list] = {}
    for entry in ReportEntry.objects.filter(
        report__in=[r.pk for r in reports.values()], withdrawn_at__isnull=True
    ).select_related("entered_by"):
        entries.setdefault(entry.report_id, []).append(selectors.entry_as_json(entry))
    today = selectors.program_today(program)
    views = []
    for quarter in quarters:
        report = reports.get((quarter.year, quarter.number)) or QuarterlyReport(
            program=program, year=quarter.year, quarter=quarter.number
        )
        submissions = list(report.submissions.all()) if report.pk and not live else []
        if live:
            report.status = ReportStatus.DRAFT  # not saved: only how the label reads
        views.append(
            _view(
                program,
                quarter,
                report,
                submissions,
                lambda quarter=quarter: measures.report(program, quarter),
                entries.get(report.pk, []),
                today,
            )
        )
    return views


def parse_range(text: str) -> tuple[Quarter, Quarter]:
    """Read `2025Q3..2026Q2` (first and last quarter, both included); a QuarterError says what is wrong."""
    first, sep, last = str(text).partition("..")
    if not sep:
        raise QuarterError(
            _("“%(text)s” is not a range of quarters: write the first and the last, like 2025Q3..2026Q2.")
            % {"text": text}
        )
    return Quarter.parse(first), Quarter.parse(last)


def range_quarters(first: Quarter, last: Quarter) -> list[Quarter]:
    """The quarters from first to last for one workbook; a QuarterError when backwards or too many."""
    if last < first:
        raise QuarterError(
            _("The last quarter, %(last)s, comes before the first, %(first)s.")
            % {"first": first, "last": last}
        )
    quarters = quarters_between(first, last)
    if len(quarters) > MAX_WORKBOOK_QUARTERS:
        raise QuarterError(
            _(
                "%(first)s to %(last)s is %(n)s quarters: one workbook holds at most %(max)s. "
                "Choose a shorter range."
            )
            % {"first": first, "last": last, "n": len(quarters), "max": MAX_WORKBOOK_QUARTERS}
        )
    return quarters


def state_views(programs, quarter: Quarter) -> list[ReportView]:
    """Every program's report for the quarter (submitted copy or live draft), in a few queries."""
    programs = list(programs.select_related("agency").order_by("name"))
    reports = {
        r.program_id: r
        for r in QuarterlyReport.objects.filter(
            program__in=programs, year=quarter.year, quarter=quarter.number
        ).prefetch_related(selectors.submissions_prefetch())
    }
    entries: dict[int, list] = {}
    for entry in ReportEntry.objects.filter(
        report__in=reports.values(), withdrawn_at__isnull=True
    ).select_related("entered_by"):
        entries.setdefault(entry.report_id, []).append(selectors.entry_as_json(entry))
    need_live = [
        p.pk
        for p in programs
        if not (
            (r := reports.get(p.pk)) is not None
            and r.status == ReportStatus.SUBMITTED
            and r.submissions.all()
        )
    ]
    live = measures.for_programs(Program.objects.filter(pk__in=need_live), quarter) if need_live else {}
    today = timezone.localdate()
    views = []
    for program in programs:
        report = reports.get(program.pk) or QuarterlyReport(
            program=program, year=quarter.year, quarter=quarter.number
        )
        submissions = list(report.submissions.all()) if report.pk else []
        views.append(
            _view(
                program, quarter, report, submissions, live.get(program.pk), entries.get(report.pk, []), today
            )
        )
    return views


# --- Rows in the form's order ---------------------------------------------------------------------


def header_rows(view: ReportView) -> list[Row]:
    program = view.program
    agency = getattr(program, "agency", None)
    return [
        Row("program", _("Program"), program.name, HEADER),
        Row("program_slug", _("Program short name"), program.slug, HEADER),
        Row("agency", _("Agency"), agency.name if agency else "", HEADER),
        Row("state", _("State"), program.state, HEADER),
        Row("quarter", _("Quarter"), str(view.quarter), HEADER),
        Row("period_start", _("Period start"), view.quarter.start, HEADER),
        Row("period_end", _("Period end"), view.quarter.end, HEADER),
        Row("report_state", _("Report"), view.state_label, HEADER),
    ]


def _entry_row(entry: dict, key: str, label: str) -> Row:
    return Row(
        key,
        label,
        entry.get("value", ""),
        ENTERED,
        comment=entry.get("comment", ""),
        entered_by=entry.get("entered_by", ""),
    )


def figure_rows(view: ReportView) -> list[Row]:
    """The computed figures in the form's order, each override after its figure, then the other entries."""
    overrides: dict[str, list[dict]] = {}
    others = []
    for entry in view.entries:
        if entry.get("measure"):
            overrides.setdefault(entry["measure"], []).append(entry)
        else:
            others.append(entry)
    rows = []
    for key, label, value in measures.rows(view.figures):
        comment = str(measures.SAVINGS_SOURCE) if key == "estimated_treatment_savings" else ""
        rows.append(Row(key, str(label), value, COMPUTED, comment=comment))
        for entry in overrides.pop(key, []):
            rows.append(_entry_row(entry, key, _("%(label)s — entered override") % {"label": label}))
    for key, entries in overrides.items():  # an override of a key the form no longer has
        rows.extend(_entry_row(e, key, _("%(key)s — entered override") % {"key": key}) for e in entries)
    for entry in others:
        rows.append(
            _entry_row(entry, entry.get("item", ""), entry.get("item_label") or entry.get("item", ""))
        )
    return rows


def all_rows(view: ReportView) -> list[Row]:
    return header_rows(view) + figure_rows(view)


def _columns() -> list[str]:
    return [_("Key"), _("Item"), _("Value"), _("Source"), _("Comment"), _("Entered by")]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# --- CSV ---------------------------------------------------------------------------------------------


def csv_bytes(view: ReportView) -> bytes:
    """One row per header item, figure and entered item; UTF-8 with a byte-order mark (opens in Excel)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_columns())
    for row in all_rows(view):
        writer.writerow([row.key, row.label, _text(row.value), row.kind, row.comment, row.entered_by])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- XLSX --------------------------------------------------------------------------------------------

_BOLD = Font(bold=True)


_SHEET_FORBIDDEN = str.maketrans({c: "-" for c in "[]:*?/\\"})


def _unique_title(wanted: str, used: set[str]) -> str:
    """A sheet name Excel accepts: 31 characters, none of []:*?/\\, unique ignoring case, not "History"."""
    base = wanted.translate(_SHEET_FORBIDDEN).strip("'")[:31] or "Sheet"
    title, n = base, 1
    while title.casefold() in used or title.casefold() == "history":
        n += 1
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
    used.add(title.casefold())
    return title


def _sheet_title(view: ReportView, used: set[str]) -> str:
    title = str(view.quarter)
    if title.casefold() in used:
        title = f"{view.quarter} {view.program.slug}"
    return _unique_title(title, used)


def _fill_report_sheet(ws, view: ReportView) -> None:
    ws.append(_columns())
    for cell in ws[1]:
        cell.font = _BOLD
    for row in all_rows(view):
        ws.append([row.key, row.label, row.value, row.kind, row.comment, row.entered_by])
        cell = ws.cell(row=ws.max_row, column=3)
        if row.kind == COMPUTED and isinstance(row.value, (int, Decimal)):
            cell.number_format = _FORMATS.get(row.key, "0")
        elif isinstance(row.value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
        if row.kind == HEADER:
            ws.cell(row=ws.max_row, column=2).font = _BOLD
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (34, 62, 18, 10, 60, 28), strict=True):
        ws.column_dimensions[letter].width = width
    for cells in ws.iter_rows(min_row=2, min_col=5, max_col=5):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def xlsx_bytes(views: list[ReportView] | ReportView) -> bytes:
    """A workbook with one sheet per report (one per quarter when several quarters are exported)."""
    if isinstance(views, ReportView):
        views = [views]
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for view in views:
        _fill_report_sheet(wb.create_sheet(_sheet_title(view, used)), view)
    return _save(wb)


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _rate(part: int, whole: int) -> Decimal | None:
    """part / whole × 100, one decimal, half away from zero (outcomes.md); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def state_totals(views: list[ReportView]) -> list[tuple[str, str, object]]:
    """(key, label, value): the sum of each count over the programs, and both kinds of rate."""
    out = []
    for key in measures.KEYS:
        values = [measures.value(v.figures, key) for v in views]
        if values and all(_is_count(x) for x in values):
            out.append((key, str(measures.LABELS[key]), sum(values)))
    parts = {
        "employment_rate": ("worked_competitive", "caseload_served"),
        "rapid_job_search.rate": ("rapid_job_search.met", "rapid_job_search.cohort"),
    }
    from .dashboards import average_rate

    for key, (num, den) in parts.items():
        top = sum(measures.value(v.figures, num) or 0 for v in views)
        bottom = sum(measures.value(v.figures, den) or 0 for v in views)
        pooled = _rate(top, bottom)
        label = measures.LABELS[key]
        out.append((f"{key}.pooled", _("%(label)s — all people pooled") % {"label": label}, pooled))
        out.append(
            (
                f"{key}.average_of_programs",
                _("%(label)s — average of programs") % {"label": label},
                average_rate([v.figures for v in views], key),
            )
        )
    return out


def state_xlsx_bytes(views: list[ReportView], quarter: Quarter) -> bytes:
    """The state team's workbook: one row per program, the totals, every entered item, one sheet per program."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Programs")[:31]
    head = [_("Program"), _("Short name"), _("Agency"), _("State"), _("Quarter"), _("Report")]
    ws.append(head + [str(measures.LABELS[k]) for k in measures.KEYS])
    for cell in ws[1]:
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for view in views:
        agency = getattr(view.program, "agency", None)
        ws.append(
            [
                view.program.name,
                view.program.slug,
                agency.name if agency else "",
                view.program.state,
                str(quarter),
            ]
            + [view.state_label]
            + [measures.value(view.figures, k) for k in measures.KEYS]
        )
        for i, key in enumerate(measures.KEYS, start=len(head) + 1):
            ws.cell(row=ws.max_row, column=i).number_format = _FORMATS.get(key, "0")
    ws.freeze_panes = "C2"
    ws.row_dimensions[1].height = 60
    for i in range(1, len(head) + len(measures.KEYS) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 30 if i in (1, 3, 6) else 14

    totals = wb.create_sheet(_("Totals")[:31])
    totals.append([_("Key"), _("Item"), str(quarter)])
    for cell in totals[1]:
        cell.font = _BOLD
    for key, label, value in state_totals(views):
        totals.append([key, label, value])
        fmt = "0.0" if key.endswith((".pooled", ".average_of_programs")) else "0"
        totals.cell(row=totals.max_row, column=3).number_format = fmt
    totals.append(["programs", _("Programs"), len(views)])
    totals.append(
        [
            "submitted",
            _("Programs whose report is submitted"),
            sum(1 for v in views if v.status == ReportStatus.SUBMITTED),
        ]
    )
    totals.freeze_panes = "A2"
    for letter, width in zip("ABC", (44, 70, 14), strict=True):
        totals.column_dimensions[letter].width = width

    entered = wb.create_sheet(_("Entered items")[:31])
    entered.append(
        [_("Program"), _("Key"), _("Item"), _("Value"), _("Source"), _("Comment"), _("Entered by")]
    )
    for cell in entered[1]:
        cell.font = _BOLD
    for view in views:
        for row in figure_rows(view):
            if row.kind == ENTERED:
                entered.append(
                    [view.program.slug, row.key, row.label, row.value, row.kind, row.comment, row.entered_by]
                )
    entered.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (20, 30, 50, 20, 10, 60, 28), strict=True):
        entered.column_dimensions[letter].width = width

    # Then each program's report on its own sheet, named by its short name, shaped like the form.
    used = {sheet.title.casefold() for sheet in wb.worksheets}
    for view in views:
        _fill_report_sheet(wb.create_sheet(_unique_title(view.program.slug, used)), view)
    return _save(wb)


# --- PDF ----------------------------------------------------------------------------------------------


def pdf_bytes(view: ReportView, charts: list | None = None) -> bytes:
    """The report as a PDF (WeasyPrint): header, figures with entered items, charts, page numbers."""
    import weasyprint

    from . import charts as chart_module

    rows = [
        {
            "key": r.key,
            "label": r.label,
            "value": chart_module.display(r.value, r.key) if r.kind == COMPUTED else _text(r.value),
            "kind": r.kind,
            "comment": r.comment,
            "entered_by": r.entered_by,
        }
        for r in figure_rows(view)
    ]
    html = render_to_string(
        "reporting/pdf_report.html",
        {
            "view": view,
            "program": view.program,
            "quarter": view.quarter,
            "header": header_rows(view),
            "rows": rows,
            "charts": charts or [],
            "savings_source": measures.SAVINGS_SOURCE,
        },
    )
    return weasyprint.HTML(string=html).write_pdf()


def filename(view: ReportView, extension: str) -> str:
    return f"openips-{view.program.slug}-{view.quarter}.{extension}"


def range_filename(program: Program, quarters: list[Quarter]) -> str:
    if len(quarters) == 1:
        return f"openips-{program.slug}-{quarters[0]}.xlsx"
    return f"openips-{program.slug}-{quarters[0]}-{quarters[-1]}.xlsx"
