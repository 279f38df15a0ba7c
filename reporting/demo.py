"""Synthetic quarterly reports for the demo: the last four complete quarters, submitted.

Each program's reports are submitted a couple of weeks after the quarter ends, except the most
recent quarter of every second program, left as a draft so the state tracker has something to
chase. Registered with `accounts.demo.register_builder` after the job development builder, so
the figures have records behind them. A program that already has reports is left alone.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from accounts.demo import SeedResult
from accounts.models import Membership
from accounts.roles import Role
from core.dates import Quarter

from .models import QuarterlyReport, ReportSubmission
from .services.reports import report_open, report_submit

# Only the demo scale: the state and nation scales are for benchmarks, built in a few bulk queries.
QUARTERS = {"demo": 4, "state": 0, "nation": 0}


def build_reports(result: SeedResult, *, rng, scale: str, today: datetime.date) -> None:
    quarters = QUARTERS.get(scale, 0)
    if not quarters:
        return
    for index, program in enumerate(result.programs):
        if QuarterlyReport.objects.filter(program=program).exists():
            continue
        actor = (
            Membership.objects.filter(role__in=[Role.PROGRAM_MANAGER, Role.STATE_ADMINISTRATOR])
            .filter(Q(program=program) | Q(program__isnull=True))
            .select_related("user")
            .order_by("program_id", "pk")
            .first()
        )
        if actor is None:
            continue
        quarter = Quarter.containing(today).previous()
        for back in range(quarters):
            period = quarter
            quarter = quarter.previous()
            if back == 0 and index % 2 == 1:
                continue  # still a draft: the tracker shows it as missing once it is due
            report = report_open(actor=actor.user, program=program, quarter=period)
            report_submit(actor=actor.user, program=program, quarter=period, version=report.version)
            submitted = datetime.datetime.combine(
                period.end + datetime.timedelta(days=rng.randint(5, 25)), datetime.time(15), datetime.UTC
            )
            ReportSubmission.objects.filter(report=report).update(submitted_at=submitted)
            result.add("quarterly reports")
