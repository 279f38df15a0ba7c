"""Print or write a program's quarterly report: JSON (the outcomes.md shape), CSV, XLSX or PDF.

    python manage.py quarterly_report --program SLUG --quarter 2026Q2 --format json
    python manage.py quarterly_report --program SLUG --quarter 2026Q2 --format pdf --output report.pdf
    python manage.py quarterly_report --state --quarter 2026Q2 --format xlsx --output state.xlsx

The figures are those a download gives: the latest submission when the report is submitted,
the live figures otherwise; `--live` always computes them from the records now.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Program, ProgramStatus
from core.dates import Quarter, QuarterError
from reporting import dashboards, exports, measures

FORMATS = ("json", "csv", "xlsx", "pdf")
BINARY = ("xlsx", "pdf")


class Command(BaseCommand):
    help = (
        "Print a program's quarterly report as JSON or CSV, or write it as XLSX or PDF to --output; "
        "--state writes every active program's report for the quarter to one XLSX workbook."
    )

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--program", help="The program's short name (slug).")
        who.add_argument("--state", action="store_true", help="Every active program (XLSX only).")
        parser.add_argument("--quarter", required=True, help="A calendar quarter, like 2026Q2.")
        parser.add_argument(
            "--format", choices=FORMATS, default="json", help="json (default), csv, xlsx or pdf."
        )
        parser.add_argument("--output", help="The file to write; needed for xlsx and pdf (stdout otherwise).")
        parser.add_argument(
            "--live", action="store_true", help="Compute the figures now, even if the report was submitted."
        )

    def handle(self, *args, **options):
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
        slug = options["program"]
        program = Program.objects.select_related("agency").filter(slug=slug).first()
        if program is None:
            raise CommandError(f"There is no program with the short name {slug!r}.")
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
