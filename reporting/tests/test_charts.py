"""The SVG charts: reference lines labeled, trials only in a caption, no other host, numbers tables."""

from __future__ import annotations

import base64
import re
from decimal import Decimal

import pytest

from reporting import charts, measures
from reporting.charts import SUPPRESSED
from reporting.dashboards import program_series, quarters_ending, suppress
from reporting.models import Benchmark
from reporting.tests.factories_dashboards import Q2, small_program

pytestmark = pytest.mark.django_db


def _series(program):
    small_program(program)
    return program_series(program, quarters_ending(Q2, 4))


def _benchmarks():
    return list(Benchmark.objects.filter(measure="employment_rate"))


def test_employment_rate_chart_has_a_labeled_line_at_each_benchmark(program):
    chart = charts.employment_rate(_series(program), _benchmarks())
    assert [b.value for b in _benchmarks()] == [Decimal("31"), Decimal("41"), Decimal("50")]
    for label in (
        "31% — Learning Community minimal standard",
        "41% — Learning Community average performance",
        "50% — Learning Community excellent performance",
    ):
        assert label in chart.svg
        assert label in chart.notes[0]
    # The lines' source is under the chart (a legend line that long would run off its edge), once
    # for the three lines that share it.
    assert chart.notes[0].startswith("Dashed lines: 31% — Learning Community minimal standard; 41% —")
    assert chart.notes[0].count("Becker, Drake & Bond") == 1
    assert not any("Becker" in note for note in chart.notes[1:])
    assert "Becker" not in chart.svg
    # The trials' 55%/25% are a caption, never a line.
    assert "55%" not in chart.svg and "25%" not in chart.svg
    assert any("cumulative over 18–24 months, not quarterly" in note for note in chart.notes)
    # The numbers table beside the chart.
    assert chart.columns == ["Quarter", str(measures.LABELS["employment_rate"])]
    assert chart.rows[-1] == ["2026Q2", "40.0"]
    assert len(chart.rows) == 4


def test_a_benchmark_with_its_own_source_gets_its_own_note(program):
    """The state team may take a level from elsewhere: each source names the lines taken from it."""
    own = Benchmark.objects.get(measure="employment_rate", value=50)
    own.source = "State IPS team goal for 2027"
    own.save()
    chart = charts.employment_rate(_series(program), _benchmarks())
    dashed = [note for note in chart.notes if note.startswith("Dashed lines:")]
    assert len(dashed) == 2
    assert (
        "31% — Learning Community minimal standard; 41% — Learning Community average performance" in dashed[0]
    )
    assert "50%" not in dashed[0] and "State IPS team" not in dashed[0]
    assert (
        dashed[1]
        == "Dashed lines: 50% — Learning Community excellent performance (State IPS team goal for 2027)"
    )


def test_charts_load_nothing_from_another_host_and_run_no_script(program):
    for chart in charts.all_charts(_series(program), _benchmarks()):
        assert chart.svg.startswith("<svg")
        assert "<script" not in chart.svg
        assert "<!--" not in chart.svg
        urls = set(re.findall(r"https?://[^\s\"'<>]+", chart.svg))
        assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
        assert "href=" not in chart.svg.replace("xmlns:xlink=", "")
        assert base64.b64decode(chart.data_uri.split(",", 1)[1]).decode() == chart.svg


def test_every_chart_has_a_table_with_a_row_per_quarter(program):
    series = _series(program)
    for chart in charts.all_charts(series, _benchmarks()):
        assert chart.columns[0] == "Quarter"
        assert [row[0] for row in chart.rows] == [str(f["quarter"]) for f in series]
        assert all(len(row) == len(chart.columns) for row in chart.rows)


def test_caseload_chart_has_the_fidelity_target_and_savings_say_estimate(program):
    all_charts = {c.key: c for c in charts.all_charts(_series(program), _benchmarks())}
    assert "Fidelity target: at most 20" in all_charts["caseload_per_es_fte"].svg
    savings = all_charts["steady_workers"]
    assert "estimate" in savings.title and "estimate" in savings.svg
    assert any("Estimate" in note for note in savings.notes)
    assert "Estimated treatment savings ($, estimate)" in savings.columns


def test_a_hidden_figure_is_no_point_and_reads_as_under_11(program):
    series = [suppress(f) for f in _series(program)]
    assert series[-1]["caseload_served"] is SUPPRESSED
    chart = charts.employment_rate(series, _benchmarks())
    assert chart.rows[-1] == ["2026Q2", "<11"]
    assert 'class="value">40' not in chart.svg and ">40.0<" not in chart.svg
    assert charts.display(SUPPRESSED) == "<11"
    assert charts.display(None) == "—"
