"""The competitive-integrated rule and the applicable minimum wage, over many wages, dates and tables."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jobs.rules import applicable_minimum_wage, competitive_integrated

MONEY = st.decimals(min_value=Decimal("0"), max_value=Decimal("500"), places=2)
MINIMUM = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("40"), places=2)
ANSWER = st.sampled_from([True, False, None])
DAY = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31))

JOB = st.fixed_dictionaries(
    {
        "hourly_wage": st.one_of(st.none(), MONEY),
        "pays_same_as_coworkers": ANSWER,
        "open_to_anyone": ANSWER,
        "agency_time_limit": ANSWER,
        "self_employment": st.booleans(),
    }
)


def _job(**fields):
    job = {
        "hourly_wage": Decimal("15.00"),
        "pays_same_as_coworkers": True,
        "open_to_anyone": True,
        "agency_time_limit": False,
        "self_employment": False,
    }
    job.update(fields)
    return job


def test_a_job_at_the_minimum_is_competitive():
    assert competitive_integrated(_job(hourly_wage=Decimal("7.25")), Decimal("7.25")) == (True, [])


def test_below_the_minimum_says_so():
    assert competitive_integrated(_job(hourly_wage=Decimal("7.24")), Decimal("7.25")) == (
        False,
        ["below_minimum_wage"],
    )


def test_every_failing_condition_is_told_in_order():
    ok, reasons = competitive_integrated(
        _job(
            hourly_wage=Decimal("5"),
            pays_same_as_coworkers=False,
            open_to_anyone=False,
            agency_time_limit=True,
        ),
        Decimal("7.25"),
    )
    assert not ok
    assert reasons == [
        "below_minimum_wage",
        "pays_less_than_coworkers",
        "not_open_to_anyone",
        "agency_time_limit",
    ]


@given(JOB, MINIMUM)
def test_the_rule_is_the_interchange_formula(job, minimum):
    ok, reasons = competitive_integrated(job, minimum)
    assert ok == (not reasons)
    answers = [job["open_to_anyone"], job["agency_time_limit"]]
    if not job["self_employment"]:
        answers += [job["hourly_wage"], job["pays_same_as_coworkers"]]
    if any(a is None for a in answers):
        assert not ok and "information_missing" in reasons
    else:
        expected = (
            (job["self_employment"] or (job["hourly_wage"] >= minimum and job["pays_same_as_coworkers"]))
            and job["open_to_anyone"]
            and not job["agency_time_limit"]
        )
        assert ok == bool(expected)
        assert "information_missing" not in reasons


@given(JOB, MINIMUM, MINIMUM)
def test_raising_the_minimum_never_makes_a_job_more_competitive(job, a, b):
    low, high = sorted([a, b])
    if competitive_integrated(job, high)[0]:
        assert competitive_integrated(job, low)[0]
    # and a reason found at the lower minimum is still there at the higher one
    assert set(competitive_integrated(job, low)[1]) <= set(competitive_integrated(job, high)[1])


@given(JOB, MINIMUM, MONEY)
def test_self_employment_ignores_the_wage(job, minimum, wage):
    job = {**job, "self_employment": True}
    first = competitive_integrated({**job, "hourly_wage": None}, minimum)
    second = competitive_integrated({**job, "hourly_wage": wage, "pays_same_as_coworkers": None}, minimum)
    assert first == second
    assert "below_minimum_wage" not in first[1] and "pays_less_than_coworkers" not in first[1]


@given(
    MINIMUM, st.sampled_from(["hourly_wage", "pays_same_as_coworkers", "open_to_anyone", "agency_time_limit"])
)
def test_any_missing_answer_means_not_competitive(minimum, missing):
    ok, reasons = competitive_integrated(_job(**{"hourly_wage": Decimal("400"), missing: None}), minimum)
    assert not ok
    assert reasons == ["information_missing"]


# --- The applicable minimum -----------------------------------------------------------------------

RATE = st.fixed_dictionaries(
    {
        "jurisdiction": st.sampled_from(["federal", "state", "locality"]),
        "state": st.sampled_from(["WI", "MN"]),
        "locality": st.sampled_from(["Madison", "Dane County"]),
        "effective_from": DAY,
        "hourly_rate": MINIMUM,
    }
).map(
    lambda r: {
        **r,
        "state": "" if r["jurisdiction"] == "federal" else r["state"],
        "locality": r["locality"] if r["jurisdiction"] == "locality" else "",
    }
)


def _rate(jurisdiction, rate, on, state="", locality=""):
    return {
        "jurisdiction": jurisdiction,
        "state": state,
        "locality": locality,
        "effective_from": on,
        "hourly_rate": Decimal(rate),
    }


def test_federal_floor_and_a_higher_state_and_city():
    rates = [
        _rate("federal", "7.25", datetime.date(2009, 7, 24)),
        _rate("state", "8.00", datetime.date(2020, 1, 1), state="WI"),
        _rate("state", "9.00", datetime.date(2024, 1, 1), state="WI"),
        _rate("locality", "8.50", datetime.date(2021, 1, 1), state="WI", locality="Madison"),
        _rate("state", "20.00", datetime.date(2020, 1, 1), state="MN"),
    ]
    assert applicable_minimum_wage("WI", "", datetime.date(2019, 6, 1), rates) == Decimal("7.25")
    assert applicable_minimum_wage("WI", "", datetime.date(2020, 6, 1), rates) == Decimal("8.00")
    assert applicable_minimum_wage("WI", "madison", datetime.date(2022, 6, 1), rates) == Decimal("8.50")
    # The latest state rate in force replaces the earlier one, and is now above the city's.
    assert applicable_minimum_wage("WI", "Madison", datetime.date(2024, 1, 1), rates) == Decimal("9.00")
    assert applicable_minimum_wage("WI", "", datetime.date(2005, 1, 1), rates) == Decimal("0.00")


@given(st.lists(RATE, max_size=12), st.sampled_from(["WI", "MN"]), st.sampled_from(["", "Madison"]), DAY)
def test_the_applicable_minimum_is_the_highest_rate_in_force(rates, state, locality, on):
    result = applicable_minimum_wage(state, locality, on, rates)
    in_force = {}
    for r in rates:
        binds = r["jurisdiction"] == "federal" or (
            r["state"] == state and (r["jurisdiction"] == "state" or r["locality"] == locality)
        )
        if binds and r["effective_from"] <= on:
            key = (r["jurisdiction"], r["state"], r["locality"])
            if key not in in_force or r["effective_from"] > in_force[key]["effective_from"]:
                in_force[key] = r
    assert result == max((r["hourly_rate"] for r in in_force.values()), default=Decimal("0.00"))


@given(st.lists(RATE, max_size=8), RATE, DAY)
def test_a_rate_that_starts_later_changes_nothing_before_it(rates, new, on):
    if new["effective_from"] > on:
        assert applicable_minimum_wage("WI", "Madison", on, rates) == applicable_minimum_wage(
            "WI", "Madison", on, [*rates, new]
        )
