"""Quarter and ISO-week arithmetic: the one module every report's date ranges come from."""

import datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from core.dates import IsoWeek, Quarter, QuarterError, days_since, quarters_between

D = datetime.date

# Quarters that have a next and a previous quarter inside the years a date can hold.
years = st.integers(min_value=2, max_value=9998)
quarter_numbers = st.integers(min_value=1, max_value=4)
dates = st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31))


def test_parse_gives_the_quarters_first_and_last_day():
    q = Quarter.parse("2026Q2")
    assert (q.year, q.number) == (2026, 2)
    assert q.start == D(2026, 4, 1)
    assert q.end == D(2026, 6, 30)
    assert q.days == 91
    assert str(q) == "2026Q2"


@pytest.mark.parametrize("text", ["2026Q2", "2026q2", "2026-Q2", " 2026 Q2 "])
def test_parse_accepts_the_usual_spellings(text):
    assert Quarter.parse(text) == Quarter(2026, 2)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026Q1", D(2026, 1, 1), D(2026, 3, 31)),
        ("2024Q1", D(2024, 1, 1), D(2024, 3, 31)),  # leap year: February has 29 days
        ("2026Q3", D(2026, 7, 1), D(2026, 9, 30)),
        ("2026Q4", D(2026, 10, 1), D(2026, 12, 31)),
    ],
)
def test_every_quarter_has_the_right_bounds(text, start, end):
    q = Quarter.parse(text)
    assert (q.start, q.end) == (start, end)


def test_leap_year_first_quarter_has_91_days_and_others_90():
    assert Quarter(2024, 1).days == 91
    assert Quarter(2026, 1).days == 90


def test_quarter_five_is_refused_with_a_message_saying_why():
    with pytest.raises(QuarterError) as caught:
        Quarter.parse("2026Q5")
    message = str(caught.value)
    assert "2026Q5" in message
    assert "Q1 to Q4" in message


def test_quarter_zero_built_directly_is_refused():
    with pytest.raises(QuarterError, match="quarters 1 to 4"):
        Quarter(2026, 0)


@pytest.mark.parametrize("text", ["", "spring 2026", "Q2 2026", "26Q2", "2026Q", "2026 Q2 extra", "2026/2"])
def test_garbage_text_is_refused_with_an_example_of_the_right_form(text):
    with pytest.raises(QuarterError, match="like 2026Q2"):
        Quarter.parse(text)


def test_a_quarter_error_is_a_value_error_so_forms_can_catch_it():
    with pytest.raises(ValueError):
        Quarter.parse("not a quarter")


def test_previous_and_next_cross_the_year_boundary():
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter(2025, 4).next() == Quarter(2026, 1)
    assert Quarter(2026, 2).previous() == Quarter(2026, 1)
    assert Quarter(2026, 2).next() == Quarter(2026, 3)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 1, 1), Quarter(2026, 1)),
        (D(2026, 3, 31), Quarter(2026, 1)),
        (D(2026, 4, 1), Quarter(2026, 2)),
        (D(2026, 12, 31), Quarter(2026, 4)),
    ],
)
def test_containing_finds_the_quarter_of_a_day(day, expected):
    assert Quarter.containing(day) == expected
    assert day in expected


def test_quarters_sort_by_year_then_number():
    unsorted = [Quarter(2026, 1), Quarter(2025, 4), Quarter(2026, 3), Quarter(2025, 1)]
    assert sorted(unsorted) == [Quarter(2025, 1), Quarter(2025, 4), Quarter(2026, 1), Quarter(2026, 3)]
    assert Quarter(2025, 4) < Quarter(2026, 1)
    assert Quarter(2026, 1) >= Quarter(2025, 4)


def test_quarters_between_includes_both_ends_across_years():
    assert quarters_between(Quarter(2025, 3), Quarter(2026, 2)) == [
        Quarter(2025, 3),
        Quarter(2025, 4),
        Quarter(2026, 1),
        Quarter(2026, 2),
    ]
    assert quarters_between(Quarter(2026, 2), Quarter(2026, 2)) == [Quarter(2026, 2)]


def test_quarters_between_is_empty_when_the_last_comes_first():
    assert quarters_between(Quarter(2026, 2), Quarter(2025, 4)) == []


def test_iso_week_at_a_year_boundary_belongs_to_the_year_of_its_thursday():
    # Thursday 31 December 2026 and Friday 1 January 2027 are both in 2026's week 53.
    assert IsoWeek.containing(D(2026, 12, 31)) == IsoWeek(2026, 53)
    assert IsoWeek.containing(D(2027, 1, 1)) == IsoWeek(2026, 53)
    assert IsoWeek(2026, 53).start == D(2026, 12, 28)
    assert IsoWeek(2026, 53).end == D(2027, 1, 3)
    assert IsoWeek(2026, 53).next() == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).start == D(2027, 1, 4)


def test_iso_week_2020_w53():
    week = IsoWeek(2020, 53)
    assert str(week) == "2020-W53"
    assert (week.start, week.end) == (D(2020, 12, 28), D(2021, 1, 3))
    assert IsoWeek.containing(D(2021, 1, 3)) == week
    assert week.previous() == IsoWeek(2020, 52)
    assert week.next() == IsoWeek(2021, 1)
    assert IsoWeek(2021, 1).previous() == week


def test_iso_week_early_january_can_belong_to_the_year_before():
    # 1 January 2021 is a Friday: it lies in week 53 of 2020, and 2021's week 1 starts on 4 January.
    assert IsoWeek.containing(D(2021, 1, 1)) == IsoWeek(2020, 53)
    assert IsoWeek.containing(D(2021, 1, 4)) == IsoWeek(2021, 1)
    # 29 December 2025 is a Monday: it is already week 1 of 2026.
    assert IsoWeek.containing(D(2025, 12, 29)) == IsoWeek(2026, 1)


def test_iso_week_is_written_with_two_digits():
    assert str(IsoWeek(2026, 3)) == "2026-W03"


def test_an_early_year_is_written_with_four_digits_so_it_reads_back():
    assert str(Quarter(2, 1)) == "0002Q1"
    assert Quarter.parse(str(Quarter(2, 1))) == Quarter(2, 1)
    assert str(IsoWeek(999, 5)) == "0999-W05"


def test_days_since():
    today = D(2026, 5, 15)
    assert days_since(None, today) is None
    assert days_since(today, today) == 0
    assert days_since(D(2026, 5, 1), today) == 14
    assert days_since(D(2025, 12, 31), D(2026, 1, 1)) == 1
    assert days_since(D(2026, 5, 20), today) == -5  # a date in the future counts down


def test_days_since_takes_the_date_part_of_a_datetime():
    moment = datetime.datetime(2026, 5, 14, 23, 59, tzinfo=datetime.UTC)
    assert days_since(moment, D(2026, 5, 15)) == 1


@given(dates)
@example(D(9999, 10, 1))  # the last quarter we can write has no next one to step back from
@example(D(9999, 12, 31))
@example(D(1, 1, 1))
def test_every_day_lies_in_exactly_the_quarter_containing_returns(day):
    q = Quarter.containing(day)
    assert q.start <= day <= q.end
    assert day in q
    if q.year > 1:
        assert day not in q.previous()
    if q.year < 9999:
        assert day not in q.next()


@given(years, quarter_numbers)
def test_consecutive_quarters_meet_without_a_gap_or_overlap(year, number):
    q = Quarter(year, number)
    assert q.next().start - q.end == datetime.timedelta(days=1)
    assert q.start - q.previous().end == datetime.timedelta(days=1)
    assert q.next().previous() == q
    assert Quarter.parse(str(q)) == q
    assert 90 <= q.days <= 92


@given(st.dates(min_value=D(2, 1, 1), max_value=D(9998, 12, 31)))
def test_every_day_lies_in_the_iso_week_containing_returns(day):
    week = IsoWeek.containing(day)
    assert week.start <= day <= week.end
    assert week.start.isoweekday() == 1
    assert week.end - week.start == datetime.timedelta(days=6)
    assert week.next().start - week.end == datetime.timedelta(days=1)
    assert week.next().previous() == week


def test_a_week_the_year_does_not_have_is_refused_with_a_message():
    with pytest.raises(ValueError, match="There is no week 53 in 2021: it has weeks 1 to 52."):
        IsoWeek(2021, 53)
    with pytest.raises(ValueError, match="There is no week 0 in 2026"):
        IsoWeek(2026, 0)
    assert IsoWeek(2026, 53).end == D(2027, 1, 3)  # 2026 does have 53 weeks


def test_iso_weeks_sort_in_calendar_order():
    weeks = [IsoWeek(2027, 1), IsoWeek(2026, 53), IsoWeek(2026, 2)]
    assert sorted(weeks) == [IsoWeek(2026, 2), IsoWeek(2026, 53), IsoWeek(2027, 1)]
