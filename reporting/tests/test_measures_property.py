"""Hypothesis: the SQL measures equal the plain-Python reference on random small programs.

Each example draws a few people (enrolled or not, closed or not, interest before or after
referral), their jobs (overlapping, before enrollment, after closure, with unknown answers,
self-employment, below the minimum), education, employer contacts, employment specialists with
FTEs, and a quarter; writes them inside a savepoint, compares, and rolls the savepoint back.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Program
from accounts.tests.factories import ProgramFactory
from core.dates import Quarter
from jobs.services.jobs import all_rates
from reporting import measures
from reporting.tests import reference
from reporting.tests.factories_measures import contact, education, job, person, specialist

pytestmark = pytest.mark.django_db

PURPOSES = ["job_seeker_introduction", "learn_business", "follow_up", "support_on_job", "other"]


job_st = st.fixed_dictionaries(
    {
        "start": st.one_of(st.integers(-20, 120), st.integers(-200, 400)),  # days from enrollment
        "length": st.one_of(st.none(), st.integers(0, 300)),
        "wage": st.sampled_from(["15.00", None, "3.00", "7.24", "7.25", "15.00", "22.51", "22.51"]),
        "hours": st.sampled_from([None, "10.0", "20.5", "40.0", "7.3"]),
        "pays_same": st.sampled_from([True, True, True, True, True, False, None]),
        "open_to_anyone": st.sampled_from([True, True, True, True, True, False, None]),
        "time_limit": st.sampled_from([False, False, False, False, False, True, None]),
        "self_employment": st.sampled_from([False, False, False, True]),
    }
)
education_st = st.fixed_dictionaries(
    {"start": st.integers(-150, 300), "length": st.one_of(st.none(), st.integers(0, 200))}
)
contact_st = st.fixed_dictionaries(
    {
        "at": st.integers(-5, 40),  # days from enrollment: around the day-30 edge
        "face_to_face": st.sampled_from([True, True, True, False]),
        "purpose": st.sampled_from(PURPOSES),
    }
)
person_st = st.fixed_dictionaries(
    {
        "enrolled": st.one_of(st.integers(240, 380), st.none(), st.integers(0, 420)),  # days from origin
        "referral_before": st.integers(0, 30),
        "interest_shift": st.integers(-20, 20),
        "closed_after": st.one_of(st.none(), st.integers(0, 400)),
        "specialist": st.one_of(st.none(), st.integers(0, 2)),
        "jobs": st.lists(job_st, max_size=4),
        "education": st.lists(education_st, max_size=2),
        "contacts": st.lists(contact_st, max_size=3),
    }
)
staff_st = st.fixed_dictionaries(
    {
        "fte": st.sampled_from(["0.10", "0.25", "0.50", "0.75", "1.00"]),
        "start": st.integers(-100, 420),
        "length": st.one_of(st.none(), st.integers(0, 400)),
        "role": st.sampled_from(["employment_specialist", "employment_specialist", "ips_supervisor"]),
    }
)
program_st = st.fixed_dictionaries(
    {
        "people": st.lists(person_st, min_size=1, max_size=6),
        "staff": st.lists(staff_st, max_size=3),
        "savings": st.sampled_from(["16000.00", "10000.01", "12345.67"]),
    }
)
# 2024 is a leap year: 29 Feb 2024 falls in the steady-worker windows of 2024Q1 - 2025Q1.
quarter_st = st.builds(Quarter, st.integers(2024, 2026), st.integers(1, 4))


def build(spec: dict, rates, quarter: Quarter) -> Program:
    """Write one drawn program into the database; drawn days count from 300 days before Q starts."""
    origin = quarter.start - datetime.timedelta(days=300)

    def day(n: int) -> datetime.date:
        return origin + datetime.timedelta(days=n)

    program = ProgramFactory(treatment_savings_per_year=Decimal(spec["savings"]))
    members = []
    for s in spec["staff"]:
        start = day(s["start"])
        end = None if s["length"] is None else start + datetime.timedelta(days=s["length"])
        members.append(specialist(program, fte=s["fte"], start=start, end=end, role=s["role"]))
    es = [m for m in members if m.role == "employment_specialist"]
    for p in spec["people"]:
        enrolled = None if p["enrolled"] is None else day(p["enrolled"])
        anchor = enrolled or day(250)
        referral = anchor - datetime.timedelta(days=p["referral_before"])
        interest = referral + datetime.timedelta(days=p["interest_shift"])
        closed = None
        if p["closed_after"] is not None:
            closed = anchor + datetime.timedelta(days=p["closed_after"])
        assigned = es[p["specialist"] % len(es)] if (es and p["specialist"] is not None) else None
        seeker = person(
            program, enrolled, closed=closed, interest=interest, referral=referral, specialist=assigned
        )
        for j in p["jobs"]:
            start = anchor + datetime.timedelta(days=j["start"])
            end = None if j["length"] is None else start + datetime.timedelta(days=j["length"])
            job(
                seeker,
                start,
                end,
                wage=j["wage"],
                hours=j["hours"],
                pays_same=j["pays_same"],
                open_to_anyone=j["open_to_anyone"],
                time_limit=j["time_limit"],
                self_employment=j["self_employment"],
                rates=rates,
            )
        for e in p["education"]:
            start = anchor + datetime.timedelta(days=e["start"])
            end = None if e["length"] is None else start + datetime.timedelta(days=e["length"])
            education(seeker, start, end)
        for c in p["contacts"]:
            staff = members[0] if members else None
            contact(
                seeker,
                anchor + datetime.timedelta(days=c["at"]),
                face_to_face=c["face_to_face"],
                purpose=c["purpose"],
                staff=staff,
            )
    return program


def differences(got: dict, expected: dict) -> dict:
    got, expected = reference.flat(got), reference.flat(expected)
    keys = set(got) | set(expected)
    return {
        k: (got.get(k, "MISSING"), expected.get(k, "MISSING"))
        for k in keys
        if got.get(k, "MISSING") != expected.get(k, "MISSING")
    }


class _Rollback(Exception):
    pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=program_st, quarter=quarter_st)
def test_report_equals_reference(db, spec, quarter):
    rates = all_rates()
    with transaction.atomic():
        program = build(spec, rates, quarter)
        data = reference.load_program(program)

        diff = differences(measures.report(program, quarter), reference.report(data, quarter))
        assert not diff, f"report (got, reference): {diff}"

        for key in measures.DRILLDOWN_KEYS:
            listed = set(measures.people_behind(program, quarter, key).values_list("pk", flat=True))
            assert listed == reference.people_behind(data, quarter, key), key

        got = measures.by_specialist(program, quarter)
        for group, figures in reference.by_specialist(data, quarter).items():
            if group not in got:
                # None of their people count in the quarter (enrolled later, or gone before it):
                # the figures per specialist leave them out.
                assert all(measures.value(figures, key) == 0 for key in measures.DRILLDOWN_KEYS), group
                continue
            diff = differences(got[group], figures)
            assert not diff, f"by_specialist[{group}] (got, reference): {diff}"
        transaction.set_rollback(True)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(program_st, min_size=1, max_size=3), quarter=quarter_st)
def test_for_programs_and_pooled_equal_reference(db, specs, quarter):
    rates = all_rates()
    with transaction.atomic():
        programs = [build(spec, rates, quarter) for spec in specs]
        data = [reference.load_program(p) for p in programs]
        qs = Program.objects.filter(pk__in=[p.pk for p in programs])

        each = measures.for_programs(qs, quarter)
        for program, d in zip(programs, data, strict=True):
            diff = differences(each[program.pk], reference.report(d, quarter))
            assert not diff, f"for_programs[{program.slug}] (got, reference): {diff}"

        diff = differences(measures.pooled(qs, quarter), reference.pooled(data, quarter))
        assert not diff, f"pooled (got, reference): {diff}"
        transaction.set_rollback(True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    quarter=quarter_st,
    enrolled_days=st.integers(85, 400),
    closed_before_end=st.one_of(st.none(), st.integers(0, 60)),
    jobs=st.lists(st.tuples(st.integers(-40, 40), st.integers(-6, 6), st.booleans()), min_size=1, max_size=3),
)
def test_steady_workers_near_the_half_way_mark(db, quarter, enrolled_days, closed_before_end, jobs):
    """Jobs cut close to half of the enrolled days in the window, to hit 'at least half' exactly."""
    rates = all_rates()
    with transaction.atomic():
        program = ProgramFactory()
        enrolled = quarter.end - datetime.timedelta(days=enrolled_days - 1)
        closed = None
        if closed_before_end is not None:
            closed = max(enrolled, quarter.end - datetime.timedelta(days=closed_before_end))
        seeker = person(program, enrolled, closed=closed, referral=enrolled - datetime.timedelta(days=400))
        half = min(enrolled_days, 365) // 2
        for start_shift, end_shift, ongoing in jobs:
            # Roughly the last half of the enrolled days, give or take a few.
            start = quarter.end - datetime.timedelta(days=half + start_shift)
            end = (
                None if ongoing else max(start, (closed or quarter.end) + datetime.timedelta(days=end_shift))
            )
            job(seeker, start, end, rates=rates)
        data = reference.load_program(program)
        diff = differences(measures.report(program, quarter), reference.report(data, quarter))
        assert not diff, f"report (got, reference): {diff}"
        listed = set(measures.people_behind(program, quarter, "steady_workers").values_list("pk", flat=True))
        assert listed == reference.people_behind(data, quarter, "steady_workers")
        transaction.set_rollback(True)
