"""`manage.py quarterly_report`: JSON in the outcomes.md shape, CSV, XLSX and PDF files, clear errors."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

import pypdf
import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from accounts.models import Program
from core.dates import Quarter
from reporting import measures
from reporting.tests.factories_dashboards import Q2, small_program

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("quarterly_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_json_is_the_outcomes_shape(program):
    small_program(program)
    got = json.loads(_run("--program", program.slug, "--quarter", "2026Q2", "--format", "json"))
    assert got == json.loads(json.dumps(measures.as_json(measures.report(program, Q2))))
    assert got["program"] == program.slug and got["quarter"] == "2026Q2"
    assert got["period_start"] == "2026-04-01" and got["period_end"] == "2026-06-30"
    assert got["caseload_served"] == 5 and got["employment_rate"] == 40.0
    assert got["rapid_job_search"] == {"cohort": 1, "met": 1, "rate": 100.0}
    assert set(got["days_interest_to_first_job"]) == {"n", "median"}
    assert isinstance(got["worked_competitive"], int)


def test_json_is_the_default_format(program):
    assert json.loads(_run("--program", program.slug, "--quarter", "2026Q2"))["caseload_served"] == 0


def test_csv_to_stdout(program):
    small_program(program)
    rows = list(
        csv.reader(io.StringIO(_run("--program", program.slug, "--quarter", "2026q2", "--format", "csv")))
    )
    assert rows[0][0] == "Key"
    by_key = {r[0]: r for r in rows[1:]}
    assert by_key["caseload_served"][2] == "5" and by_key["employment_rate"][2] == "40.0"


def test_xlsx_and_pdf_to_a_file(program, tmp_path):
    small_program(program)
    xlsx = tmp_path / "r.xlsx"
    _run("--program", program.slug, "--quarter", "2026Q2", "--format", "xlsx", "--output", str(xlsx))
    ws = load_workbook(xlsx)["2026Q2"]
    assert {r[0]: r[2] for r in ws.iter_rows(min_row=2, values_only=True)}["worked_competitive"] == 2
    pdf = tmp_path / "r.pdf"
    _run("--program", program.slug, "--quarter", "2026Q2", "--format", "pdf", "--output", str(pdf))
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages)
    assert program.name in " ".join(text.split())


def test_state_workbook(program, tmp_path):
    small_program(program)
    out = tmp_path / "state.xlsx"
    _run("--state", "--quarter", "2026Q2", "--format", "xlsx", "--output", str(out))
    assert program.name in [
        r[0] for r in load_workbook(out)["Programs"].iter_rows(min_row=2, values_only=True)
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--program", "no-such-program", "--quarter", "2026Q2"],
            "no program with the short name 'no-such-program'",
        ),
        (["--quarter", "2026Q5"], "a year has quarters Q1 to Q4"),
        (["--quarter", "spring"], "is not a quarter"),
        (["--quarter", "2026Q2", "--format", "xlsx"], "give its name with --output"),
        (["--quarter", "2026Q2", "--format", "pdf"], "give its name with --output"),
    ],
)
def test_bad_input_is_a_clear_error(program, args, message):
    if "--program" not in args:
        args = ["--program", program.slug, *args]
    with pytest.raises(CommandError, match=message):
        _run(*args)


def test_state_needs_xlsx(tmp_path):
    with pytest.raises(CommandError, match="--state writes an XLSX"):
        _run("--state", "--quarter", "2026Q2", "--format", "csv")


def test_an_error_exits_non_zero(program):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "quarterly_report", "--program", program.slug, "--quarter", "2026Q5"],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Q1 to Q4" in result.stderr


# --- A range of quarters: one workbook, one sheet per quarter ----------------------------------------


def test_a_range_of_quarters_writes_one_sheet_per_quarter(program, tmp_path):
    small_program(program)  # figures in 2026Q2; the people were enrolled long before
    out = tmp_path / "year.xlsx"
    _run("--program", program.slug, "--quarter", "2025Q3..2026Q2", "--format", "xlsx", "--output", str(out))
    wb = load_workbook(out)
    assert wb.sheetnames == ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    for name in wb.sheetnames:
        quarter = Quarter.parse(name)
        values = {r[0]: r[2] for r in wb[name].iter_rows(min_row=2, values_only=True)}
        figures = measures.report(program, quarter)
        assert values["quarter"] == name
        assert values["caseload_served"] == figures["caseload_served"]
        assert values["new_job_starts"] == figures["new_job_starts"]
    assert {r[0]: r[2] for r in wb["2026Q2"].iter_rows(min_row=2, values_only=True)}[
        "worked_competitive"
    ] == 2


def test_a_range_of_one_quarter_is_the_single_quarter_workbook(program, tmp_path):
    small_program(program)
    one, single = tmp_path / "one.xlsx", tmp_path / "single.xlsx"
    _run("--program", program.slug, "--quarter", "2026Q2..2026q2", "--format", "xlsx", "--output", str(one))
    _run("--program", program.slug, "--quarter", "2026Q2", "--format", "xlsx", "--output", str(single))
    rows = [list(load_workbook(f)["2026Q2"].iter_rows(values_only=True)) for f in (one, single)]
    assert rows[0] == rows[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "2025Q3..2026Q2", "--format", "json"], "only as XLSX"),
        (["--quarter", "2025Q3..2026Q2", "--format", "csv"], "only as XLSX"),
        (["--quarter", "2025Q3..2026Q2", "--format", "pdf", "--output", "x.pdf"], "only as XLSX"),
        (["--quarter", "2025Q3..2026Q2"], "only as XLSX"),  # json is the default
        (["--quarter", "2025Q3..2026Q2", "--format", "xlsx"], "give its name with --output"),
        (["--quarter", "2026Q2..2025Q3", "--format", "xlsx", "--output", "x"], "comes before the first"),
        (["--quarter", "2023Q1..2026Q2", "--format", "xlsx", "--output", "x"], "14 quarters: one workbook"),
        (["--quarter", "2025Q3..2026Q5", "--format", "xlsx", "--output", "x"], "Q1 to Q4"),
        (["--quarter", "2025Q3..", "--format", "xlsx", "--output", "x"], "is not a quarter"),
        (["--quarter", "2099Q1..2099Q2", "--format", "xlsx", "--output", "x"], "2099Q2 has not begun yet"),
    ],
)
def test_a_bad_range_is_a_clear_error(program, tmp_path, args, message):
    args = [a if a not in ("x", "x.pdf") else str(tmp_path / a) for a in args]
    with pytest.raises(CommandError, match=message):
        _run("--program", program.slug, *args)
    assert not list(tmp_path.iterdir())  # nothing written


def test_a_range_before_the_programs_first_figures_is_a_clear_error(program, tmp_path):
    program.start_date = datetime.date(2025, 7, 1)
    program.save(update_fields=["start_date"])
    output = tmp_path / "q.xlsx"
    with pytest.raises(CommandError, match="There are no figures before 2025Q3"):
        _run(
            "--program",
            program.slug,
            "--quarter",
            "2025Q1..2025Q4",
            "--format",
            "xlsx",
            "--output",
            str(output),
        )
    assert not output.exists()
    _run(
        "--program", program.slug, "--quarter", "2025Q3..2025Q4", "--format", "xlsx", "--output", str(output)
    )
    assert output.exists()


def test_the_state_workbook_takes_one_quarter(tmp_path):
    with pytest.raises(CommandError, match="--state takes one quarter"):
        _run(
            "--state", "--quarter", "2025Q3..2026Q2", "--format", "xlsx", "--output", str(tmp_path / "s.xlsx")
        )


def _bench(*args) -> str:
    out = io.StringIO()
    call_command("bench_reports", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_benchmark_times_the_report_and_the_reference_and_prints_their_ratio(program, other_program):
    """`make bench`'s command on a small database: both timings, the ratio and the verdict, after
    checking that the report and the hand-written query count the same people."""
    small_program(program)
    small_program(other_program)
    out = _bench("--quarter", "2026Q2", "--repeat", "3")
    state = measures.pooled(Program.objects.all(), Q2)
    assert f"2026Q2: 2 programs, {state['caseload_served']} people served" in out
    assert "statewide quarterly report" in out and "hand-written SQL reference" in out
    assert "(median of 3)" in out
    ratio = re.search(r"ratio (\d+\.\d\d)x — (within|over) the 2x target", out)
    assert ratio, out
    assert (float(ratio.group(1)) <= 2) == (ratio.group(2) == "within")


def test_the_benchmark_refuses_a_bad_quarter_and_an_empty_database(db):
    with pytest.raises(CommandError, match="No programs"):
        _bench("--quarter", "2026Q2")
    with pytest.raises(CommandError, match="2026Q5"):
        _bench("--quarter", "2026Q5")
