"""The caseload: phase on a date, days since contact, the rapid-job-search clock, filters, the page."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employers.tests.factories_contacts import employer_contact
from people.models import JobSeeker, NoteMode
from people.selectors.caseload import (
    Phase,
    caseload_list,
    phase_annotation,
    register_phase_condition,
    unregister_phase_condition,
)
from people.tests.factories import ConsentFactory, JobSeekerFactory
from people.tests.factories_caseload import (
    active_plan,
    days_ago,
    enrolled,
    note,
    specialist,
)


@pytest.fixture
def ben(program):
    return specialist(program, "Ben", "Brooks")


def _url(program, **params):
    url = reverse("people:caseload", args=[program.slug])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def _names(response):
    return [person.display_name for person in response.context["page"]]


def _phase_on(person, d):
    return JobSeeker.objects.annotate(phase=phase_annotation(d)).get(pk=person.pk).phase


# --- Phase ----------------------------------------------------------------------------------------


def test_phase_on_a_date(program):
    d = days_ago(0)
    referred = JobSeekerFactory(program=program)
    engaged = enrolled(program, enrolled_days_ago=10)
    searching = enrolled(program, enrolled_days_ago=20, job_search_started_on=days_ago(5))
    closed = enrolled(program, enrolled_days_ago=40, closed_date=days_ago(2), closure_reason="moved_away")
    assert _phase_on(referred, d) == Phase.REFERRED
    assert _phase_on(engaged, d) == Phase.ENGAGED
    assert _phase_on(searching, d) == Phase.JOB_SEARCH
    assert _phase_on(closed, d) == Phase.CLOSED


def test_phase_depends_on_the_date(program):
    person = enrolled(
        program,
        enrolled_days_ago=20,
        job_search_started_on=days_ago(10),
        closed_date=days_ago(3),
        closure_reason="chose_to_stop",
    )
    assert _phase_on(person, days_ago(25)) == Phase.REFERRED  # before the enrollment
    assert _phase_on(person, days_ago(15)) == Phase.ENGAGED
    assert _phase_on(person, days_ago(10)) == Phase.JOB_SEARCH  # the day the search started
    assert _phase_on(person, days_ago(4)) == Phase.JOB_SEARCH
    assert _phase_on(person, days_ago(3)) == Phase.CLOSED  # the day of closing


def test_an_enrollment_after_the_date_counts_as_referred(program):
    person = enrolled(program, enrolled_days_ago=2)
    assert _phase_on(person, days_ago(3)) == Phase.REFERRED
    assert _phase_on(person, days_ago(2)) == Phase.ENGAGED


def test_working_never_matches_until_the_jobs_app_registers_it(program):
    person = enrolled(program, enrolled_days_ago=20, job_search_started_on=days_ago(10), ref="HOLDS-A-JOB")
    assert _phase_on(person, days_ago(0)) == Phase.JOB_SEARCH

    def holds_a_job(d):
        return Q(ref="HOLDS-A-JOB")

    register_phase_condition(Phase.WORKING, holds_a_job)
    try:
        assert _phase_on(person, days_ago(0)) == Phase.WORKING
        closed = enrolled(program, ref="HOLDS-A-JOB-2", closed_date=days_ago(1), closure_reason="other")
        assert _phase_on(closed, days_ago(0)) == Phase.CLOSED  # closed still wins
    finally:
        unregister_phase_condition(Phase.WORKING, holds_a_job)
    assert _phase_on(person, days_ago(0)) == Phase.JOB_SEARCH
    with pytest.raises(ValueError):
        register_phase_condition(Phase.CLOSED, holds_a_job)


# --- Days since contact and the rapid-job-search clock -------------------------------------------


def _row(user, program, person, **kwargs):
    return caseload_list(user=user, program=program, phase="all", **kwargs).get(pk=person.pk)


def test_days_since_last_contact(es_user, program):
    met = enrolled(program, enrolled_days_ago=30)
    note(met, on=days_ago(12))
    note(met, on=days_ago(4), mode=NoteMode.PHONE)  # any mode is a contact
    never = enrolled(program, enrolled_days_ago=30)
    employer_contact(never, on=days_ago(2))  # a contact with an employer is not one with the person
    assert _row(es_user, program, met).days_since_contact == 4
    assert _row(es_user, program, met).last_contact == days_ago(4)
    assert _row(es_user, program, never).days_since_contact is None


def test_the_clock_counts_days_from_enrollment_while_there_is_no_employer_contact(es_user, program):
    person = enrolled(program, enrolled_days_ago=12)
    row = _row(es_user, program, person)
    assert (row.clock_days, row.first_employer_contact, row.clock_overdue) == (12, None, False)


def test_the_clock_stops_at_the_first_face_to_face_employer_contact(es_user, program):
    person = enrolled(program, enrolled_days_ago=50)
    employer_contact(person, on=days_ago(45), face_to_face=False)  # not face to face
    employer_contact(person, on=days_ago(38))
    employer_contact(person, on=days_ago(20))
    row = _row(es_user, program, person)
    assert (row.clock_days, row.first_employer_contact, row.clock_overdue) == (12, days_ago(38), False)


def test_the_clock_turns_red_after_30_days_with_no_contact(es_user, program):
    day_30 = enrolled(program, enrolled_days_ago=30)
    day_31 = enrolled(program, enrolled_days_ago=31)
    assert _row(es_user, program, day_30).clock_overdue is False
    assert _row(es_user, program, day_31).clock_overdue is True
    assert _row(es_user, program, day_31).clock_days == 31


def test_no_clock_before_enrollment_and_a_stopped_clock_when_closed(es_user, program):
    referred = JobSeekerFactory(program=program)
    assert _row(es_user, program, referred).clock_days is None
    closed = enrolled(program, enrolled_days_ago=60, closed_date=days_ago(20), closure_reason="moved_away")
    row = _row(es_user, program, closed)
    assert (row.clock_days, row.clock_overdue) == (40, False)


def test_a_closed_persons_clock_says_it_stopped(login, es_user, program):
    enrolled(program, enrolled_days_ago=60, closed_date=days_ago(20), closure_reason="moved_away")
    text = login(es_user).get(_url(program, phase="closed", es="all")).content.decode()
    assert "Stopped at day 40, when the record was closed" in text
    assert "clock-overdue" not in text


def test_a_worker_gets_no_red_clock(es_user, program):
    person = enrolled(program, enrolled_days_ago=40, ref="FOUND-OWN-JOB")
    assert _row(es_user, program, person).clock_overdue is True

    def holds_a_job(d):
        return Q(ref="FOUND-OWN-JOB")

    register_phase_condition(Phase.WORKING, holds_a_job)
    try:
        row = _row(es_user, program, person)
        assert (row.phase, row.clock_days, row.clock_overdue) == (Phase.WORKING, 40, False)
    finally:
        unregister_phase_condition(Phase.WORKING, holds_a_job)


def test_the_next_step_comes_from_the_active_plan(es_user, program):
    person = enrolled(program, enrolled_days_ago=20)
    active_plan(
        person,
        review_due_on=days_ago(-60),
        steps=[("Visit the bakery on Main St", days_ago(-3)), ("Update the résumé", days_ago(-1))],
    )
    row = _row(es_user, program, person)
    assert (row.next_step_text, row.next_step_due) == ("Update the résumé", days_ago(-1))


# --- The page -------------------------------------------------------------------------------------


def test_the_page_shows_the_columns(login, es_user, ana, program):
    person = enrolled(program, ana, enrolled_days_ago=34, first_name="Rosa", last_name="Testperson")
    note(person, on=days_ago(3))
    active_plan(person, review_due_on=days_ago(-30), steps=[("Call the hardware store", days_ago(-2))])
    response = login(es_user).get(_url(program))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Rosa Testperson" in text
    assert reverse("people:job_seeker_detail", args=[program.slug, person.pk]) in text
    assert "Engaged" in text
    assert "3 days ago" in text
    assert re.search(r'class="clock-overdue">Day 34 — no employer contact<', text)
    assert "Call the hardware store" in text
    assert "Ana Alvarez" in text


def test_each_row_has_a_note_link_back_to_the_caseload(login, es_user, ana, program):
    person = enrolled(program, ana)
    client = login(es_user)
    url = _url(program, phase="engaged")
    text = client.get(url).content.decode()
    note_url = reverse("people:service_note_create", args=[program.slug, person.pk])
    assert f'href="{note_url}?next=%2Fprograms%2F{program.slug}%2Fcaseload%2F%3Fphase%3Dengaged"' in text
    # One tap opens the note form, and it knows where to go back to.
    form = client.get(f"{note_url}?next={url}")
    assert form.status_code == 200


def test_an_employment_specialist_sees_their_own_caseload_by_default(login, es_user, ana, ben, program):
    enrolled(program, ana, first_name="Mine", last_name="Aaa")
    enrolled(program, ben, first_name="Theirs", last_name="Bbb")
    JobSeekerFactory(program=program, first_name="Unassigned", last_name="Ccc")
    client = login(es_user)
    assert _names(client.get(_url(program))) == ["Mine Aaa"]
    assert _names(client.get(_url(program, es="all"))) == ["Mine Aaa", "Theirs Bbb", "Unassigned Ccc"]


def test_a_supervisor_sees_everyone_and_filters_by_specialist(login, supervisor, ana, ben, program):
    enrolled(program, ana, first_name="Mine", last_name="Aaa")
    enrolled(program, ben, first_name="Theirs", last_name="Bbb")
    client = login(supervisor)
    response = client.get(_url(program))
    assert _names(response) == ["Mine Aaa", "Theirs Bbb"]
    assert "My caseload" not in response.content.decode()
    assert _names(client.get(_url(program, es=ben.pk))) == ["Theirs Bbb"]
    assert client.get(_url(program, es=999999)).status_code == 400  # not an ES of this program


def test_search_by_name_or_reference(login, supervisor, program):
    enrolled(program, first_name="Rosa", last_name="Testperson", ref="JS-ROSA")
    enrolled(program, first_name="Tomas", last_name="Example", preferred_name="Tom", ref="JS-TOM")
    client = login(supervisor)
    assert _names(client.get(_url(program, q="testp"))) == ["Rosa Testperson"]
    assert _names(client.get(_url(program, q="js-tom"))) == ["Tom Example"]
    assert _names(client.get(_url(program, q="rosa+testperson"))) == ["Rosa Testperson"]
    assert _names(client.get(_url(program, q="nobody"))) == []


def test_filter_by_phase_and_clock(login, supervisor, program):
    enrolled(program, first_name="Late", last_name="Clock", enrolled_days_ago=40)
    early = enrolled(program, first_name="Early", last_name="Clock", enrolled_days_ago=40)
    employer_contact(early, on=days_ago(35))
    enrolled(
        program, first_name="Search", last_name="Ing", enrolled_days_ago=5, job_search_started_on=days_ago(1)
    )
    enrolled(
        program, first_name="Gone", last_name="Away", closed_date=days_ago(1), closure_reason="moved_away"
    )
    JobSeekerFactory(program=program, first_name="Just", last_name="Referred")
    client = login(supervisor)
    assert "Gone Away" not in _names(client.get(_url(program)))  # closed people only on request
    assert _names(client.get(_url(program, phase="closed"))) == ["Gone Away"]
    assert len(_names(client.get(_url(program, phase="all")))) == 5
    assert _names(client.get(_url(program, phase="job_search"))) == ["Search Ing"]
    assert _names(client.get(_url(program, phase="referred"))) == ["Just Referred"]
    assert _names(client.get(_url(program, clock="overdue"))) == ["Late Clock"]
    assert _names(client.get(_url(program, clock="met"))) == ["Early Clock"]
    assert _names(client.get(_url(program, clock="running"))) == ["Late Clock", "Search Ing"]
    assert client.get(_url(program, phase="retired")).status_code == 400


def test_sort_by_name_days_since_contact_and_clock(login, supervisor, program):
    a = enrolled(program, first_name="A", last_name="Adams", enrolled_days_ago=10)
    b = enrolled(program, first_name="B", last_name="Brown", enrolled_days_ago=25)
    enrolled(program, first_name="C", last_name="Clark", enrolled_days_ago=5)
    note(a, on=days_ago(2))
    note(b, on=days_ago(9))
    # Clark was never met: the longest since contact of all.
    client = login(supervisor)
    assert _names(client.get(_url(program, sort="name"))) == ["A Adams", "B Brown", "C Clark"]
    assert _names(client.get(_url(program, sort="-name"))) == ["C Clark", "B Brown", "A Adams"]
    assert _names(client.get(_url(program, sort="contact"))) == ["C Clark", "B Brown", "A Adams"]
    assert _names(client.get(_url(program, sort="clock"))) == ["B Brown", "A Adams", "C Clark"]


def test_pagination_keeps_the_filters(login, supervisor, program):
    for i in range(30):
        enrolled(program, first_name=f"P{i:02d}", last_name="Same", ref=f"PAGE-{i:02d}")
    client = login(supervisor)
    first = client.get(_url(program, q="same", sort="-name"))
    assert len(first.context["page"]) == 25
    assert "?q=same&amp;sort=-name&amp;page=2" in first.content.decode()
    second = client.get(_url(program, q="same", sort="-name", page=2))
    assert _names(second) == [f"P{i:02d} Same" for i in range(4, -1, -1)]


def test_htmx_gets_only_the_results(login, supervisor, program):
    enrolled(program, first_name="Rosa", last_name="Testperson")
    response = login(supervisor).get(_url(program, q="rosa"), headers={"HX-Request": "true"})
    text = response.content.decode()
    assert text.lstrip().startswith('<div id="caseload-results">')
    assert "Rosa Testperson" in text
    assert "<html" not in text


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_3_or_30_people(login, es_user, ana, ben, program):
    client = login(es_user)
    for i in range(3):
        person = enrolled(program, ana if i % 2 else ben, enrolled_days_ago=40)
        note(person, on=days_ago(3))
        employer_contact(person, on=days_ago(30))
        active_plan(person, review_due_on=days_ago(-20), steps=[("Step", days_ago(-2))])
    small = _queries_for(client, _url(program, es="all"))
    for i in range(27):
        person = enrolled(program, ana if i % 2 else ben, enrolled_days_ago=40)
        note(person, on=days_ago(3))
        active_plan(person, review_due_on=days_ago(-20), steps=[("Step", days_ago(-2))])
    assert _queries_for(client, _url(program, es="all")) == small
    assert _queries_for(client, _url(program, es="all", sort="clock", page=2)) == small


def test_the_list_is_one_query_with_the_specialists(django_assert_num_queries, es_user, ana, program):
    for _ in range(12):
        person = enrolled(program, ana, enrolled_days_ago=40)
        note(person, on=days_ago(3))
        active_plan(person, review_due_on=days_ago(-20), steps=[("Step", days_ago(-2))])
    access_cache = caseload_list(user=es_user, program=program)  # memberships are read once, here
    list(access_cache)
    with django_assert_num_queries(1):
        rows = list(caseload_list(user=es_user, program=program, sort="clock"))
        names = {row.employment_specialist.user.get_full_name() for row in rows}
    assert len(rows) == 12
    assert names == {"Ana Alvarez"}


# --- Partners and the analyst -----------------------------------------------------------------------


def test_a_partner_sees_only_people_whose_consent_allows_it(login, make_user, program):
    consented = enrolled(program, first_name="With", last_name="Consent", enrolled_days_ago=40)
    ConsentFactory(
        job_seeker=consented, partner_kind="vocational_rehabilitation", scopes=["employment_progress"]
    )
    note(consented, on=days_ago(3))
    active_plan(consented, review_due_on=days_ago(-30), steps=[("Apply at the library", days_ago(-2))])
    enrolled(program, first_name="Without", last_name="Consent")
    client = login(make_user("vr_counselor", program))
    response = client.get(_url(program))
    assert response.status_code == 200
    assert _names(response) == ["With Consent"]
    row = response.context["page"][0]
    # The consent releases employment progress, not service notes: the plan shows, the notes' dates do not.
    assert row.next_step_text == "Apply at the library"
    assert (row.days_since_contact, row.clock_days) == (None, None)
    text = response.content.decode()
    assert "Day 40" not in text
    assert (
        "people:service_note_create" not in text and "/notes/new/" not in text
    )  # partners write no notes here


def test_a_partner_with_the_notes_scope_sees_the_contact_columns(login, make_user, program):
    person = enrolled(program, enrolled_days_ago=40)
    ConsentFactory(job_seeker=person, partner_kind="vocational_rehabilitation", scopes=["service_notes"])
    note(person, on=days_ago(3))
    client = login(make_user("vr_counselor", program))
    row = client.get(_url(program)).context["page"][0]
    assert (row.days_since_contact, row.clock_days, row.clock_overdue) == (3, 40, True)
    assert row.next_step_text is None


def test_the_analyst_is_refused(login, make_user, program):
    assert login(make_user("analyst")).get(_url(program)).status_code == 403


def test_another_programs_caseload_is_not_found(login, es_user, other_program):
    assert login(es_user).get(_url(other_program)).status_code == 404


# --- Navigation and home -------------------------------------------------------------------------


def test_staff_get_caseload_and_today_in_the_navigation_and_on_home(login, es_user, program):
    text = login(es_user).get(reverse("core:home")).content.decode()
    assert text.count(f'href="{reverse("people:caseload", args=[program.slug])}"') >= 2
    assert text.count(f'href="{reverse("people:worklist", args=[program.slug])}"') >= 2


def test_the_analyst_gets_no_caseload_link(login, make_user, program):
    text = login(make_user("analyst")).get(reverse("core:home")).content.decode()
    assert "/caseload/" not in text
    assert "/today/" not in text


def test_closed_and_archived_people_are_left_out_by_default(login, supervisor, program):
    enrolled(program, first_name="Open", last_name="Record")
    archived = enrolled(program, first_name="Archived", last_name="Record")
    JobSeeker.objects.filter(pk=archived.pk).update(archived_at=datetime.datetime.now(datetime.UTC))
    assert _names(login(supervisor).get(_url(program, phase="all"))) == ["Open Record"]
