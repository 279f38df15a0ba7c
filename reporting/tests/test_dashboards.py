"""The dashboards: a program's, a specialist's own, the state's with the analyst's small cells hidden."""

from __future__ import annotations

import base64
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import ProgramFactory
from reporting import dashboards, measures
from reporting.charts import SUPPRESSED
from reporting.tests.factories_dashboards import (
    latest_complete,
    many_people,
    small_program,
    table_row,
)
from reporting.tests.factories_measures import person

pytestmark = pytest.mark.django_db


def _svgs(html: str) -> list[str]:
    return [
        base64.b64decode(b).decode()
        for b in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)
    ]


def test_program_dashboard_shows_8_quarters_charts_tables_and_specialists(program, make_user, login):
    q = latest_complete(program)
    people = small_program(program, q)
    response = login(make_user("program_manager", program)).get(
        reverse("reporting:dashboard", args=[program.slug])
    )
    assert response.status_code == 200
    html = response.content.decode()
    svgs = _svgs(html)
    assert len(svgs) == 7
    assert "Learning Community minimal standard" in svgs[0]
    assert "cumulative over 18–24 months, not quarterly" in html
    assert html.count('<table class="chart-numbers">') == 7
    es_row = table_row(html, str(people["es"].user))
    figures = measures.by_specialist(program, q)[people["es"].pk]
    assert es_row[1:4] == [
        str(figures["caseload_served"]),
        str(figures["active_at_end"]),
        str(figures["worked_competitive"]),
    ]
    assert str(q) in html and str(dashboards.quarters_ending(q)[0]) in html
    assert 'src="http' not in html and "<script" not in "".join(svgs)
    assert "average of programs" not in html.split("chart-numbers")[0]


def test_program_dashboard_query_count_does_not_grow_with_people(program, make_user, login):
    q = latest_complete(program)
    small_program(program, q)
    client = login(make_user("program_manager", program))
    url = reverse("reporting:dashboard", args=[program.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    many_people(program, q, served=15, worked=6)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_a_specialist_sees_their_own_caseload_by_default(program, make_user, login):
    q = latest_complete(program)
    people = small_program(program, q)
    es_user = people["es"].user
    client = login(es_user)
    html = client.get(reverse("reporting:dashboard", args=[program.slug])).content.decode()
    assert "My caseload" in html
    own = measures.by_specialist(program, q)[people["es"].pk]
    assert own["caseload_served"] == 2  # the worker and the starter
    assert table_row(html, str(q))  # numbers table rows per quarter
    program_view = client.get(reverse("reporting:dashboard", args=[program.slug]) + "?scope=program")
    assert "By employment specialist" not in program_view.content.decode()  # not other specialists' figures
    assert client.get(reverse("reporting:dashboard_me", args=[program.slug])).status_code == 200


def test_a_specialist_cannot_open_a_colleagues_figures_but_a_supervisor_can(program, make_user, login):
    q = latest_complete(program)
    people = small_program(program, q)
    other = make_user("employment_specialist", program)
    url = reverse("reporting:dashboard", args=[program.slug]) + f"?specialist={people['es'].pk}"
    assert login(other).get(url).status_code == 403
    response = login(make_user("ips_supervisor", program)).get(url)
    assert response.status_code == 200
    assert f"Caseload of {people['es'].user}" in response.content.decode()


def test_my_dashboard_without_a_caseload_post_is_not_found(program, make_user, login):
    response = login(make_user("state_trainer")).get(reverse("reporting:dashboard_me", args=[program.slug]))
    assert response.status_code == 404


# --- Suppression -------------------------------------------------------------------------------------


def test_suppress_hides_1_to_10_shows_0_and_hides_what_is_derived():
    figures = {
        "caseload_served": 23,
        "active_at_end": 23,
        "worked_competitive": 7,
        "employment_rate": 30.4,
        "new_job_starts": 0,
        "people_with_new_job": 0,
        "in_education": 0,
        "worked_or_education": 7,
        "rapid_job_search": {"cohort": 11, "met": 10, "rate": 90.9},
        "days_interest_to_first_job": {"n": 3, "median": 40.0},
        "average_hours_per_week": 20.0,
        "average_hourly_wage": 15.0,
        "employment_specialists": 2,
        "es_fte": 1.5,
        "caseload_per_es_fte": 15.3,
        "steady_workers": 4,
        "estimated_treatment_savings": 16000.0,
    }
    out = dashboards.suppress(figures)
    assert out["caseload_served"] == 23 and out["new_job_starts"] == 0
    for key in (
        "worked_competitive",
        "employment_rate",
        "worked_or_education",
        "rapid_job_search.met",
        "rapid_job_search.rate",
        "days_interest_to_first_job.n",
        "days_interest_to_first_job.median",
        "average_hours_per_week",
        "average_hourly_wage",
        "employment_specialists",
        "es_fte",
        "caseload_per_es_fte",
        "steady_workers",
        "estimated_treatment_savings",
    ):
        assert measures.value(out, key) is SUPPRESSED, key
    assert out["rapid_job_search"]["cohort"] == 11
    assert figures["worked_competitive"] == 7  # the input is left alone


def test_working_or_education_hidden_when_it_reveals_a_small_difference():
    base = {"caseload_served": 50, "worked_competitive": 20, "in_education": 30, "worked_or_education": 45}
    assert dashboards.suppress(base)["worked_or_education"] == 45
    near = base | {"worked_or_education": 25}  # 5 in education but not working
    assert dashboards.suppress(near)["worked_or_education"] is SUPPRESSED


def test_one_hidden_program_hides_a_second_so_the_total_gives_nothing_away():
    table = {
        1: {"caseload_served": 23, "worked_competitive": 7},
        2: {"caseload_served": 40, "worked_competitive": 25},
        3: {"caseload_served": 30, "worked_competitive": 30},
    }
    out = dashboards.suppress_table(table)
    assert out[1]["worked_competitive"] is SUPPRESSED
    assert out[2]["worked_competitive"] is SUPPRESSED  # the smallest one shown
    assert out[3]["worked_competitive"] == 30


@pytest.fixture
def two_programs(db):
    a = ProgramFactory(name="Alpha IPS")
    b = ProgramFactory(name="Beta IPS")
    q = latest_complete(a)
    many_people(a, q, served=23, worked=7)  # 30.4%
    many_people(b, q, served=40, worked=25)  # 62.5%
    person(b, None)  # referred, never enrolled: counts nowhere
    return a, b, q


def test_the_analyst_sees_under_11_and_no_small_count_leaks_anywhere(two_programs, make_user, login):
    a, b, q = two_programs
    response = login(make_user("analyst")).get(reverse("reporting:state_dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    svgs = "".join(_svgs(html))
    alpha, beta = table_row(html, "Alpha IPS"), table_row(html, "Beta IPS")
    # Columns: program, served, worked, rate, education, new starts, rapid rate, caseload/FTE, steady.
    assert alpha[1:4] == ["23", "<11", "<11"]
    assert beta[1:4] == ["40", "<11", "<11"]  # hidden too, or 32 − 25 would give Alpha's 7
    for leak in ("30.4", "62.5"):
        assert leak not in html and leak not in svgs
    assert "7" not in alpha[1:] and "25" not in beta[1:]
    # The pooled figures are shown: 63 served, 32 worked, 50.8%.
    assert "50.8" in html
    assert "Small numbers are hidden" in html
    assert not re.search(r'class="value">\s*7\s*<', svgs)


def test_the_state_trainer_sees_every_figure(two_programs, make_user, login):
    response = login(make_user("state_trainer")).get(reverse("reporting:state_dashboard"))
    html = response.content.decode()
    assert table_row(html, "Alpha IPS")[1:4] == ["23", "7", "30.4"]
    assert table_row(html, "Beta IPS")[1:4] == ["40", "25", "62.5"]
    assert "46.5" in html  # average of programs: (30.4 + 62.5) / 2 = 46.45 → 46.5
    assert "Small numbers are hidden" not in html
    assert reverse("reporting:state_xlsx", args=[str(two_programs[2])]) in html


def test_state_dashboard_query_count_does_not_grow_with_people(two_programs, make_user, login):
    a, b, q = two_programs
    client = login(make_user("state_administrator"))
    url = reverse("reporting:state_dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    many_people(a, q, served=12, worked=3)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_an_empty_program_dashboard_and_a_hidden_secondary_series_render(program, make_user, login):
    """No figures at all (every rate None, savings hidden): the charts still draw, the tables say so."""
    for role in ("program_manager", "employment_specialist"):
        response = login(make_user(role, program)).get(reverse("reporting:dashboard", args=[program.slug]))
        assert response.status_code == 200
        assert len(_svgs(response.content.decode())) >= 6
    from reporting import charts

    series = [
        dashboards.suppress(f)
        for f in dashboards.program_series(program, dashboards.quarters_ending(latest_complete(program), 2))
    ]
    series[0]["steady_workers"] = 3
    series = [dashboards.suppress(f) for f in series]
    assert charts.steady_workers(series).rows[0][1:] == ["<11", "<11"]
