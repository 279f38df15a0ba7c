"""The dashboards (a program's, an employment specialist's own, the state's) and the report downloads.

Dashboards show live figures from `reporting.measures` over the last 8 complete quarters, each
chart with its numbers table. They list no job seekers (only staff names in the per-specialist
table), so they write no `read` audit rows. A download of a report writes an `export` audit row:
its figures are aggregate, but what leaves the system is recorded anyway.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Membership, Program, ProgramStatus
from core import audit
from core.dates import Quarter, QuarterError
from core.models import AuditAction

from .. import charts, dashboards, exports, measures
from ..models import Benchmark
from ..selectors import reports as selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The per-specialist table of the program dashboard.
SPECIALIST_KEYS = [
    "caseload_served",
    "active_at_end",
    "worked_competitive",
    "employment_rate",
    "new_job_starts",
    "rapid_job_search.rate",
    "days_interest_to_first_job.median",
    "steady_workers",
]
# The per-program table of the state dashboard.
PROGRAM_KEYS = [
    "caseload_served",
    "worked_competitive",
    "employment_rate",
    "in_education",
    "new_job_starts",
    "rapid_job_search.rate",
    "caseload_per_es_fte",
    "steady_workers",
]


def _program(request, slug) -> Program:
    program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
    access.require(request.user, roles.Action.REPORT_VIEW, program)
    return program


def _quarters(program: Program | None = None) -> list[Quarter]:
    today = selectors.program_today(program) if program else timezone.localdate()
    return dashboards.quarters_ending(dashboards.latest_complete_quarter(today))


def _benchmarks():
    return list(Benchmark.objects.filter(measure="employment_rate"))


def _columns(keys):
    return [(key, measures.LABELS[key]) for key in keys]


def _cells(figures: dict, keys) -> list[str]:
    return [charts.display(measures.value(figures, key), key) for key in keys]


# --- Program and specialist dashboards -------------------------------------------------------------


def _is_specialist_only(user, program) -> bool:
    held = access.roles_of(user, program)
    return roles.ES in held and not held & {roles.SUP, roles.PM, roles.TRAINER, roles.ADMIN}


def _render_specialist(request, program, membership, *, own: bool):
    quarters = _quarters(program)
    series = dashboards.specialist_series(program, membership.pk, quarters)
    return render(
        request,
        "reporting/dashboard_specialist.html",
        {
            "program": program,
            "membership": membership,
            "own": own,
            "quarters": quarters,
            "latest": series[-1],
            "charts": charts.all_charts(series, _benchmarks(), staff=False),
        },
    )


@login_required
def program_dashboard(request, slug):
    """A program's figures over 8 quarters; `?specialist=<id>` one specialist's caseload.

    An employment specialist (with no supervisor or manager role there) sees their own caseload
    unless they ask for the program's figures (`?scope=program`).
    """
    program = _program(request, slug)
    wanted = request.GET.get("specialist")
    if wanted:
        try:
            membership = Membership.objects.select_related("user").get(pk=int(wanted), program=program)
        except (ValueError, Membership.DoesNotExist):
            raise Http404 from None
        mine = membership.user_id == request.user.pk
        if not mine and _is_specialist_only(request.user, program):
            raise PermissionDenied
        return _render_specialist(request, program, membership, own=mine)
    if request.GET.get("scope") != "program" and _is_specialist_only(request.user, program):
        membership = access.staff_membership(request.user, program)
        if membership is not None:
            return _render_specialist(request, program, membership, own=True)
    quarters = _quarters(program)
    series = dashboards.program_series(program, quarters)
    latest = quarters[-1]
    per_es = measures.by_specialist(program, latest)
    members = Membership.objects.select_related("user").in_bulk([k for k in per_es if k is not None])
    specialist_rows = sorted(
        (
            {
                "membership": members.get(key),
                "cells": _cells(figures, SPECIALIST_KEYS),
            }
            for key, figures in per_es.items()
        ),
        key=lambda r: (r["membership"] is None, str(r["membership"].user) if r["membership"] else ""),
    )
    return render(
        request,
        "reporting/dashboard_program.html",
        {
            "program": program,
            "quarters": quarters,
            "latest_quarter": latest,
            "latest": series[-1],
            "charts": charts.all_charts(series, _benchmarks()),
            "specialist_columns": _columns(SPECIALIST_KEYS),
            "specialist_rows": specialist_rows,
            "can_see_specialists": not _is_specialist_only(request.user, program),
        },
    )


@login_required
def my_dashboard(request, slug):
    """The signed-in employment specialist's own caseload figures."""
    program = _program(request, slug)
    membership = access.staff_membership(request.user, program)
    if membership is None:
        raise Http404(_("You have no caseload in this program."))
    return _render_specialist(request, program, membership, own=True)


# --- State dashboard -------------------------------------------------------------------------------


@login_required
def state_dashboard(request):
    """All programs pooled over 8 quarters, the average of programs, and a table per program.

    For the analyst every count of 1–10 and every figure derived from one is "<11"
    (`reporting.dashboards`), in the tables and in the charts alike.
    """
    access.require(request.user, roles.Action.STATE_OUTCOMES_VIEW)
    suppressed = dashboards.must_suppress(request.user)
    programs = dashboards.state_programs(request.user)
    listed = list(programs)
    quarters = _quarters()
    state = dashboards.state_series(programs, quarters)
    pooled, averages, tables = [], [], []
    for q in state:
        table = dashboards.suppress_table(q.programs) if suppressed else q.programs
        tables.append(table)
        pooled.append(dashboards.suppress(q.pooled) if suppressed else q.pooled)
        averages.append(dashboards.average_rate(list(table.values())))
    latest_table = tables[-1] if tables else {}
    program_rows = [{"program": p, "cells": _cells(latest_table.get(p.pk, {}), PROGRAM_KEYS)} for p in listed]
    return render(
        request,
        "reporting/dashboard_state.html",
        {
            "quarters": quarters,
            "latest_quarter": quarters[-1],
            "latest": pooled[-1],
            "latest_average": averages[-1],
            "suppressed": suppressed,
            "charts": charts.all_charts(pooled, _benchmarks(), averages=averages),
            "program_columns": _columns(PROGRAM_KEYS),
            "program_rows": program_rows,
            "program_count": len(listed),
            "can_download": access.can(request.user, roles.Action.STATE_REPORTS_TRACK),
        },
    )


# --- Downloads -------------------------------------------------------------------------------------


def _download_quarter(program: Program | None, text: str) -> Quarter:
    try:
        quarter = Quarter.parse(text)
        today = selectors.program_today(program) if program else timezone.localdate()
        selectors.check_not_future(quarter, today)
    except QuarterError as exc:
        raise Http404(str(exc)) from None
    return quarter


def _export(request, slug, quarter, fmt):
    program = _program(request, slug)
    quarter = _download_quarter(program, quarter)
    view = exports.report_view(program, quarter)
    if fmt == "csv":
        body, content_type = exports.csv_bytes(view), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, content_type = exports.xlsx_bytes(view), XLSX
    else:
        body, content_type = exports.pdf_bytes(view, dashboards.report_charts(view)), "application/pdf"
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="reporting.report",
        object_id=f"{quarter}.{fmt}",
        program=program,
        changes={"format": [None, fmt], "submission": [None, view.submission_number]},
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(view, fmt)}"'
    return response


@login_required
def report_csv(request, slug, quarter):
    return _export(request, slug, quarter, "csv")


@login_required
def report_xlsx(request, slug, quarter):
    return _export(request, slug, quarter, "xlsx")


@login_required
def report_pdf(request, slug, quarter):
    return _export(request, slug, quarter, "pdf")


@login_required
def state_xlsx(request, quarter):
    """Every active program's report for the quarter in one workbook (the state team)."""
    access.require(request.user, roles.Action.STATE_REPORTS_TRACK)
    quarter = _download_quarter(None, quarter)
    programs = access.restrict(
        Program.objects.filter(status=ProgramStatus.ACTIVE), request.user, roles.Action.STATE_REPORTS_TRACK
    )
    views = exports.state_views(programs, quarter)
    body = exports.state_xlsx_bytes(views, quarter)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="reporting.state_report",
        object_id=f"{quarter}.xlsx",
        changes={"programs": [None, [v.program.slug for v in views]]},
    )
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="openips-state-{quarter}.xlsx"'
    return response
