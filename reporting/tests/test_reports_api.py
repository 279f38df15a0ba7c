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


# --- Entered items through the API -------------------------------------------------------------------


def _json(client, method, url, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


def _open(client, program, quarter) -> dict:
    response = _json(
        client, "post", reverse("api:report-list"), {"program": program.slug, "quarter": str(quarter)}
    )
    assert response.status_code in (200, 201), response.content
    return response.json()


def test_enter_change_and_withdraw_items_through_the_api(program, login):
    from core.models import AuditAction, AuditEvent
    from reporting.models import ReportEntry

    quarter = quarter_back(1)
    manager = manager_of(program)
    client = login(manager)
    report = _open(client, program, quarter)
    entries = reverse("api:report-entry-list")

    # The service's own messages, as 400 field errors; nothing is written.
    blank = _json(
        client,
        "post",
        entries,
        {"report": report["id"], "version": 1, "item": "funding", "value": "x", "comment": " "},
    )
    assert blank.status_code == 400
    assert blank.json() == {"comment": ["Every entered item needs a comment saying where it comes from."]}
    no_figure = _json(
        client,
        "post",
        entries,
        {"report": report["id"], "version": 1, "item": "override", "value": "3", "comment": "Paper"},
    )
    assert no_figure.json() == {"measure": ["An override must name the computed figure it stands beside."]}
    bad_item = _json(
        client,
        "post",
        entries,
        {"report": report["id"], "version": 1, "item": "mood", "value": "3", "comment": "c"},
    )
    assert bad_item.json() == {"item": ["Choose one of the items listed."]}
    assert not ReportEntry.objects.exists()

    created = _json(
        client,
        "post",
        entries,
        {
            "report": report["id"],
            "version": 1,
            "item": "override",
            "measure": "caseload_served",
            "value": "3",
            "comment": "Two people were served on paper.",
        },
    )
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["item"] == "override" and item["measure"] == "caseload_served"
    assert item["measure_label"] == str(measures.LABELS["caseload_served"])
    assert item["entered_by"] == str(manager) and item["version"] == 2 and not item["is_withdrawn"]
    assert item["program"] == program.slug and item["quarter"] == str(quarter)
    assert (
        AuditEvent.objects.filter(object_type="reporting.ReportEntry", action=AuditAction.CREATE).count() == 1
    )

    listed = client.get(entries, {"report": report["id"]}).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == item["id"]
    detail = reverse("api:report-entry-detail", args=[item["id"]])
    assert client.get(detail).json() == item

    # A stale version is a 400 on `version`, as in the people API.
    stale = _json(client, "patch", detail, {"version": 1, "value": "4"})
    assert stale.status_code == 400 and "Someone else changed" in stale.json()["version"][0]
    missing = _json(client, "patch", detail, {"value": "4"})
    assert missing.status_code == 400 and "version" in missing.json()
    changed = _json(client, "patch", detail, {"version": 2, "value": "4"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["value"] == "4" and changed.json()["version"] == 3
    assert changed.json()["comment"] == "Two people were served on paper."
    wrong = _json(client, "patch", detail, {"version": 3, "item": "funding"})
    assert wrong.json() == {"measure": ["Only an override names a computed figure; leave this empty."]}
    whole = _json(
        client,
        "put",
        detail,
        {"version": 3, "item": "funding", "measure": "", "value": "Medicaid", "comment": "Billing office"},
    )
    assert whole.status_code == 200 and whole.json()["item"] == "funding" and whole.json()["measure"] == ""
    assert (
        AuditEvent.objects.filter(object_type="reporting.ReportEntry", action=AuditAction.UPDATE).count() == 2
    )

    withdraw = reverse("api:report-entry-withdraw", args=[item["id"]])
    assert _json(client, "post", withdraw, {"version": 3}).status_code == 400  # stale
    gone = _json(client, "post", withdraw, {"version": 4})
    assert gone.status_code == 200 and gone.json()["is_withdrawn"] and gone.json()["withdrawn_at"]
    assert _json(client, "post", withdraw, {"version": 5}).json() == {
        "non_field_errors": ["This entered item was already withdrawn."]
    }
    assert client.get(entries, {"report": report["id"], "withdrawn": "false"}).json()["count"] == 0
    assert client.get(entries, {"report": report["id"], "withdrawn": "true"}).json()["count"] == 1
    assert client.get(entries, {"report": report["id"]}).json()["count"] == 1
    assert client.get(entries, {"report": report["id"], "withdrawn": "maybe"}).status_code == 400
    assert _json(client, "delete", detail).status_code == 405
    assert ReportEntry.objects.count() == 1

    # What the API entered is what the submission locks.
    done = _json(client, "post", reverse("api:report-submit", args=[report["id"]]), {"version": 5})
    assert done.status_code == 200 and done.json()["latest_submission"]["entries"] == []


def test_items_of_a_submitted_report_are_refused_through_the_api(program, login):
    from reporting.models import ReportEntry
    from reporting.tests.factories_reports import entry

    quarter = quarter_back(1)
    manager = manager_of(program)
    item = entry(program, quarter, manager, value="Medicaid")
    submission = submitted(program, quarter, manager)
    report = QuarterlyReport.objects.get()
    client = login(manager)
    locked = "This report is submitted and locked. Start an amendment to change its entered items."
    add = _json(
        client,
        "post",
        reverse("api:report-entry-list"),
        {"report": report.pk, "version": report.version, "item": "funding", "value": "x", "comment": "y"},
    )
    assert add.status_code == 400 and add.json() == {"non_field_errors": [locked]}
    change = _json(
        client,
        "patch",
        reverse("api:report-entry-detail", args=[item.pk]),
        {"version": report.version, "value": "x"},
    )
    assert change.status_code == 400 and change.json() == {"non_field_errors": [locked]}
    withdraw = _json(
        client, "post", reverse("api:report-entry-withdraw", args=[item.pk]), {"version": report.version}
    )
    assert withdraw.status_code == 400 and withdraw.json() == {"non_field_errors": [locked]}
    item.refresh_from_db()
    assert item.value == "Medicaid" and item.withdrawn_at is None and ReportEntry.objects.count() == 1
    report.refresh_from_db()
    assert report.version == submission.report.version and report.status == ReportStatus.SUBMITTED
    # Readers still list them.
    listed = client.get(reverse("api:report-entry-list"), {"report": report.pk}).json()["results"]
    assert [e["value"] for e in listed] == ["Medicaid"] and listed[0]["report_status"] == "submitted"


def test_who_may_read_and_write_entered_items_through_the_api(program, other_program, make_user, login):
    from reporting.tests.factories_reports import entry

    quarter = quarter_back(1)
    item = entry(program, quarter)
    report_id = item.report_id
    entries = reverse("api:report-entry-list")
    detail = reverse("api:report-entry-detail", args=[item.pk])
    new = {"report": report_id, "version": 2, "item": "funding", "value": "x", "comment": "y"}

    specialist = login(make_user("employment_specialist", program))
    assert specialist.get(entries, {"report": report_id}).status_code == 200
    assert specialist.get(detail).status_code == 200
    assert _json(specialist, "post", entries, new).status_code == 403
    assert _json(specialist, "patch", detail, {"version": 2, "value": "x"}).status_code == 403
    for role, program_of_role in (
        ("analyst", None),
        ("vr_counselor", program),
        ("treatment_team_member", program),
    ):
        partner = login(make_user(role, program_of_role))
        assert partner.get(entries, {"report": report_id}).status_code == 403
        assert partner.get(detail).status_code == 403
        assert _json(partner, "post", entries, new).status_code == 403
    stranger = login(manager_of(other_program))
    assert stranger.get(entries, {"report": report_id}).status_code == 404
    assert stranger.get(detail).status_code == 404
    assert _json(stranger, "post", entries, new).status_code == 404
    assert _json(stranger, "patch", detail, {"version": 2, "value": "x"}).status_code == 404
    trainer = login(make_user("state_trainer"))
    assert trainer.get(entries, {"report": report_id}).json()["count"] == 1
    assert _json(trainer, "post", entries, new).status_code == 403
    admin = login(make_user("state_administrator"))
    assert _json(admin, "post", entries, new).status_code == 201
    assert specialist.get(entries).status_code == 400  # which report?
    assert specialist.get(entries, {"report": "abc"}).json() == {"report": ["Give the id of a report."]}
    assert specialist.get(entries, {"report": 999999}).status_code == 404


def test_entered_items_list_query_count_is_bounded(program, login, django_assert_max_num_queries):
    from reporting.tests.factories_reports import entry

    quarter = quarter_back(1)
    manager = manager_of(program)
    first = entry(program, quarter, manager)
    client = login(manager)
    url = reverse("api:report-entry-list")
    with django_assert_max_num_queries(20) as few:
        client.get(url, {"report": first.report_id})
    for n in range(6):
        entry(program, quarter, manager_of(program), value=f"Source {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url, {"report": first.report_id}).json()["count"] == 7


# --- Cancelling an amendment through the API ---------------------------------------------------------


def test_cancel_an_amendment_through_the_api(program, login):
    from core.models import AuditAction, AuditEvent
    from reporting.tests.factories_reports import entry

    quarter = quarter_back(1)
    served_person(program, quarter)
    manager = manager_of(program)
    kept = entry(program, quarter, manager, value="Medicaid", comment="Billing office")
    original = submitted(program, quarter, manager)
    client = login(manager)
    report = QuarterlyReport.objects.get()
    cancel = reverse("api:report-cancel-amendment", args=[report.pk])

    not_yet = _json(client, "post", cancel, {"version": report.version})
    assert not_yet.status_code == 400
    assert "no amendment in progress" in not_yet.json()["non_field_errors"][0]

    started = _json(
        client, "post", reverse("api:report-amend", args=[report.pk]), {"version": report.version}
    )
    version = started.json()["version"]
    added = _json(
        client,
        "post",
        reverse("api:report-entry-list"),
        {
            "report": report.pk,
            "version": version,
            "item": "populations",
            "value": "Youth",
            "comment": "Grant",
        },
    ).json()
    changed = _json(
        client,
        "patch",
        reverse("api:report-entry-detail", args=[kept.pk]),
        {"version": added["version"], "value": "Medicaid and levy"},
    ).json()
    served_person(program, quarter)

    assert _json(client, "post", cancel, {}).status_code == 400
    stale = _json(client, "post", cancel, {"version": version})
    assert stale.status_code == 400 and "version" in stale.json()
    done = _json(client, "post", cancel, {"version": changed["version"]})
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "submitted" and body["submissions"] == 1
    assert body["latest_submission"]["figures"] == original.figures
    assert body["latest_submission"]["figures"]["caseload_served"] == 1
    on_report = client.get(
        reverse("api:report-entry-list"), {"report": report.pk, "withdrawn": "false"}
    ).json()
    assert [(e["id"], e["value"]) for e in on_report["results"]] == [(kept.pk, "Medicaid")]
    assert client.get(reverse("api:report-entry-detail", args=[added["id"]])).json()["is_withdrawn"]
    assert AuditEvent.objects.filter(
        object_type="reporting.QuarterlyReport", action=AuditAction.UPDATE, changes__amendment__1="cancelled"
    ).exists()
    again = _json(client, "post", cancel, {"version": body["version"]})
    assert again.status_code == 400 and "stays as it was sent" in again.json()["non_field_errors"][0]
