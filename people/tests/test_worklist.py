"""Today / worklist: each rule fires at its boundary and not a day before; the page; query counts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employers.tests.factories_contacts import employer_contact
from people.models import EmploymentPlan, NoteMode
from people.selectors.worklist import (
    JOB_START_FOLLOW_ALONG,
    WorklistRow,
    register_worklist_rule,
    unregister_worklist_rule,
    worklist,
    worklist_rules,
)
from people.tests.factories import ConsentFactory, JobSeekerFactory
from people.tests.factories_caseload import (
    active_plan,
    days_ago,
    enrolled,
    note,
    specialist,
)


def _people(user, program, key, **kwargs):
    """The people a rule lists today, in the order shown."""
    sections = {s.rule.key: s for s in worklist(user=user, program=program, **kwargs)}
    section = sections[key]
    assert section.count == len(section.rows)
    return [row.job_seeker.display_name for row in section.rows]


def _detail(user, program, key):
    sections = {s.rule.key: s for s in worklist(user=user, program=program)}
    return [row.detail for row in sections[key].rows]


# --- (a) No meeting for N days -----------------------------------------------------------------


def test_no_meeting_fires_on_the_programs_gap_day(supervisor, program):
    program.meeting_gap_days = 10
    program.save()
    before = enrolled(program, first_name="Day", last_name="Nine", enrolled_days_ago=40)
    note(before, on=days_ago(9))
    on_the_day = enrolled(program, first_name="Day", last_name="Ten", enrolled_days_ago=40)
    note(on_the_day, on=days_ago(10))
    long_ago = enrolled(program, first_name="Day", last_name="Thirty", enrolled_days_ago=40)
    note(long_ago, on=days_ago(30))
    note(long_ago, on=days_ago(2), mode=NoteMode.PHONE)  # a phone call is not a meeting
    assert _people(supervisor, program, "no_meeting") == ["Day Thirty", "Day Ten"]
    assert _detail(supervisor, program, "no_meeting")[0].startswith("No meeting for 30 days")


def test_never_met_counts_from_enrollment(supervisor, program):
    enrolled(program, first_name="Enrolled", last_name="Thirteen", enrolled_days_ago=13)
    enrolled(program, first_name="Enrolled", last_name="Fourteen", enrolled_days_ago=14)
    JobSeekerFactory(program=program, first_name="Only", last_name="Referred")
    enrolled(
        program,
        first_name="Closed",
        last_name="Record",
        enrolled_days_ago=60,
        closed_date=days_ago(1),
        closure_reason="moved_away",
    )
    assert _people(supervisor, program, "no_meeting") == ["Enrolled Fourteen"]  # default gap: 14 days
    assert _detail(supervisor, program, "no_meeting") == ["Not met since enrollment, 14 days ago"]


# --- (b) The rapid-job-search clock -----------------------------------------------------------------


def test_the_clock_rule_starts_on_day_21(supervisor, program):
    enrolled(program, first_name="Day", last_name="Twenty", enrolled_days_ago=20)
    enrolled(program, first_name="Day", last_name="TwentyOne", enrolled_days_ago=21)
    enrolled(program, first_name="Day", last_name="Forty", enrolled_days_ago=40)
    contacted = enrolled(program, first_name="Has", last_name="Contact", enrolled_days_ago=40)
    employer_contact(contacted, on=days_ago(39))
    assert _people(supervisor, program, "rapid_search") == ["Day Forty", "Day TwentyOne"]
    assert _detail(supervisor, program, "rapid_search") == [
        "Day 40 — past 30 days with no employer contact",
        "Day 21 of 30 — no employer contact yet",
    ]


def test_a_phone_call_to_an_employer_does_not_stop_the_clock(supervisor, program):
    person = enrolled(program, first_name="Phone", last_name="Only", enrolled_days_ago=25)
    employer_contact(person, on=days_ago(3), face_to_face=False)
    assert _people(supervisor, program, "rapid_search") == ["Phone Only"]


# --- (c) Plans -------------------------------------------------------------------------------------


def test_plans_due_for_review_within_14_days_or_overdue(supervisor, program):
    for name, due in [("Overdue", days_ago(3)), ("Fourteen", days_ago(-14)), ("Fifteen", days_ago(-15))]:
        person = enrolled(program, first_name="Review", last_name=name, enrolled_days_ago=60)
        active_plan(person, agreed_on=days_ago(50), review_due_on=due)
    draft = enrolled(program, first_name="Draft", last_name="Only", enrolled_days_ago=60)
    EmploymentPlan.objects.create(job_seeker=draft, status="draft", review_due_on=days_ago(1))
    closed = enrolled(
        program, first_name="Closed", last_name="Record", closed_date=days_ago(1), closure_reason="other"
    )
    active_plan(closed, review_due_on=days_ago(-1))
    assert _people(supervisor, program, "plan_review") == ["Review Overdue", "Review Fourteen"]
    details = _detail(supervisor, program, "plan_review")
    assert details[0].startswith("Plan review overdue by 3 days")
    assert details[1].startswith("Plan review due in 14 days")


def test_no_plan_after_30_days(supervisor, program):
    enrolled(program, first_name="Thirty", last_name="Days", enrolled_days_ago=30)
    enrolled(program, first_name="ThirtyOne", last_name="Days", enrolled_days_ago=31)
    with_plan = enrolled(program, first_name="With", last_name="Plan", enrolled_days_ago=60)
    active_plan(with_plan, review_due_on=days_ago(-60))
    assert _people(supervisor, program, "plan_missing") == ["ThirtyOne Days"]
    assert _detail(supervisor, program, "plan_missing") == ["Enrolled 31 days ago; no plan agreed yet"]


# --- (d) Consents -----------------------------------------------------------------------------------


def test_consents_expiring_within_30_days(supervisor, program):
    thirty = enrolled(program, first_name="Expires", last_name="Thirty")
    ConsentFactory(job_seeker=thirty, partner_name="County DVR", expiry_date=days_ago(-30))
    thirty_one = enrolled(program, first_name="Expires", last_name="ThirtyOne")
    ConsentFactory(job_seeker=thirty_one, expiry_date=days_ago(-31))
    assert _people(supervisor, program, "consent_expiring") == ["Expires Thirty"]
    assert _detail(supervisor, program, "consent_expiring") == [
        f"Release to DVR (vocational rehabilitation): County DVR expires in 30 days ({days_ago(-30)})"
    ]


# --- (e) Job starts: filled in by the jobs app ---------------------------------------------------


def test_the_job_start_rule_is_filled_in_by_the_supports_app_and_empty_without_jobs(supervisor, program):
    assert JOB_START_FOLLOW_ALONG in [rule.key for rule in worklist_rules()]
    sections = {s.rule.key: s for s in worklist(user=supervisor, program=program)}
    assert sections[JOB_START_FOLLOW_ALONG].count == 0


def test_the_jobs_app_can_fill_in_the_job_start_rule(login, supervisor, program):
    person = enrolled(program, first_name="New", last_name="Worker", ref="STARTED-A-JOB")

    def rows(ctx):  # stands in for the jobs app's query over Job
        return ctx.people.filter(ref="STARTED-A-JOB")

    register_worklist_rule(
        JOB_START_FOLLOW_ALONG,
        rows=rows,
        describe=lambda js, ctx: WorklistRow(js, "Started at the bakery; no follow-along contact yet"),
    )
    try:
        assert _people(supervisor, program, JOB_START_FOLLOW_ALONG) == ["New Worker"]
        text = login(supervisor).get(reverse("people:worklist", args=[program.slug])).content.decode()
        assert "New job starts without follow-along" in text
        assert "Started at the bakery; no follow-along contact yet" in text
    finally:
        unregister_worklist_rule(JOB_START_FOLLOW_ALONG)
        assert JOB_START_FOLLOW_ALONG not in [s.rule.key for s in worklist(user=supervisor, program=program)]
        from supports.apps import register_people_hooks

        register_people_hooks()  # the real rule again, for the tests after this one
    assert person.pk


# --- Whose worklist, the page, queries ------------------------------------------------------------


def test_an_employment_specialist_sees_their_own_worklist_by_default(login, es_user, ana, program):
    ben = specialist(program, "Ben", "Brooks")
    enrolled(program, ana, first_name="Mine", last_name="Late", enrolled_days_ago=25)
    enrolled(program, ben, first_name="Theirs", last_name="Late", enrolled_days_ago=25)
    url = reverse("people:worklist", args=[program.slug])
    client = login(es_user)
    sections = {s.rule.key: s for s in client.get(url).context["sections"]}
    assert [r.job_seeker.display_name for r in sections["rapid_search"].rows] == ["Mine Late"]
    sections = {s.rule.key: s for s in client.get(url + "?es=all").context["sections"]}
    assert [r.job_seeker.display_name for r in sections["rapid_search"].rows] == ["Mine Late", "Theirs Late"]
    sections = {s.rule.key: s for s in client.get(f"{url}?es={ben.pk}").context["sections"]}
    assert [r.job_seeker.display_name for r in sections["rapid_search"].rows] == ["Theirs Late"]


def test_the_page_lists_each_rule_with_its_count_and_links(login, es_user, ana, program):
    person = enrolled(program, ana, first_name="Rosa", last_name="Testperson", enrolled_days_ago=25)
    response = login(es_user).get(reverse("people:worklist", args=[program.slug]))
    assert response.status_code == 200
    text = response.content.decode()
    for label in ["No meeting lately", "Rapid job search", "Plans due for review", "Consents expiring"]:
        assert label in text
    assert "Day 25 of 30 — no employer contact yet" in text
    assert reverse("people:job_seeker_detail", args=[program.slug, person.pk]) in text
    assert reverse("people:service_note_create", args=[program.slug, person.pk]) + "?next=" in text
    assert "Not met since enrollment, 25 days ago" in text


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _busy_person(program, es):
    person = enrolled(program, es, enrolled_days_ago=40)
    note(person, on=days_ago(20))
    active_plan(person, agreed_on=days_ago(35), review_due_on=days_ago(-5))
    ConsentFactory(job_seeker=person, expiry_date=days_ago(-10))
    enrolled(program, es, enrolled_days_ago=35)  # no plan, no meeting, clock past 30
    return person


def test_the_page_costs_the_same_queries_for_3_or_30_people(login, es_user, ana, program):
    client = login(es_user)
    url = reverse("people:worklist", args=[program.slug]) + "?es=all"
    for _ in range(2):
        _busy_person(program, ana)
    small = _queries_for(client, url)
    for _ in range(14):
        _busy_person(program, ana)
    assert _queries_for(client, url) == small


def test_a_partner_sees_only_consented_people(login, make_user, program):
    shared = enrolled(program, first_name="Shares", last_name="Notes", enrolled_days_ago=25)
    ConsentFactory(job_seeker=shared, partner_kind="vocational_rehabilitation", scopes=["service_notes"])
    enrolled(program, first_name="No", last_name="Consent", enrolled_days_ago=25)
    partner = make_user("vr_counselor", program)
    assert _people(partner, program, "rapid_search") == ["Shares Notes"]
    # The consent does not release the plan: the plan rules leave the person out.
    assert _people(partner, program, "plan_missing") == []
    response = login(partner).get(reverse("people:worklist", args=[program.slug]))
    assert response.status_code == 200
    assert "No Consent" not in response.content.decode()


def test_the_analyst_is_refused(login, make_user, program):
    assert login(make_user("analyst")).get(reverse("people:worklist", args=[program.slug])).status_code == 403
