"""The dashboards (a program's, an employment specialist's own, the state's) and the report downloads.

Dashboards show live figures from `reporting.measures` over 8 quarters, each chart with its
numbers table. They end at the latest complete quarter unless the user picks another one
(`?quarter=2025Q3`, a GET form on the page): the "latest" figures, the tables and the end of the
charts follow it, and so do the download links. A malformed, future or too early quarter is a
400 with the message on the field, and the page shows the latest complete quarter meanwhile.
They list no job seekers (only staff names in the per-specialist table), so they write no `read`
audit rows. A download of a report writes an `export` audit row: its figures are aggregate, but
what leaves the system is recorded anyway.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, roles
from accounts.models import Membership, Program, ProgramStatus
from core import audit
from core.dates import Quarter, QuarterError
from core.models import AuditAction

from .. import charts, dashboards, exports, measures
from ..forms.dashboards import QuarterPickForm, QuarterRangeForm
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


def _pick_quarter(request, choice: dashboards.QuarterChoice, *, action: str, hidden=()) -> dict:
    """The quarter a dashboard shows (chosen with `?quarter=`, else the latest complete one).

    Returns the template context of the quarter form; `status` is 400 when the chosen quarter is
    refused (the page then shows the latest complete quarter, with the message on the field).
    """
    chosen, status, query = choice.default, 200, ""
    if "quarter" in request.GET:
        form = QuarterPickForm(request.GET, choice=choice)
        if form.is_valid():
            chosen = form.cleaned_data["quarter"]
            query = f"quarter={chosen}"
            # Shown again as the list spells it (2025q3 in the address is 2025Q3 in the list).
            form = QuarterPickForm(initial={"quarter": str(chosen)}, choice=choice)
        else:
            status = 400
            # The list shows the quarter the page shows; the message names what was asked for.
            form.data = form.data.copy()
            form.data["quarter"] = str(choice.default)
    else:
        form = QuarterPickForm(initial={"quarter": str(choice.default)}, choice=choice)
    return {
        "quarter_form": form,
        "quarter_action": action,
        "quarter_hidden": list(hidden),
        "quarter_query": query,
        "chosen_quarter": chosen,
        "quarters": dashboards.quarters_ending(chosen),
        "quarter_in_progress": chosen == choice.current,
        "quarter_is_default": chosen == choice.default,
        "default_quarter": choice.default,
        "status": status,
    }


def _program_choice(program: Program) -> dashboards.QuarterChoice:
    return dashboards.program_quarter_choice(program, selectors.program_today(program))


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


def _render_specialist(request, program, membership, *, own: bool, action: str, hidden=()):
    picked = _pick_quarter(request, _program_choice(program), action=action, hidden=hidden)
    quarters = picked["quarters"]
    series = dashboards.specialist_series(program, membership.pk, quarters)
    return render(
        request,
        "reporting/dashboard_specialist.html",
        picked
        | {
            "program": program,
            "membership": membership,
            "own": own,
            "latest": series[-1],
            "charts": charts.all_charts(series, _benchmarks(), staff=False),
        },
        status=picked["status"],
    )


@login_required
def program_dashboard(request, slug):
    """A program's figures over 8 quarters; `?specialist=<id>` one specialist's caseload.

    An employment specialist (with no supervisor or manager role there) sees their own caseload
    unless they ask for the program's figures (`?scope=program`).
    """
    program = _program(request, slug)
    action = reverse("reporting:dashboard", args=[program.slug])
    wanted = request.GET.get("specialist")
    if wanted:
        try:
            membership = Membership.objects.select_related("user").get(pk=int(wanted), program=program)
        except (ValueError, Membership.DoesNotExist):
            raise Http404 from None
        mine = membership.user_id == request.user.pk
        if not mine and _is_specialist_only(request.user, program):
            raise PermissionDenied
        return _render_specialist(
            request, program, membership, own=mine, action=action, hidden=[("specialist", membership.pk)]
        )
    scope = request.GET.get("scope")
    if scope != "program" and _is_specialist_only(request.user, program):
        membership = access.staff_membership(request.user, program)
        if membership is not None:
            return _render_specialist(request, program, membership, own=True, action=action)
    choice = _program_choice(program)
    picked = _pick_quarter(
        request, choice, action=action, hidden=[("scope", "program")] if scope == "program" else []
    )
    quarters = picked["quarters"]
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
        picked
        | {
            "program": program,
            "latest_quarter": latest,
            "latest": series[-1],
            "charts": charts.all_charts(series, _benchmarks()),
            "specialist_columns": _columns(SPECIALIST_KEYS),
            "specialist_rows": specialist_rows,
            "can_see_specialists": not _is_specialist_only(request.user, program),
            "range_form": _range_form(choice, last=latest),
            "range_max": exports.MAX_WORKBOOK_QUARTERS,
        },
        status=picked["status"],
    )


def _range_form(choice: dashboards.QuarterChoice, *, last: Quarter) -> QuarterRangeForm:
    """The workbook form as first shown: the year up to the quarter on the page."""
    first = dashboards.quarters_ending(last, 4)[0]
    return QuarterRangeForm(
        initial={"from_quarter": str(max(first, choice.earliest)), "to_quarter": str(last)}, choice=choice
    )


@login_required
def my_dashboard(request, slug):
    """The signed-in employment specialist's own caseload figures."""
    program = _program(request, slug)
    membership = access.staff_membership(request.user, program)
    if membership is None:
        raise Http404(_("You have no caseload in this program."))
    return _render_specialist(
        request, program, membership, own=True, action=reverse("reporting:dashboard_me", args=[program.slug])
    )


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
    picked = _pick_quarter(
        request,
        dashboards.state_quarter_choice(programs, timezone.localdate()),
        action=reverse("reporting:state_dashboard"),
    )
    quarters = picked["quarters"]
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
        picked
        | {
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
        status=picked["status"],
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


def _range_page(request, program, form, status=200):
    context = {"program": program, "range_form": form, "range_max": exports.MAX_WORKBOOK_QUARTERS}
    return render(request, "reporting/dashboard_range.html", context, status=status)


@login_required
def report_range_xlsx(request, slug):
    """Several quarters of a program's report in one workbook, one sheet per quarter (at most 12).

    Without a range it shows the form; a bad range shows the form again with the message (400),
    and nothing is downloaded.
    """
    program = _program(request, slug)
    choice = _program_choice(program)
    if not {"from_quarter", "to_quarter"} & set(request.GET):
        form = _range_form(choice, last=choice.default)
        return _range_page(request, program, form)
    form = QuarterRangeForm(request.GET, choice=choice)
    if not form.is_valid():
        return _range_page(request, program, form, status=400)
    quarters = form.cleaned_data["quarters"]
    views = exports.program_views(program, quarters)
    body = exports.xlsx_bytes(views)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="reporting.report",
        object_id=f"{quarters[0]}..{quarters[-1]}.xlsx",
        program=program,
        changes={
            "format": [None, "xlsx"],
            "quarters": [None, [str(q) for q in quarters]],
            "submissions": [None, [v.submission_number for v in views]],
        },
    )
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.range_filename(program, quarters)}"'
    return response


@login_required
def state_xlsx(request, quarter):
    """Every active program's report for the quarter in one workbook, one sheet per program (the state team)."""
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
