"""The quarterly report pages: a program's quarters, one report, its drill-downs, entered items,
submit, amend and cancel an amendment, the state team's tracker, and the benchmarks beside the figures.

A draft shows figures computed live by `reporting.measures`; a submitted report shows the locked
copy (its latest submission), never the live figures.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import access, roles
from accounts.models import Program
from core import audit
from core.dates import Quarter, QuarterError
from core.forms import apply_errors
from core.models import AuditAction, AuditEvent

from .. import measures
from ..forms.reports import BenchmarkForm, DeadlineForm, QuarterForm, ReportEntryForm, SubmitForm, VersionForm
from ..models import Benchmark, ReportEntry, ReportStatus
from ..selectors import reports as selectors
from ..services import reports as services

DRILLDOWN_PER_PAGE = 100


# --- Helpers ---------------------------------------------------------------------------------------


class _BadQuarter(Exception):
    def __init__(self, program, message):
        self.program, self.message = program, message


def _program(request, slug, action=roles.Action.REPORT_VIEW) -> Program:
    """The program through the gate (404 if hidden), then the right to take `action` there (403)."""
    program = access.get_for(request.user, Program, slug, roles.Action.PROGRAM_VIEW, lookup="slug")
    access.require(request.user, action, program)
    return program


def _quarter(program, text) -> Quarter:
    try:
        quarter = selectors.parse_quarter(text)
        selectors.check_not_future(quarter, selectors.program_today(program))
    except QuarterError as exc:
        raise _BadQuarter(program, str(exc)) from None
    return quarter


def _bad_quarter_page(request, exc: _BadQuarter):
    return render(
        request,
        "reporting/report_quarter_error.html",
        {"program": exc.program, "message": exc.message},
        status=404,
    )


def _with_quarter(view):
    """The view's `quarter` argument parsed; a text that names no quarter is a 404 page that says why."""

    def wrapped(request, slug, quarter, *args, **kwargs):
        try:
            return view(request, slug, quarter, *args, **kwargs)
        except _BadQuarter as exc:
            return _bad_quarter_page(request, exc)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _show_errors(form, exc: ValidationError) -> None:
    """A stale version, or a refusal that names no field, is told above the form."""
    if hasattr(exc, "error_dict") and "version" in exc.error_dict:
        errors = dict(exc.error_dict)
        form.add_error(None, errors.pop("version"))
        if not errors:
            return
        exc = ValidationError(errors)
    apply_errors(form, exc)


def _figure_rows(figures: dict, overrides: dict[str, list], *, drill: bool) -> list[dict]:
    """The figures in form order, each with the entered overrides that stand beside it."""
    drill_keys = set(measures.DRILLDOWN_KEYS) if drill else set()
    return [
        {
            "key": key,
            "label": label,
            "value": value,
            "drill": key in drill_keys and value is not None,
            "overrides": overrides.get(key, []),
            "estimate": key == "estimated_treatment_savings",
        }
        for key, label, value in measures.rows(figures)
    ]


def _report_context(request, program, quarter, report, **extra) -> dict:
    """Everything the report page shows, for a draft (live figures) or a submitted report (locked)."""
    user = request.user
    today = selectors.program_today(program)
    submissions = selectors.report_submissions(report)
    latest = submissions[-1] if submissions else None
    locked = report.status == ReportStatus.SUBMITTED and latest is not None
    can_submit = access.can(user, roles.Action.REPORT_SUBMIT, program)
    can_drill = access.can(user, roles.Action.REPORT_DRILLDOWN, program)
    if locked:
        figures = measures.from_json(latest.figures)
        entries = [{**e, "live": False} for e in latest.entries]
        withdrawn = []
    else:
        figures = measures.report(program, quarter)
        entries = list(selectors.active_entries(report))
        withdrawn = list(selectors.withdrawn_entries(report))
    overrides: dict[str, list] = {}
    for entry in entries:
        measure = entry["measure"] if isinstance(entry, dict) else entry.measure
        if measure:
            overrides.setdefault(measure, []).append(entry)
    editable = not locked and report.status in services.EDITABLE
    context = {
        "program": program,
        "quarter": quarter,
        "report": report,
        "version": report.version,
        "locked": locked,
        "latest": latest,
        "original": submissions[0] if submissions else None,
        "submissions": submissions,
        "figures": figures,
        "rows": _figure_rows(figures, overrides, drill=can_drill),
        "entries": entries,
        "withdrawn": withdrawn,
        "can_submit": can_submit,
        "can_drill": can_drill,
        "editable": editable and can_submit,
        "ended": quarter.end < today,
        "due_date": selectors.due_date(quarter),
        "amending": report.status == ReportStatus.AMENDING,
        "savings_source": measures.SAVINGS_SOURCE,
    }
    if context["editable"]:
        context.setdefault("entry_form", ReportEntryForm(initial={"version": report.version}))
        context.setdefault("submit_form", SubmitForm(initial={"version": report.version}))
    if locked and can_submit:
        context.setdefault("amend_form", VersionForm(initial={"version": report.version}))
    context.update(extra)
    return context


# --- A program's reports ---------------------------------------------------------------------------


@login_required
def report_list(request, slug):
    program = _program(request, slug)
    today = selectors.program_today(program)
    return render(
        request,
        "reporting/report_list.html",
        {"program": program, "rows": selectors.report_rows(program=program, today=today), "today": today},
    )


@login_required
@_with_quarter
def report_detail(request, slug, quarter):
    program = _program(request, slug)
    quarter = _quarter(program, quarter)
    report = selectors.report_for(program, quarter)
    return render(request, "reporting/report_detail.html", _report_context(request, program, quarter, report))


@login_required
@_with_quarter
def report_submission(request, slug, quarter, number):
    """One locked submission (the original or an amendment), as it was sent."""
    program = _program(request, slug)
    quarter = _quarter(program, quarter)
    report = selectors.report_for(program, quarter)
    submissions = selectors.report_submissions(report)
    submission = next((s for s in submissions if s.number == number), None)
    if submission is None:
        raise Http404
    overrides: dict[str, list] = {}
    for entry in submission.entries:
        if entry.get("measure"):
            overrides.setdefault(entry["measure"], []).append(entry)
    return render(
        request,
        "reporting/report_submission.html",
        {
            "program": program,
            "quarter": quarter,
            "report": report,
            "submission": submission,
            "submissions": submissions,
            "rows": _figure_rows(measures.from_json(submission.figures), overrides, drill=False),
            "savings_source": measures.SAVINGS_SOURCE,
        },
    )


@login_required
@_with_quarter
def report_drilldown(request, slug, quarter, key):
    """The people behind one figure, each linked to their record; a read of each record listed."""
    program = _program(request, slug, roles.Action.REPORT_DRILLDOWN)
    quarter = _quarter(program, quarter)
    try:
        people = measures.people_behind(program, quarter, key)
    except ValueError:
        raise Http404 from None
    report = selectors.report_for(program, quarter)
    locked = report.status == ReportStatus.SUBMITTED
    page = Paginator(people.select_related("employment_specialist__user"), DRILLDOWN_PER_PAGE).get_page(
        request.GET.get("page")
    )
    shown = list(page)
    _record_drilldown_read(request.user, program, quarter, key, shown)
    return render(
        request,
        "reporting/report_drilldown.html",
        {
            "program": program,
            "quarter": quarter,
            "key": key,
            "label": measures.LABELS[key],
            "page": page,
            "people": shown,
            "locked": locked,
        },
    )


def _record_drilldown_read(user, program, quarter, key: str, shown: list) -> None:
    """Showing the people behind a figure reads part of each one's record, so it is audited as such.

    Like a person's own pages, every person shown gets a `read` row with their `job_seeker_id` (so
    the audit trail's person filter finds it), naming the figure; a row for the list names them
    all, as the openings page does. Two inserts, whatever the number of people on the page.
    """
    if not shown:
        return
    figure = f"{quarter} {key}"
    listed = audit.record(
        actor=user,
        action=AuditAction.READ,
        object_type="reporting.drilldown",
        object_id=f"{quarter}:{key}"[:40],
        program=program,
        changes={"job_seekers": [None, [p.pk for p in shown]]},
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=listed.actor,
            actor_email=listed.actor_email,
            ip=listed.ip,
            user_agent=listed.user_agent,
            request_id=listed.request_id,
            program=program,
            job_seeker_id=person.pk,
            object_type=person._meta.label,
            object_id=str(person.pk),
            object_repr=str(person)[:200],
            action=AuditAction.READ,
            changes={"report_figure": [None, figure]},
        )
        for person in shown
    )


# --- Entered items ---------------------------------------------------------------------------------


def _entry(program, quarter, pk) -> ReportEntry:
    """An entered item of this program's report for this quarter (404 otherwise)."""
    return get_object_or_404(
        ReportEntry.objects.select_related("report__program", "entered_by"),
        pk=pk,
        report__program=program,
        report__year=quarter.year,
        report__quarter=quarter.number,
    )


def _form_page(request, program, quarter, *, form_class, initial, act, template, context):
    """A form page of the report workflow: on POST the service runs (`act(cleaned_data)` returns
    the success message) and the report page follows; its refusal shows on the form (400) and
    changes nothing. `context()` adds what the page shows, read only when it is shown."""
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                message = act(form.cleaned_data)
            except ValidationError as exc:
                _show_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect("reporting:report_detail", program.slug, str(quarter))
    else:
        form = form_class(initial=initial)
    return render(
        request,
        template,
        {"program": program, "quarter": quarter, "form": form} | context(),
        status=400 if form.errors else 200,
    )


def _entry_fields(data) -> dict:
    return {key: data[key] for key in ("item", "value", "comment", "measure", "version")}


@login_required
@_with_quarter
@require_http_methods(["GET", "POST"])
def report_entry_add(request, slug, quarter):
    program = _program(request, slug, roles.Action.REPORT_SUBMIT)
    quarter = _quarter(program, quarter)
    report = selectors.report_for(program, quarter)

    def act(data):
        services.report_entry_add(actor=request.user, program=program, quarter=quarter, **_entry_fields(data))
        return _("The entered item was added to the report.")

    return _form_page(
        request,
        program,
        quarter,
        form_class=ReportEntryForm,
        initial={"version": report.version},
        act=act,
        template="reporting/report_entry_form.html",
        context=lambda: {"report": report},
    )


@login_required
@_with_quarter
@require_http_methods(["GET", "POST"])
def report_entry_withdraw(request, slug, quarter, pk):
    program = _program(request, slug, roles.Action.REPORT_SUBMIT)
    quarter = _quarter(program, quarter)
    entry = _entry(program, quarter, pk)

    def act(data):
        services.report_entry_withdraw(actor=request.user, entry=entry, version=data["version"])
        return _("The entered item was withdrawn.")

    return _form_page(
        request,
        program,
        quarter,
        form_class=VersionForm,
        initial={"version": entry.report.version},
        act=act,
        template="reporting/report_entry_withdraw.html",
        context=lambda: {"entry": entry},
    )


@login_required
@_with_quarter
@require_http_methods(["GET", "POST"])
def report_entry_edit(request, slug, quarter, pk):
    """Change an entered item of a draft or an amendment (its value, comment, or what it is)."""
    program = _program(request, slug, roles.Action.REPORT_SUBMIT)
    quarter = _quarter(program, quarter)
    entry = _entry(program, quarter, pk)

    def act(data):
        services.report_entry_update(actor=request.user, entry=entry, **_entry_fields(data))
        return _("The entered item was changed.")

    return _form_page(
        request,
        program,
        quarter,
        form_class=ReportEntryForm,
        initial={
            "version": entry.report.version,
            "item": entry.item,
            "measure": entry.measure,
            "value": entry.value,
            "comment": entry.comment,
        },
        act=act,
        template="reporting/report_entry_form.html",
        context=lambda: {"report": entry.report, "entry": entry},
    )


# --- Submit and amend ------------------------------------------------------------------------------


def _report_step(request, slug, quarter, *, form_class, template, act, context=None):
    """A step of the report's life (submit, start or cancel an amendment): a confirm page with the
    report's version. `act(program, quarter, cleaned_data)` runs the service and returns the
    success message."""
    program = _program(request, slug, roles.Action.REPORT_SUBMIT)
    quarter = _quarter(program, quarter)
    report = selectors.report_for(program, quarter)
    return _form_page(
        request,
        program,
        quarter,
        form_class=form_class,
        initial={"version": report.version},
        act=lambda data: act(program, quarter, data),
        template=template,
        context=lambda: {"report": report} | (context(program, quarter, report) if context else {}),
    )


@login_required
@_with_quarter
@require_http_methods(["GET", "POST"])
def report_submit(request, slug, quarter):
    """Lock the report (or the amendment): the figures as they are now and the entered items."""

    def act(program, quarter, data):
        submission = services.report_submit(
            actor=request.user,
            program=program,
            quarter=quarter,
            version=data["version"],
            reason=data["reason"],
        )
        if submission.is_amendment:
            return _("The amendment was submitted; the earlier reports are kept.")
        return _("The report was submitted and locked.")

    return _report_step(
        request,
        slug,
        quarter,
        form_class=SubmitForm,
        template="reporting/report_submit.html",
        act=act,
        context=lambda program, quarter, report: {
            "amending": report.status == ReportStatus.AMENDING,
            "ended": quarter.end < selectors.program_today(program),
            "due_date": selectors.due_date(quarter),
        },
    )


@login_required
@_with_quarter
@require_http_methods(["GET", "POST"])
def report_amend(request, slug, quarter):
    """Start an amendment of a submitted report."""

    def act(program, quarter, data):
        services.report_amend_start(
            actor=request.user, program=program, quarter=quarter, version=data["version"]
        )
        return _("The amendment is started: change the entered items, then submit the amendment.")

    return _report_step(
        request, slug, quarter, form_class=VersionForm, template="reporting/report_amend.html", act=act
    )


@login_required
@_with_quarter
@require_http_methods(["GET", "POST"])
def report_amend_cancel(request, slug, quarter):
    """Cancel the amendment in progress: back to the latest submission, its entered items as locked."""

    def act(program, quarter, data):
        services.report_amend_cancel(
            actor=request.user, program=program, quarter=quarter, version=data["version"]
        )
        return _("The amendment was cancelled: the report is as it was last submitted.")

    def context(program, quarter, report):
        amending = report.status == ReportStatus.AMENDING
        return {"amending": amending, "plan": selectors.amendment_cancel_plan(report) if amending else None}

    return _report_step(
        request,
        slug,
        quarter,
        form_class=VersionForm,
        template="reporting/report_amend_cancel.html",
        act=act,
        context=context,
    )


# --- The state team --------------------------------------------------------------------------------


def _tracker_page(request, form, deadline_form=None, status=200):
    today = timezone.localdate()
    quarter = Quarter.containing(today).previous()
    if form.is_valid():
        try:
            quarter = selectors.parse_quarter(form.cleaned_data["quarter"])
            selectors.check_not_future(quarter, today)
        except QuarterError as exc:
            form.add_error("quarter", str(exc))
    if form.errors:
        status = 400
    tracker = selectors.state_tracker(user=request.user, quarter=quarter, today=today)
    can_set = access.can(request.user, roles.Action.REPORTING_SETTINGS_EDIT)
    if can_set and deadline_form is None:
        deadline_form = DeadlineForm(initial={"quarter": str(quarter), "due_date": tracker.due_date})
    return render(
        request,
        "reporting/state_tracker.html",
        {
            "form": form,
            "tracker": tracker,
            "quarter": quarter,
            "today": today,
            "deadline_form": deadline_form if can_set else None,
            "previous": quarter.previous(),
            "next": quarter.next() if quarter.next().start <= today else None,
        },
        status=status,
    )


@login_required
def state_tracker(request):
    access.require(request.user, roles.Action.STATE_REPORTS_TRACK)
    data = (
        request.GET
        if "quarter" in request.GET
        else {"quarter": str(Quarter.containing(timezone.localdate()).previous())}
    )
    return _tracker_page(request, QuarterForm(data))


@login_required
@require_http_methods(["POST"])
def deadline_set(request):
    access.require(request.user, roles.Action.REPORTING_SETTINGS_EDIT)
    form = DeadlineForm(request.POST)
    quarter = None
    if form.is_valid():
        try:
            quarter = selectors.parse_quarter(form.cleaned_data["quarter"])
        except QuarterError as exc:
            form.add_error("due_date", str(exc))
    if quarter is not None and not form.errors:
        try:
            services.deadline_set(actor=request.user, quarter=quarter, due_date=form.cleaned_data["due_date"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The due date was set."))
            return redirect(f"{reverse('reporting:state_tracker')}?quarter={quarter}")
    tracker_form = QuarterForm({"quarter": str(quarter) if quarter else request.POST.get("quarter", "")})
    return _tracker_page(request, tracker_form, deadline_form=form, status=400)


def _may_read_benchmarks(user) -> bool:
    return any(
        access.can(user, action)
        for action in (
            roles.Action.REPORTING_SETTINGS_EDIT,
            roles.Action.STATE_OUTCOMES_VIEW,
            roles.Action.REPORT_VIEW,
        )
    )


@login_required
def benchmark_list(request):
    if not _may_read_benchmarks(request.user):
        raise PermissionDenied
    return render(
        request,
        "reporting/settings_benchmarks.html",
        {
            "benchmarks": Benchmark.objects.all(),
            "can_edit": access.can(request.user, roles.Action.REPORTING_SETTINGS_EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_edit(request, pk):
    access.require(request.user, roles.Action.REPORTING_SETTINGS_EDIT)
    benchmark = get_object_or_404(Benchmark, pk=pk)
    if request.method == "POST":
        form = BenchmarkForm(request.POST, instance=Benchmark.objects.get(pk=pk))
        if form.is_valid():
            try:
                services.benchmark_update(
                    actor=request.user,
                    benchmark=benchmark,
                    label=form.cleaned_data["label"],
                    value=form.cleaned_data["value"],
                    source=form.cleaned_data["source"],
                    updated_at=form.cleaned_data["updated_at"],
                )
            except ValidationError as exc:
                _show_errors(form, exc)
            else:
                messages.success(request, _("The benchmark was saved."))
                return redirect("reporting:benchmark_list")
    else:
        form = BenchmarkForm(instance=benchmark, initial={"updated_at": benchmark.updated_at.isoformat()})
    return render(
        request,
        "reporting/settings_benchmark_form.html",
        {"benchmark": benchmark, "form": form},
        status=400 if form.errors else 200,
    )
