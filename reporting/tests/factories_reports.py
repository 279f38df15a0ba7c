"""Synthetic rows for the quarterly report tests, and the helpers the access matrix uses for report routes."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import MembershipFactory, UserFactory
from core.dates import Quarter
from reporting.tests.factories_measures import job, person


def quarter_back(n: int = 1) -> Quarter:
    """The quarter `n` quarters before the current one (1: the last complete quarter)."""
    q = Quarter.containing(timezone.localdate())
    for _ in range(n):
        q = q.previous()
    return q


def served_person(program, quarter: Quarter, *, working: bool = True, **fields):
    """A person enrolled before the quarter, served in it, with a competitive job in it if `working`."""
    enrolled = quarter.start - datetime.timedelta(days=10)
    someone = person(program, enrolled, **fields)
    if working:
        job(someone, quarter.start + datetime.timedelta(days=5))
    return someone


def manager_of(program):
    user = UserFactory()
    MembershipFactory(user=user, role="program_manager", program=program)
    return user


def submitted(program, quarter: Quarter, actor=None):
    """The program's report for the quarter, submitted by its manager (its submission)."""
    from reporting.selectors.reports import report_for
    from reporting.services.reports import report_submit

    report = report_for(program, quarter)
    if report.status == "submitted":
        return report.submissions.order_by("number").last()
    actor = actor or manager_of(program)
    return report_submit(
        actor=actor, program=program, quarter=quarter, version=report_for(program, quarter).version
    )


def amending(program, quarter: Quarter, actor=None):
    """The program's report for the quarter with an amendment in progress (submitted first if needed)."""
    from reporting.selectors.reports import report_for
    from reporting.services.reports import report_amend_start

    report = report_for(program, quarter)
    if report.status == "amending":
        return report
    actor = actor or manager_of(program)
    submitted(program, quarter, actor)
    return report_amend_start(
        actor=actor, program=program, quarter=quarter, version=report_for(program, quarter).version
    )


def entry(program, quarter: Quarter, actor=None, **fields):
    """An entered item on the program's report for the quarter (a draft or an amendment)."""
    from reporting.services.reports import report_entry_add

    fields = {"item": "funding", "value": "County levy", "comment": "From the county contract", **fields}
    return report_entry_add(actor=actor or manager_of(program), program=program, quarter=quarter, **fields)


# --- The access matrix -------------------------------------------------------------------------------


def matrix_report_url(name: str, *, submit_first: bool = False, amend_first: bool = False, extra=()):
    """A page of the program's report for the last complete quarter (submitted, or being amended)."""

    def url(ctx, program):
        quarter = quarter_back(1)
        if amend_first:
            amending(program, quarter)
        elif submit_first:
            submitted(program, quarter)
        return reverse(name, args=[program.slug, str(quarter), *extra])

    return url


def matrix_drilldown_url(ctx, program):
    quarter = quarter_back(1)
    served_person(program, quarter)
    return reverse("reporting:report_drilldown", args=[program.slug, str(quarter), "caseload_served"])


def matrix_entry_withdraw_url(ctx, program):
    from reporting.services.reports import report_entry_add

    entry = report_entry_add(
        actor=manager_of(program),
        program=program,
        quarter=quarter_back(1),
        item="funding",
        value="County levy",
        comment="Matrix",
    )
    return reverse("reporting:report_entry_withdraw", args=[program.slug, str(quarter_back(1)), entry.pk])


def matrix_entry_edit_url(ctx, program):
    made = entry(program, quarter_back(1), value="County levy", comment="Matrix")
    return reverse("reporting:report_entry_edit", args=[program.slug, str(quarter_back(1)), made.pk])


def matrix_version_data(ctx, program):
    from reporting.selectors.reports import report_for

    return {"version": report_for(program, quarter_back(1)).version}


def matrix_entry_data(ctx, program):
    return {**matrix_version_data(ctx, program), "item": "funding", "value": "Medicaid", "comment": "Matrix"}


def matrix_api_report_url(name: str, *, submit_first: bool = False, amend_first: bool = False):
    def url(ctx, program):
        from reporting.models import QuarterlyReport

        quarter = quarter_back(1)
        if amend_first:
            report = amending(program, quarter)
        elif submit_first:
            report = submitted(program, quarter).report
        else:
            report, _ = QuarterlyReport.objects.get_or_create(
                program=program, year=quarter.year, quarter=quarter.number
            )
        return reverse(name, args=[report.pk])

    return url


def matrix_api_report_version(ctx, program):
    from reporting.models import QuarterlyReport

    report = QuarterlyReport.objects.filter(program=program).order_by("-pk").first()
    return {"version": report.version if report else 1}


def matrix_measures_url(ctx, program):
    return f"{reverse('api:measures-list')}?program={program.slug}&quarter={quarter_back(1)}"


def matrix_deadline_data(ctx, program):
    quarter = quarter_back(1)
    return {"quarter": str(quarter), "due_date": (quarter.end + datetime.timedelta(days=40)).isoformat()}


def matrix_benchmark_url(ctx, program):
    from reporting.models import Benchmark

    return reverse("reporting:benchmark_edit", args=[Benchmark.objects.order_by("pk").first().pk])


def matrix_benchmark_data(ctx, program):
    from reporting.models import Benchmark

    benchmark = Benchmark.objects.order_by("pk").first()
    return {
        "label": benchmark.label,
        "value": str(benchmark.value),
        "source": benchmark.source,
        "updated_at": benchmark.updated_at.isoformat(),
    }


def matrix_api_open_data(ctx, program):
    return {"program": program.slug, "quarter": str(quarter_back(1))}


def matrix_api_entry_list_url(ctx, program):
    """The entered items of the program's draft report (one item on it)."""
    made = entry(program, quarter_back(1))
    return f"{reverse('api:report-entry-list')}?report={made.report_id}"


def matrix_api_entry_url(name: str):
    def url(ctx, program):
        return reverse(name, args=[entry(program, quarter_back(1)).pk])

    return url


def matrix_api_entry_data(ctx, program):
    """A new item on the program's draft report, at the report's current version."""
    from reporting.models import QuarterlyReport

    report = QuarterlyReport.objects.filter(program=program).order_by("-pk").first()
    return {
        "report": report.pk,
        "version": report.version,
        "item": "funding",
        "value": "Medicaid",
        "comment": "Matrix",
    }
