"""Server-side SVG charts of the outcome measures (pygal), each with the numbers table beside it.

Every chart is a `Chart`: the SVG text, and the same numbers as a table (for screen readers, for
print, and for anyone who would rather read numbers than lines). The pages show the SVG as an
`<img src="data:image/svg+xml;base64,...">`: pygal puts a `<style>` element inside its SVG, and
the site's Content-Security-Policy (`style-src 'self'`, no nonce for styles) would block that
style in inline SVG, while an SVG image is rendered as its own document. WeasyPrint renders the
same data URI in the PDF, text included. pygal's JavaScript is off (`js=[]`); its config script
and comments (which name pygal's web site) are stripped, so the SVG names no other host.

Benchmarks (outcomes.md, "Benchmarks shown beside the figures"):
- the employment-rate chart draws a dashed reference line at each `Benchmark` row of the
  measure (31/41/50, the Learning Community's performance levels), each labeled with its value,
  label in the legend, with its source in the note under the chart and in the table;
- the trials' 55%/25% are cumulative over 18–24 months, so they are only a caption, never a line;
- the caseload chart draws the fidelity target of at most 20 per full-time specialist;
- the savings are always labeled "estimate", with their source.

A figure may be hidden (`SUPPRESSED`, for the analyst's small cells): it is left out of the chart
(no point, no tooltip) and shown as "<11" in the table.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pygal
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pygal.style import Style

from . import measures

FIDELITY_CASELOAD_TARGET = Decimal("20")
TRIAL_CAPTION = gettext_lazy(
    "In 28 randomized trials, 55% of people in IPS worked against 25% with other services. Those "
    "figures are cumulative over 18–24 months, not quarterly (about twice a quarterly rate), so "
    "they are not drawn as a line here."
)
CASELOAD_SOURCE = gettext_lazy(
    "Fidelity target: at most 20 people per full-time employment specialist (IPS-25 item 1, caseload size)."
)


class _Suppressed:
    """A small count (1–10) hidden from the analyst, or a figure derived from one."""

    def __str__(self):
        return "<11"

    def __repr__(self):
        return "SUPPRESSED"

    def __bool__(self):
        return False


SUPPRESSED = _Suppressed()


def display(value, key: str = "") -> str:
    """A figure as text: "<11" when hidden, "—" when there is none, numbers as the figures are rounded."""
    if value is SUPPRESSED:
        return "<11"
    if value is None:
        return "—"
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        places = 2 if key in _TWO_PLACES else 1
        return number_format(value, decimal_pos=places)
    return str(value)


_TWO_PLACES = {"average_hours_per_week", "average_hourly_wage", "es_fte", "estimated_treatment_savings"}


def plot_value(value):
    """A figure as a chart point: None (no point) when hidden or missing."""
    if value is None or value is SUPPRESSED or isinstance(value, bool):
        return None
    return float(value)


@dataclass
class Chart:
    key: str
    title: str
    svg: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    description: str = ""

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#666",
    font_family="DejaVu Sans, Arial, sans-serif",
    colors=("#1f5fa8", "#b03a2e", "#7d6608", "#196f3d", "#6c3483", "#555555"),
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _config(title: str, **extra) -> dict:
    return {
        "js": [],
        "disable_xml_declaration": True,
        "width": 720,
        "height": 360,
        "title": title,
        "style": _STYLE,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 1,
        "truncate_legend": -1,
        "truncate_label": -1,
        "print_values": False,
        "allow_interruptions": True,
        "show_y_guides": True,
        "include_x_axis": True,
        **extra,
    }


def _add_secondary(chart, label, values: list) -> None:
    """A series on the right-hand axis (pygal cannot scale that axis when it has no value at all)."""
    chart.add(str(label), values, secondary=any(v is not None for v in values))


def _render(chart) -> str:
    svg = chart.render(is_unicode=True)
    return _COMMENT.sub("", _SCRIPT.sub("", svg))


def _quarters(series: list[dict]) -> list[str]:
    return [str(f["quarter"]) for f in series]


def _values(series: list[dict], key: str) -> list:
    return [measures.value(f, key) for f in series]


def _table(series, keys: list[str], labels: list[str]) -> tuple[list[str], list[list[str]]]:
    columns = [str(_("Quarter"))] + [str(label) for label in labels]
    rows = [[str(f["quarter"])] + [display(measures.value(f, k), k) for k in keys] for f in series]
    return columns, rows


def _line(title, series, keys, labels, *, y_range=None, refs=(), notes=(), key=None, description=""):
    """A line chart of some measures by quarter, with dashed reference lines (label, value)."""
    extra = {"range": y_range} if y_range else {}
    chart = pygal.Line(**_config(title, **extra))
    chart.x_labels = _quarters(series)
    for k, label in zip(keys, labels, strict=True):
        chart.add(str(label), [plot_value(v) for v in _values(series, k)])
    for label, value in refs:
        chart.add(
            str(label),
            [float(value)] * len(series),
            show_dots=False,
            stroke_style={"width": 2, "dasharray": "8,5"},
        )
    columns, rows = _table(series, keys, labels)
    return Chart(
        key=key or keys[0],
        title=str(title),
        svg=_render(chart),
        columns=columns,
        rows=rows,
        notes=[str(n) for n in notes],
        description=str(description),
    )


def benchmark_refs(benchmarks) -> list[tuple[str, Decimal]]:
    """(legend label, value) of each benchmark row: "31% — Learning Community minimal standard"."""
    return [
        (
            _("%(value)s%% — %(label)s")
            % {"value": number_format(b.value.normalize(), decimal_pos=None), "label": b.label},
            b.value,
        )
        for b in benchmarks
    ]


def benchmark_notes(benchmarks) -> list[str]:
    """The note under the chart that names the source of its dashed lines: one sentence per source,
    listing the lines taken from it (a legend line with the source would run off the chart's edge)."""
    by_source: dict[str, list[str]] = {}
    for (label, _value), b in zip(benchmark_refs(benchmarks), benchmarks, strict=True):
        by_source.setdefault(b.source, []).append(label)
    return [
        _("Dashed lines: %(lines)s (%(source)s)") % {"lines": "; ".join(labels), "source": source}
        for source, labels in by_source.items()
    ]


AVERAGE_KEY = "average_of_programs_rate"


def employment_rate(series: list[dict], benchmarks, *, averages: list | None = None) -> Chart:
    """The quarterly employment rate, with a reference line at each benchmark row; trials only in a caption.

    With `averages` (the state's "average of programs" per quarter) it draws both rates, labeled
    "all people pooled" and "average of programs".
    """
    benchmarks = list(benchmarks)
    keys, labels = ["employment_rate"], [measures.LABELS["employment_rate"]]
    if averages is not None:
        series = [f | {AVERAGE_KEY: a} for f, a in zip(series, averages, strict=True)]
        keys.append(AVERAGE_KEY)
        labels = [
            _("Employment rate (%) — all people pooled"),
            _("Employment rate (%) — average of programs"),
        ]
    chart = _line(
        _("Employment rate by quarter (%)"),
        series,
        keys,
        labels,
        y_range=(0, 100),
        refs=benchmark_refs(benchmarks),
        notes=[*benchmark_notes(benchmarks), TRIAL_CAPTION],
        description=_("People who worked in a competitive job, out of the people served, each quarter."),
    )
    return chart


def new_job_starts(series: list[dict]) -> Chart:
    keys = ["new_job_starts", "people_with_new_job"]
    chart = pygal.Bar(**_config(_("New job starts by quarter")))
    chart.x_labels = _quarters(series)
    for k in keys:
        chart.add(str(measures.LABELS[k]), [plot_value(v) for v in _values(series, k)])
    columns, rows = _table(series, keys, [measures.LABELS[k] for k in keys])
    return Chart("new_job_starts", str(_("New job starts by quarter")), _render(chart), columns, rows)


def rapid_job_search(series: list[dict]) -> Chart:
    keys = ["rapid_job_search.rate", "rapid_job_search.cohort", "rapid_job_search.met"]
    labels = [measures.LABELS[k] for k in keys]
    chart = _line(
        _("Rapid job search: face-to-face employer contact within 30 days (%)"),
        series,
        keys[:1],
        labels[:1],
        y_range=(0, 100),
    )
    chart.columns, chart.rows = _table(series, keys, labels)
    return chart


def days_to_first_job(series: list[dict]) -> Chart:
    keys = ["days_interest_to_first_job.median", "days_interest_to_first_job.n"]
    labels = [measures.LABELS[k] for k in keys]
    chart = _line(_("Days from wanting to work to the first job (median)"), series, keys[:1], labels[:1])
    chart.columns, chart.rows = _table(series, keys, labels)
    return chart


def hours_and_wages(series: list[dict]) -> Chart:
    keys = ["average_hours_per_week", "average_hourly_wage"]
    title = _("Hours a week and hourly wage in competitive jobs")
    chart = pygal.Line(**_config(title))
    chart.x_labels = _quarters(series)
    chart.add(str(measures.LABELS[keys[0]]), [plot_value(v) for v in _values(series, keys[0])])
    _add_secondary(chart, measures.LABELS[keys[1]], [plot_value(v) for v in _values(series, keys[1])])
    columns, rows = _table(series, keys, [measures.LABELS[k] for k in keys])
    return Chart("hours_and_wages", str(title), _render(chart), columns, rows)


def caseload_per_es(series: list[dict]) -> Chart:
    keys = ["caseload_per_es_fte", "active_at_end", "es_fte"]
    labels = [measures.LABELS[k] for k in keys]
    chart = _line(
        _("Caseload per full-time employment specialist"),
        series,
        keys[:1],
        labels[:1],
        refs=[(_("Fidelity target: at most 20"), FIDELITY_CASELOAD_TARGET)],
        notes=[CASELOAD_SOURCE],
    )
    chart.columns, chart.rows = _table(series, keys, labels)
    return chart


def steady_workers(series: list[dict]) -> Chart:
    keys = ["steady_workers", "estimated_treatment_savings"]
    labels = [measures.LABELS["steady_workers"], _("Estimated treatment savings ($, estimate)")]
    title = _("Steady workers and estimated treatment savings (estimate)")
    chart = pygal.Bar(**_config(title))
    chart.x_labels = _quarters(series)
    chart.add(str(labels[0]), [plot_value(v) for v in _values(series, keys[0])])
    _add_secondary(chart, labels[1], [plot_value(v) for v in _values(series, keys[1])])
    columns, rows = _table(series, keys, labels)
    return Chart(
        "steady_workers", str(title), _render(chart), columns, rows, notes=[str(measures.SAVINGS_SOURCE)]
    )


def all_charts(
    series: list[dict], benchmarks, *, staff: bool = True, averages: list | None = None
) -> list[Chart]:
    """Every chart of a dashboard, over the quarters of `series` (oldest first).

    `staff=False` leaves out the caseload-per-FTE chart (a specialist's own figures have no FTE).
    """
    charts = [
        employment_rate(series, benchmarks, averages=averages),
        new_job_starts(series),
        rapid_job_search(series),
        days_to_first_job(series),
        hours_and_wages(series),
    ]
    if staff:
        charts.append(caseload_per_es(series))
    charts.append(steady_workers(series))
    return charts
