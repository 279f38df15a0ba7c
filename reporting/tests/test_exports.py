"""The report as CSV, XLSX and PDF, opened back: the values of measures.report, entered items beside them."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Program
from accounts.tests.factories import ProgramFactory
from core.models import AuditAction, AuditEvent
from reporting import exports, measures
from reporting.models import QuarterlyReport, ReportEntry, ReportStatus, ReportSubmission
from reporting.tests.factories_dashboards import Q2, many_people, small_program

pytestmark = pytest.mark.django_db


def _entries(program, user, *, override_value="4"):
    report = QuarterlyReport.objects.create(program=program, year=2026, quarter=2)
    ReportEntry.objects.create(
        report=report,
        item="override",
        measure="caseload_served",
        value=override_value,
        comment="One person served on paper before the move.",
        entered_by=user,
    )
    ReportEntry.objects.create(
        report=report,
        item="funding",
        value="Medicaid, DVR milestones",
        comment="As every year.",
        entered_by=user,
    )
    return report


def _csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)
    return " ".join(text.split())  # table cells wrap: compare words, not lines


def test_the_rows_follow_the_form_and_carry_every_figure(program):
    small_program(program)
    figures = measures.report(program, Q2)
    view = exports.ReportView(program=program, quarter=Q2, figures=figures, state_label="Draft")
    rows = exports.all_rows(view)
    keys = [r.key for r in rows]
    assert keys[:8] == [
        "program",
        "program_slug",
        "agency",
        "state",
        "quarter",
        "period_start",
        "period_end",
        "report_state",
    ]
    assert keys[8:] == measures.KEYS  # E2..E8, then the OpenIPS keys
    for row in rows[8:]:
        assert row.kind == "computed"
        assert row.value == measures.value(figures, row.key)
    assert (
        keys.index("caseload_served")
        < keys.index("worked_competitive")
        < keys.index("employment_specialists")
    )


def test_csv_has_the_figures_and_the_entered_items_beside_them(program, make_user):
    small_program(program)
    user = make_user("program_manager", program)
    _entries(program, user)
    figures = measures.report(program, Q2)
    assert figures["caseload_served"] == 5 and figures["worked_competitive"] == 2
    assert figures["employment_rate"] == Decimal("40.0")
    view = exports.report_view(program, Q2)
    rows = _csv_rows(exports.csv_bytes(view))
    assert rows[0] == ["Key", "Item", "Value", "Source", "Comment", "Entered by"]
    by_key = {}
    for row in rows[1:]:
        by_key.setdefault(row[0], []).append(row)
    assert by_key["program"][0][2] == program.name
    assert by_key["quarter"][0][2] == "2026Q2"
    assert by_key["period_start"][0][2] == "2026-04-01"
    assert by_key["report_state"][0][2].startswith("Draft computed from the records")
    assert by_key["caseload_served"][0][2:4] == ["5", "computed"]
    override = by_key["caseload_served"][1]  # right after the computed figure
    assert override[2:5] == ["4", "entered", "One person served on paper before the move."]
    assert override[5] == str(user)
    assert by_key["employment_rate"][0][2] == "40.0"
    assert by_key["new_job_starts"][0][2] == str(figures["new_job_starts"])
    assert by_key["rapid_job_search.rate"][0][2] == str(figures["rapid_job_search"]["rate"])
    assert by_key["average_hourly_wage"][0][2] == str(figures["average_hourly_wage"])
    savings = by_key["estimated_treatment_savings"][0]
    assert "estimate" in savings[1].lower() and "estimate" in savings[4].lower()
    assert by_key["funding"][0][2:4] == ["Medicaid, DVR milestones", "entered"]
    assert rows[-1][0] == "funding"  # other entered items after the figures


def _submit(program, user, figures, entries, number=1, reason=""):
    report, _ = QuarterlyReport.objects.get_or_create(program=program, year=2026, quarter=2)
    report.status = ReportStatus.SUBMITTED
    report.save()
    return ReportSubmission.objects.create(
        report=report,
        number=number,
        figures=figures,
        entries=entries,
        submitted_at=timezone.now(),
        submitted_by=user,
        due_date=Q2.end,
        reason=reason,
    )


def test_a_submitted_report_exports_its_locked_copy_not_the_live_figures(program, make_user):
    small_program(program)
    user = make_user("program_manager", program)
    locked = measures.as_json(measures.report(program, Q2))
    locked["caseload_served"] = 99  # what was sent then, whatever the records say now
    _submit(
        program,
        user,
        locked,
        [
            {
                "item": "funding",
                "item_label": "Funding sources",
                "measure": "",
                "value": "County levy",
                "comment": "c",
                "entered_by": "PM",
            }
        ],
    )
    _submit(program, user, locked, [], number=2, reason="Corrected the count.")
    view = exports.report_view(program, Q2)
    assert view.status == ReportStatus.SUBMITTED and view.submission_number == 2
    assert view.state_label.startswith("Amendment 1, submitted on ")
    rows = {r[0]: r for r in _csv_rows(exports.csv_bytes(view))[1:]}
    assert rows["caseload_served"][2] == "99"
    assert rows["employment_rate"][2] == str(locked["employment_rate"])


def test_xlsx_opened_back(program, make_user):
    small_program(program)
    _entries(program, make_user("program_manager", program))
    figures = measures.report(program, Q2)
    wb = load_workbook(io.BytesIO(exports.xlsx_bytes(exports.report_view(program, Q2))))
    assert wb.sheetnames == ["2026Q2"]
    ws = wb["2026Q2"]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == ["Key", "Item", "Value", "Source", "Comment", "Entered by"]
    assert all(c.font.bold for c in ws[1])
    assert ws.column_dimensions["B"].width > 40
    values = {}
    for key, _label, value, kind, _comment, _by in ws.iter_rows(min_row=2, values_only=True):
        values.setdefault((key, kind), value)
    assert values[("program", "header")] == program.name
    for key in measures.KEYS:
        expected = measures.value(figures, key)
        got = values[(key, "computed")]
        assert (got if expected is None or isinstance(expected, int) else Decimal(str(got))) == expected, key
    assert values[("caseload_served", "entered")] == "4"
    rate_cell = next(row[2] for row in ws.iter_rows(min_row=2) if row[0].value == "employment_rate")
    assert rate_cell.number_format == "0.0"


def test_xlsx_has_one_sheet_per_quarter(program):
    small_program(program)
    views = [exports.report_view(program, q) for q in (Q2.previous(), Q2)]
    wb = load_workbook(io.BytesIO(exports.xlsx_bytes(views)))
    assert wb.sheetnames == ["2026Q1", "2026Q2"]


def test_program_views_are_the_single_report_views_live_or_submitted(program, make_user):
    small_program(program)
    user = make_user("program_manager", program)
    _entries(program, user)
    locked = measures.as_json(measures.report(program, Q2))
    locked["caseload_served"] = 99
    _submit(program, user, locked, [])
    quarters = [Q2.previous(), Q2, Q2.next()]
    for live in (False, True):
        got = exports.program_views(program, quarters, live=live)
        want = [exports.report_view(program, q, live=live) for q in quarters]
        assert [(v.quarter, v.figures, v.entries, v.state_label, v.status) for v in got] == [
            (v.quarter, v.figures, v.entries, v.state_label, v.status) for v in want
        ]
    assert exports.program_views(program, [Q2])[0].figures["caseload_served"] == 99
    assert exports.program_views(program, [Q2], live=True)[0].figures["caseload_served"] == 5
    assert exports.program_views(program, []) == []


def test_range_quarters_and_parse_range():
    from core.dates import Quarter, QuarterError

    assert exports.parse_range("2025Q3..2026q2") == (Quarter(2025, 3), Quarter(2026, 2))
    assert len(exports.range_quarters(Quarter(2023, 3), Quarter(2026, 2))) == 12
    for first, last, message in (
        (Quarter(2026, 2), Quarter(2026, 1), "comes before the first"),
        (Quarter(2023, 2), Quarter(2026, 2), "13 quarters: one workbook holds at most 12"),
    ):
        with pytest.raises(QuarterError, match=message):
            exports.range_quarters(first, last)
    for text in ("2026Q2", "2026Q1..2026Q5", "..2026Q1"):
        with pytest.raises(QuarterError):
            exports.parse_range(text)


def test_state_workbook_one_row_per_program_and_both_rates(make_user):
    a, b = ProgramFactory(name="Alpha IPS"), ProgramFactory(name="Beta IPS")
    small_program(a)  # 5 served, 2 worked: 40.0
    many_people(b, Q2, served=20, worked=15)  # 75.0
    views = exports.state_views(Program.objects.filter(pk__in=[a.pk, b.pk]), Q2)
    wb = load_workbook(io.BytesIO(exports.state_xlsx_bytes(views, Q2)))
    assert wb.sheetnames == ["Programs", "Totals", "Entered items", a.slug, b.slug]
    ws = wb["Programs"]
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["Alpha IPS", "Beta IPS"]
    served = header.index(str(measures.LABELS["caseload_served"]))
    rate = header.index(str(measures.LABELS["employment_rate"]))
    assert [r[served] for r in rows] == [5, 20]
    assert [r[rate] for r in rows] == [40.0, 75.0]
    totals = {r[0]: r[2] for r in wb["Totals"].iter_rows(min_row=2, values_only=True)}
    assert totals["caseload_served"] == 25 and totals["worked_competitive"] == 17
    assert totals["employment_rate.pooled"] == 68.0  # 17 / 25
    assert totals["employment_rate.average_of_programs"] == 57.5  # (40 + 75) / 2
    assert totals["programs"] == 2
    # Each program's own sheet is shaped like the single report (the Learning Community form).
    for program, figures in ((a, measures.report(a, Q2)), (b, measures.report(b, Q2))):
        sheet = wb[program.slug]
        assert [c.value for c in sheet[1]] == ["Key", "Item", "Value", "Source", "Comment", "Entered by"]
        values = {r[0]: r[2] for r in sheet.iter_rows(min_row=2, values_only=True) if r[3] != "entered"}
        assert values["program"] == program.name and values["quarter"] == "2026Q2"
        assert values["caseload_served"] == figures["caseload_served"]
        assert Decimal(str(values["employment_rate"])) == figures["employment_rate"]


def test_sheet_names_are_ones_excel_accepts():
    used: set[str] = set()
    names = [
        exports._unique_title(name, used)
        for name in ("Programs", "programs", "history", "a" * 40, "a" * 40, "q1/q2:[x]*?")
    ]
    assert names[0] == "Programs" and names[1] == "programs (2)"
    assert names[2] == "history (2)"  # Excel keeps "History" for itself
    assert len(names[3]) == 31 and names[4] == "a" * 27 + " (2)"
    assert names[5] == "q1-q2--x---"
    assert len({n.casefold() for n in names}) == len(names)


def test_pdf_has_the_header_figures_charts_and_page_numbers(program, make_user):
    small_program(program)
    _entries(program, make_user("program_manager", program))
    from reporting.dashboards import report_charts

    view = exports.report_view(program, Q2)
    body = exports.pdf_bytes(view, report_charts(view))
    text = _pdf_text(body)
    assert program.name in text and "2026Q2" in text
    assert "Draft computed from the records" in text
    assert "Page 1 of" in text
    assert "One person served on paper before the move." in text
    assert "entered" in text.lower()
    assert "40.0" in text  # the employment rate
    # The charts' text is in the PDF: the benchmark labels and the trials' caption.
    assert "Learning Community minimal standard" in text
    assert "cumulative over 18–24 months, not quarterly" in text.replace("- ", "-")
    assert "estimate" in text.lower()


# --- Download views --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type", "magic"),
    [
        ("reporting:report_csv", "text/csv", "\ufeffKey".encode()),
        ("reporting:report_xlsx", "spreadsheetml", b"PK"),
        ("reporting:report_pdf", "application/pdf", b"%PDF"),
    ],
)
def test_download_views_answer_a_file_and_audit_the_export(
    program, make_user, login, name, content_type, magic
):
    small_program(program)
    user = make_user("program_manager", program)
    response = login(user).get(reverse(name, args=[program.slug, "2026Q2"]))
    assert response.status_code == 200
    assert content_type in response["Content-Type"]
    assert response.content.startswith(magic)
    assert f"openips-{program.slug}-2026Q2." in response["Content-Disposition"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, program=program)
    assert event.actor == user and event.object_type == "reporting.report"


def test_download_of_a_bad_or_future_quarter_is_not_found(program, make_user, login):
    client = login(make_user("program_manager", program))
    for text in ("2026Q5", "nonsense", "2099Q1"):
        assert client.get(reverse("reporting:report_csv", args=[program.slug, text])).status_code == 404


def test_state_workbook_download(program, make_user, login):
    small_program(program)
    response = login(make_user("state_trainer")).get(reverse("reporting:state_xlsx", args=["2026Q2"]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    names = [r[0] for r in wb["Programs"].iter_rows(min_row=2, values_only=True)]
    assert program.name in names
    own = {r[0]: r[2] for r in wb[program.slug].iter_rows(min_row=2, values_only=True)}
    assert own["program"] == program.name
    assert own["caseload_served"] == measures.report(program, Q2)["caseload_served"]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="reporting.state_report").exists()
