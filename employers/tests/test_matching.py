"""Matching openings with career profiles: scores, reasons, and properties that must always hold.

The scoring is plain Python over unsaved rows, so most tests here need no database.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from employers import matching
from employers.models import Employer, Opening
from people.models import CareerProfile, JobSeeker, Shift


def _opening(**fields) -> Opening:
    values = {
        "title": "Line cook",
        "job_type": "",
        "hours_min": None,
        "hours_max": None,
        "hourly_wage_min": None,
        "hourly_wage_max": None,
        "shifts": [],
    }
    values.update(fields)
    # An unsaved business, so the opening can be shown (Hypothesis prints failing examples).
    return Opening(employer=Employer(name="Synthetic Grill"), **values)


def _profile(**fields) -> CareerProfile:
    values = {"job_types_wanted": [], "job_types_avoided": [], "shifts": [], "locations": ""}
    values.update(fields)
    return CareerProfile(job_seeker=JobSeeker(first_name="Sam", last_name="Synthetic"), **values)


def _texts(suggestion) -> list[str]:
    return [r.text for r in suggestion.reasons]


# --- Examples a specialist would recognize ------------------------------------------------------


def test_wanted_kind_of_work_hours_and_shift_give_readable_reasons():
    opening = _opening(title="Line cook", hours_min=25, hours_max=32, shifts=["night"])
    profile = _profile(job_types_wanted=["line cook"], hours_min=20, hours_max=30, shifts=["day"])
    result = matching.score(opening, profile)
    texts = _texts(result)
    assert "Wants line cook work" in texts
    assert "Wants 20–30 hours; this is 25–32" in texts
    assert "Prefers days; this is nights" in texts
    assert result.score == matching.WANTED_FULL + matching.HOURS - matching.SHIFTS


def test_words_match_whatever_the_case_and_plural():
    opening = _opening(title="DISHWASHERS wanted", job_type="")
    assert matching.score(opening, _profile(job_types_wanted=["Dishwasher"])).score == matching.WANTED_FULL


def test_a_kind_of_work_to_avoid_sinks_the_opening_and_says_why():
    opening = _opening(title="Cashier", job_type="retail")
    result = matching.score(opening, _profile(job_types_wanted=["cashier"], job_types_avoided=["retail"]))
    assert result.score < 0
    assert "Said to avoid retail work; this is Cashier (retail)" in _texts(result)


def test_wage_wanted_against_what_the_opening_pays():
    opening = _opening(hourly_wage_min=Decimal("14"), hourly_wage_max=Decimal("15.50"))
    assert "Wants $16.00 an hour; this pays at most $15.50" in _texts(
        matching.score(opening, _profile(wage_wanted=Decimal("16")))
    )
    assert "Wants $15.00 an hour; this pays up to $15.50" in _texts(
        matching.score(opening, _profile(wage_wanted=Decimal("15")))
    )


def test_flexible_fits_any_shift():
    result = matching.score(_opening(shifts=["night"]), _profile(shifts=["flexible"]))
    assert result.score == matching.SHIFTS


def test_nothing_known_counts_for_nothing():
    assert matching.score(_opening(), _profile()).score == 0
    no_profile = matching.score(_opening(), None)
    assert no_profile.score == 0
    assert "No career profile yet" in no_profile.reasons[0].text


def test_no_es_contact_is_noted_without_changing_the_score():
    result = matching.score(_opening(), _profile(disclosure_preference="no_es_contact"))
    assert result.score == 0
    assert any("apply on their own" in t for t in _texts(result))


# --- Properties ----------------------------------------------------------------------------------

KINDS = ["line cook", "dishwasher", "cashier", "stocking", "janitor", "landscaping", "warehouse", "retail"]
kind = st.sampled_from(KINDS)
hours = st.one_of(st.none(), st.integers(min_value=1, max_value=80))
wage = st.one_of(st.none(), st.decimals(min_value=0, max_value=500, places=2))
shifts = st.lists(st.sampled_from(Shift.values), max_size=3, unique=True)


@st.composite
def openings(draw):
    low, high = draw(hours), draw(hours)
    if low is not None and high is not None and low > high:
        low, high = high, low
    wage_low, wage_high = draw(wage), draw(wage)
    if wage_low is not None and wage_high is not None and wage_low > wage_high:
        wage_low, wage_high = wage_high, wage_low
    return _opening(
        title=draw(st.sampled_from([k.title() for k in KINDS])),
        job_type=draw(st.one_of(st.just(""), kind)),
        hours_min=low,
        hours_max=high,
        hourly_wage_min=wage_low,
        hourly_wage_max=wage_high,
        shifts=draw(shifts),
    )


@st.composite
def profiles(draw):
    low, high = draw(hours), draw(hours)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return _profile(
        job_types_wanted=draw(st.lists(kind, max_size=3)),
        job_types_avoided=draw(st.lists(kind, max_size=2)),
        hours_min=low,
        hours_max=high,
        shifts=draw(shifts),
        wage_wanted=draw(wage),
        locations=draw(st.sampled_from(["", "Madison", "east side, bus 6", "Middleton"])),
    )


@settings(max_examples=300, deadline=None)
@given(opening=openings(), profile=profiles(), x=kind)
def test_avoiding_the_kind_of_work_never_ranks_above_wanting_it(opening, profile, x):
    """Two people alike except that one wants the opening's kind of work and the other avoids it."""
    opening.job_type = x
    wants = _profile(**{f: getattr(profile, f) for f in _FIELDS})
    avoids = _profile(**{f: getattr(profile, f) for f in _FIELDS})
    wants.job_types_wanted = [*profile.job_types_wanted, x]
    wants.job_types_avoided = [k for k in profile.job_types_avoided if k != x]
    avoids.job_types_wanted = [k for k in profile.job_types_wanted if k != x]
    avoids.job_types_avoided = [*wants.job_types_avoided, x]
    ranked = matching.rank(
        [matching.score(opening, avoids, subject="avoids"), matching.score(opening, wants, subject="wants")],
        name=lambda s: s.subject,
    )
    assert ranked[0].subject == "wants"
    assert ranked[0].score > ranked[1].score


_FIELDS = (
    "job_types_wanted",
    "job_types_avoided",
    "hours_min",
    "hours_max",
    "shifts",
    "wage_wanted",
    "locations",
)


@settings(max_examples=300, deadline=None)
@given(opening=openings(), profile=profiles())
def test_every_point_has_a_reason_and_every_mismatch_is_explained(opening, profile):
    result = matching.score(opening, profile)
    assert result.score == sum(r.points for r in result.reasons)
    for reason in result.reasons:
        assert reason.text.strip()
        if reason.points < 0:
            assert reason.kind == matching.MISMATCH
        if reason.points > 0:
            assert reason.kind == matching.MATCH
    mismatches = " ".join(r.text for r in result.reasons if r.kind == matching.MISMATCH)
    # Hours that do not overlap are always said.
    wanted = matching._range(profile.hours_min, profile.hours_max)
    offered = matching._range(opening.hours_min, opening.hours_max)
    if wanted and offered and (wanted[1] < offered[0] or offered[1] < wanted[0]):
        assert "hours" in mismatches
    # A wage below what the person wants is always said.
    pays = opening.hourly_wage_max if opening.hourly_wage_max is not None else opening.hourly_wage_min
    if profile.wage_wanted is not None and pays is not None and profile.wage_wanted > pays:
        assert "an hour" in mismatches
    # A shift the person does not work is always said.
    if profile.shifts and opening.shifts and "flexible" not in profile.shifts + opening.shifts:
        if not set(profile.shifts) & set(opening.shifts):
            assert "Prefers" in mismatches
    # A kind of work to avoid that is the opening's is always said.
    opening_words = matching.words(f"{opening.title} {opening.job_type}")
    if any(matching.words(k) and matching.words(k) <= opening_words for k in profile.job_types_avoided):
        assert "avoid" in mismatches


@settings(max_examples=100, deadline=None)
@given(opening=openings(), profile=profiles())
def test_scoring_is_the_same_every_time(opening, profile):
    first, second = matching.score(opening, profile), matching.score(opening, profile)
    assert first.score == second.score
    assert [r.text for r in first.reasons] == [r.text for r in second.reasons]
