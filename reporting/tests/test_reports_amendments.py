"""Changing entered items, and cancelling an amendment: through the pages and the services."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from reporting import measures
from reporting.models import QuarterlyReport, ReportEntry, ReportStatus, ReportSubmission
from reporting.selectors.reports import active_entries, entry_as_json, report_for
from reporting.services import reports as services
from reporting.tests.factories_reports import (
    amending,
    entry,
    manager_of,
    quarter_back,
    served_person,
    submitted,
)

pytestmark = pytest.mark.django_db


def detail_url(program, quarter):
    return reverse("reporting:report_detail", args=[program.slug, str(quarter)])


def cancel_url(program, quarter):
    return reverse("reporting:report_amend_cancel", args=[program.slug, str(quarter)])


def edit_url(program, quarter, item):
    return reverse("reporting:report_entry_edit", args=[program.slug, str(quarter), item.pk])


def version(program, quarter) -> int:
    return report_for(program, quarter).version


def on_the_report(program, quarter) -> list[dict]:
    """The active entered items as a submission would lock them now."""
    return [entry_as_json(e) for e in active_entries(report_for(program, quarter))]


# --- Changing an entered item ------------------------------------------------------------------------


def test_change_an_entered_item_on_the_page(program, quarter, manager, make_user, login):
    item = entry(program, quarter, manager, item="funding", value="Medicaid", comment="Billing office")
    colleague = make_user("program_manager", program)
    client = login(colleague)
    form = client.get(edit_url(program, quarter, item))
    assert form.status_code == 200
    assert form.context["form"]["value"].value() == "Medicaid"
    assert edit_url(program, quarter, item) in client.get(detail_url(program, quarter)).content.decode()

    stale = client.post(
        edit_url(program, quarter, item),
        {"version": 1, "item": "funding", "value": "Medicaid, DVR", "comment": "Billing office"},
    )
    assert stale.status_code == 400 and "Someone else changed" in stale.content.decode()
    bad = client.post(
        edit_url(program, quarter, item),
        {"version": 2, "item": "override", "value": "9", "comment": "Paper files"},
    )
    assert bad.status_code == 400 and "measure" in bad.context["form"].errors
    item.refresh_from_db()
    assert item.value == "Medicaid" and version(program, quarter) == 2

    done = client.post(
        edit_url(program, quarter, item),
        {"version": 2, "item": "funding", "value": "Medicaid, DVR milestones", "comment": "Billing office"},
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.value == "Medicaid, DVR milestones" and item.entered_by == colleague
    assert version(program, quarter) == 3
    change = AuditEvent.objects.get(object_type="reporting.ReportEntry", action=AuditAction.UPDATE)
    assert change.actor == colleague
    assert change.changes["value"] == ["Medicaid", "Medicaid, DVR milestones"]
    assert change.changes["entered_by"] == [manager.pk, colleague.pk]


def test_a_change_that_changes_nothing_writes_nothing(program, quarter, manager):
    item = entry(program, quarter, manager, value="Medicaid", comment="Billing office")
    before = AuditEvent.objects.count()
    services.report_entry_update(
        actor=manager_of(program),
        entry=item,
        item="funding",
        value=" Medicaid ",
        comment="Billing office",
        version=2,
    )
    item.refresh_from_db()
    assert item.entered_by == manager and version(program, quarter) == 2
    assert AuditEvent.objects.count() == before


def test_an_item_of_a_submitted_report_cannot_be_changed(program, quarter, manager, login):
    item = entry(program, quarter, manager, value="Medicaid")
    submitted(program, quarter, manager)
    response = login(manager).post(
        edit_url(program, quarter, item),
        {"version": version(program, quarter), "item": "funding", "value": "Levy", "comment": "x"},
    )
    assert response.status_code == 400
    assert "submitted and locked" in response.content.decode()
    item.refresh_from_db()
    assert item.value == "Medicaid"


def test_a_withdrawn_item_cannot_be_changed(program, quarter, manager):
    item = entry(program, quarter, manager)
    services.report_entry_withdraw(actor=manager, entry=item, version=2)
    with pytest.raises(ValidationError, match="was withdrawn"):
        services.report_entry_update(
            actor=manager, entry=item, item="funding", value="x", comment="y", version=3
        )


@pytest.mark.parametrize("role", ["employment_specialist", "ips_supervisor", "state_trainer", "analyst"])
def test_only_the_manager_and_administrator_change_items(program, quarter, manager, make_user, login, role):
    item = entry(program, quarter, manager, value="Medicaid")
    user = make_user(role, None if role in ("state_trainer", "analyst") else program)
    response = login(user).post(
        edit_url(program, quarter, item), {"version": 2, "item": "funding", "value": "x", "comment": "y"}
    )
    assert response.status_code == 403
    with pytest.raises(Exception):  # noqa: B017 (PermissionDenied or Http404: the gate refuses)
        services.report_entry_update(actor=user, entry=item, item="funding", value="x", comment="y")
    item.refresh_from_db()
    assert item.value == "Medicaid"


def test_an_item_of_another_quarter_or_program_is_a_404(program, other_program, quarter, manager, login):
    item = entry(program, quarter, manager)
    client = login(manager)
    assert client.get(edit_url(program, quarter_back(2), item)).status_code == 404
    assert login(manager_of(other_program)).get(edit_url(program, quarter, item)).status_code == 404


# --- Cancelling an amendment -------------------------------------------------------------------------


def _amendment_with_changes(program, quarter, manager):
    """A submitted report (A and B entered, C withdrawn before), then an amendment that adds D,
    changes A, withdraws B, and a record change that moves the live figures."""
    served_person(program, quarter)
    a = entry(program, quarter, manager, item="funding", value="Medicaid", comment="Billing office")
    b = entry(
        program,
        quarter,
        manager,
        item="override",
        measure="caseload_served",
        value="3",
        comment="Two people served on paper",
    )
    c = entry(program, quarter, manager, item="local_context", value="Old", comment="Draft note")
    services.report_entry_withdraw(actor=manager, entry=c, version=version(program, quarter))
    original = submitted(program, quarter, manager)
    amending(program, quarter, manager)
    d = entry(program, quarter, manager, item="populations", value="Youth", comment="New grant")
    other = manager_of(program)
    services.report_entry_update(
        actor=other,
        entry=a,
        item="funding",
        value="Medicaid and county levy",
        comment="Contract",
        version=version(program, quarter),
    )
    services.report_entry_withdraw(actor=manager, entry=b, version=version(program, quarter))
    served_person(program, quarter)  # the live figures move: 2 served
    return original, (a, b, c, d)


def test_cancel_the_amendment_on_the_page(program, quarter, manager, login):
    original, (a, b, c, d) = _amendment_with_changes(program, quarter, manager)
    locked = copy.deepcopy((original.figures, original.entries, original.submitted_at, original.reason))
    client = login(manager)

    page = client.get(detail_url(program, quarter))
    assert page.context["amending"] and measures.value(page.context["figures"], "caseload_served") == 2
    assert cancel_url(program, quarter) in page.content.decode()
    confirm = client.get(cancel_url(program, quarter))
    assert confirm.status_code == 200
    plan = confirm.context["plan"]
    assert plan.discard == [d] and {e.pk for e, _locked in plan.restore} == {a.pk, b.pk}
    text = confirm.content.decode()
    assert "Youth" in text and "Medicaid" in text and "Two people served on paper" in text

    current = version(program, quarter)
    stale = client.post(cancel_url(program, quarter), {"version": current - 1})
    assert stale.status_code == 400 and "Someone else changed" in stale.content.decode()
    assert report_for(program, quarter).status == ReportStatus.AMENDING

    done = client.post(cancel_url(program, quarter), {"version": current})
    assert done.status_code == 302 and done["Location"] == detail_url(program, quarter)
    report = QuarterlyReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.version == current + 1
    # The entered items are exactly what the submission locked; nothing is deleted.
    assert on_the_report(program, quarter) == original.entries
    assert [e["id"] for e in original.entries] == [a.pk, b.pk]
    d.refresh_from_db()
    c.refresh_from_db()
    assert d.withdrawn_at is not None and c.withdrawn_at is not None
    assert ReportEntry.objects.count() == 4
    a.refresh_from_db()
    assert a.value == "Medicaid" and a.comment == "Billing office" and a.entered_by == manager
    # The submission and its figures are untouched; no new submission.
    assert ReportSubmission.objects.count() == 1
    original.refresh_from_db()
    assert (original.figures, original.entries, original.submitted_at, original.reason) == locked
    # The page shows the submitted copy again, not the live figures.
    page = client.get(detail_url(program, quarter))
    assert page.context["locked"] and measures.value(page.context["figures"], "caseload_served") == 1
    assert "The amendment was cancelled" in page.content.decode()
    # Audited: one row for the report, one per item set back or discarded.
    row = AuditEvent.objects.get(object_type="reporting.QuarterlyReport", changes__amendment__1="cancelled")
    assert row.actor == manager and row.action == AuditAction.UPDATE
    assert row.changes["status"] == ["amending", "submitted"]
    assert row.changes["entries_discarded"] == [None, [d.pk]]
    assert sorted(row.changes["entries_restored"][1]) == sorted([a.pk, b.pk])
    assert row.changes["back_to_submission"] == [None, 1]
    updates = AuditEvent.objects.filter(object_type="reporting.ReportEntry", action=AuditAction.UPDATE)
    assert updates.get(object_id=str(a.pk), changes__value__1="Medicaid").changes["value"] == [
        "Medicaid and county levy",
        "Medicaid",
    ]
    assert updates.filter(object_id=str(b.pk), changes__withdrawn_at__1=None).count() == 1
    discarded = updates.get(object_id=str(d.pk))
    assert discarded.changes["withdrawn_at"][0] is None and discarded.changes["withdrawn_at"][1]


def test_after_a_cancel_a_new_amendment_starts_from_the_submitted_items(program, quarter, manager):
    original, (a, b, _c, d) = _amendment_with_changes(program, quarter, manager)
    services.report_amend_cancel(
        actor=manager, program=program, quarter=quarter, version=version(program, quarter)
    )
    amending(program, quarter, manager)
    assert [e["id"] for e in on_the_report(program, quarter)] == [a.pk, b.pk]
    amendment = services.report_submit(
        actor=manager,
        program=program,
        quarter=quarter,
        version=version(program, quarter),
        reason="A person was missing",
    )
    assert amendment.number == 2 and amendment.entries == original.entries
    assert amendment.figures["caseload_served"] == 2


def test_cancel_goes_back_to_the_latest_amendment_not_the_original(program, quarter, manager):
    served_person(program, quarter)
    original = submitted(program, quarter, manager)
    amending(program, quarter, manager)
    x = entry(program, quarter, manager, item="funding", value="Grant", comment="State grant")
    first_amendment = services.report_submit(
        actor=manager, program=program, quarter=quarter, version=version(program, quarter), reason="Funding"
    )
    amending(program, quarter, manager)
    services.report_entry_withdraw(actor=manager, entry=x, version=version(program, quarter))
    entry(program, quarter, manager, item="local_context", value="Flood", comment="News")
    services.report_amend_cancel(
        actor=manager, program=program, quarter=quarter, version=version(program, quarter)
    )
    assert on_the_report(program, quarter) == first_amendment.entries
    assert [e["id"] for e in first_amendment.entries] == [x.pk]
    original.refresh_from_db()
    assert original.entries == [] and ReportSubmission.objects.count() == 2


def test_cancel_of_a_submission_locked_before_ids_were_kept(program, quarter, manager):
    """A submission whose entered items carry no id is matched on the time each item was entered."""
    a = entry(program, quarter, manager, value="Medicaid", comment="Billing office")
    original = submitted(program, quarter, manager)
    old_copy = [{k: v for k, v in e.items() if k not in ("id", "entered_by_id")} for e in original.entries]
    ReportSubmission.objects.filter(pk=original.pk).update(entries=old_copy)
    amending(program, quarter, manager)
    services.report_entry_update(
        actor=manager, entry=a, item="funding", value="Levy", comment="x", version=version(program, quarter)
    )
    entry(program, quarter, manager, item="populations", value="Youth", comment="y")
    services.report_amend_cancel(
        actor=manager, program=program, quarter=quarter, version=version(program, quarter)
    )
    restored = [
        {k: v for k, v in e.items() if k not in ("id", "entered_by_id")}
        for e in on_the_report(program, quarter)
    ]
    assert restored == old_copy


@pytest.mark.parametrize("state", ["no report", "draft", "submitted"])
def test_cancel_is_refused_unless_an_amendment_is_in_progress(program, quarter, manager, login, state):
    if state == "draft":
        entry(program, quarter, manager)
    elif state == "submitted":
        submitted(program, quarter, manager)
    client = login(manager)
    report = report_for(program, quarter)
    before = (AuditEvent.objects.count(), ReportEntry.objects.count(), report.version)
    page = client.get(cancel_url(program, quarter))
    assert page.status_code == 200 and "There is no amendment in progress" in page.content.decode()
    response = client.post(cancel_url(program, quarter), {"version": report.version})
    assert response.status_code == 400
    text = response.content.decode()
    expected = "stays as it was sent" if state == "submitted" else "a draft that was never submitted"
    assert "There is no amendment in progress to cancel" in text and expected in text
    after = report_for(program, quarter)
    assert (AuditEvent.objects.count(), ReportEntry.objects.count(), after.version) == before
    assert after.status == (ReportStatus.SUBMITTED if state == "submitted" else ReportStatus.DRAFT)
    assert (state == "no report") == (not QuarterlyReport.objects.exists())


def test_cancel_needs_a_version(program, quarter, manager):
    amending(program, quarter, manager)
    with pytest.raises(ValidationError) as refused:
        services.report_amend_cancel(actor=manager, program=program, quarter=quarter, version=None)
    assert "version" in refused.value.message_dict
    assert report_for(program, quarter).status == ReportStatus.AMENDING


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("employment_specialist", 403),
        ("ips_supervisor", 403),
        ("vr_counselor", 403),
        ("state_trainer", 403),
        ("analyst", 403),
        ("state_administrator", 302),
    ],
)
def test_who_may_cancel_an_amendment(program, quarter, manager, make_user, login, role, status):
    amending(program, quarter, manager)
    user = make_user(
        role, program if role in ("employment_specialist", "ips_supervisor", "vr_counselor") else None
    )
    response = login(user).post(cancel_url(program, quarter), {"version": version(program, quarter)})
    assert response.status_code == status
    expected = ReportStatus.SUBMITTED if status == 302 else ReportStatus.AMENDING
    assert report_for(program, quarter).status == expected


def test_the_manager_of_another_program_gets_404(program, other_program, quarter, manager, login):
    amending(program, quarter, manager)
    client = login(manager_of(other_program))
    assert client.get(cancel_url(program, quarter)).status_code == 404
    assert (
        client.post(cancel_url(program, quarter), {"version": version(program, quarter)}).status_code == 404
    )
    assert report_for(program, quarter).status == ReportStatus.AMENDING


def test_cancel_page_query_count_does_not_grow_with_items(
    program, quarter, manager, login, django_assert_max_num_queries
):
    amending(program, quarter, manager)
    entry(program, quarter, manager)
    client = login(manager)
    with django_assert_max_num_queries(20) as few:
        client.get(cancel_url(program, quarter))
    for n in range(8):
        entry(program, quarter, manager, value=f"Item {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(cancel_url(program, quarter)).context["plan"].discard) == 9


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_cancel_and_a_submit_of_the_same_amendment_at_once(program, quarter, manager):
    """One manager cancels the amendment while another submits it: the report row is locked and
    the version checked, so exactly one of them happens and the other is told the report changed."""
    import threading

    from django.db import connection, connections

    # Row locks exist only on PostgreSQL (SQLite serializes writers): make test runs it there.
    assert connection.vendor == "postgresql", "run with DATABASE_URL set to a PostgreSQL database"
    original, _entries = _amendment_with_changes(program, quarter, manager)
    seen = version(program, quarter)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def press(name, step):
        try:
            barrier.wait()
            step()
            outcomes[name] = "done"
        except ValidationError as exc:
            outcomes[name] = " ".join(exc.messages)
        finally:
            connections.close_all()

    steps = {
        "cancel": lambda: services.report_amend_cancel(
            actor=manager, program=program, quarter=quarter, version=seen
        ),
        "submit": lambda: services.report_submit(
            actor=manager_of(program),
            program=program,
            quarter=quarter,
            version=seen,
            reason="Funding corrected",
        ),
    }
    threads = [threading.Thread(target=press, args=item) for item in steps.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()).count("done") == 1, outcomes
    loser = next(name for name, outcome in outcomes.items() if outcome != "done")
    assert "changed" in outcomes[loser].lower(), outcomes
    report = QuarterlyReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    numbers = list(report.submissions.order_by("number").values_list("number", flat=True))
    if outcomes["cancel"] == "done":
        # Back to the original submission, exactly as it was sent; nothing new was submitted.
        assert numbers == [original.number]
        assert ReportSubmission.objects.get(pk=original.pk).entries == original.entries
    else:
        assert numbers == [original.number, original.number + 1]
