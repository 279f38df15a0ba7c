"""The audit trail: who did what, from where, to which record; rows nobody can change or delete."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, ProgrammingError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, Program, ServiceArea
from core import audit
from core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _program_form(program, **overrides):
    primary = program.programarea_set.get(is_primary=True).area
    data = {
        "version": program.version,
        "slug": program.slug,
        "name": program.name,
        "agency": program.agency_id,
        "state": program.state,
        "primary_area": primary.pk,
        "status": program.status,
        "start_date": program.start_date.isoformat(),
        "closed_date": "",
        "meeting_gap_days": program.meeting_gap_days,
    }
    data.update(overrides)
    return data


def _profile_form(user, **overrides):
    data = {
        "version": user.version,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "language": user.language,
    }
    data.update(overrides)
    return data


def _event(**at_fields):
    """An audit row as a service would write it, optionally dated in the past."""
    at = at_fields.pop("at", None)
    at_fields.setdefault("actor_email", "someone@example.test")
    at_fields.setdefault("object_type", "people.JobSeeker")
    event = AuditEvent(**at_fields)
    if at is not None:
        event.at = at
    event.save()
    return event


def _aware(day: datetime.date, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# --- What a service write records -------------------------------------------------------------


def test_a_change_through_a_page_records_who_where_what_and_the_old_and_new_values(make_user, program, login):
    manager = make_user("program_manager", program)
    client = login(manager)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("accounts:program_edit", args=[program.slug]),
        _program_form(program, meeting_gap_days=21),
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Synthetic Browser/1.0",
    )
    assert response.status_code == 302, response.content.decode()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.actor == manager
    assert event.actor_email == manager.email
    assert event.ip == "203.0.113.7"
    assert event.user_agent == "Synthetic Browser/1.0"
    assert event.request_id == response["X-Request-ID"]
    assert event.action == AuditAction.UPDATE
    assert event.object_type == "accounts.Program"
    assert event.object_id == str(program.pk)
    assert event.object_repr == program.name
    assert event.program == program
    # Only what changed, as {field: [old, new]}; bookkeeping fields are left out.
    assert event.changes == {"meeting_gap_days": [14, 21]}


def test_saving_without_a_change_writes_no_audit_row(make_user, program, login):
    manager = make_user("program_manager", program)
    client = login(manager)
    before = AuditEvent.objects.count()
    response = client.post(reverse("accounts:program_edit", args=[program.slug]), _program_form(program))
    assert response.status_code == 302
    assert AuditEvent.objects.count() == before


def test_profile_change_is_recorded_against_the_user(make_user, program, login):
    user = make_user("employment_specialist", program, phone="")
    client = login(user)
    response = client.post(
        reverse("accounts:account"), _profile_form(user, phone="608-555-0100"), REMOTE_ADDR="198.51.100.20"
    )
    assert response.status_code == 302
    event = AuditEvent.objects.latest("id")
    assert (event.actor, event.action, event.object_type) == (user, "update", "accounts.User")
    assert event.ip == "198.51.100.20"
    assert event.changes == {"phone": ["", "608-555-0100"]}


def test_behind_a_proxy_the_forwarded_address_is_recorded(make_user, program, login, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1  # OPENIPS_PROXY_COUNT=1: one reverse proxy in front
    user = make_user("employment_specialist", program)
    client = login(user)
    client.post(
        reverse("accounts:account"),
        _profile_form(user, phone="608-555-0101"),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.44",  # the first entry is the client's own claim
    )
    assert AuditEvent.objects.latest("id").ip == "198.51.100.44"


def test_without_a_proxy_setting_a_forwarded_header_is_ignored(make_user, program, login, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    user = make_user("employment_specialist", program)
    client = login(user)
    client.post(
        reverse("accounts:account"),
        _profile_form(user, phone="608-555-0102"),
        REMOTE_ADDR="203.0.113.50",
        HTTP_X_FORWARDED_FOR="192.0.2.1",  # anyone can send this header: it must not hide the sender
    )
    assert AuditEvent.objects.latest("id").ip == "203.0.113.50"


def test_a_forwarded_value_that_is_not_an_address_does_not_break_the_write(
    make_user, program, login, settings
):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    user = make_user("employment_specialist", program)
    client = login(user)
    response = client.post(
        reverse("accounts:account"),
        _profile_form(user, phone="608-555-0103"),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="unknown",
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone == "608-555-0103"
    assert AuditEvent.objects.latest("id").ip == "10.0.0.2"


def test_when_a_service_fails_nothing_is_written_and_nothing_is_audited(make_user):
    admin = make_user("state_administrator")
    agency = Program._meta.get_field("agency").related_model.objects.create(
        name="Synthetic Lakeshore Agency", kind="county_agency", state="WI"
    )
    before = AuditEvent.objects.count()
    # An active program without any county: the program row is saved first, then the areas are refused.
    with pytest.raises(ValidationError) as caught:
        services.program_create(
            actor=admin,
            slug="lakeshore",
            name="Lakeshore IPS",
            agency=agency,
            state="WI",
            status="active",
            start_date=datetime.date(2024, 1, 2),
            areas=[],
        )
    assert "areas" in caught.value.message_dict
    assert not Program.objects.filter(slug="lakeshore").exists()
    assert AuditEvent.objects.count() == before


def test_a_successful_service_writes_its_row_and_its_audit_row_together(make_user):
    admin = make_user("state_administrator")
    agency = Program._meta.get_field("agency").related_model.objects.create(
        name="Synthetic Riverbend Agency", kind="county_agency", state="WI"
    )
    area = ServiceArea.objects.get(state="WI", kind="county", name="Dane")
    program = services.program_create(
        actor=admin,
        slug="riverbend",
        name="Riverbend IPS",
        agency=agency,
        state="WI",
        status="active",
        start_date=datetime.date(2024, 1, 2),
        areas=[area],
        primary_area=area,
    )
    event = AuditEvent.objects.get(object_type="accounts.Program", object_id=str(program.pk))
    assert event.action == AuditAction.CREATE
    assert event.actor == admin
    assert event.program == program
    assert event.changes["name"] == [None, "Riverbend IPS"]
    assert event.changes["start_date"] == [None, "2024-01-02"]


# --- Secrets ---------------------------------------------------------------------------------


def test_invitation_token_and_new_password_appear_only_as_stars(make_user, program):
    admin = make_user("state_administrator")
    invitation, token = services.invitation_create(
        actor=admin,
        email="new.es@example.test",
        first_name="Noor",
        last_name="Synthetic",
        role="employment_specialist",
        program=program,
        fte="0.5",
    )
    created = AuditEvent.objects.get(object_type="accounts.Invitation", action="create")
    assert created.changes["token_hash"] == [None, "***"]
    user = services.invitation_accept(token=token, password="a-long-synthetic-passphrase-77")
    user_row = AuditEvent.objects.get(object_type="accounts.User", object_id=str(user.pk), action="create")
    assert user_row.changes == {"password": [None, "***"]}
    everything = "".join(str(e.changes) for e in AuditEvent.objects.all())
    assert token not in everything
    assert invitation.token_hash not in everything
    assert user.password not in everything
    assert "a-long-synthetic-passphrase-77" not in everything


def test_api_token_is_never_written_to_the_trail(make_user, program):
    user = make_user("employment_specialist", program)
    key = services.api_token_create(actor=user)
    event = AuditEvent.objects.latest("id")
    assert event.object_type == "authtoken.Token"
    assert event.changes == {"key": [None, "***"]}
    assert key not in "".join(str(e.changes) for e in AuditEvent.objects.all())


def test_a_secret_passed_in_by_any_caller_is_written_as_stars(make_user, program):
    user = make_user("employment_specialist", program)
    event = audit.record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        changes={"password": ["argon2$old-hash", "argon2$new-hash"], "phone": ["", "608-555-0104"]},
    )
    event.refresh_from_db()
    assert event.changes == {"password": ["***", "***"], "phone": ["", "608-555-0104"]}


# --- Append-only -----------------------------------------------------------------------------


def test_an_audit_row_cannot_be_changed_or_deleted_through_the_model(make_user, program):
    user = make_user("employment_specialist", program)
    event = audit.record(actor=user, action=AuditAction.READ, obj=user)
    event.action = AuditAction.UPDATE
    with pytest.raises(ValidationError, match="never be changed"):
        event.save()
    with pytest.raises(ValidationError, match="never be deleted"):
        event.delete()
    event.refresh_from_db()
    assert event.action == AuditAction.READ


def test_audit_rows_cannot_be_changed_or_deleted_through_a_queryset(make_user, program):
    user = make_user("employment_specialist", program)
    audit.record(actor=user, action=AuditAction.READ, obj=user)
    count = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="never be changed"):
        AuditEvent.objects.filter(actor=user).update(actor_email="someone-else@example.test")
    with pytest.raises(ValidationError, match="never be deleted"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == count
    assert AuditEvent.objects.filter(actor_email=user.email).exists()


def _assert_refused_by_the_trigger(error):
    # SQLite's RAISE(ABORT) is a constraint failure; PostgreSQL raises insufficient_privilege.
    if connection.vendor == "postgresql":
        assert isinstance(error, ProgrammingError)
        assert error.__cause__.sqlstate == "42501"
    else:
        assert connection.vendor == "sqlite"
        assert isinstance(error, IntegrityError)


def test_the_database_itself_refuses_to_change_an_audit_row(make_user, program):
    user = make_user("employment_specialist", program)
    event = audit.record(actor=user, action=AuditAction.READ, obj=user)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with pytest.raises(DatabaseError, match="append-only") as caught, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET actor_email = %s WHERE id = %s", ["x@example.test", event.pk])
    _assert_refused_by_the_trigger(caught.value)
    event.refresh_from_db()
    assert event.actor_email == user.email


def test_the_database_itself_refuses_to_delete_an_audit_row(make_user, program):
    user = make_user("employment_specialist", program)
    event = audit.record(actor=user, action=AuditAction.READ, obj=user)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with pytest.raises(DatabaseError, match="append-only") as caught, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [event.pk])
    _assert_refused_by_the_trigger(caught.value)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# --- Reading the trail -----------------------------------------------------------------------


@pytest.fixture
def trail(program, other_program):
    """Rows in two programs and one state-wide row."""
    return {
        "own": _event(program=program, object_id="1", object_repr="Own program row", action="update"),
        "other": _event(
            program=other_program, object_id="2", object_repr="Other program row", action="update"
        ),
        "state": _event(program=None, object_id="3", object_repr="State-wide row", action="create"),
    }


def test_a_program_manager_sees_only_their_own_programs_rows(make_user, program, login, trail):
    manager = make_user("program_manager", program)
    response = login(manager).get(reverse("accounts:audit_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Own program row" in page
    assert "Other program row" not in page
    assert "State-wide row" not in page


def test_a_program_manager_cannot_open_another_programs_trail(
    make_user, program, other_program, login, trail
):
    manager = make_user("program_manager", program)
    client = login(manager)
    assert client.get(reverse("accounts:audit_list"), {"program": other_program.slug}).status_code == 404
    assert client.get(reverse("accounts:audit_export"), {"program": other_program.slug}).status_code == 404
    own = client.get(reverse("accounts:audit_list"), {"program": program.slug})
    assert own.status_code == 200
    assert "Own program row" in own.content.decode()


def test_a_state_administrator_sees_every_row(make_user, login, trail, other_program):
    admin = make_user("state_administrator")
    client = login(admin)
    page = client.get(reverse("accounts:audit_list")).content.decode()
    assert "Own program row" in page
    assert "Other program row" in page
    assert "State-wide row" in page
    one = client.get(reverse("accounts:audit_list"), {"program": other_program.slug}).content.decode()
    assert "Other program row" in one
    assert "Own program row" not in one


@pytest.mark.parametrize("role", ["employment_specialist", "ips_supervisor", "analyst", "state_trainer"])
def test_roles_without_the_audit_right_are_refused(make_user, program, login, role, trail):
    user = make_user(role, program)
    client = login(user)
    assert client.get(reverse("accounts:audit_list")).status_code == 403
    response = client.get(reverse("accounts:audit_export"))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_filter_by_user_action_and_person(make_user, program, login):
    admin = make_user("state_administrator")
    _event(program=program, object_id="10", object_repr="Row by Alma", actor_email="alma@example.test")
    _event(program=program, object_id="11", object_repr="Row by Bert", actor_email="bert@example.test")
    _event(program=program, object_id="12", object_repr="Opened Sam", action="read", job_seeker_id=42)
    _event(program=program, object_id="13", object_repr="Opened Kai", action="read", job_seeker_id=43)
    client = login(admin)
    url = reverse("accounts:audit_list")

    by_user = client.get(url, {"user": "alma@"}).content.decode()
    assert "Row by Alma" in by_user and "Row by Bert" not in by_user

    by_action = client.get(url, {"action": "read"}).content.decode()
    assert "Opened Sam" in by_action and "Opened Kai" in by_action and "Row by Alma" not in by_action

    by_person = client.get(url, {"person": "42"}).content.decode()
    assert "Opened Sam" in by_person and "Opened Kai" not in by_person


def test_filter_by_date_range_includes_both_end_days(make_user, program, login):
    admin = make_user("state_administrator")
    today = timezone.localdate()
    for days_ago, label in [(30, "Month-old row"), (10, "Ten-day-old row"), (2, "Two-day-old row")]:
        _event(
            program=program,
            object_id=str(days_ago),
            object_repr=label,
            at=_aware(today - datetime.timedelta(days=days_ago)),
        )
    response = login(admin).get(
        reverse("accounts:audit_list"),
        {
            "date_from": (today - datetime.timedelta(days=10)).isoformat(),
            "date_to": (today - datetime.timedelta(days=2)).isoformat(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ten-day-old row" in page and "Two-day-old row" in page
    assert "Month-old row" not in page


def test_an_end_date_before_the_start_date_is_a_clear_error(make_user, program, login, trail):
    admin = make_user("state_administrator")
    response = login(admin).get(
        reverse("accounts:audit_list"), {"date_from": "2026-03-10", "date_to": "2026-03-01"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The end date is before the start date." in page
    assert "Own program row" not in page  # nothing is listed under filters that make no sense


def test_a_person_filter_that_is_not_a_number_is_a_clear_error(make_user, program, login, trail):
    admin = make_user("state_administrator")
    response = login(admin).get(reverse("accounts:audit_list"), {"person": "Sam"})
    assert response.status_code == 400
    assert "Enter the person&#x27;s record number (digits only)." in response.content.decode()


# --- CSV export ------------------------------------------------------------------------------


def _csv(response):
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_export_gives_the_filtered_rows_as_csv_and_is_itself_recorded(make_user, program, login):
    manager = make_user("program_manager", program)
    _event(program=program, object_id="20", object_repr="Opened Sam", action="read", job_seeker_id=42)
    _event(program=program, object_id="21", object_repr="Changed Sam", action="update", job_seeker_id=42)
    response = login(manager).get(
        reverse("accounts:audit_export"),
        {"program": program.slug, "action": "read"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert program.slug in response["Content-Disposition"]
    rows = _csv(response)
    assert [r["object"] for r in rows] == ["Opened Sam"]
    row = rows[0]
    assert row["action"] == "read"
    assert row["program"] == program.slug
    assert row["job_seeker_id"] == "42"
    assert row["actor_email"] == "someone@example.test"
    assert set(row) >= {"at", "actor_email", "ip", "object_type", "object_id", "changes", "request_id"}

    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert export.actor == manager
    assert export.program == program
    assert export.ip == "203.0.113.9"
    assert export.changes == {"filters": [None, f"program={program.slug}&action=read"]}


def test_export_without_filters_holds_the_trail_as_it_was_when_asked_for(make_user, program, login, trail):
    admin = make_user("state_administrator")
    response = login(admin).get(reverse("accounts:audit_export"))
    rows = _csv(response)
    assert {r["object"] for r in rows} >= {"Own program row", "Other program row", "State-wide row"}
    assert "export" not in {r["action"] for r in rows}
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=admin).count() == 1


def test_export_keeps_secrets_masked_and_changes_readable(make_user, program, login):
    manager = make_user("program_manager", program)
    services.invitation_create(
        actor=manager,
        email="new.sup@example.test",
        first_name="Ines",
        last_name="Synthetic",
        role="ips_supervisor",
        program=program,
        fte="0.5",
    )
    rows = _csv(login(manager).get(reverse("accounts:audit_export"), {"object_type": "Invitation"}))
    assert len(rows) == 1
    assert '"token_hash": [null, "***"]' in rows[0]["changes"]
    assert Invitation.objects.get().token_hash not in rows[0]["changes"]


def test_export_with_filters_that_make_no_sense_is_refused_and_not_recorded(make_user, program, login):
    admin = make_user("state_administrator")
    response = login(admin).get(
        reverse("accounts:audit_export"), {"date_from": "2026-03-10", "date_to": "2026-03-01"}
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
