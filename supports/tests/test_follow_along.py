"""Follow-along supports: overdue support, the worker's choice of level, support contacts, the
follow-along phase, the worklist rules, the pages and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEvent
from people.models import NoteKind, ServiceNote
from people.selectors.record import job_seeker_phase
from people.selectors.worklist import JOB_START_FOLLOW_ALONG, worklist
from people.services.notes import service_note_create
from people.tests.factories_caseload import specialist
from people.tests.factories_consents import consent
from supports.models import FollowAlongSupport
from supports.selectors import follow_along_list
from supports.selectors.follow_along import job_follow_along
from supports.selectors.worklist import FOLLOW_ALONG_OVERDUE
from supports.services.follow_along import followalong_contact_log, followalong_update
from supports.tests.factories_supports import (
    days_ago,
    employer,
    employer_support_contact,
    job,
    support,
    support_note,
    worker,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def es(program, make_user):
    return make_user("employment_specialist", program)


@pytest.fixture(autouse=True)
def _hooks_registered():
    """This app's phases and worklist rules, as ready() registers them (another test may have emptied one)."""
    from supports.apps import register_people_hooks

    register_people_hooks()


def _state(user, the_job):
    return job_follow_along(user=user, job=the_job, today=days_ago(0))


# --- Overdue ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "limit"), [("weekly", 7), ("every_2_weeks", 14), ("monthly", 31), ("every_3_months", 92)]
)
def test_support_is_overdue_the_day_after_its_planned_interval(program, es, frequency, limit):
    on_time = job(worker(program), started_days_ago=limit)
    late = job(worker(program), started_days_ago=limit + 1)
    for the_job in (on_time, late):
        support(the_job, frequency=frequency)
    assert _state(es, on_time).overdue is False
    state = _state(es, late)
    assert state.overdue is True
    assert (state.days_since, state.overdue_after, state.last_contact) == (limit + 1, limit, None)


def test_a_job_without_a_plan_is_weekly_and_counts_from_the_last_contact(program, es):
    person = worker(program)
    the_job = job(person, started_days_ago=60)
    support_note(person, the_job=the_job, on=days_ago(7))
    assert _state(es, the_job).overdue is False
    assert _state(es, the_job).last_contact == days_ago(7)

    other = job(worker(program), started_days_ago=60)
    support_note(other.job_seeker, the_job=other, on=days_ago(8))
    assert _state(es, other).overdue is True
    assert _state(es, other).frequency == "weekly"


def test_support_given_when_the_worker_asks_is_never_overdue(program, es):
    the_job = job(worker(program), started_days_ago=900)
    support(the_job, frequency="when_asked")
    state = _state(es, the_job)
    assert state.overdue is False
    assert state.overdue_after is None


def test_an_ended_job_is_never_overdue(program, es):
    the_job = job(worker(program), started_days_ago=200, ended_days_ago=100)
    assert _state(es, the_job).overdue is False


def test_on_the_job_support_with_the_employer_counts_other_contacts_do_not(program, es):
    person = worker(program)
    business = employer(program)
    the_job = job(person, started_days_ago=40, employer=business)
    employer_support_contact(person, business, on=days_ago(20), purpose="job_seeker_introduction")
    assert _state(es, the_job).overdue is True
    employer_support_contact(person, business, on=days_ago(3))
    state = _state(es, the_job)
    assert (state.overdue, state.last_contact) == (False, days_ago(3))


def test_other_kinds_of_notes_and_other_peoples_notes_do_not_count(program, es):
    person = worker(program)
    the_job = job(person, started_days_ago=30)
    support_note(person, on=days_ago(1), kind=NoteKind.MEETING_JOB_SEEKER)
    support_note(worker(program), on=days_ago(1))
    assert _state(es, the_job).overdue is True
    # A follow-along note about the person with no job set, after the start, counts.
    support_note(person, on=days_ago(2))
    assert _state(es, the_job).overdue is False


# --- The support plan: only the worker's choice changes the level -------------------------------------


def test_the_first_edit_makes_the_plan_and_is_audited(program, es):
    the_job = job(worker(program))
    saved = followalong_update(actor=es, job=the_job, planned_frequency="monthly", level="active", version=1)
    assert FollowAlongSupport.objects.get(job=the_job).planned_frequency == "monthly"
    assert saved.version == 2
    assert AuditEvent.objects.filter(object_type="supports.FollowAlongSupport", action="create").exists()


def test_two_first_edits_at_once_the_second_is_told(program, es):
    the_job = job(worker(program))
    followalong_update(actor=es, job=the_job, planned_frequency="monthly", level="active", version=1)
    with pytest.raises(ValidationError) as exc:
        followalong_update(actor=es, job=the_job, planned_frequency="weekly", level="active", version=1)
    assert "version" in exc.value.message_dict
    assert FollowAlongSupport.objects.get(job=the_job).planned_frequency == "monthly"


@pytest.mark.parametrize("stepped_down_on", [None, days_ago(-1)])
def test_stepping_down_needs_the_day_the_worker_chose_it(program, es, stepped_down_on):
    the_job = job(worker(program))
    with pytest.raises(ValidationError) as exc:
        followalong_update(
            actor=es, job=the_job, planned_frequency="monthly", level="stepped_down",
            stepped_down_on=stepped_down_on, version=1,
        )  # fmt: skip
    assert "stepped_down_on" in exc.value.message_dict
    assert not FollowAlongSupport.objects.exists()


def test_stepping_down_and_back_up(program, es):
    the_job = job(worker(program))
    down = followalong_update(
        actor=es, job=the_job, planned_frequency="every_3_months", level="stepped_down",
        stepped_down_on=days_ago(2), worker_choice_note="I'm doing fine, call me every few months.", version=1,
    )  # fmt: skip
    assert (down.level, down.stepped_down_on) == ("stepped_down", days_ago(2))
    up = followalong_update(actor=es, job=the_job, planned_frequency="weekly", level="active", version=2)
    assert (up.level, up.stepped_down_on) == ("active", None)


def test_employer_contact_needs_an_employer_disclosure_consent(program, es):
    person = worker(program)
    the_job = job(person)
    with pytest.raises(ValidationError) as exc:
        followalong_update(
            actor=es, job=the_job, planned_frequency="weekly", level="active", employer_contact_allowed=True,
            version=1,
        )  # fmt: skip
    assert "employer_contact_allowed" in exc.value.message_dict
    consent(person, kind="employer_disclosure", scopes=["health_condition"])
    saved = followalong_update(
        actor=es,
        job=the_job,
        planned_frequency="weekly",
        level="active",
        employer_contact_allowed=True,
        version=1,
    )
    assert saved.employer_contact_allowed is True


def test_an_ended_jobs_plan_is_not_changed(program, es):
    the_job = job(worker(program), started_days_ago=90, ended_days_ago=5)
    with pytest.raises(ValidationError):
        followalong_update(actor=es, job=the_job, planned_frequency="monthly", level="active", version=1)


# --- Support contacts ---------------------------------------------------------------------------------


def test_a_support_contact_is_a_follow_along_note_about_the_job(program, es):
    person = worker(program)
    the_job = job(person, started_days_ago=20)
    note = followalong_contact_log(
        actor=es, job=the_job, date=days_ago(0), location="community", mode="in_person", minutes=20,
        text="Visited at break; likes the new shift.",
    )  # fmt: skip
    assert (note.kind, note.job_id, note.job_seeker_id) == (NoteKind.FOLLOW_ALONG, the_job.pk, person.pk)
    assert _state(es, the_job).overdue is False


def test_a_note_cannot_name_another_persons_job(program, es):
    someone_else = job(worker(program))
    with pytest.raises(ValidationError) as exc:
        service_note_create(
            actor=es, job_seeker=worker(program), date=days_ago(0), kind="follow_along", location="community",
            mode="phone", minutes=10, text="Called.", job=someone_else,
        )  # fmt: skip
    assert "job" in exc.value.message_dict
    assert not ServiceNote.objects.exists()


# --- The follow-along phase ---------------------------------------------------------------------------


def test_follow_along_phase_needs_every_competitive_job_stepped_down(program):
    person = worker(program)
    first = job(person, started_days_ago=200)
    assert job_seeker_phase(person, days_ago(0))[0] != "follow_along"  # no plan: active support
    support(first, level="stepped_down", stepped_down_days_ago=10)
    assert job_seeker_phase(person, days_ago(0))[0] == "follow_along"
    assert job_seeker_phase(person, days_ago(11))[0] != "follow_along"  # before the worker chose it

    second = job(person, started_days_ago=5, title="Dishwasher")
    assert job_seeker_phase(person, days_ago(0))[0] != "follow_along"
    support(second, level="with_treatment_team", stepped_down_days_ago=1)
    assert job_seeker_phase(person, days_ago(0))[0] == "follow_along"


def test_a_non_competitive_job_alone_is_not_follow_along(program):
    person = worker(program)
    support(job(person, competitive=False), level="stepped_down", stepped_down_days_ago=3)
    assert job_seeker_phase(person, days_ago(0))[0] != "follow_along"


# --- The worklist ---------------------------------------------------------------------------------------


def _section(user, program, key):
    return next(s for s in worklist(user=user, program=program) if s.rule.key == key)


def test_new_job_start_without_follow_along_shows_from_day_8(program, es):
    es_membership = specialist(program)
    day_7 = job(worker(program, es_membership, first_name="Sam"), started_days_ago=6)
    day_8 = job(worker(program, es_membership, first_name="Lee"), started_days_ago=7)
    supported = job(worker(program, es_membership, first_name="Kim"), started_days_ago=7)
    support_note(supported.job_seeker, the_job=supported, on=days_ago(4))

    section = _section(es, program, JOB_START_FOLLOW_ALONG)
    people = [row.job_seeker.pk for row in section.rows]
    assert people == [day_8.job_seeker_id]
    assert day_7.job_seeker_id not in people and supported.job_seeker_id not in people
    assert "no follow-along contact in the first 7 days" in section.rows[0].detail


def test_overdue_support_is_on_the_worklist(program, es):
    late = job(worker(program), started_days_ago=20)
    support_note(late.job_seeker, the_job=late, on=days_ago(9))
    fine = job(worker(program), started_days_ago=20)
    support_note(fine.job_seeker, the_job=fine, on=days_ago(2))
    section = _section(es, program, FOLLOW_ALONG_OVERDUE)
    assert [row.job_seeker.pk for row in section.rows] == [late.job_seeker_id]
    assert "2 days overdue" in section.rows[0].detail


# --- The list: overdue first, in a fixed number of queries ----------------------------------------------


def _jobs_in(program, n):
    business = employer(program, name=f"Business {n}")
    for i in range(n):
        person = worker(program)
        the_job = job(person, started_days_ago=10 + i, employer=business if i % 2 else None)
        support_note(person, the_job=the_job, on=days_ago(i % 12))
        employer_support_contact(person, business, on=days_ago(i % 5))
        if i % 3 == 0:
            support(the_job, frequency="monthly")


def test_the_list_puts_overdue_first(program, es):
    on_time = job(worker(program), started_days_ago=3)
    late = job(worker(program), started_days_ago=30)
    ended = job(worker(program), started_days_ago=30, ended_days_ago=2)
    rows = list(follow_along_list(user=es, program=program, today=days_ago(0)))
    assert [j.pk for j in rows] == [late.pk, on_time.pk]
    assert ended.pk not in [j.pk for j in rows]


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_page_costs_the_same_queries_for_few_or_many(
    program, es, login, django_assert_max_num_queries, n
):
    _jobs_in(program, n)
    client = login(es)
    url = reverse("supports:follow_along_list", args=[program.slug])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('id="job-') == n


def test_the_worklist_rules_cost_the_same_queries(program, es, django_assert_max_num_queries):
    _jobs_in(program, 25)
    with django_assert_max_num_queries(20):
        worklist(user=es, program=program)


# --- Pages and API ------------------------------------------------------------------------------------


def test_the_page_shows_the_overdue_banner_and_logs_a_contact(program, es, login):
    client = login(es)
    person = worker(program)
    the_job = job(person, started_days_ago=12)
    url = reverse("supports:follow_along", args=[program.slug, person.pk, the_job.pk])

    page = client.get(url).content.decode()
    assert "Support is overdue. No support contact since the job started" in page
    assert "12 days ago" in page

    bad = client.post(url, {"form": "contact", "date": days_ago(-1).isoformat(), "location": "community",
                            "mode": "in_person", "minutes": 15, "text": "Visit"})  # fmt: skip
    assert bad.status_code == 400
    assert not ServiceNote.objects.exists()

    done = client.post(url, {"form": "contact", "date": days_ago(0).isoformat(), "location": "community",
                             "mode": "in_person", "minutes": 15, "text": "Met at the bus stop before work."})  # fmt: skip
    assert done.status_code == 302
    assert ServiceNote.objects.get().job_id == the_job.pk
    page = client.get(url).content.decode()
    assert "Support is on time" in page
    assert "Met at the bus stop before work." in page


def test_the_page_refuses_a_step_down_without_the_workers_choice(program, es, login):
    client = login(es)
    the_job = job(worker(program))
    url = reverse("supports:follow_along", args=[program.slug, the_job.job_seeker_id, the_job.pk])
    response = client.post(
        url, {"form": "plan", "version": 1, "planned_frequency": "monthly", "level": "stepped_down"}
    )
    assert response.status_code == 400
    assert (
        "the worker&#x27;s choice" in response.content.decode()
        or "worker's choice" in response.content.decode()
    )
    assert not FollowAlongSupport.objects.exists()


def test_the_api_reads_and_changes_the_plan(program, es, login):
    client = login(es)
    the_job = job(worker(program), started_days_ago=40)
    url = reverse("api:follow-along-detail", args=[the_job.pk])
    read = client.get(url).json()
    assert (read["planned_frequency"], read["level"], read["version"], read["overdue"]) == (
        "weekly",
        "active",
        1,
        True,
    )

    changed = client.patch(
        url, {"version": 1, "planned_frequency": "when_asked"}, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["planned_frequency"], changed.json()["overdue"], changed.json()["version"]) == (
        "when_asked",
        False,
        2,
    )
    stale = client.patch(url, {"version": 1, "planned_frequency": "weekly"}, content_type="application/json")
    assert stale.status_code == 400
    assert "version" in stale.json()

    listed = client.get(reverse("api:follow-along-list"), {"program": program.slug}).json()
    assert [row["job"] for row in listed["results"]] == [the_job.pk]
