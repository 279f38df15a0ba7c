"""The minimum-wage table: the state administrator adds and corrects rates; every job they bear on
is checked again in the same transaction, so what is stored always equals what the rule computes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts.tests.factories import MembershipFactory, ProgramFactory, UserFactory
from core.models import AuditEvent
from jobs.models import Job, MinimumWage
from jobs.rules import applicable_minimum_wage, competitive_integrated
from jobs.services.minimum_wages import minimum_wage_add, minimum_wage_update
from jobs.tests.factories_jobs import JobFactory, days_ago, enrolled_person


def _state_admin():
    user = UserFactory()
    MembershipFactory(user=user, role="state_administrator", program=None)
    return user


def assert_stored_equals_recomputed():
    rates = list(MinimumWage.objects.all())
    for job in Job.objects.select_related("program"):
        minimum = applicable_minimum_wage(job.program.state, job.program.wage_locality, job.start_date, rates)
        ok, reasons = competitive_integrated(job, minimum)
        assert (job.applicable_minimum_wage, job.competitive_integrated, job.not_competitive_because) == (
            minimum,
            ok,
            reasons,
        ), job.ref


@pytest.mark.django_db
def test_a_higher_state_minimum_makes_a_low_paid_job_not_competitive():
    admin = _state_admin()
    program = ProgramFactory(state="WI")
    other_state = ProgramFactory(state="MN")
    low = JobFactory(
        job_seeker=enrolled_person(program), hourly_wage=Decimal("9.00"), start_date=days_ago(10)
    )
    early = JobFactory(
        job_seeker=enrolled_person(program), hourly_wage=Decimal("9.00"), start_date=days_ago(400)
    )
    elsewhere = JobFactory(job_seeker=enrolled_person(other_state), hourly_wage=Decimal("9.00"))
    rate = minimum_wage_add(
        actor=admin,
        jurisdiction="state",
        state="wi",
        effective_from=days_ago(100),
        hourly_rate=Decimal("10.00"),
        source="Synthetic state act",
    )
    assert rate.state == "WI"
    low.refresh_from_db()
    early.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (low.competitive_integrated, low.applicable_minimum_wage) == (False, Decimal("10.00"))
    assert low.not_competitive_because == ["below_minimum_wage"]
    assert low.version == 2
    assert early.competitive_integrated and elsewhere.competitive_integrated
    assert AuditEvent.objects.filter(object_type="jobs.Job", object_id=str(low.pk), action="update").exists()
    assert AuditEvent.objects.filter(object_type="jobs.MinimumWage", action="create").exists()
    assert_stored_equals_recomputed()

    # Correcting the rate down checks the jobs again.
    minimum_wage_update(
        actor=admin,
        rate=rate,
        jurisdiction="state",
        state="WI",
        effective_from=days_ago(100),
        hourly_rate=Decimal("8.50"),
        source="Synthetic state act (corrected)",
    )
    low.refresh_from_db()
    assert low.competitive_integrated and low.applicable_minimum_wage == Decimal("8.50")
    assert_stored_equals_recomputed()


@pytest.mark.django_db
def test_a_locality_rate_binds_only_programs_with_that_locality():
    admin = _state_admin()
    city = ProgramFactory(state="WI", wage_locality="Madison")
    rural = ProgramFactory(state="WI")
    in_city = JobFactory(job_seeker=enrolled_person(city), hourly_wage=Decimal("12.00"))
    out = JobFactory(job_seeker=enrolled_person(rural), hourly_wage=Decimal("12.00"))
    minimum_wage_add(
        actor=admin,
        jurisdiction="locality",
        state="WI",
        locality="madison",
        effective_from=days_ago(365),
        hourly_rate=Decimal("15.00"),
        source="Synthetic city ordinance",
    )
    in_city.refresh_from_db()
    out.refresh_from_db()
    assert not in_city.competitive_integrated
    assert out.competitive_integrated
    assert_stored_equals_recomputed()


@pytest.mark.django_db
def test_bad_rates_are_refused_and_only_the_state_administrator_may_add(make_user, program):
    admin = _state_admin()
    with pytest.raises(ValidationError) as exc:
        minimum_wage_add(
            actor=admin,
            jurisdiction="state",
            state="",
            effective_from=days_ago(1),
            hourly_rate=Decimal("0"),
            source="",
        )
    assert {"state", "hourly_rate", "source"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        minimum_wage_add(
            actor=admin,
            jurisdiction="federal",
            effective_from=datetime.date(2009, 7, 24),
            hourly_rate=Decimal("7.25"),
            source="Again",
        )
    assert "effective_from" in exc.value.message_dict
    for role, where in (("program_manager", program), ("state_trainer", None)):
        with pytest.raises(PermissionDenied):
            minimum_wage_add(
                actor=make_user(role, where),
                jurisdiction="federal",
                effective_from=days_ago(1),
                hourly_rate=Decimal("8"),
                source="x",
            )
    assert MinimumWage.objects.count() == 1


@pytest.mark.django_db
def test_the_page_lists_rates_and_the_administrator_adds_one(login, make_user, program):
    admin = _state_admin()
    client = login(admin)
    page = client.get(reverse("jobs:minimum_wage_list"))
    assert page.status_code == 200 and "7.25" in page.content.decode()
    bad = client.post(
        reverse("jobs:minimum_wage_list"),
        {
            "jurisdiction": "state",
            "state": "",
            "effective_from": "2025-01-01",
            "hourly_rate": "9",
            "source": "x",
        },
    )
    assert bad.status_code == 400
    assert "two-letter code" in bad.content.decode()
    good = client.post(
        reverse("jobs:minimum_wage_list"),
        {
            "jurisdiction": "state",
            "state": "WI",
            "effective_from": "2025-01-01",
            "hourly_rate": "9.00",
            "source": "Synthetic act",
        },
    )
    assert good.status_code == 302
    assert MinimumWage.objects.filter(state="WI").exists()
    es_client = login(make_user("employment_specialist", program))
    listing = es_client.get(reverse("jobs:minimum_wage_list")).content.decode()
    assert "Synthetic act" in listing and "Add a rate" not in listing


class TestStoredEqualsRecomputed(TestCase):
    """Over random tables: whatever rates are added, every stored job equals the rule's answer."""

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["federal", "state", "locality"]),
                st.integers(min_value=0, max_value=800),
                st.decimals(min_value=Decimal("5"), max_value=Decimal("20"), places=2),
            ),
            min_size=1,
            max_size=4,
        )
    )
    def test_random_rate_changes(self, changes):
        admin = _state_admin()
        program = ProgramFactory(state="WI", wage_locality="Madison")
        for days, wage in ((10, "8.00"), (200, "12.00"), (700, "16.00")):
            JobFactory(
                job_seeker=enrolled_person(program, enrolled_days_ago=750),
                program=program,
                start_date=days_ago(days),
                hourly_wage=Decimal(wage),
            )
        for jurisdiction, days, rate in changes:
            try:
                minimum_wage_add(
                    actor=admin,
                    jurisdiction=jurisdiction,
                    state="" if jurisdiction == "federal" else "WI",
                    locality="Madison" if jurisdiction == "locality" else "",
                    effective_from=days_ago(days),
                    hourly_rate=rate,
                    source="Synthetic",
                )
            except ValidationError:
                continue  # the same place and date twice: refused, nothing changed
            assert_stored_equals_recomputed()
