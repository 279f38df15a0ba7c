"""The reports API: list and read reports, submissions, submit and amend, the live measures."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from core.dates import Quarter
from reporting import measures
from reporting.models import QuarterlyReport, ReportStatus, ReportSubmission
from reporting.tests.factories_reports import manager_of, quarter_back, served_person, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_open_submit_and_amend_through_the_api(program, login):
    quarter = quarter_back(1)
    served_person(program, quarter)
    manager = manager_of(program)
    client = login(manager)
    created = client.post(
        reverse("api:report-list"),
        {"program": program.slug, "quarter": str(quarter)},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    report = created.json()
    assert (
        report["status"] == "draft"
        and report["quarter"] == str(quarter)
        and report["latest_submission"] is None
    )
    again = client.post(
        reverse("api:report-list"),
        {"program": program.slug, "quarter": str(quarter)},
        content_type="application/json",
    )
    assert again.status_code == 200 and again.json()["id"] == report["id"]

    submit = reverse("api:report-submit", args=[report["id"]])
    assert client.post(submit, {}, content_type="application/json").status_code == 400  # no version
    stale = client.post(submit, {"version": 99}, content_type="application/json")
    assert stale.status_code == 400 and "version" in stale.json()
    done = client.post(submit, {"version": report["version"]}, content_type="application/json")
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "submitted" and body["submissions"] == 1
    assert body["latest_submission"]["figures"]["caseload_served"] == 1
    twice = client.post(submit, {"version": body["version"]}, content_type="application/json")
    assert twice.status_code == 400
    assert ReportSubmission.objects.count() == 1

    amend = client.post(
        reverse("api:report-amend", args=[report["id"]]),
        {"version": body["version"]},
        content_type="application/json",
    )
    assert amend.status_code == 200 and amend.json()["status"] == "amending"
    version = amend.json()["version"]
    no_reason = client.post(submit, {"version": version}, content_type="application/json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    served_person(program, quarter)
    amended = client.post(
        submit, {"version": version, "reason": "Missed a person"}, content_type="application/json"
    )
    assert amended.status_code == 200
    history = client.get(reverse("api:report-submissions", args=[report["id"]])).json()["results"]
    assert [s["number"] for s in history] == [1, 2]
    assert history[0]["figures"]["caseload_served"] == 1 and history[1]["figures"]["caseload_served"] == 2
    assert history[1]["reason"] == "Missed a person" and history[1]["is_amendment"]


def test_the_current_quarter_is_refused_with_a_message(program, login):
    current = Quarter.containing(timezone.localdate())
    report = QuarterlyReport.objects.create(program=program, year=current.year, quarter=current.number)
    response = login(manager_of(program)).post(
        reverse("api:report-submit", args=[report.pk]), {"version": 1}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "has not ended yet" in str(response.json())


def test_list_is_limited_to_the_users_programs_and_filters(program, other_program, make_user, login):
    quarter = quarter_back(1)
    submitted(program, quarter)
    submitted(other_program, quarter)
    submitted(program, quarter_back(2))
    staff = login(make_user("employment_specialist", program))
    rows = staff.get(reverse("api:report-list")).json()["results"]
    assert {r["program"] for r in rows} == {program.slug} and len(rows) == 2
    rows = staff.get(reverse("api:report-list") + f"?quarter={quarter}").json()["results"]
    assert len(rows) == 1 and rows[0]["latest_submission"]["number"] == 1
    assert staff.get(reverse("api:report-list") + "?quarter=2026Q7").status_code == 400
    other = QuarterlyReport.objects.get(program=other_program)
    assert staff.get(reverse("api:report-detail", args=[other.pk])).status_code == 404
    assert (
        staff.post(
            reverse("api:report-submit", args=[QuarterlyReport.objects.filter(program=program).first().pk]),
            {"version": 1},
            content_type="application/json",
        ).status_code
        == 403
    )
    trainer = login(make_user("state_trainer"))
    assert len(trainer.get(reverse("api:report-list")).json()["results"]) == 3
    assert login(make_user("analyst")).get(reverse("api:report-list")).json()["results"] == []


def test_list_query_count_is_bounded(program, make_user, login, django_assert_max_num_queries):
    from accounts.tests.factories import ProgramFactory

    client = login(make_user("state_trainer"))
    submitted(program, quarter_back(1))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("api:report-list"))
    for _ in range(4):
        submitted(ProgramFactory(), quarter_back(1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(reverse("api:report-list")).json()["results"]) == 5


def test_measures_endpoint(program, other_program, make_user, login):
    quarter = quarter_back(1)
    served_person(program, quarter)
    client = login(make_user("ips_supervisor", program))
    url = reverse("api:measures-list")
    response = client.get(url, {"program": program.slug, "quarter": str(quarter)})
    assert response.status_code == 200
    assert response.json() == measures.as_json(measures.report(program, quarter))
    assert response.json()["caseload_served"] == 1
    bad = client.get(url, {"program": program.slug, "quarter": "2026Q5"})
    assert bad.status_code == 400 and "is not a quarter" in bad.json()["quarter"][0]
    assert client.get(url, {"quarter": str(quarter)}).status_code == 400
    assert client.get(url, {"program": other_program.slug, "quarter": str(quarter)}).status_code == 404
    assert client.get(url, {"program": "no-such-program", "quarter": str(quarter)}).status_code == 404
    assert (
        login(make_user("analyst")).get(url, {"program": program.slug, "quarter": str(quarter)}).status_code
        == 403
    )


def test_submitted_report_in_the_api_keeps_its_figures(program, login):
    quarter = quarter_back(1)
    served_person(program, quarter)
    submission = submitted(program, quarter)
    served_person(program, quarter)
    client = login(manager_of(program))
    body = client.get(reverse("api:report-detail", args=[submission.report_id])).json()
    assert body["status"] == ReportStatus.SUBMITTED
    assert body["latest_submission"]["figures"]["caseload_served"] == 1
    live = client.get(reverse("api:measures-list"), {"program": program.slug, "quarter": str(quarter)}).json()
    assert live["caseload_served"] == 2
