"""Time the statewide quarterly report against one hand-written SQL query (`make bench`)."""

from __future__ import annotations

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.models import Program
from core.dates import Quarter, QuarterError, today_in
from reporting import measures
from reporting.bench.reference import served_and_worked

TARGET_RATIO = 2.0


def _timed(runs, repeat: int) -> list[tuple[float, object]]:
    """For each run, the median wall time in seconds over `repeat` rounds (after one warm-up
    round), and its last result. The runs take turns within each round, so a slow spell of the
    machine slows them alike instead of only the one that happened to be timed then."""
    results = [run() for run in runs]
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for i, run in enumerate(runs):
            started = time.perf_counter()
            results[i] = run()
            times[i].append(time.perf_counter() - started)
    return [(statistics.median(t), result) for t, result in zip(times, results, strict=True)]


class Command(BaseCommand):
    help = (
        "Time the statewide quarterly report (every program's figures and the pooled state figures) "
        "against one hand-written SQL query counting caseload_served and worked_competitive for all "
        "programs, in the same run, and print the ratio (target: at most 2x)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quarter", help="Quarter to report, like 2026Q2 (default: the last complete one)."
        )
        parser.add_argument("--repeat", type=int, default=25)

    def handle(self, *args, quarter, repeat, **options):
        try:
            period = Quarter.parse(quarter) if quarter else Quarter.containing(today_in()).previous()
        except QuarterError as error:
            raise CommandError(str(error)) from error
        programs = Program.objects.all()
        if not programs.exists():
            raise CommandError("No programs: load data first (seed_demo --scale state).")

        # Fresh planner statistics, as a database in service has (autovacuum / ANALYZE after loads).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        def statewide():
            return measures.statewide(programs, period)

        (report_time, (per_program, state)), (reference_time, reference) = _timed(
            [statewide, lambda: served_and_worked(period)], repeat
        )

        for program_id, (served, worked) in reference.items():
            figures = per_program[program_id]
            if (figures["caseload_served"], figures["worked_competitive"]) != (served, worked):
                raise CommandError(f"The report and the reference query disagree for program {program_id}.")

        ratio = report_time / reference_time
        self.stdout.write(
            f"{period}: {programs.count()} programs, {state['caseload_served']} people served, "
            f"{state['worked_competitive']} worked ({state['employment_rate']}%)."
        )
        self.stdout.write(f"statewide quarterly report  {report_time * 1000:9.2f} ms (median of {repeat})")
        self.stdout.write(
            f"hand-written SQL reference   {reference_time * 1000:9.2f} ms (median of {repeat})"
        )
        verdict = "within" if ratio <= TARGET_RATIO else "over"
        self.stdout.write(f"ratio {ratio:.2f}x — {verdict} the {TARGET_RATIO:g}x target")
