"""seed_demo: synthetic programs and one log-in per role, safe to run twice, the same for one seed."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts import demo
from accounts.models import Membership, Program, ProgramArea, User
from accounts.roles import STAFF_ROLES, Role
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts():
    """Rows of every model of every installed app."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def test_demo_has_two_programs_and_a_log_in_for_every_role():
    output = seed()
    programs = Program.objects.filter(slug__in=["northwoods-east", "northwoods-west"])
    assert programs.count() == 2
    assert Program.objects.count() == 2
    for program in programs:
        assert program.status == "active"
        assert ProgramArea.objects.filter(program=program, is_primary=True).count() == 1

    demo_users = User.objects.filter(email__endswith=f"@{demo.DEMO_DOMAIN}")
    held = set(Membership.objects.filter(user__in=demo_users).values_list("role", flat=True))
    assert held == set(Role.values)  # all 9 roles

    for user in demo_users:
        assert user.email in output
        assert user.check_password(settings.OPENIPS_DEMO_PASSWORD)
        assert user.password.startswith("argon2")
    assert f"Password for all of them: {settings.OPENIPS_DEMO_PASSWORD}" in output
    assert "Synthetic demo data created" in output


def test_the_program_manager_works_in_both_demo_programs():
    seed()
    manager = User.objects.get(email=f"manager@{demo.DEMO_DOMAIN}")
    assert set(Membership.objects.filter(user=manager).values_list("program__slug", flat=True)) == {
        "northwoods-east",
        "northwoods-west",
    }


def test_demo_memberships_are_current_and_dated_relative_to_today():
    seed()
    today = timezone.localdate()
    memberships = Membership.objects.filter(user__email__endswith=f"@{demo.DEMO_DOMAIN}")
    assert memberships.count() == len(demo.DEMO_USERS)
    assert Membership.objects.current().filter(pk__in=memberships).count() == memberships.count()
    for m in memberships.select_related("program"):
        assert m.start_date <= today
        assert m.end_date is None
        if m.program is not None:
            assert m.start_date >= m.program.start_date
            assert m.program.start_date < today
        assert (m.fte is not None) == (m.role in STAFF_ROLES)
    first = memberships.get(user__email=f"es.east@{demo.DEMO_DOMAIN}")
    # In post for the three years of past caseloads the demo has.
    assert first.start_date == today - datetime.timedelta(days=1100)
    east = Program.objects.get(slug="northwoods-east")
    assert east.start_date == today - datetime.timedelta(days=365 * 6)


def test_a_second_run_writes_nothing():
    seed()
    before = row_counts()
    audit_rows = AuditEvent.objects.count()
    output = seed()
    assert row_counts() == before
    assert AuditEvent.objects.count() == audit_rows
    assert "already present; nothing written" in output
    assert f"admin@{demo.DEMO_DOMAIN}" in output  # the log-ins are still shown


def test_the_seed_run_is_recorded_once():
    seed()
    event = AuditEvent.objects.get(object_type="seed_demo")
    assert event.actor is None
    assert event.actor_email == "system"
    assert event.changes["programs"] == [0, 2]
    assert event.changes["users"] == [0, User.objects.count()]


def test_state_scale_makes_100_programs_with_staff_in_a_few_bulk_queries(django_assert_max_num_queries):
    # Bulk inserts: one per table (more where SQLite caps the rows in one statement: the three
    # years of past caseloads are some 30,000 rows), never one per program or per person.
    with django_assert_max_num_queries(100):
        output = seed("--scale", "state")
    assert Program.objects.count() == 100
    staffed = Program.objects.filter(memberships__role="program_manager").distinct().count()
    assert staffed == 100
    for program in Program.objects.all():
        roles = list(Membership.objects.filter(program=program).values_list("role", flat=True))
        assert roles.count("program_manager") == 1
        assert roles.count("ips_supervisor") == 1
        assert 2 <= roles.count("employment_specialist") <= 5
    assert ProgramArea.objects.filter(is_primary=True).count() == 100
    # The log-ins printed exist at this scale (the demo's "es.east" does not).
    printed = [line.split()[0] for line in output.splitlines() if f"@{demo.DEMO_DOMAIN}" in line]
    assert printed
    assert User.objects.filter(email__in=printed).count() == len(set(printed))
    assert f"es.east@{demo.DEMO_DOMAIN}" not in output
    assert f"admin@{demo.DEMO_DOMAIN}" in output


def _state_data(seed_value):
    """Build the state scale inside a savepoint, read what it made, and roll it back."""
    with transaction.atomic():
        demo.build(scale="state", seed=seed_value)
        people = list(
            User.objects.filter(email__startswith="staff")
            .order_by("email")
            .values_list("email", "first_name", "last_name")
        )
        programs = list(Program.objects.order_by("slug").values_list("slug", "name", "start_date"))
        posts = list(
            Membership.objects.order_by("user__email", "role").values_list(
                "user__email", "role", "start_date", "ref"
            )
        )
        transaction.set_rollback(True)
    return people, programs, posts


def test_the_same_seed_gives_the_same_data_and_another_seed_different_data():
    first = _state_data(7)
    assert not Program.objects.exists()  # rolled back: the next build starts from empty
    assert _state_data(7) == first
    other_people, _programs, _posts = _state_data(8)
    assert other_people != first[0]
