"""The quarterly report workflow through HTTP: draft, entered items, submit, amend, drill-down, tracker."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.dates import Quarter
from core.models import AuditAction, AuditEvent
from jobs.models import Job
from reporting import measures
from reporting.models import (
    Benchmark,
    QuarterlyReport,
    ReportEntry,
    ReportingDeadline,
    ReportStatus,
    ReportSubmission,
)
from reporting.services import reports as services
from reporting.tests.factories_reports import manager_of, quarter_back, served_person, submitted

pytestmark = pytest.mark.django_db


def detail_url(program, quarter):
    return reverse("reporting:report_detail", args=[program.slug, str(quarter)])


def figure(response, key):
    return measures.value(response.context["figures"], key)


# --- The list of quarters --------------------------------------------------------------------------


def test_list_shows_every_quarter_from_the_start_to_the_current_one(program, manager, login):
    program.start_date = quarter_back(3).start + datetime.timedelta(days=20)
    program.save()
    served_person(program, quarter_back(5))  # enrolled earlier than the program's start date
    submitted(program, quarter_back(2), manager)
    response = login(manager).get(reverse("reporting:report_list", args=[program.slug]))
    assert response.status_code == 200
    quarters = [row.quarter for row in response.context["rows"]]
    assert quarters[0] == Quarter.containing(timezone.localdate())
    assert quarters[-1] == Quarter.containing(quarter_back(5).start - datetime.timedelta(days=10))
    text = response.content.decode()
    assert "Submitted on" in text and "Draft" in text and "Current quarter" in text


# --- A draft: live figures ---------------------------------------------------------------------------


def test_draft_shows_live_figures_with_drilldown_links(program, quarter, make_user, login):
    served_person(program, quarter)
    served_person(program, quarter, working=False)
    specialist = make_user("employment_specialist", program)
    response = login(specialist).get(detail_url(program, quarter))
    assert response.status_code == 200
    assert figure(response, "caseload_served") == 2
    assert figure(response, "worked_competitive") == 1
    drill = reverse("reporting:report_drilldown", args=[program.slug, str(quarter), "caseload_served"])
    assert drill in response.content.decode()
    assert not QuarterlyReport.objects.exists()  # opening a draft writes nothing


@pytest.mark.parametrize("text", ["2026Q5", "last-quarter", "1999Q0"])
def test_a_text_that_names_no_quarter_is_a_404_that_says_why(program, manager, login, text):
    response = login(manager).get(detail_url(program, text))
    assert response.status_code == 404
    assert "is not a quarter" in response.content.decode()


def test_a_future_quarter_is_a_404(program, manager, login):
    future = Quarter.containing(timezone.localdate()).next()
    response = login(manager).get(detail_url(program, future))
    assert response.status_code == 404
    assert "has not begun" in response.content.decode()


@pytest.mark.parametrize("role", ["analyst", "vr_counselor", "treatment_team_member"])
def test_analyst_and_partners_never_see_a_report(program, quarter, make_user, login, role):
    user = make_user(role, None if role == "analyst" else program)
    assert login(user).get(detail_url(program, quarter)).status_code == 403


def test_staff_of_another_program_get_404(program, other_program, quarter, make_user, login):
    user = make_user("program_manager", other_program)
    assert login(user).get(detail_url(program, quarter)).status_code == 404


# --- Entered items -----------------------------------------------------------------------------------


def test_entry_needs_a_comment_and_nothing_changes(program, quarter, manager, login):
    client = login(manager)
    url = reverse("reporting:report_entry_add", args=[program.slug, str(quarter)])
    response = client.post(url, {"version": 1, "item": "funding", "value": "Medicaid", "comment": " "})
    assert response.status_code == 400
    assert "comment" in response.context["form"].errors
    response = client.post(url, {"version": 1, "item": "override", "value": "12", "comment": "Paper files"})
    assert response.status_code == 400
    assert "measure" in response.context["form"].errors
    response = client.post(
        url, {"version": 1, "item": "funding", "measure": "caseload_served", "value": "x", "comment": "y"}
    )
    assert response.status_code == 400
    assert not ReportEntry.objects.exists()
    assert not QuarterlyReport.objects.exists()


def test_entered_items_and_an_override_beside_the_computed_figure(program, quarter, manager, login):
    served_person(program, quarter)
    client = login(manager)
    url = reverse("reporting:report_entry_add", args=[program.slug, str(quarter)])
    response = client.post(
        url,
        {
            "version": 1,
            "item": "override",
            "measure": "caseload_served",
            "value": "3",
            "comment": "Two people were served on paper before we moved to OpenIPS.",
        },
    )
    assert response.status_code == 302
    entry = ReportEntry.objects.get()
    assert entry.entered_by == manager and entry.measure == "caseload_served"
    assert AuditEvent.objects.filter(object_type="reporting.ReportEntry", action=AuditAction.CREATE).exists()
    response = client.get(detail_url(program, quarter))
    row = next(r for r in response.context["rows"] if r["key"] == "caseload_served")
    assert row["value"] == 1 and [o.value for o in row["overrides"]] == ["3"]
    text = response.content.decode()
    assert "Two people were served on paper" in text and "entered" in text

    withdraw = reverse("reporting:report_entry_withdraw", args=[program.slug, str(quarter), entry.pk])
    stale = client.post(withdraw, {"version": 1})
    assert stale.status_code == 400  # the report changed (version 2) since that page was read
    assert client.post(withdraw, {"version": 2}).status_code == 302
    entry.refresh_from_db()
    assert entry.withdrawn_at is not None
    response = client.get(detail_url(program, quarter))
    assert response.context["entries"] == []


# --- Submit ------------------------------------------------------------------------------------------


def test_submit_locks_the_figures_and_the_entries(program, quarter, manager, login):
    served_person(program, quarter)
    services.report_entry_add(
        actor=manager, program=program, quarter=quarter, item="fidelity", value="98", comment="Review in May"
    )
    client = login(manager)
    response = client.post(
        reverse("reporting:report_submit", args=[program.slug, str(quarter)]), {"version": 2}
    )
    assert response.status_code == 302
    report = QuarterlyReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    submission = ReportSubmission.objects.get()
    assert submission.number == 1 and submission.submitted_by == manager
    assert submission.figures == measures.as_json(measures.report(program, quarter))
    assert submission.entries[0]["item"] == "fidelity" and submission.entries[0]["value"] == "98"
    assert submission.entries[0]["entered_by"] == str(manager)
    assert submission.due_date == ReportingDeadline.default_for(quarter)
    assert (
        AuditEvent.objects.filter(action=AuditAction.SUBMIT, object_type="reporting.ReportSubmission").count()
        == 1
    )
    page = client.get(detail_url(program, quarter)).content.decode()
    assert f"Submitted by {manager}" in page
    # A second submit (same version, or a fresh one) makes no second submission.
    again = client.post(reverse("reporting:report_submit", args=[program.slug, str(quarter)]), {"version": 2})
    assert again.status_code == 400
    again = client.post(
        reverse("reporting:report_submit", args=[program.slug, str(quarter)]), {"version": report.version}
    )
    assert again.status_code == 400
    assert "already submitted" in again.content.decode()
    assert ReportSubmission.objects.count() == 1


def test_the_current_quarter_cannot_be_submitted(program, manager, login):
    current = Quarter.containing(timezone.localdate())
    response = login(manager).post(
        reverse("reporting:report_submit", args=[program.slug, str(current)]), {"version": 1}
    )
    assert response.status_code == 400
    assert "has not ended yet" in response.content.decode()
    assert not ReportSubmission.objects.exists()


@pytest.mark.parametrize("role", ["employment_specialist", "ips_supervisor", "state_trainer"])
def test_only_the_manager_and_state_admin_submit(program, quarter, make_user, login, role):
    user = make_user(role, None if role == "state_trainer" else program)
    response = login(user).post(
        reverse("reporting:report_submit", args=[program.slug, str(quarter)]), {"version": 1}
    )
    assert response.status_code == 403
    assert not ReportSubmission.objects.exists()


def test_state_administrator_submits_for_a_program(program, quarter, make_user, login):
    admin = make_user("state_administrator")
    response = login(admin).post(
        reverse("reporting:report_submit", args=[program.slug, str(quarter)]), {"version": 1}
    )
    assert response.status_code == 302
    assert ReportSubmission.objects.get().submitted_by == admin


def test_submitted_figures_do_not_follow_later_edits(program, quarter, manager, login):
    """After submission, a job edit and a closure change the live measures, not the submitted report."""
    worker = served_person(program, quarter)
    other = served_person(program, quarter, working=False)
    submitted(program, quarter, manager)
    client = login(manager)
    before = client.get(detail_url(program, quarter))
    assert figure(before, "worked_competitive") == 1 and figure(before, "caseload_served") == 2

    # The job turns out not to be competitive; the other person's record is closed before the quarter.
    Job.objects.filter(job_seeker=worker).update(competitive_integrated=False)
    other.closed_date = quarter.start - datetime.timedelta(days=1)
    other.closure_reason = "chose_to_stop"
    other.save()
    live = measures.report(program, quarter)
    assert live["worked_competitive"] == 0 and live["caseload_served"] == 1

    after = client.get(detail_url(program, quarter))
    assert figure(after, "worked_competitive") == 1 and figure(after, "caseload_served") == 2
    api = client.get(reverse("api:report-detail", args=[QuarterlyReport.objects.get().pk])).json()
    assert api["latest_submission"]["figures"]["worked_competitive"] == 1


# --- Amend -------------------------------------------------------------------------------------------


def test_an_amendment_needs_a_reason_and_keeps_the_original(program, quarter, manager, login):
    served_person(program, quarter)
    original = submitted(program, quarter, manager)
    client = login(manager)
    report = QuarterlyReport.objects.get()
    assert (
        client.post(
            reverse("reporting:report_amend", args=[program.slug, str(quarter)]), {"version": 1}
        ).status_code
        == 400
    )
    response = client.post(
        reverse("reporting:report_amend", args=[program.slug, str(quarter)]), {"version": report.version}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.AMENDING
    # Live figures again, and entries editable.
    served_person(program, quarter)
    page = client.get(detail_url(program, quarter))
    assert figure(page, "caseload_served") == 2 and page.context["editable"]
    services.report_entry_add(
        actor=manager,
        program=program,
        quarter=quarter,
        item="local_context",
        value="Plant closed",
        comment="News",
    )
    report.refresh_from_db()
    submit = reverse("reporting:report_submit", args=[program.slug, str(quarter)])
    response = client.post(submit, {"version": report.version, "reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    response = client.post(submit, {"version": report.version, "reason": "A person was missing."})
    assert response.status_code == 302
    amendment = ReportSubmission.objects.get(number=2)
    assert amendment.reason == "A person was missing." and amendment.figures["caseload_served"] == 2
    original.refresh_from_db()
    assert original.figures["caseload_served"] == 1 and original.entries == []
    assert AuditEvent.objects.filter(action=AuditAction.AMEND).count() == 1
    page = client.get(detail_url(program, quarter))
    assert figure(page, "caseload_served") == 2
    text = page.content.decode()
    assert "amended 1 time" in text and "Original report" in text and "Amendment 1" in text
    first = client.get(reverse("reporting:report_submission", args=[program.slug, str(quarter), 1]))
    assert first.status_code == 200
    assert next(r for r in first.context["rows"] if r["key"] == "caseload_served")["value"] == 1
    assert (
        client.get(reverse("reporting:report_submission", args=[program.slug, str(quarter), 3])).status_code
        == 404
    )


# --- On time or late -----------------------------------------------------------------------------------


def test_on_time_and_late_follow_the_state_deadline(program, other_program, manager, make_user, login):
    older = quarter_back(2)
    ReportingDeadline.objects.create(
        year=older.year, quarter=older.number, due_date=older.end + datetime.timedelta(days=5)
    )
    late = submitted(program, older, manager)
    assert not late.on_time
    recent = quarter_back(1)
    ReportingDeadline.objects.create(
        year=recent.year, quarter=recent.number, due_date=timezone.localdate() + datetime.timedelta(days=3)
    )
    on_time = submitted(program, recent, manager)
    assert on_time.on_time
    rows = {
        r.quarter: r
        for r in login(manager).get(reverse("reporting:report_list", args=[program.slug])).context["rows"]
    }
    assert rows[older].original.on_time is False and rows[recent].original.on_time is True


# --- Drill-down --------------------------------------------------------------------------------------


def test_drilldown_lists_the_people_and_audits_the_read(
    program, quarter, make_user, login, django_assert_max_num_queries
):
    people = [served_person(program, quarter) for _ in range(3)]
    served_person(program, quarter_back(3), working=False)  # served in an earlier quarter only
    specialist = make_user("employment_specialist", program)
    client = login(specialist)
    url = reverse("reporting:report_drilldown", args=[program.slug, str(quarter), "worked_competitive"])
    response = client.get(url)
    assert response.status_code == 200
    assert {p.pk for p in response.context["people"]} == {p.pk for p in people}
    text = response.content.decode()
    for p in people:
        assert reverse("people:job_seeker_detail", args=[program.slug, p.pk]) in text and p.ref in text
    event = AuditEvent.objects.get(action=AuditAction.READ, object_type="reporting.drilldown")
    assert sorted(event.changes["job_seekers"][1]) == sorted(p.pk for p in people)
    # Each person shown has a read row of their own, found by the audit trail's person filter.
    reads = AuditEvent.objects.filter(action=AuditAction.READ, object_type="people.JobSeeker")
    assert sorted(reads.values_list("job_seeker_id", flat=True)) == sorted(p.pk for p in people)
    for read in reads:
        assert read.actor == specialist and read.program_id == program.pk
        assert read.object_id == str(read.job_seeker_id)
        assert read.changes == {"report_figure": [None, f"{quarter} worked_competitive"]}
        assert read.request_id == event.request_id
    with django_assert_max_num_queries(13) as few:  # two of them the audit inserts
        client.get(url)
    for _ in range(10):
        served_person(program, quarter)
    before = AuditEvent.objects.count()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).context["people"]) == 13
    assert AuditEvent.objects.count() - before == 1 + 13


def test_drilldown_reads_are_in_the_persons_audit_trail(program, quarter, make_user, login):
    """The audit trail filtered on a person lists the drill-down that showed them (and only them)."""
    from accounts.selectors import audit_event_list

    shown = served_person(program, quarter)
    not_shown = served_person(program, quarter, working=False)
    client = login(make_user("ips_supervisor", program))
    url = reverse("reporting:report_drilldown", args=[program.slug, str(quarter), "worked_competitive"])
    assert client.get(url).status_code == 200
    admin = make_user("state_administrator")
    mine = audit_event_list(user=admin, person=shown.pk, action=AuditAction.READ)
    assert [e.changes["report_figure"][1] for e in mine] == [f"{quarter} worked_competitive"]
    assert not audit_event_list(user=admin, person=not_shown.pk, action=AuditAction.READ).exists()


def test_drilldown_with_nobody_writes_no_read_rows(program, quarter, manager, login):
    served_person(program, quarter, working=False)
    url = reverse("reporting:report_drilldown", args=[program.slug, str(quarter), "worked_competitive"])
    response = login(manager).get(url)
    assert response.status_code == 200 and "Nobody is counted" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.READ).exists()


def test_drilldown_of_a_submitted_report_warns_that_records_may_have_changed(
    program, quarter, manager, login
):
    served_person(program, quarter)
    submitted(program, quarter, manager)
    url = reverse("reporting:report_drilldown", args=[program.slug, str(quarter), "caseload_served"])
    assert "may have changed since the report was submitted" in login(manager).get(url).content.decode()


def test_drilldown_access(program, other_program, quarter, make_user, login):
    url = reverse("reporting:report_drilldown", args=[program.slug, str(quarter), "caseload_served"])
    assert login(make_user("analyst")).get(url).status_code == 403
    assert login(make_user("vr_counselor", program)).get(url).status_code == 403
    assert login(make_user("employment_specialist", other_program)).get(url).status_code == 404
    assert login(make_user("state_trainer")).get(url).status_code == 200
    bad = reverse("reporting:report_drilldown", args=[program.slug, str(quarter), "employment_rate"])
    assert login(make_user("program_manager", program)).get(bad).status_code == 404


# --- The state tracker -------------------------------------------------------------------------------


def test_tracker_flags_missing_reports_and_sums_the_submissions(program, other_program, make_user, login):
    from accounts.tests.factories import ProgramFactory

    older = quarter_back(2)  # its default due date has passed
    third = ProgramFactory()
    served_person(program, older)
    served_person(program, older, working=False)
    served_person(program, older, working=False)
    served_person(program, older, working=False)  # 1 of 4 worked: 25.0 %
    served_person(other_program, older)  # 1 of 1: 100.0 %
    submitted(program, older)
    submitted(other_program, older)
    served_person(program, older)  # after submission: the totals do not move
    trainer = make_user("state_trainer")
    response = login(trainer).get(reverse("reporting:state_tracker") + f"?quarter={older}")
    assert response.status_code == 200
    tracker = response.context["tracker"]
    rows = {r.program: r for r in tracker.rows}
    assert rows[third].missing and not rows[program].missing
    assert tracker.submitted == 2 and tracker.missing >= 1
    totals = {k: v for k, _label, v in tracker.totals}
    assert totals["caseload_served"] == 5 and totals["worked_competitive"] == 2
    assert str(tracker.pooled_rate) == "40.0" and str(tracker.average_rate) == "62.5"
    text = response.content.decode()
    assert "all people pooled" in text and "average of programs" in text and "Missing" in text
    due = ReportingDeadline.default_for(older).isoformat()
    assert f"Reports for {older} are due on {due} (the default: 30 days after the quarter ends)." in text
    assert response.context["deadline_form"] is None  # the trainer reads; the administrator sets


def test_tracker_bad_quarter_is_a_400(make_user, login):
    response = login(make_user("state_trainer")).get(reverse("reporting:state_tracker") + "?quarter=2026Q9")
    assert response.status_code == 400
    assert "is not a quarter" in response.content.decode()


def test_only_the_state_team_tracks(program, make_user, login):
    for user in (make_user("program_manager", program), make_user("analyst")):
        assert login(user).get(reverse("reporting:state_tracker")).status_code == 403


def test_administrator_sets_the_due_date(make_user, login):
    quarter = quarter_back(1)
    admin = make_user("state_administrator")
    client = login(admin)
    url = reverse("reporting:deadline_set")
    response = client.post(url, {"quarter": str(quarter), "due_date": quarter.end.isoformat()})
    assert response.status_code == 400
    assert "must come after the quarter ends" in response.content.decode()
    assert not ReportingDeadline.objects.exists()
    due = quarter.end + datetime.timedelta(days=45)
    assert client.post(url, {"quarter": str(quarter), "due_date": due.isoformat()}).status_code == 302
    assert ReportingDeadline.objects.get().due_date == due
    assert AuditEvent.objects.filter(object_type="reporting.ReportingDeadline").exists()
    text = client.get(reverse("reporting:state_tracker") + f"?quarter={quarter}").content.decode()
    assert f"Reports for {quarter} are due on {due.isoformat()}." in text and "the default" not in text
    trainer = make_user("state_trainer")
    assert login(trainer).post(url, {"quarter": str(quarter), "due_date": due.isoformat()}).status_code == 403


def test_tracker_query_count_does_not_grow_with_programs(make_user, login, django_assert_max_num_queries):
    from accounts.tests.factories import ProgramFactory

    quarter = quarter_back(1)
    for _ in range(2):
        submitted(ProgramFactory(), quarter)
    client = login(make_user("state_trainer"))
    url = reverse("reporting:state_tracker") + f"?quarter={quarter}"
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(5):
        submitted(ProgramFactory(), quarter)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).context["tracker"].submitted == 7


# --- Benchmarks --------------------------------------------------------------------------------------


def test_benchmarks_read_by_report_readers_and_edited_by_the_administrator(program, make_user, login):
    assert (
        login(make_user("employment_specialist", program))
        .get(reverse("reporting:benchmark_list"))
        .status_code
        == 200
    )
    assert login(make_user("analyst")).get(reverse("reporting:benchmark_list")).status_code == 200
    assert (
        login(make_user("vr_counselor", program)).get(reverse("reporting:benchmark_list")).status_code == 403
    )
    benchmark = Benchmark.objects.order_by("value").first()
    url = reverse("reporting:benchmark_edit", args=[benchmark.pk])
    assert login(make_user("state_trainer")).get(url).status_code == 403
    admin = make_user("state_administrator")
    client = login(admin)
    form = client.get(url)
    stamp = form.context["form"]["updated_at"].value()
    bad = client.post(url, {"label": "Minimal", "value": "lots", "source": "x", "updated_at": stamp})
    assert bad.status_code == 400
    ok = client.post(
        url, {"label": "Minimal (2027)", "value": "32.0", "source": "LC 2027", "updated_at": stamp}
    )
    assert ok.status_code == 302
    benchmark.refresh_from_db()
    assert benchmark.label == "Minimal (2027)" and str(benchmark.value) == "32.00"
    stale = client.post(url, {"label": "Again", "value": "33", "source": "x", "updated_at": stamp})
    assert stale.status_code == 400
    assert (
        AuditEvent.objects.filter(object_type="reporting.Benchmark", action=AuditAction.UPDATE).count() == 1
    )


# --- Two submits at once -------------------------------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_make_one_submission(program):
    """Two managers press Submit together: the report row is locked, the second is refused."""
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection, connections

    # Row locks exist only on PostgreSQL (SQLite serializes writers): make test runs it there.
    assert connection.vendor == "postgresql", "run with DATABASE_URL set to a PostgreSQL database"
    quarter = quarter_back(1)
    served_person(program, quarter)
    managers = [manager_of(program), manager_of(program)]
    barrier = threading.Barrier(2)
    outcomes = []

    def press(actor):
        try:
            barrier.wait()
            services.report_submit(actor=actor, program=program, quarter=quarter, version=1)
            outcomes.append("submitted")
        except ValidationError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(m,)) for m in managers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("submitted") == 1, outcomes
    assert ReportSubmission.objects.count() == 1
    assert QuarterlyReport.objects.get().status == ReportStatus.SUBMITTED


def test_a_submitted_report_shows_its_figures_with_the_places_of_the_draft(program, quarter, manager, login):
    """The locked copy is JSON (2.0, 4000.0); the page and the downloads show it as computed:
    2.00 FTE, 4000.00 savings, a 50.0 rate — the draft's very text."""
    import csv
    import io

    from reporting.tests.factories_measures import specialist

    specialist(program, fte="1.00")
    specialist(program, fte="1.00")
    served_person(program, quarter)
    served_person(program, quarter, working=False)
    client = login(manager)

    def shown(page: str) -> dict[str, str]:
        cells = re.findall(
            r'<tr[^>]*>\s*<th scope="row">([^<]+)</th>\s*<td class="figure-value">(.*?)</td>', page, re.S
        )
        return {label.strip(): re.sub(r"<[^>]+>", "", value).split("—")[0].strip() for label, value in cells}

    def in_csv() -> dict[str, str]:
        url = reverse("reporting:report_csv", args=[program.slug, str(quarter)])
        rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
        return {row[0]: row[2] for row in rows[1:] if row[0] in measures.KEYS}

    draft_page, draft_csv = shown(client.get(detail_url(program, quarter)).content.decode()), in_csv()
    assert draft_page["Employment specialist FTE"] == "2.00" and draft_csv["es_fte"] == "2.00"
    assert draft_page["Employment rate (%)"] == "50.0"
    submitted(program, quarter, manager)
    locked = ReportSubmission.objects.get().figures
    assert locked["es_fte"] == 2.0 and locked["employment_rate"] == 50.0  # JSON numbers
    assert shown(client.get(detail_url(program, quarter)).content.decode()) == draft_page
    assert in_csv() == draft_csv
    number = ReportSubmission.objects.get().number
    copy = client.get(reverse("reporting:report_submission", args=[program.slug, str(quarter), number]))
    assert shown(copy.content.decode()) == draft_page
