"""The job development view: face-to-face contacts per ES and week against the SE6 target, and who is waiting."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import MembershipFactory, UserFactory
from core.dates import IsoWeek, today_in
from employers.selectors.contacts import job_development, job_search_without_contact, weeks_ending
from employers.tests.factories_contacts import EmployerFactory, contact
from people.tests.factories_caseload import enrolled

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def es_user(make_user, program):
    return make_user("employment_specialist", program, first_name="Ana", last_name="Alvarez")


@pytest.fixture
def today(program):
    return today_in(program.time_zone)


@pytest.fixture
def last_week(today):
    return IsoWeek.containing(today).previous()


def _es(program, first, last, fte="1.00", start=None):
    return MembershipFactory(
        user=UserFactory(first_name=first, last_name=last),
        program=program,
        role="employment_specialist",
        fte=Decimal(fte),
        **({"start_date": start} if start else {}),
    )


def _cell(view, membership, week):
    row = next(r for r in view["specialists"] if r.membership == membership)
    return next(c for c in row.cells if c.week == week)


def test_eight_iso_weeks_ending_with_this_one(today):
    weeks = weeks_ending(today)
    assert len(weeks) == 8 and weeks[-1] == IsoWeek.containing(today)
    assert all(w.start.weekday() == 0 and w.end.weekday() == 6 for w in weeks)
    assert all(b.start - a.end == DAY for a, b in zip(weeks, weeks[1:], strict=False))


def test_a_week_counts_face_to_face_job_development_from_monday_to_sunday(program, today, last_week):
    ana = _es(program, "Ana", "Alvarez")
    person = enrolled(program, ana, enrolled_days_ago=60)
    diner, bakery = EmployerFactory(program=program), EmployerFactory(program=program)
    contact(staff=ana, employer=diner, on=last_week.start, people=[person])  # Monday: counts
    contact(staff=ana, employer=diner, on=last_week.end)  # Sunday: counts, same business
    contact(
        staff=ana,
        employer=bakery,
        on=last_week.start + 2 * DAY,
        purpose="job_seeker_introduction",
        people=[person],
    )
    contact(staff=ana, employer=bakery, on=last_week.start - DAY)  # the Sunday before: the week before
    contact(staff=ana, employer=bakery, on=last_week.start + DAY, face_to_face=False)  # a phone call
    contact(staff=ana, employer=bakery, on=last_week.start + DAY, purpose="support_on_job")  # follow-along
    view = job_development(program=program, today=today)
    cell = _cell(view, ana, last_week)
    assert (cell.contacts, cell.for_job_seekers, cell.businesses) == (3, 2, 2)
    assert (cell.target, cell.met) == (Decimal("6.0"), False)
    assert _cell(view, ana, last_week.previous()).contacts == 1


def test_the_target_scales_with_fte_and_is_said_in_words(login, make_user, program, today, last_week):
    half = _es(program, "Hal", "Half", fte="0.50")
    for day in range(3):
        contact(staff=half, on=last_week.start + day * DAY)
    view = job_development(program=program, today=today)
    cell = _cell(view, half, last_week)
    assert (cell.contacts, cell.target, cell.met) == (3, Decimal("3.0"), True)
    row = next(r for r in view["specialists"] if r.membership == half)
    assert row.weekly_target == Decimal("3.0")
    this_week = _cell(view, half, IsoWeek.containing(today))
    assert this_week.in_progress and this_week.met is None

    page = login(make_user("ips_supervisor", program)).get(
        reverse("employers:job_development", args=[program.slug])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hal Half" in html and "Met" in html and "Not met" in html and "Week not over" in html


def test_a_new_es_is_counted_from_the_day_they_started(program, today, last_week):
    new = _es(program, "Nia", "New", start=last_week.start + 3 * DAY)  # Thursday: 4 days in post
    contact(staff=new, on=last_week.end)
    view = job_development(program=program, today=today)
    assert _cell(view, new, last_week).target == Decimal("3.4")  # 6 × 4/7
    earlier = _cell(view, new, last_week.previous())
    assert not earlier.in_post and earlier.met is None


def test_the_team_adds_up_its_specialists_and_counts_businesses_once(program, today, last_week):
    ana = _es(program, "Ana", "Alvarez")
    ben = _es(program, "Ben", "Baker", fte="0.50")
    diner = EmployerFactory(program=program)
    supervisor = MembershipFactory(program=program, role="ips_supervisor")
    for _ in range(6):
        contact(staff=ana, employer=diner, on=last_week.start)
    contact(staff=ben, employer=diner, on=last_week.start)
    contact(staff=ben, on=last_week.start)
    contact(staff=supervisor, on=last_week.start)  # not an ES: not in SE6
    view = job_development(program=program, today=today)
    team = next(c for c in view["team"].cells if c.week == last_week)
    assert (team.contacts, team.businesses, team.target, team.met) == (8, 2, Decimal("9.0"), False)
    assert view["team"].fte == Decimal("1.50")
    assert _cell(view, ana, last_week).met is True
    assert _cell(view, ben, last_week).met is False


def test_people_in_job_search_with_no_employer_contact_for_two_weeks(es_user, program, today):
    ana = es_user.memberships.get()
    searching = {"job_search_started_on": today - 30 * DAY}
    never = enrolled(
        program, ana, first_name="Never", last_name="Contacted", enrolled_days_ago=40, **searching
    )
    old = enrolled(program, ana, first_name="Fourteen", last_name="Days", enrolled_days_ago=40, **searching)
    recent = enrolled(
        program, ana, first_name="Thirteen", last_name="Days", enrolled_days_ago=40, **searching
    )
    enrolled(program, ana, first_name="Just", last_name="Engaged", enrolled_days_ago=40)
    enrolled(
        program,
        ana,
        first_name="Was",
        last_name="Closed",
        enrolled_days_ago=40,
        closed_date=today - DAY,
        closure_reason="moved_away",
        **searching,
    )
    contact(staff=ana, on=today - 14 * DAY, people=[old])
    contact(staff=ana, on=today - 13 * DAY, face_to_face=False, people=[recent])  # any contact counts
    rows = list(job_search_without_contact(user=es_user, program=program, today=today))
    assert [p.pk for p in rows] == [never.pk, old.pk]
    assert (rows[0].last_employer_contact, rows[1].last_employer_contact) == (None, today - 14 * DAY)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_view_costs_the_same_queries_for_a_small_or_a_big_team(
    login, make_user, program, today, last_week
):
    client = login(make_user("ips_supervisor", program))
    url = reverse("employers:job_development", args=[program.slug])

    def grow(n):
        for i in range(n):
            es = _es(program, f"Es{i}", f"Number{n}")
            person = enrolled(program, es, enrolled_days_ago=40, job_search_started_on=today - 20 * DAY)
            for day in range(3):
                contact(staff=es, on=last_week.start + day * DAY, people=[person])

    grow(1)
    small = _queries(client, url)
    grow(6)
    assert _queries(client, url) == small


def test_the_selector_runs_in_three_queries(django_assert_max_num_queries, program, today, last_week):
    for i in range(4):
        es = _es(program, f"Es{i}", "Example")
        contact(staff=es, on=last_week.start)
    with django_assert_max_num_queries(3):
        job_development(program=program, today=today)
