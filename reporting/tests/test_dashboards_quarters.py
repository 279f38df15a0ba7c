"""Choosing the quarter a dashboard shows, and a program's quarters in one workbook (one sheet each)."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Program
from accounts.tests.factories import ProgramFactory
from core.dates import Quarter, today_in
from core.models import AuditAction, AuditEvent
from reporting import charts, dashboards, exports, measures
from reporting.models import QuarterlyReport, ReportEntry, ReportStatus, ReportSubmission
from reporting.tests.factories_dashboards import many_people, small_program, table_row
from reporting.tests.factories_quarters import latest_complete, range_url

pytestmark = pytest.mark.django_db


# --- Reading the page back -------------------------------------------------------------------------


def _latest(html: str) -> dict[str, str]:
    """The "latest" figures: each <dt> label and its <dd> value."""
    section = html.split('class="dashboard-latest"', 1)[1].split("</section>", 1)[0]
    return {
        unescape(k).strip(): unescape(v).strip()
        for k, v in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", section, re.S)
    }


def _heading(html: str) -> str:
    return unescape(re.search(r'<h2 id="latest-heading">(.*?)</h2>', html, re.S).group(1)).strip()


def _options(html: str, name: str = "quarter") -> list[tuple[str, bool]]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [(v, bool(sel)) for v, sel in re.findall(r'<option value="([^"]+)"( selected)?', select)]


def _chart_quarters(html: str) -> list[str]:
    """The quarters of the first chart's numbers table (oldest first)."""
    table = html.split('<table class="chart-numbers">', 1)[1].split("</table>", 1)[0]
    return [c for c in re.findall(r'<th scope="row">(.*?)</th>', table)]


def _expect_latest(figures: dict) -> dict[str, str]:
    return {
        "People served": charts.display(figures["caseload_served"]),
        "Worked in a competitive job": charts.display(figures["worked_competitive"]),
        "Employment rate": charts.display(figures["employment_rate"], "employment_rate") + "%",
        "New competitive job starts": charts.display(figures["new_job_starts"]),
    }


@pytest.fixture
def earlier(program):
    """Figures in the quarter before the latest complete one that differ from the latest's."""
    q = latest_complete(program).previous()
    people = small_program(program, q)  # one person closes in q, one job starts in q
    mine = measures.report(program, q)
    assert mine != measures.report(program, q.next())
    assert mine["caseload_served"] != measures.report(program, q.next())["caseload_served"]
    return q, people


# --- The program dashboard -------------------------------------------------------------------------


def test_the_program_dashboard_shows_the_chosen_quarter(program, make_user, login, earlier):
    q, people = earlier
    client = login(make_user("program_manager", program))
    url = reverse("reporting:dashboard", args=[program.slug])
    response = client.get(url, {"quarter": str(q)})
    assert response.status_code == 200
    html = response.content.decode()
    assert _heading(html) == f"Quarter: {q}"
    assert _latest(html) == _expect_latest(measures.report(program, q))
    # The per-specialist table is that quarter's.
    figures = measures.by_specialist(program, q)[people["es"].pk]
    assert table_row(html, str(people["es"].user))[1:4] == [
        str(figures["caseload_served"]),
        str(figures["active_at_end"]),
        str(figures["worked_competitive"]),
    ]
    # The charts end at the chosen quarter, 8 quarters in all.
    assert _chart_quarters(html) == [str(x) for x in dashboards.quarters_ending(q)]
    # The list offers every quarter with figures, newest first, the chosen one selected.
    options = _options(html)
    assert options[0][0] == str(Quarter.containing(today_in(program.time_zone)))
    assert options[-1][0] == str(Quarter.containing(program.start_date))
    assert [v for v, selected in options if selected] == [str(q)]
    assert 'name="quarter"' in html and ">Quarter</label>" in html and ">Show</button>" in html
    # The downloads are the chosen quarter's; the specialist links keep it.
    for name in ("reporting:report_pdf", "reporting:report_xlsx", "reporting:report_csv"):
        assert reverse(name, args=[program.slug, str(q)]) in html
    assert f"?specialist={people['es'].pk}&amp;quarter={q}" in html


def test_without_a_choice_the_dashboard_shows_the_latest_complete_quarter(program, make_user, login, earlier):
    latest = latest_complete(program)
    html = (
        login(make_user("program_manager", program))
        .get(reverse("reporting:dashboard", args=[program.slug]))
        .content.decode()
    )
    assert _heading(html) == f"Latest complete quarter: {latest}"
    assert _latest(html) == _expect_latest(measures.report(program, latest))
    assert [v for v, selected in _options(html) if selected] == [str(latest)]
    assert _chart_quarters(html)[-1] == str(latest)


def test_the_quarter_in_progress_can_be_chosen(program, make_user, login, earlier):
    current = Quarter.containing(today_in(program.time_zone))
    response = login(make_user("program_manager", program)).get(
        reverse("reporting:dashboard", args=[program.slug]), {"quarter": str(current).lower()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert _heading(html) == f"Quarter in progress: {current} (the figures so far)"
    assert _latest(html) == _expect_latest(measures.report(program, current))
    assert f'<option value="{current}" selected>{current} (in progress)</option>' in html


def _bad_quarters(program) -> list[tuple[str, str]]:
    current = Quarter.containing(today_in(program.time_zone))
    return [
        ("2026Q5", "“2026Q5” is not a quarter"),
        ("nonsense", "“nonsense” is not a quarter"),
        ("", "Choose a quarter."),
        (str(current.next()), f"{current.next()} has not begun yet"),
        ("2999Q1", "2999Q1 has not begun yet"),
        ("0001Q1", "There are no figures before"),
        ("2001Q1", "There are no figures before"),
    ]


def test_a_bad_quarter_is_a_400_with_the_message_on_the_field(program, make_user, login, earlier):
    latest = latest_complete(program)
    client = login(make_user("program_manager", program))
    url = reverse("reporting:dashboard", args=[program.slug])
    for text, message in _bad_quarters(program):
        response = client.get(url, {"quarter": text})
        assert response.status_code == 400, text
        html = unescape(response.content.decode())
        assert message in html, text
        assert 'aria-invalid="true"' in html and 'aria-describedby="id_quarter_error"' in html
        assert 'id="id_quarter_error"' in html
        assert f"Meanwhile the page shows the latest complete quarter, {latest}." in html
        # The page still renders: the form, and the latest complete quarter's figures.
        assert ">Show</button>" in html
        assert _latest(response.content.decode()) == _expect_latest(measures.report(program, latest))
        assert [v for v, selected in _options(html) if selected] == [str(latest)]


def test_the_specialist_dashboards_follow_the_chosen_quarter(program, make_user, login, earlier):
    q, people = earlier
    es = people["es"]
    own = measures.by_specialist(program, q)[es.pk]
    client = login(es.user)
    for url in (
        reverse("reporting:dashboard_me", args=[program.slug]),
        reverse("reporting:dashboard", args=[program.slug]),  # an ES sees their own caseload there
    ):
        response = client.get(url, {"quarter": str(q)})
        assert response.status_code == 200
        html = response.content.decode()
        assert "My caseload" in html
        assert _latest(html) == _expect_latest(own)
        assert _chart_quarters(html)[-1] == str(q)
        assert f'action="{url}"' in html
        assert f"?scope=program&amp;quarter={q}" in html
    bad = client.get(reverse("reporting:dashboard_me", args=[program.slug]), {"quarter": "2026Q5"})
    assert bad.status_code == 400 and "is not a quarter" in unescape(bad.content.decode())
    # A supervisor looking at the specialist keeps the specialist when choosing the quarter.
    html = (
        login(make_user("ips_supervisor", program))
        .get(reverse("reporting:dashboard", args=[program.slug]), {"specialist": es.pk, "quarter": str(q)})
        .content.decode()
    )
    assert f"Caseload of {es.user}" in html
    assert f'<input type="hidden" name="specialist" value="{es.pk}">' in html
    assert _latest(html) == _expect_latest(own)


def test_the_program_view_of_a_specialist_keeps_its_scope(program, make_user, login, earlier):
    q, people = earlier
    html = (
        login(people["es"].user)
        .get(reverse("reporting:dashboard", args=[program.slug]), {"scope": "program", "quarter": str(q)})
        .content.decode()
    )
    assert '<input type="hidden" name="scope" value="program">' in html
    assert _latest(html) == _expect_latest(measures.report(program, q))


def test_choosing_a_quarter_costs_no_more_queries_and_none_per_quarter_offered(program, make_user, login):
    q = latest_complete(program).previous()
    small_program(program, q)
    client = login(make_user("program_manager", program))
    url = reverse("reporting:dashboard", args=[program.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as default:
        client.get(url)
    with CaptureQueriesContext(connection) as chosen:
        client.get(url, {"quarter": str(q)})
    program.start_date = program.start_date - datetime.timedelta(days=3650)  # 40 more quarters offered
    program.save(update_fields=["start_date"])
    many_people(program, q, served=12, worked=4)
    with CaptureQueriesContext(connection) as longer:
        response = client.get(url, {"quarter": str(q)})
    assert len(_options(response.content.decode())) > 45
    assert len(chosen) == len(default) == len(longer)


# --- The state dashboard ---------------------------------------------------------------------------


@pytest.fixture
def two_programs(db):
    """Two programs whose figures in the quarter before the latest complete one have small counts."""
    a = ProgramFactory(name="Alpha IPS")
    b = ProgramFactory(name="Beta IPS")
    q = latest_complete(a).previous()
    many_people(a, q, served=23, worked=7)  # 30.4%
    many_people(b, q, served=40, worked=25)  # 62.5%
    return a, b, q


def test_the_state_dashboard_shows_the_chosen_quarter(two_programs, make_user, login):
    a, b, q = two_programs
    many_people(a, q.next(), served=30, worked=30)  # enrolled long before: in q too
    response = login(make_user("state_trainer")).get(
        reverse("reporting:state_dashboard"), {"quarter": str(q)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    per_program = measures.for_programs(Program.objects.filter(pk__in=[a.pk, b.pk]), q)
    for program in (a, b):
        figures = per_program[program.pk]
        assert table_row(html, program.name)[1:4] == [
            str(figures["caseload_served"]),
            str(figures["worked_competitive"]),
            charts.display(figures["employment_rate"], "employment_rate"),
        ]
    pooled = measures.pooled(Program.objects.filter(pk__in=[a.pk, b.pk]), q)
    assert _latest(html)["People served"] == str(pooled["caseload_served"])
    assert _heading(html) == f"Quarter: {q}"
    assert reverse("reporting:state_xlsx", args=[str(q)]) in html
    assert _chart_quarters(html)[-1] == str(q)
    assert [v for v, selected in _options(html) if selected] == [str(q)]


def test_the_analyst_still_sees_small_counts_hidden_in_an_earlier_quarter(two_programs, make_user, login):
    a, b, q = two_programs
    response = login(make_user("analyst")).get(reverse("reporting:state_dashboard"), {"quarter": str(q)})
    assert response.status_code == 200
    html = response.content.decode()
    assert table_row(html, "Alpha IPS")[1:4] == ["23", "<11", "<11"]
    assert table_row(html, "Beta IPS")[1:4] == ["40", "<11", "<11"]  # or 32 − 25 gives Alpha's 7
    for leak in ("30.4", "62.5"):
        assert leak not in html
    assert "Small numbers are hidden" in html
    assert _heading(html) == f"Quarter: {q}"
    assert "state_xlsx" not in html and "programs.xlsx" not in html  # the analyst has no workbook


def test_a_bad_quarter_on_the_state_dashboard_is_a_400(two_programs, make_user, login):
    a, _b, _q = two_programs
    for role in ("analyst", "state_administrator"):
        client = login(make_user(role))
        for text, message in _bad_quarters(a):
            response = client.get(reverse("reporting:state_dashboard"), {"quarter": text})
            assert response.status_code == 400, (role, text)
            html = unescape(response.content.decode())
            assert message in html and 'aria-invalid="true"' in html


# --- Several quarters in one workbook --------------------------------------------------------------


def _sheet_values(ws) -> dict:
    return {r[0]: r[2] for r in ws.iter_rows(min_row=2, values_only=True) if r[3] != "entered"}


def test_the_range_workbook_has_one_sheet_per_quarter_with_that_quarters_figures(
    program, make_user, login, earlier
):
    q, _people = earlier
    last = latest_complete(program)
    first = q.previous()
    user = make_user("program_manager", program)
    response = login(user).get(range_url(program, first, last))
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert f'filename="openips-{program.slug}-{first}-{last}.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [str(first), str(q), str(last)]
    for quarter in (first, q, last):
        ws = wb[str(quarter)]
        assert [c.value for c in ws[1]] == ["Key", "Item", "Value", "Source", "Comment", "Entered by"]
        values = _sheet_values(ws)
        figures = measures.report(program, quarter)
        assert values["quarter"] == str(quarter) and values["program"] == program.name
        for key in ("caseload_served", "worked_competitive", "new_job_starts", "rapid_job_search.met"):
            assert values[key] == measures.value(figures, key), (quarter, key)
        rate = figures["employment_rate"]
        assert (
            None if values["employment_rate"] is None else Decimal(str(values["employment_rate"]))
        ) == rate
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, program=program)
    assert event.actor == user and event.object_id == f"{first}..{last}.xlsx"
    assert event.changes["quarters"][1] == [str(first), str(q), str(last)]


def test_the_range_workbook_uses_a_submitted_copy_like_the_single_download(
    program, make_user, login, earlier
):
    q, _people = earlier
    user = make_user("program_manager", program)
    locked = measures.as_json(measures.report(program, q))
    locked["caseload_served"] = 99  # what was sent then, whatever the records say now
    report = QuarterlyReport.objects.create(
        program=program, year=q.year, quarter=q.number, status=ReportStatus.SUBMITTED
    )
    ReportSubmission.objects.create(
        report=report,
        number=1,
        figures=locked,
        entries=[],
        submitted_at=timezone.now(),
        submitted_by=user,
        due_date=q.end,
    )
    later = QuarterlyReport.objects.create(program=program, year=q.next().year, quarter=q.next().number)
    ReportEntry.objects.create(
        report=later, item="funding", value="County levy", comment="As every year.", entered_by=user
    )
    wb = load_workbook(io.BytesIO(login(user).get(range_url(program, q, q.next())).content))
    assert _sheet_values(wb[str(q)])["caseload_served"] == 99
    assert _sheet_values(wb[str(q)])["report_state"].startswith("Submitted on ")
    later_rows = list(wb[str(q.next())].iter_rows(min_row=2, values_only=True))
    assert ("funding", "County levy", "entered") in [(r[0], r[2], r[3]) for r in later_rows]
    # The same views as one download per quarter.
    for view, single in zip(
        exports.program_views(program, [q, q.next()]),
        [exports.report_view(program, q), exports.report_view(program, q.next())],
        strict=True,
    ):
        assert (view.figures, view.entries, view.state_label, view.status, view.submission_number) == (
            single.figures,
            single.entries,
            single.state_label,
            single.status,
            single.submission_number,
        )


def test_the_dashboard_offers_the_range_form_with_the_year_to_the_quarter_shown(
    program, make_user, login, earlier
):
    q, _people = earlier
    html = (
        login(make_user("program_manager", program))
        .get(reverse("reporting:dashboard", args=[program.slug]), {"quarter": str(q)})
        .content.decode()
    )
    assert f'action="{reverse("reporting:report_range_xlsx", args=[program.slug])}"' in html
    assert ">From quarter</label>" in html and ">To quarter</label>" in html
    frm = re.search(r'<select name="from_quarter".*?</select>', html, re.S).group(0)
    to = re.search(r'<select name="to_quarter".*?</select>', html, re.S).group(0)
    assert f'<option value="{dashboards.quarters_ending(q, 4)[0]}" selected>' in frm
    assert f'<option value="{q}" selected>' in to
    # Without a range the address shows the form on its own page.
    page = login(make_user("program_manager", program)).get(
        reverse("reporting:report_range_xlsx", args=[program.slug])
    )
    assert page.status_code == 200 and "text/html" in page["Content-Type"]
    assert "Several quarters in one spreadsheet" in page.content.decode()


def test_a_bad_range_downloads_nothing_and_says_why(program, make_user, login):
    program.start_date = program.start_date - datetime.timedelta(days=3650)
    program.save(update_fields=["start_date"])
    last = latest_complete(program)
    current = last.next()
    thirteen = dashboards.quarters_ending(last, 13)[0]
    cases = [
        (range_url(program, last, last.previous()), f"The last quarter, {last.previous()}, comes before"),
        (range_url(program, thirteen, last), "is 13 quarters: one workbook holds at most 12"),
        (range_url(program, "2026Q5", last), "“2026Q5” is not a quarter"),
        (range_url(program, last, "spring"), "“spring” is not a quarter"),
        (range_url(program, last, current.next()), f"{current.next()} has not begun yet"),
        (range_url(program, "1990Q1", last), "There are no figures before"),
        (
            reverse("reporting:report_range_xlsx", args=[program.slug]) + f"?from_quarter={last}",
            "Choose a quarter.",
        ),
    ]
    client = login(make_user("program_manager", program))
    for url, message in cases:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "text/html" in response["Content-Type"] and "Content-Disposition" not in response
        html = unescape(response.content.decode())
        assert message in html, url
        assert "Nothing was downloaded" in html and 'aria-invalid="true"' in html
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    # A quarter that is not offered stays shown as chosen next to its message; the other keeps its choice.
    html = unescape(client.get(range_url(program, "2026Q5", last)).content.decode())
    assert [v for v, selected in _options(html, "from_quarter") if selected] == ["2026Q5"]
    assert '<option value="2026Q5" selected>2026Q5 (not offered)</option>' in html
    assert [v for v, selected in _options(html, "to_quarter") if selected] == [str(last)]
    assert "(not offered)" not in html.split('name="to_quarter"', 1)[1]
    # Twelve quarters, the quarter in progress included, is fine.
    response = client.get(range_url(program, dashboards.quarters_ending(current, 12)[0], current))
    assert response.status_code == 200
    assert len(load_workbook(io.BytesIO(response.content)).sheetnames) == 12


def test_the_range_workbook_query_count_does_not_grow_with_people(program, make_user, login):
    last = latest_complete(program)
    small_program(program, last)
    client = login(make_user("program_manager", program))
    url = range_url(program, last.previous().previous(), last)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    many_people(program, last, served=15, worked=6)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    # The report rows, submissions and entered items of every quarter are read at once.
    with CaptureQueriesContext(connection) as batched:
        exports.program_views(program, [last.previous(), last])
    per_quarter = [q for q in batched.captured_queries if "reporting_quarterlyreport" in q["sql"]]
    assert len(per_quarter) <= 3
