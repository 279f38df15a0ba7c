"""Job starts, changes and endings: the service rules and the pages an employment specialist uses."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.dates import today_in
from core.models import AuditEvent
from jobs.models import Job, MinimumWage
from jobs.services.jobs import job_end, job_start, job_update
from jobs.tests.factories_jobs import JobEmployerFactory, JobFactory, days_ago, enrolled_person, job_form_data
from people.models import JobSeeker
from people.selectors.caseload import caseload_list
from people.tests.factories import ConsentFactory, JobSeekerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def es(make_user, program):
    return make_user("employment_specialist", program)


@pytest.fixture
def person(program):
    return enrolled_person(program)


def _start(actor, person, **overrides):
    fields = {
        "employer_name": "Riverside Diner",
        "title": "Line cook",
        "start_date": days_ago(3),
        "hours_per_week": Decimal("20"),
        "hourly_wage": Decimal("15.00"),
        "pays_same_as_coworkers": True,
        "open_to_anyone": True,
        "agency_time_limit": False,
        "disclosure_to_employer": "not_disclosed",
        "how_found": "es_job_lead",
    }
    fields.update(overrides)
    return job_start(actor=actor, job_seeker=person, **fields)


def _errors(exc_info) -> dict:
    return exc_info.value.message_dict


# --- Job start: the service ------------------------------------------------------------------------


def test_a_job_start_is_competitive_with_a_ref_and_an_audit_row(es, person):
    job = _start(es, person)
    assert job.ref == "JOB-000001"
    assert job.program == person.program
    assert job.competitive_integrated is True
    assert job.applicable_minimum_wage == Decimal("7.25")
    assert job.not_competitive_because == []
    assert AuditEvent.objects.filter(object_type="jobs.Job", object_id=str(job.pk), action="create").exists()
    second = _start(es, person, title="Dishwasher", employer_name="Lakeview Cafe")
    assert second.ref == "JOB-000002"


def test_a_job_below_the_minimum_is_kept_but_not_competitive(es, person):
    job = _start(es, person, hourly_wage=Decimal("5.00"), open_to_anyone=False)
    assert job.pk is not None
    assert job.competitive_integrated is False
    assert job.not_competitive_because == ["below_minimum_wage", "not_open_to_anyone"]


def test_dont_know_answers_mean_information_missing(es, person):
    job = _start(es, person, pays_same_as_coworkers=None, hourly_wage=None, hours_per_week=None)
    assert job.competitive_integrated is False
    assert job.not_competitive_because == ["information_missing"]


def test_self_employment_ignores_wage_and_coworkers(es, person):
    job = _start(es, person, self_employment=True, hourly_wage=Decimal("3.00"), pays_same_as_coworkers=None)
    assert job.competitive_integrated is True


def test_the_state_and_locality_minimum_apply(es, person, program):
    program.wage_locality = "Madison"
    program.save()
    MinimumWage.objects.create(
        jurisdiction="state",
        state="WI",
        effective_from=days_ago(400),
        hourly_rate=Decimal("10.00"),
        source="x",
    )
    MinimumWage.objects.create(
        jurisdiction="locality",
        state="WI",
        locality="Madison",
        effective_from=days_ago(300),
        hourly_rate=Decimal("16.00"),
        source="x",
    )
    job = _start(es, person)
    assert job.applicable_minimum_wage == Decimal("16.00")
    assert job.not_competitive_because == ["below_minimum_wage"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours_per_week", Decimal("0"), "Hours a week must be more than 0 and at most 80."),
        ("hours_per_week", Decimal("81"), "Hours a week must be more than 0 and at most 80."),
        ("hourly_wage", Decimal("-1"), "The hourly wage must be between $0 and $500."),
        ("hourly_wage", Decimal("501"), "The hourly wage must be between $0 and $500."),
    ],
)
def test_absurd_hours_or_wage_are_refused(es, person, field, value, message):
    with pytest.raises(ValidationError) as exc:
        _start(es, person, **{field: value})
    assert _errors(exc)[field] == [message]
    assert not Job.objects.exists()


def test_start_date_rules(es, person):
    with pytest.raises(ValidationError) as exc:
        _start(es, person, start_date=today_in(person.program.time_zone) + datetime.timedelta(days=61))
    assert "start_date" in _errors(exc)
    # A planned start up to 60 days ahead is fine.
    _start(es, person, start_date=today_in(person.program.time_zone) + datetime.timedelta(days=60))
    with pytest.raises(ValidationError) as exc:
        _start(es, person, title="Clerk", start_date=person.date_of_birth)
    assert "date of birth" in _errors(exc)["start_date"][0]


def test_found_with_ips_needs_a_start_on_or_after_enrollment(es, person):
    before = person.enrollment_date - datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as exc:
        _start(es, person, start_date=before)
    assert "enrollment" in _errors(exc)["start_date"][0]
    # A job the person already had when they enrolled.
    job = _start(es, person, start_date=before, found_with_ips=False)
    assert job.found_with_ips is False


def test_a_person_not_enrolled_or_closed_gets_no_job(es, program):
    referred = JobSeekerFactory(program=program)
    with pytest.raises(ValidationError) as exc:
        _start(es, referred)
    assert "enrolled" in exc.value.messages[0]
    closed = enrolled_person(program)
    JobSeeker.objects.filter(pk=closed.pk).update(closed_date=days_ago(1), closure_reason="moved_away")
    closed.refresh_from_db()
    with pytest.raises(ValidationError):
        _start(es, closed)
    assert not Job.objects.exists()


def test_employer_must_be_of_the_same_program_and_exactly_one_given(es, person, other_program):
    foreign = JobEmployerFactory(program=other_program)
    with pytest.raises(ValidationError) as exc:
        _start(es, person, employer=foreign, employer_name="")
    assert "employer" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        _start(es, person, employer_name="")
    assert "employer" in _errors(exc)
    own = JobEmployerFactory(program=person.program)
    with pytest.raises(ValidationError) as exc:
        _start(es, person, employer=own, employer_name="Typed too")
    assert "employer_name" in _errors(exc)
    assert _start(es, person, employer=own, employer_name="").employer == own


def test_disclosed_by_es_needs_an_employer_disclosure_consent(es, person):
    with pytest.raises(ValidationError) as exc:
        _start(es, person, disclosure_to_employer="disclosed_by_es")
    assert "disclosure_to_employer" in _errors(exc)
    ConsentFactory(
        job_seeker=person,
        partner_kind="employer_disclosure",
        partner_name="Riverside Diner",
        signed_on=days_ago(20),
        start_date=days_ago(20),
        scopes=["job_details"],
    )
    assert (
        _start(es, person, disclosure_to_employer="disclosed_by_es").disclosure_to_employer
        == "disclosed_by_es"
    )


def test_the_same_job_twice_is_refused_but_different_jobs_at_once_are_fine(es, person):
    first = _start(es, person)
    with pytest.raises(ValidationError) as exc:
        _start(es, person, employer_name="RIVERSIDE diner", title="line COOK", start_date=days_ago(1))
    assert first.ref in _errors(exc)["title"][0]
    _start(es, person, title="Dishwasher")  # another job at the same place
    # After the first job ended, the same job again later is a new job.
    job_end(actor=es, job=first, end_date=days_ago(2), end_reason="laid_off", version=first.version)
    _start(es, person, start_date=days_ago(1))
    assert Job.objects.filter(job_seeker=person).count() == 3


def test_partners_and_state_roles_cannot_record_a_job(make_user, person, program):
    for role in ("vr_counselor", "state_trainer"):
        user = make_user(role, None if role == "state_trainer" else program)
        with pytest.raises(PermissionDenied):
            _start(user, person)


# --- Change and ending -----------------------------------------------------------------------------


def _fields_of(job, **overrides):
    fields = {
        name: getattr(job, name)
        for name in [
            "employer",
            "employer_name",
            "opening",
            "title",
            "start_date",
            "hours_per_week",
            "hourly_wage",
            "pays_same_as_coworkers",
            "open_to_anyone",
            "agency_time_limit",
            "self_employment",
            "found_with_ips",
            "disclosure_to_employer",
            "how_found",
        ]
    }
    fields.update(overrides)
    return fields


def test_an_update_recomputes_and_a_stale_version_is_refused(es, person):
    job = _start(es, person, pays_same_as_coworkers=None)
    assert not job.competitive_integrated
    job = job_update(actor=es, job=job, version=job.version, **_fields_of(job, pays_same_as_coworkers=True))
    assert job.competitive_integrated and job.version == 2
    with pytest.raises(ValidationError) as exc:
        job_update(actor=es, job=job, version=1, **_fields_of(job, hourly_wage=Decimal("1")))
    assert "version" in _errors(exc)
    job.refresh_from_db()
    assert job.hourly_wage == Decimal("15.00")


def test_ending_a_job_sends_the_person_back_to_job_search(es, person):
    job = _start(es, person, start_date=days_ago(20))
    today = today_in(person.program.time_zone)
    phase = caseload_list(user=es, program=person.program).get(pk=person.pk).phase
    assert phase == "working"
    job_end(
        actor=es,
        job=job,
        end_date=days_ago(1),
        end_reason="quit_with_plan",
        end_note="Wants days.",
        version=1,
    )
    person.refresh_from_db()
    assert person.job_search_started_on == days_ago(1)
    assert caseload_list(user=es, program=person.program, d=today).get(pk=person.pk).phase == "job_search"


def test_someone_with_another_job_stays_working(es, person):
    first = _start(es, person, start_date=days_ago(20))
    _start(es, person, title="Dishwasher", employer_name="Lakeview Cafe", start_date=days_ago(10))
    job_end(actor=es, job=first, end_date=days_ago(1), end_reason="fired", version=1)
    assert caseload_list(user=es, program=person.program).get(pk=person.pk).phase == "working"


def test_a_non_competitive_job_does_not_count_as_working(es, person):
    _start(es, person, open_to_anyone=False)
    assert caseload_list(user=es, program=person.program).get(pk=person.pk).phase != "working"


def test_end_date_rules(es, person):
    job = _start(es, person, start_date=days_ago(10))
    with pytest.raises(ValidationError) as exc:
        job_end(actor=es, job=job, end_date=days_ago(11), end_reason="fired", version=1)
    assert "start date" in _errors(exc)["end_date"][0]
    with pytest.raises(ValidationError) as exc:
        job_end(actor=es, job=job, end_date=days_ago(-1), end_reason="fired", version=1)
    assert "future" in _errors(exc)["end_date"][0]
    with pytest.raises(ValidationError) as exc:
        job_end(actor=es, job=job, end_date=days_ago(1), end_reason="", version=1)
    assert "end_reason" in _errors(exc)
    job.refresh_from_db()
    assert job.end_date is None


def test_ending_keeps_an_earlier_job_search_date(es, person):
    JobSeeker.objects.filter(pk=person.pk).update(job_search_started_on=person.enrollment_date)
    job = _start(es, person, start_date=days_ago(20))
    job_end(actor=es, job=job, end_date=days_ago(1), end_reason="laid_off", version=1)
    person.refresh_from_db()
    assert person.job_search_started_on == person.enrollment_date


# --- Pages -------------------------------------------------------------------------------------------


def _url(name, person, *extra):
    return reverse(name, args=[person.program.slug, person.pk, *extra])


def test_record_a_job_that_is_not_competitive_and_see_why(login, es, person):
    client = login(es)
    page = client.get(_url("jobs:job_create", person))
    assert page.status_code == 200
    assert "Don&#x27;t know" in page.content.decode() or "Don't know" in page.content.decode()
    response = client.post(
        _url("jobs:job_create", person),
        job_form_data(hourly_wage="6.00", open_to_anyone="unknown"),
    )
    job = Job.objects.get(job_seeker=person)
    assert response.status_code == 302
    assert response["Location"] == _url("jobs:job_detail", person, job.pk)
    detail = client.get(response["Location"]).content.decode()
    assert "Not counted as a competitive job, because:" in detail
    assert "Pays less than the minimum wage" in detail
    assert "Information missing" in detail
    assert "$7.25" in detail


def test_the_page_shows_a_clear_message_and_saves_nothing(login, es, person):
    client = login(es)
    response = client.post(_url("jobs:job_create", person), job_form_data(hours_per_week="90"))
    assert response.status_code == 400
    assert "Hours a week must be more than 0 and at most 80." in response.content.decode()
    assert not Job.objects.exists()


def test_the_employer_select_lists_only_the_programs_employers(login, es, person, other_program):
    mine = JobEmployerFactory(program=person.program, name="Our Hardware Store")
    JobEmployerFactory(program=other_program, name="Their Garage")
    client = login(es)
    page = client.get(_url("jobs:job_create", person)).content.decode()
    assert "Our Hardware Store" in page and "Their Garage" not in page
    response = client.post(
        _url("jobs:job_create", person), job_form_data(employer=str(mine.pk), employer_name="")
    )
    assert response.status_code == 302
    assert Job.objects.get().employer == mine


def test_edit_page_recomputes_and_refuses_a_stale_version(login, es, person):
    job = _start(es, person, pays_same_as_coworkers=None)
    client = login(es)
    assert client.get(_url("jobs:job_edit", person, job.pk)).status_code == 200
    response = client.post(
        _url("jobs:job_edit", person, job.pk), job_form_data(version=1, start_date=job.start_date.isoformat())
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.competitive_integrated
    stale = client.post(_url("jobs:job_edit", person, job.pk), job_form_data(version=1, title="Chef"))
    assert stale.status_code == 400
    assert "Someone else changed this record" in stale.content.decode()


def test_end_page_then_the_prompt_to_plan_the_next_job(login, es, person):
    job = _start(es, person, start_date=days_ago(10))
    client = login(es)
    assert client.get(_url("jobs:job_end", person, job.pk)).status_code == 200
    response = client.post(
        _url("jobs:job_end", person, job.pk),
        {"version": 1, "end_date": days_ago(1).isoformat(), "end_reason": "quit_with_plan", "end_note": ""},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "What next? Plan the next job" in page
    assert reverse("people:employment_plan", args=[person.program.slug, person.pk]) in page
    assert "Start a draft plan" in page
    started = client.post(reverse("people:employment_plan_create", args=[person.program.slug, person.pk]))
    assert started.status_code == 302
    assert "Continue the draft plan" in client.get(_url("jobs:job_detail", person, job.pk)).content.decode()
    bad = client.post(
        _url("jobs:job_end", person, job.pk),
        {"version": 2, "end_date": days_ago(20).isoformat(), "end_reason": "fired"},
    )
    assert bad.status_code == 400
    assert "The end date cannot be before the start date" in bad.content.decode()


def test_record_page_shows_the_jobs_card(login, es, person):
    _start(es, person, title="Barista")
    page = login(es).get(reverse("people:job_seeker_detail", args=[person.program.slug, person.pk]))
    html = page.content.decode()
    assert 'href="#jobs"' in html
    assert "Barista" in html and "Record a job start" in html


def test_job_pages_are_404_for_another_program_and_write_read_rows(login, es, other_program):
    stranger = enrolled_person(other_program)
    job = JobFactory(job_seeker=stranger, program=other_program)
    client = login(es)
    assert client.get(_url("jobs:job_detail", stranger, job.pk)).status_code == 404
    assert client.get(_url("jobs:job_list", stranger)).status_code == 404
    mine = JobFactory(job_seeker=enrolled_person(es.memberships.first().program))
    reads = AuditEvent.objects.filter(action="read").count()
    assert client.get(_url("jobs:job_detail", mine.job_seeker, mine.pk)).status_code == 200
    assert AuditEvent.objects.filter(action="read").count() == reads + 1


def test_a_partner_sees_jobs_only_under_a_consent_releasing_job_details(make_user, login, program):
    person = enrolled_person(program)
    job = JobFactory(job_seeker=person, program=program, title="Stocker")
    vr = make_user("vr_counselor", program)
    ConsentFactory(
        job_seeker=person, partner_kind="vocational_rehabilitation", scopes=["employment_progress"]
    )
    client = login(vr)
    assert "Stocker" not in client.get(_url("jobs:job_list", person)).content.decode()
    assert client.get(_url("jobs:job_detail", person, job.pk)).status_code == 404
    ConsentFactory(job_seeker=person, partner_kind="vocational_rehabilitation", scopes=["job_details"])
    assert "Stocker" in client.get(_url("jobs:job_list", person)).content.decode()
    assert client.get(_url("jobs:job_create", person)).status_code == 403


def test_the_job_list_costs_the_same_queries_for_many_jobs(login, es, person, django_assert_max_num_queries):
    client = login(es)
    JobFactory(
        job_seeker=person,
        program=person.program,
        employer=JobEmployerFactory(program=person.program),
        employer_name="",
    )
    client.get(_url("jobs:job_list", person))
    for n in range(25):
        JobFactory(
            job_seeker=person,
            program=person.program,
            employer=JobEmployerFactory(program=person.program),
            employer_name="",
            title=f"Job {n}",
        )
    with django_assert_max_num_queries(12):
        response = client.get(_url("jobs:job_list", person))
    assert response.status_code == 200
    assert "Job 24" in response.content.decode()
