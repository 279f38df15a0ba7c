"""Print or write a program's quarterly report: JSON (the outcomes.md shape), CSV, XLSX or PDF.

    python manage.py quarterly_report --program SLUG --quarter 2026Q2 --format json
    python manage.py quarterly_report --program SLUG --quarter 2026Q2 --format pdf --output report.pdf
    python manage.py quarterly_report --program SLUG --quarter 2025Q3..2026Q2 --format xlsx --output f.xlsx
    python manage.py quarterly_report --state --quarter 2026Q2 --format xlsx --output state.xlsx

The figures are those a download gives: the latest submission when the report is submitted,
the live figures otherwise; `--live` always computes them from the records now. A range of
quarters (`FIRST..LAST`, at most 12, none in the future) is written only as XLSX: one sheet per
quarter, each like the single-quarter workbook.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Program, ProgramStatus
from core.dates import Quarter, QuarterError
from reporting import dashboards, exports, measures
from reporting.selectors import reports as selectors

FORMATS = ("json", "csv", "xlsx", "pdf")
BINARY = ("xlsx", "pdf")


class Command(BaseCommand):
    help = (
        "Print a program's quarterly report as JSON or CSV, or write it as XLSX or PDF to --output; "
        "--state writes every active program's report for the quarter to one XLSX workbook; "
        "--quarter FIRST..LAST writes a program's quarters to one XLSX workbook, one sheet per quarter."
    )

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--program", help="The program's short name (slug).")
        who.add_argument("--state", action="store_true", help="Every active program (XLSX only).")
        parser.add_argument(
            "--quarter",
            required=True,
            help=(
                "A calendar quarter, like 2026Q2; for --program with --format xlsx also a range, "
                f"like 2025Q3..2026Q2 (one sheet per quarter, at most {exports.MAX_WORKBOOK_QUARTERS})."
            ),
        )
        parser.add_argument(
            "--format", choices=FORMATS, default="json", help="json (default), csv, xlsx or pdf."
        )
        parser.add_argument("--output", help="The file to write; needed for xlsx and pdf (stdout otherwise).")
        parser.add_argument(
            "--live", action="store_true", help="Compute the figures now, even if the report was submitted."
        )

    def handle(self, *args, **options):
        if ".." in options["quarter"]:
            self._handle_range(options)
            return
        try:
            quarter = Quarter.parse(options["quarter"])
        except QuarterError as exc:
            raise CommandError(str(exc)) from None
        fmt, output = options["format"], options["output"]
        if fmt in BINARY and not output:
            raise CommandError(f"--format {fmt} writes a binary file: give its name with --output FILE.")
        if options["state"]:
            if fmt != "xlsx":
                raise CommandError("--state writes an XLSX workbook: use --format xlsx --output FILE.")
            views = exports.state_views(Program.objects.filter(status=ProgramStatus.ACTIVE), quarter)
            self._write(exports.state_xlsx_bytes(views, quarter), output)
            return
        program = self._program(options["program"])
        view = exports.report_view(program, quarter, live=options["live"])
        if fmt == "json":
            body = json.dumps(measures.as_json(view.figures), indent=2, ensure_ascii=False) + "\n"
            self._write(body.encode(), output)
        elif fmt == "csv":
            self._write(exports.csv_bytes(view), output)
        elif fmt == "xlsx":
            self._write(exports.xlsx_bytes(view), output)
        else:
            self._write(exports.pdf_bytes(view, dashboards.report_charts(view)), output)

    def _handle_range(self, options) -> None:
        """`--quarter FIRST..LAST`: one program's quarters in one workbook, one sheet per quarter."""
        try:
            first, last = exports.parse_range(options["quarter"])
            quarters = exports.range_quarters(first, last)
        except QuarterError as exc:
            raise CommandError(str(exc)) from None
        fmt, output = options["format"], options["output"]
        if options["state"]:
            raise CommandError(
                "--state takes one quarter: a range of quarters is written for one program (--program SLUG)."
            )
        if fmt != "xlsx":
            raise CommandError(
                f"A range of quarters is written only as XLSX, one sheet per quarter: use --format xlsx "
                f"--output FILE, or give one quarter for --format {fmt}."
            )
        if not output:
            raise CommandError("--format xlsx writes a binary file: give its name with --output FILE.")
        program = self._program(options["program"])
        choice = dashboards.program_quarter_choice(program, selectors.program_today(program))
        try:
            choice.check(last)  # not in the future
            choice.check(first)  # not before the program's first figures
        except QuarterError as exc:
            raise CommandError(str(exc)) from None
        views = exports.program_views(program, quarters, live=options["live"])
        self._write(exports.xlsx_bytes(views), output)

    def _program(self, slug: str) -> Program:
        program = Program.objects.select_related("agency").filter(slug=slug).first()
        if program is None:
            raise CommandError(f"There is no program with the short name {slug!r}.")
        return program

    def _write(self, body: bytes, output: str | None) -> None:
        if output:
            with open(output, "wb") as f:
                f.write(body)
            self.stderr.write(f"Wrote {output} ({len(body)} bytes).")
            return
        out = getattr(self.stdout, "_out", sys.stdout)
        if hasattr(out, "buffer"):
            out.flush()
            out.buffer.write(body.removeprefix("\ufeff".encode()))
            out.flush()
        else:
            out.write(body.decode("utf-8").removeprefix("\ufeff"))
