"""Hand-computed values of every measure of shared/domain/outcomes.md on small crafted data.

Each test builds a few people in one program, writes the expected figures by hand (the comment
beside each number says why), and checks that both `reporting.measures` (SQL) and the plain-Python
reference (`reporting/tests/reference.py`) give exactly them. The quarter is 2026Q2 (1 April –
30 June 2026, 91 days) unless a test says otherwise.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Program
from accounts.tests.factories import ProgramFactory
from core.dates import Quarter, QuarterError
from people.models import CaseloadAssignment
from reporting import measures
from reporting.tests import reference
from reporting.tests.factories_measures import contact, education, job, person, specialist

D = datetime.date
Q2 = Quarter(2026, 2)
COUNT_KEYS = {
    "caseload_served",
    "active_at_end",
    "worked_competitive",
    "new_job_starts",
    "people_with_new_job",
    "in_education",
    "worked_or_education",
    "rapid_job_search.cohort",
    "rapid_job_search.met",
    "days_interest_to_first_job.n",
    "steady_workers",
    "employment_specialists",
}

pytestmark = pytest.mark.django_db


def check_types(figures: dict) -> None:
    """Counts are ints, rates and means Decimal or None (outcomes.md, "Shape of the answer")."""
    for key, value in reference.flat(figures).items():
        if key in COUNT_KEYS:
            assert type(value) is int or value is None, (key, value)
        elif key in {"program", "quarter"}:
            assert value is None or isinstance(value, str), (key, value)
        elif key in {"period_start", "period_end"}:
            assert isinstance(value, datetime.date), (key, value)
        else:
            assert value is None or isinstance(value, Decimal), (key, value)


def check(program, expected: dict, quarter: Quarter = Q2) -> dict:
    """Both implementations give `expected` (flat keys) and agree with each other on every key."""
    got = measures.report(program, quarter)
    check_types(got)
    ref = reference.report(reference.load_program(program), quarter)
    flat_got, flat_ref = reference.flat(got), reference.flat(ref)
    for key, value in expected.items():
        assert flat_ref[key] == value, f"reference {key}: {flat_ref[key]!r} != hand {value!r}"
    wrong = {
        k: (flat_got.get(k, "MISSING"), v) for k, v in expected.items() if flat_got.get(k, "MISSING") != v
    }
    assert not wrong, f"measures (got, expected by hand): {wrong}"
    assert set(flat_got) == set(flat_ref), set(flat_got) ^ set(flat_ref)
    differ = {k: (flat_got[k], flat_ref[k]) for k in flat_ref if flat_got[k] != flat_ref[k]}
    assert not differ, f"measures vs reference (got, reference): {differ}"
    return got


def behind(program, key, quarter=Q2) -> set[int]:
    return set(measures.people_behind(program, quarter, key).values_list("pk", flat=True))


# --- Caseload: closure inside the quarter, before it, enrollment after it -------------------------


def test_caseload_and_active_at_end(program):
    open_ = person(program, D(2026, 1, 10))  # served all quarter, still open: caseload, active
    closed_in_q = person(program, D(2026, 1, 10), closed=D(2026, 5, 15))  # caseload, not active
    person(program, D(2025, 6, 1), closed=D(2026, 3, 31))  # closed the day before Q: neither
    person(program, D(2026, 7, 1))  # enrolled the day after Q: neither
    person(program, None, referral=D(2026, 2, 1))  # referred, never enrolled: never counted
    last_day = person(program, D(2026, 6, 30))  # enrolled on Q's last day: one day of service, active
    closed_at_end = person(program, D(2026, 1, 10), closed=D(2026, 6, 30))  # closed on Q end: not active
    closed_first_day = person(program, D(2026, 1, 10), closed=D(2026, 4, 1))  # one day in Q: caseload
    check(
        program,
        {
            "caseload_served": 5,  # open_, closed_in_q, last_day, closed_at_end, closed_first_day
            "active_at_end": 2,  # open_ and last_day: closed_date must be after Q end
            "worked_competitive": 0,
            "employment_rate": Decimal("0.0"),  # 0 / 5
            "new_job_starts": 0,
            "people_with_new_job": 0,
            "average_hours_per_week": None,  # no job held: null
            "average_hourly_wage": None,
            "steady_workers": 0,
            "estimated_treatment_savings": Decimal("0.00"),
            "days_interest_to_first_job.n": 0,
            "days_interest_to_first_job.median": None,
            "program": program.slug,
            "quarter": "2026Q2",
            "period_start": D(2026, 4, 1),
            "period_end": D(2026, 6, 30),
        },
    )
    assert behind(program, "caseload_served") == {
        open_.pk,
        closed_in_q.pk,
        last_day.pk,
        closed_at_end.pk,
        closed_first_day.pk,
    }
    assert behind(program, "active_at_end") == {open_.pk, last_day.pk}


def test_empty_program_gives_nulls(program):
    check(
        program,
        {
            "caseload_served": 0,
            "employment_rate": None,  # caseload 0 -> null
            "rapid_job_search.cohort": 0,
            "rapid_job_search.rate": None,  # cohort 0 -> null
            "days_interest_to_first_job.median": None,
            "average_hours_per_week": None,
            "average_hourly_wage": None,
            "employment_specialists": 0,
            "es_fte": Decimal("0.00"),
            "caseload_per_es_fte": None,  # no FTE on Q end -> null
            "estimated_treatment_savings": Decimal("0.00"),
        },
    )


# --- Jobs: worked, new starts, hours and wages ----------------------------------------------------


def test_jobs_worked_new_starts_hours_and_wages(program):
    enrolled = D(2026, 1, 10)
    # p1: a job since before enrollment, still going: worked (any job held), no new start.
    p1 = person(program, enrolled)
    job(p1, D(2025, 12, 1))
    # p2: closed 15 April; a job that starts after closure counts nowhere.
    p2 = person(program, enrolled, closed=D(2026, 4, 15))
    job(p2, D(2026, 5, 1))
    # p3: two jobs at once, both started in Q: counted once in worked, twice in new_job_starts.
    p3 = person(program, enrolled)
    job(p3, D(2026, 4, 10), hours="20.0", wage="15.00")
    job(p3, D(2026, 5, 1), hours="10.0", wage="20.00")
    # p4: unknown wage / unknown "open to anyone": not competitive until answered.
    p4 = person(program, enrolled)
    job(p4, D(2026, 4, 5), wage=None)
    job(p4, D(2026, 4, 6), open_to_anyone=None)
    # p5: self-employment at $3.00 an hour is competitive whatever its hourly figure.
    p5 = person(program, enrolled)
    job(p5, D(2026, 4, 20), wage="3.00", hours="5.0", self_employment=True)
    # p6: $5.00 an hour, not self-employed: below the federal minimum, not competitive.
    p6 = person(program, enrolled)
    job(p6, D(2026, 4, 20), wage="5.00")
    # p7: job ended the day before Q: not held in Q.
    p7 = person(program, enrolled)
    job(p7, D(2026, 2, 1), D(2026, 3, 31))
    # p8: job ended on Q's first day: one day of overlap is enough.
    p8 = person(program, enrolled)
    job(p8, D(2026, 2, 1), D(2026, 4, 1))
    # p9: enrolled 20 May, job since 1 May (before enrollment): worked, no new start.
    p9 = person(program, D(2026, 5, 20), referral=D(2026, 5, 1))
    job(p9, D(2026, 5, 1))
    # p10: hours unknown: left out of the hours mean, still in the wage mean.
    p10 = person(program, enrolled)
    job(p10, D(2026, 4, 2), hours=None, wage="18.00")
    # Referred, never enrolled, with a competitive job in Q: counts nowhere.
    never = person(program, None, referral=D(2026, 1, 5))
    job(never, D(2026, 4, 1))

    from jobs.models import Job

    # The app's rule, not the factory, decided these.
    assert not Job.objects.get(job_seeker=p4, start_date=D(2026, 4, 5)).competitive_integrated
    assert not Job.objects.get(job_seeker=p4, start_date=D(2026, 4, 6)).competitive_integrated
    assert Job.objects.get(job_seeker=p5).competitive_integrated
    assert not Job.objects.get(job_seeker=p6).competitive_integrated

    check(
        program,
        {
            "caseload_served": 10,  # p1..p10
            "active_at_end": 9,  # all but p2
            "worked_competitive": 6,  # p1, p3, p5, p8, p9, p10
            "employment_rate": Decimal("60.0"),  # 6 / 10
            "new_job_starts": 4,  # p3 twice, p5, p10
            "people_with_new_job": 3,  # p3, p5, p10
            # hours over the competitive jobs held: p1 20, p3 20 + 10, p5 5, p8 20, p9 20 = 95 / 6
            "average_hours_per_week": Decimal("15.83"),
            # wages: p1 15, p3 15 + 20, p5 3, p8 15, p9 15, p10 18 = 101 / 7 = 14.428...
            "average_hourly_wage": Decimal("14.43"),
            # first job in the program in Q: p3 (10 Apr), p5 (20 Apr), p10 (2 Apr); p1 and p9 had
            # theirs before enrolling, p8 in Q1. Interest 10 Jan: 90, 100, 82 days.
            "days_interest_to_first_job.n": 3,
            "days_interest_to_first_job.median": Decimal("90.0"),
        },
    )
    assert behind(program, "worked_competitive") == {p1.pk, p3.pk, p5.pk, p8.pk, p9.pk, p10.pk}
    assert behind(program, "new_job_starts") == {p3.pk, p5.pk, p10.pk}
    assert behind(program, "people_with_new_job") == {p3.pk, p5.pk, p10.pk}
    assert behind(program, "days_interest_to_first_job.n") == {p3.pk, p5.pk, p10.pk}
    assert never.pk not in behind(program, "caseload_served")


def test_job_changes_to_competitive_when_answered(program):
    """An unknown answer filled in later makes the job count (the rule runs again on save)."""
    p = person(program, D(2026, 1, 10))
    unknown = job(p, D(2026, 4, 5), pays_same=None)
    check(program, {"worked_competitive": 0, "new_job_starts": 0})
    from jobs.services.jobs import apply_competitive_check

    unknown.pays_same_as_coworkers = True
    apply_competitive_check(unknown, program)
    unknown.save()
    check(program, {"worked_competitive": 1, "new_job_starts": 1, "employment_rate": Decimal("100.0")})


def test_job_starting_on_closure_day_counts(program):
    """'not after closed_date': a job that starts on the closure day still counts."""
    p = person(program, D(2026, 1, 10), closed=D(2026, 5, 1))
    job(p, D(2026, 5, 1), D(2026, 5, 1))
    check(
        program,
        {
            "worked_competitive": 1,
            "new_job_starts": 1,
            "people_with_new_job": 1,
            "days_interest_to_first_job.n": 1,
            "days_interest_to_first_job.median": Decimal("111.0"),  # 10 Jan -> 1 May
        },
    )


def test_job_on_enrollment_day_is_a_new_start(program):
    p = person(program, D(2026, 4, 15), referral=D(2026, 4, 1))
    job(p, D(2026, 4, 15))  # on enrollment_date: in the service interval, first job, 14 days after interest
    job(person(program, D(2026, 4, 15), referral=D(2026, 4, 1)), D(2026, 4, 14))  # the day before: no
    check(
        program,
        {
            "caseload_served": 2,
            "worked_competitive": 2,
            "new_job_starts": 1,
            "people_with_new_job": 1,
            "days_interest_to_first_job.n": 1,
            "days_interest_to_first_job.median": Decimal("14.0"),
        },
    )


def test_means_only_over_jobs_held_during_a_service_interval(program):
    """'competitive jobs held during a service interval in Q': not every job held in Q."""
    gone = person(program, D(2026, 1, 10), closed=D(2026, 3, 15))  # closed before Q: no interval
    job(gone, D(2026, 2, 1), hours="30.0", wage="30.00")  # still working in Q, but not served
    late = person(program, D(2026, 5, 20), referral=D(2026, 4, 1))  # interval 20 May - 30 June
    job(late, D(2026, 4, 1), D(2026, 5, 10), hours="40.0", wage="40.00")  # ended before enrollment
    served = person(program, D(2026, 1, 10))
    job(served, D(2026, 4, 15), hours="10.0", wage="12.00")
    check(
        program,
        {
            "caseload_served": 2,  # late, served
            "worked_competitive": 1,  # served only
            "average_hours_per_week": Decimal("10.00"),  # served's job alone
            "average_hourly_wage": Decimal("12.00"),
        },
    )


def test_means_null_when_no_job_held_during_a_service_interval(program):
    gone = person(program, D(2026, 1, 10), closed=D(2026, 3, 15))
    job(gone, D(2026, 2, 1), hours="30.0", wage="30.00")
    person(program, D(2026, 1, 10))
    check(program, {"caseload_served": 1, "average_hours_per_week": None, "average_hourly_wage": None})


def test_means_round_half_away_from_zero(program):
    p = person(program, D(2026, 1, 10))
    job(p, D(2026, 1, 20), hours="20.0", wage="15.00")
    job(p, D(2026, 2, 20), hours="20.1", wage="15.01")
    check(
        program,
        {
            "worked_competitive": 1,  # one person with two jobs
            "average_hours_per_week": Decimal("20.05"),  # (20.0 + 20.1) / 2
            "average_hourly_wage": Decimal("15.01"),  # (15.00 + 15.01) / 2 = 15.005 -> 15.01
        },
    )


@pytest.mark.parametrize(
    ("working", "served", "rate"),
    [
        (1, 8, Decimal("12.5")),  # 12.5 exactly
        (2, 3, Decimal("66.7")),  # 66.666...
        (1, 6, Decimal("16.7")),  # 16.666...
        (1, 16, Decimal("6.3")),  # 6.25: half away from zero, not to even
        (3, 3, Decimal("100.0")),
        (0, 2, Decimal("0.0")),
    ],
)
def test_employment_rate_rounding(program, working, served, rate):
    for i in range(served):
        p = person(program, D(2026, 1, 10))
        if i < working:
            job(p, D(2026, 2, 1))
    check(program, {"caseload_served": served, "worked_competitive": working, "employment_rate": rate})


# --- Days from interest to first job --------------------------------------------------------------


def test_days_interest_to_first_job_even_n(program):
    march = D(2026, 3, 1)
    # Interest 1 Feb, referral 20 Feb (interest before referral), first job 1 Apr: 59 days.
    a = person(program, march, interest=D(2026, 2, 1), referral=D(2026, 2, 20))
    job(a, D(2026, 4, 1))
    b = person(program, march)  # interest = referral = 1 Mar
    job(b, D(2026, 4, 11))  # 41
    c = person(program, march)
    job(c, D(2026, 5, 2))  # 62
    job(c, D(2026, 6, 2))  # a second job: not a first job
    d = person(program, march)
    job(d, D(2026, 6, 30))  # 121 (Q's last day)
    h = person(program, march)
    job(h, D(2026, 6, 1))  # two jobs the same first day: one person, 92
    job(h, D(2026, 6, 1))
    i = person(program, march)
    job(i, D(2026, 4, 2))  # 32
    e = person(program, march)  # first job in Q1: not counted in Q2
    job(e, D(2026, 3, 15))
    job(e, D(2026, 4, 15))
    f = person(program, march)  # a non-competitive job in Q, then a competitive one in Q3
    job(f, D(2026, 4, 5), time_limit=True)
    job(f, D(2026, 7, 10))
    g = person(program, march, closed=D(2026, 4, 20))  # job after closure: not a first job
    job(g, D(2026, 5, 1))
    check(
        program,
        {
            "days_interest_to_first_job.n": 6,  # a, b, c, d, h, i
            # sorted 32, 41, 59, 62, 92, 121: even n -> mean of 59 and 62 = 60.5
            "days_interest_to_first_job.median": Decimal("60.5"),
            "new_job_starts": 9,  # a, b, c×2, d, h×2, i, e's second job (in Q, after enrollment)
            "people_with_new_job": 7,  # a, b, c, d, h, i, e
        },
    )
    assert behind(program, "days_interest_to_first_job.n") == {a.pk, b.pk, c.pk, d.pk, h.pk, i.pk}
    check(
        program,
        {"days_interest_to_first_job.n": 1, "days_interest_to_first_job.median": Decimal("14.0")},
        quarter=Quarter(2026, 1),  # Q1: only e's first job, 15 Mar, 14 days after interest 1 Mar
    )


# --- Rapid job search -----------------------------------------------------------------------------


def test_rapid_job_search(program):
    # Day 30 falls in Q2 for enrollments from 2 March to 31 May.
    r1 = person(program, D(2026, 5, 31))  # day 30 = 30 June, Q's last day: in the cohort
    contact(r1, D(2026, 6, 30))  # contact on day 30: met
    r2 = person(program, D(2026, 3, 1))  # day 30 = 31 March: Q1's cohort
    contact(r2, D(2026, 3, 5))
    r3 = person(program, D(2026, 3, 2))  # day 30 = 1 April: cohort
    contact(r3, D(2026, 4, 2))  # day 31: too late
    r4 = person(program, D(2026, 4, 10))  # cohort
    contact(r4, D(2026, 4, 15), purpose="support_on_job")  # support on the job: not job development
    contact(r4, D(2026, 4, 16), face_to_face=False, purpose="learn_business")  # by phone: not met
    r5 = person(program, D(2026, 4, 10))  # cohort
    contact(r5, D(2026, 4, 10), purpose="follow_up")  # on the enrollment day: met
    r6 = person(program, D(2026, 4, 10), referral=D(2026, 4, 1))  # cohort
    contact(r6, D(2026, 4, 9))  # before enrollment: not met
    r7 = person(program, D(2026, 6, 1))  # day 30 = 1 July: not in Q2's cohort
    contact(r7, D(2026, 6, 2))
    never = person(program, None, referral=D(2026, 4, 1))  # never enrolled: never in a cohort
    contact(never, D(2026, 4, 2))
    got = check(
        program,
        {
            "rapid_job_search.cohort": 5,  # r1, r3, r4, r5, r6
            "rapid_job_search.met": 2,  # r1, r5
            "rapid_job_search.rate": Decimal("40.0"),  # 2 / 5
        },
    )
    assert got["rapid_job_search"] == {"cohort": 5, "met": 2, "rate": Decimal("40.0")}
    assert behind(program, "rapid_job_search.cohort") == {r1.pk, r3.pk, r4.pk, r5.pk, r6.pk}
    assert behind(program, "rapid_job_search.met") == {r1.pk, r5.pk}
    check(program, {"rapid_job_search.cohort": 1, "rapid_job_search.met": 1}, quarter=Quarter(2026, 1))  # r2


def test_rapid_job_search_cohort_counts_people_closed_before_day_30(program):
    """'enrolled people whose day 30 falls in Q': closure before day 30 does not take them out."""
    gone = person(program, D(2026, 4, 10), closed=D(2026, 4, 20))
    contact(gone, D(2026, 4, 15))
    check(
        program,
        {"rapid_job_search.cohort": 1, "rapid_job_search.met": 1, "rapid_job_search.rate": Decimal("100.0")},
    )


# --- Education ------------------------------------------------------------------------------------


def test_education(program):
    enrolled = D(2026, 1, 10)
    e1 = person(program, enrolled)
    education(e1, D(2026, 1, 11), D(2026, 3, 31))  # ended before Q: no
    e2 = person(program, enrolled)
    education(e2, D(2026, 3, 1), D(2026, 4, 1))  # one day in Q: yes
    e3 = person(program, enrolled)
    education(e3, D(2026, 6, 30))  # starts on Q end, open: yes
    e4 = person(program, enrolled, closed=D(2026, 4, 30))
    education(e4, D(2026, 5, 1))  # starts after the service interval ends: no
    e5 = person(program, enrolled)
    education(e5, D(2026, 2, 1))  # in education and working: once in worked_or_education
    job(e5, D(2026, 4, 1))
    e6 = person(program, D(2026, 5, 15), referral=D(2026, 1, 1))
    education(e6, D(2026, 2, 1), D(2026, 5, 14))  # ends the day before enrollment: no
    e7 = person(program, enrolled)
    job(e7, D(2026, 5, 1))
    never = person(program, None, referral=D(2026, 1, 1))
    education(never, D(2026, 4, 1))
    check(
        program,
        {
            "caseload_served": 7,
            "in_education": 3,  # e2, e3, e5
            "worked_competitive": 2,  # e5, e7
            "worked_or_education": 4,  # e2, e3, e5, e7
        },
    )
    assert behind(program, "in_education") == {e2.pk, e3.pk, e5.pk}
    assert behind(program, "worked_or_education") == {e2.pk, e3.pk, e5.pk, e7.pk}


# --- Staff ----------------------------------------------------------------------------------------


def test_staff_and_caseload_per_fte(program):
    specialist(program, fte="1.00")  # since 2020, open: counted, in post on Q end
    specialist(program, fte="0.50", start=D(2026, 5, 1))  # started in Q: counted, in post at end
    specialist(program, fte="0.25", end=D(2026, 4, 15))  # left in Q: counted, not in post at end
    specialist(program, fte="0.80", start=D(2026, 7, 1))  # starts after Q: no
    specialist(program, fte="0.40", end=D(2026, 3, 31))  # left before Q: no
    specialist(program, fte="0.60", end=D(2026, 6, 30))  # leaves on Q end: counted, in post at end
    specialist(program, fte="0.30", start=D(2026, 6, 30))  # starts on Q end: counted, in post at end
    specialist(program, fte="1.00", role="ips_supervisor")  # not an employment specialist
    for _ in range(7):
        person(program, D(2026, 1, 10))
    check(
        program,
        {
            "employment_specialists": 5,
            "es_fte": Decimal("2.65"),  # 1 + 0.5 + 0.25 + 0.6 + 0.3
            "active_at_end": 7,
            # FTE in post on 30 June: 1 + 0.5 + 0.6 + 0.3 = 2.4; 7 / 2.4 = 2.9166...
            "caseload_per_es_fte": Decimal("2.9"),
        },
    )


def test_caseload_per_fte_null_when_no_es_in_post_at_end(program):
    specialist(program, fte="0.50", end=D(2026, 5, 1))
    person(program, D(2026, 1, 10))
    check(
        program,
        {
            "employment_specialists": 1,
            "es_fte": Decimal("0.50"),
            "active_at_end": 1,
            "caseload_per_es_fte": None,  # FTE in post on Q end is 0
        },
    )


def test_staff_counted_in_a_program_with_nobody_enrolled(program):
    specialist(program, fte="0.50", start=D(2024, 12, 31))
    person(program, None, referral=D(2026, 1, 1))  # referred only: no outcome measure
    check(
        program,
        {
            "caseload_served": 0,
            "employment_specialists": 1,  # in post all quarter
            "es_fte": Decimal("0.50"),
            "active_at_end": 0,
            "caseload_per_es_fte": Decimal("0.0"),  # 0 / 0.5: FTE is not 0, so not null
        },
    )


def test_staff_of_another_program_not_counted(program, other_program):
    specialist(other_program, fte="1.00")
    specialist(program, fte="0.50")
    person(program, D(2026, 1, 10))
    check(
        program,
        {"employment_specialists": 1, "es_fte": Decimal("0.50"), "caseload_per_es_fte": Decimal("2.0")},
    )


# --- Steady workers and savings -------------------------------------------------------------------


def test_steady_workers(program):
    # The 365 days ending on 30 June 2026 start on 1 July 2025.
    dec13 = D(2025, 12, 13)  # 13 Dec 2025 -> 30 June 2026 = 200 enrolled days
    w1 = person(program, dec13)
    job(w1, D(2026, 3, 23))  # 23 Mar -> 30 Jun = 100 days: exactly half -> steady
    w2 = person(program, dec13)
    job(w2, D(2026, 3, 24))  # 99 days: not
    w3 = person(program, dec13)
    job(w3, D(2026, 3, 24))  # 99 days plus a job inside it: days count once -> 99, not steady
    job(w3, D(2026, 6, 1), D(2026, 6, 10))
    w4 = person(program, D(2026, 4, 3), referral=D(2026, 1, 1))  # 89 enrolled days: left out
    job(w4, D(2026, 1, 1))
    w5 = person(program, D(2026, 4, 2), referral=D(2026, 1, 1))  # 90 enrolled days, working all: steady
    job(w5, D(2026, 1, 1))
    w6 = person(program, D(2025, 1, 1))  # 365 enrolled days; worked 1 Jul – 31 Dec 2025 = 184 >= 182.5
    job(w6, D(2024, 1, 1), D(2025, 12, 31))  # steady, though not working in Q
    w7 = person(program, D(2025, 1, 1), closed=D(2026, 4, 10))  # enrolled 1 Jul 2025 – 10 Apr = 284 days
    job(w7, D(2025, 7, 1), D(2025, 11, 20))  # 143 days: 286 >= 284 -> steady
    job(w7, D(2026, 5, 1))  # after closure: counts nowhere
    w8 = person(program, D(2026, 1, 1), referral=D(2025, 6, 1))  # 181 enrolled days
    job(w8, D(2025, 7, 1), D(2026, 3, 31))  # enrolled days worked: 1 Jan – 31 Mar = 90 < 90.5: not
    w9 = person(program, D(2025, 1, 1))
    job(w9, D(2025, 1, 1), wage="5.00")  # not competitive: not
    w10 = person(program, D(2025, 1, 1), closed=D(2026, 3, 31))  # not in caseload: not
    job(w10, D(2025, 1, 1))
    check(
        program,
        {
            "caseload_served": 9,  # all but w10
            "steady_workers": 4,  # w1, w5, w6, w7
            "estimated_treatment_savings": Decimal("16000.00"),  # 4 x 16000 / 4
        },
    )
    assert behind(program, "steady_workers") == {w1.pk, w5.pk, w6.pk, w7.pk}


def test_steady_window_is_365_days_across_a_leap_day(program):
    """2024Q1 ends 31 March 2024; the 365 days ending then start on 2 April 2023 (29 Feb inside)."""
    q = Quarter(2024, 1)
    short = person(program, D(2023, 1, 1))  # enrolled all 365 days: needs 183 worked days
    job(short, D(2023, 4, 1), D(2023, 9, 30))  # 183 days, but 1 April 2023 is outside: 182 -> not
    just = person(program, D(2023, 1, 1))
    job(just, D(2023, 10, 1))  # 1 Oct 2023 - 31 Mar 2024 = 31+30+31+31+29+31 = 183 -> steady
    check(program, {"caseload_served": 2, "steady_workers": 1}, quarter=q)
    assert behind(program, "steady_workers", quarter=q) == {just.pk}


def test_savings_use_the_programs_yearly_figure(program):
    Program.objects.filter(pk=program.pk).update(treatment_savings_per_year=Decimal("10000.01"))
    program.refresh_from_db()
    for _ in range(3):
        job(person(program, D(2025, 1, 1)), D(2025, 1, 1))
    check(
        program,
        {
            "steady_workers": 3,
            "estimated_treatment_savings": Decimal("7500.01"),  # 3 x 10000.01 / 4 = 7500.0075
        },
    )


# --- Several programs, pooled, per specialist, drill-down ------------------------------------------


def _mixed_program(program, specialists):
    """A little of everything, spread over the given specialists (ES memberships, or None)."""
    people = []
    for i, es in enumerate(specialists):
        p = person(program, D(2026, 1, 10) + datetime.timedelta(days=20 * i), specialist=es)
        people.append(p)
        if i % 2 == 0:
            job(p, D(2026, 4, 1) + datetime.timedelta(days=7 * i), hours=str(10 + i), wage=f"{15 + i}.00")
        if i % 3 == 0:
            education(p, D(2026, 5, 1))
        contact(p, p.enrollment_date + datetime.timedelta(days=3 * i))
    person(program, D(2026, 2, 1), closed=D(2026, 5, 5), specialist=specialists[0])
    specialist(program, fte="0.75")
    return people


def test_for_programs_pooled_and_sums(db):
    programs = [ProgramFactory() for _ in range(3)]
    a, b = specialist(programs[0]), specialist(programs[0], fte="0.20")
    c, d, e = specialist(programs[1]), specialist(programs[2]), specialist(programs[2], end=D(2026, 5, 1))
    _mixed_program(programs[0], [a, a, b, None])
    _mixed_program(programs[1], [c] * 6)
    _mixed_program(programs[2], [None, d, e])
    Program.objects.filter(pk=programs[2].pk).update(treatment_savings_per_year=Decimal("12000"))
    qs = Program.objects.filter(pk__in=[p.pk for p in programs])
    each = measures.for_programs(qs, Q2)
    assert set(each) == {p.pk for p in programs}
    for p in programs:
        p.refresh_from_db()
        assert each[p.pk] == measures.report(p, Q2)
        assert each[p.pk] == reference.report(reference.load_program(p), Q2)
    together = measures.pooled(qs, Q2)
    check_types(together)
    assert together["program"] is None
    flat_each = [reference.flat(each[p.pk]) for p in programs]
    flat_pooled = reference.flat(together)
    for key in COUNT_KEYS:
        assert flat_pooled[key] == sum(f[key] for f in flat_each), key
    assert flat_pooled["es_fte"] == sum(f["es_fte"] for f in flat_each)
    expected = reference.pooled([reference.load_program(p) for p in programs], Q2)
    assert reference.flat(together) == reference.flat(expected)


def test_for_programs_query_count_does_not_grow(db, django_assert_max_num_queries):
    programs = [ProgramFactory() for _ in range(5)]
    for p in programs:
        _mixed_program(p, [None, None, None])
    one = Program.objects.filter(pk=programs[0].pk)
    with CaptureQueriesContext(connection) as ctx:
        measures.for_programs(one, Q2)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        measures.for_programs(Program.objects.filter(pk__in=[p.pk for p in programs]), Q2)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        measures.pooled(Program.objects.filter(pk__in=[p.pk for p in programs]), Q2)


def test_by_specialist(program):
    a, b = specialist(program), specialist(program, fte="0.50")
    _mixed_program(program, [a, a, b, None, a])
    got = measures.by_specialist(program, Q2)
    expected = reference.by_specialist(reference.load_program(program), Q2)
    for key, figures in expected.items():
        assert key in got, key
        check_types(got[key])
        assert reference.flat(got[key]) == reference.flat(figures), key
        for staff_key in reference.STAFF_KEYS:
            assert got[key][staff_key] is None
    # Groups with nobody served are all zeros; the counts add up to the program's.
    whole = reference.flat(measures.report(program, Q2))
    for key in COUNT_KEYS - {"employment_specialists"}:
        assert sum(reference.flat(g)[key] for g in got.values()) == whole[key], key
    assert set(got) >= {a.pk, b.pk, None}


def test_by_specialist_counts_people_for_the_caseload_they_were_on_in_the_quarter(program):
    a, b = specialist(program), specialist(program)

    def assigned(who, *spans):
        for es, start, end in spans:
            CaseloadAssignment.objects.create(
                job_seeker=who, employment_specialist=es, from_date=start, to_date=end
            )
        return who

    # With A through the quarter, transferred to B in July: A's person in 2026Q2, B's in 2026Q3.
    moved = assigned(
        person(program, D(2026, 1, 10), specialist=b),
        (a, D(2026, 1, 10), D(2026, 7, 14)),
        (b, D(2026, 7, 15), None),
    )
    job(moved, D(2026, 2, 1))
    # Closed in May while on B's caseload, after a start with A: B's person in 2026Q2.
    closed = assigned(
        person(program, D(2025, 11, 3), closed=D(2026, 5, 20), specialist=b),
        (a, D(2025, 11, 3), D(2026, 3, 1)),
        (b, D(2026, 3, 2), D(2026, 5, 20)),
    )
    # Imported without an assignment history: today's specialist.
    imported = person(program, D(2026, 1, 5), specialist=b)

    q2 = measures.by_specialist(program, Q2)
    assert q2[a.pk]["caseload_served"] == 1 and q2[a.pk]["worked_competitive"] == 1
    assert q2[b.pk]["caseload_served"] == 2 and q2[b.pk]["worked_competitive"] == 0
    assert {p.pk for p in measures.people_behind(program, Q2, "caseload_served")} == {
        moved.pk,
        closed.pk,
        imported.pk,
    }
    q3 = measures.by_specialist(program, Quarter(2026, 3))
    assert a.pk not in q3
    assert q3[b.pk]["caseload_served"] == 2 and q3[b.pk]["worked_competitive"] == 1
    # The program's own figures do not depend on who had whom.
    assert measures.report(program, Q2)["caseload_served"] == 3


def test_people_behind_every_key_matches_its_figure(program):
    _mixed_program(program, [specialist(program), None, None, None, None, None, None])
    p = person(program, D(2025, 1, 1))
    job(p, D(2025, 1, 1))  # a steady worker
    q = person(program, D(2026, 3, 10))
    contact(q, D(2026, 3, 20))  # a rapid job search met
    figures = reference.flat(measures.report(program, Q2))
    data = reference.load_program(program)
    assert measures.DRILLDOWN_KEYS, "no drill-down keys"
    for key in measures.DRILLDOWN_KEYS:
        listed = behind(program, key)
        figure = figures["people_with_new_job" if key == "new_job_starts" else key]
        assert len(listed) == figure, key
        assert listed == reference.people_behind(data, Q2, key), key


def test_people_behind_unknown_key(program):
    with pytest.raises(ValueError):
        measures.people_behind(program, Q2, "no_such_figure")
    with pytest.raises(ValueError):
        measures.people_behind(program, Q2, "employment_rate")  # a rate has no list of its own


def test_quarter_out_of_range_is_a_clear_error(program):
    with pytest.raises(QuarterError):
        Quarter.parse("2026Q5")
    with pytest.raises(QuarterError):
        measures.report(program, "2026Q5")


def test_people_of_another_program_not_counted(program, other_program):
    job(person(other_program, D(2026, 1, 10)), D(2026, 4, 1))
    person(program, D(2026, 1, 10))
    check(program, {"caseload_served": 1, "worked_competitive": 0, "new_job_starts": 0})


def test_as_json(program):
    person(program, D(2026, 1, 10))
    out = measures.as_json(measures.report(program, Q2))
    assert out["employment_rate"] == 0.0 and isinstance(out["employment_rate"], float)
    assert out["period_start"] == "2026-04-01"
    assert out["rapid_job_search"]["rate"] is None
