"""The career profile: what the person wants from work, in their words, with every save kept as a version."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditAction, AuditEvent
from people.models import CareerProfile, CareerProfileVersion, EducationHistoryEntry, WorkHistoryEntry
from people.services import profile as services
from people.tests.factories import ConsentFactory, JobSeekerFactory
from people.tests.factories_profile import (
    CareerProfileFactory,
    EducationHistoryEntryFactory,
    WorkHistoryEntryFactory,
)
from people.views.profile import record_section

LEGAL = "A conviction in 2012 for retail theft; record expunged in 2020."


def _days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def es(make_user, program):
    return make_user("employment_specialist", program, first_name="Ana", last_name="Alvarez")


@pytest.fixture
def person(program):
    return JobSeekerFactory(
        program=program, first_name="Rosa", last_name="Testperson", enrollment_date=_days_ago(30)
    )


def _start(es, person, **data):
    base = {"work_goal_own_words": "I want to cook.", "disclosure_preference": "undecided"}
    base.update(data)
    return services.career_profile_save(actor=es, job_seeker=person, data=base, version=0)


def _state(person):
    """Everything a bad save must leave as it was (reading the page again is not a change)."""
    profile = CareerProfile.objects.filter(job_seeker=person).first()
    return (
        profile and services.profile_snapshot(profile),
        CareerProfileVersion.objects.count(),
        AuditEvent.objects.exclude(action=AuditAction.READ).count(),
    )


# --- Services: versions --------------------------------------------------------------------------


def test_the_first_save_starts_the_profile_at_version_1(es, person):
    profile = _start(
        es,
        person,
        job_types_wanted=["  line   cook ", "dishwasher"],
        shifts=["day", "weekend"],
        hours_min=15,
        hours_max=25,
        wage_wanted=Decimal("16"),
        legal_history=LEGAL,
    )
    assert profile.version == 1
    assert profile.job_types_wanted == ["line cook", "dishwasher"]
    version = CareerProfileVersion.objects.get(profile=profile)
    assert (version.number, version.saved_by, version.change_summary) == (
        1,
        es,
        "Started the career profile.",
    )
    snapshot = version.snapshot
    assert snapshot["work_goal_own_words"] == "I want to cook."
    assert snapshot["shifts"] == ["day", "weekend"]
    assert snapshot["wage_wanted"] == "16.00"
    assert snapshot["legal_history"] == LEGAL
    assert snapshot["work_history"] == [] and snapshot["education_history"] == []
    event = AuditEvent.objects.get(object_type="people.CareerProfile")
    assert (event.action, event.job_seeker_id, event.actor) == (AuditAction.CREATE, person.pk, es)


def test_every_save_of_the_profile_or_an_entry_is_a_new_version(es, person):
    profile = _start(es, person)
    profile = services.career_profile_save(
        actor=es, job_seeker=person, data={"hours_min": 20}, version=1, change_summary="Wants more hours"
    )
    job = services.work_history_entry_add(
        actor=es,
        job_seeker=person,
        data={"employer_name": "Synthetic Diner", "job_title": "Prep cook", "started_on": _days_ago(800)},
        version=2,
    )
    services.work_history_entry_update(
        actor=es, entry=job, data={"ended_on": _days_ago(400), "reason_left": "Moved"}, version=3
    )
    school = services.education_history_entry_add(
        actor=es, job_seeker=person, data={"level": "high_school_equivalency", "year": 2004}, version=4
    )
    services.education_history_entry_update(actor=es, entry=school, data={"completed": True}, version=5)
    services.work_history_entry_remove(actor=es, entry=job, version=6)

    profile.refresh_from_db()
    assert profile.version == 7
    versions = list(CareerProfileVersion.objects.filter(profile=profile).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4, 5, 6, 7]
    assert [v.change_summary for v in versions] == [
        "Started the career profile.",
        "Wants more hours",
        "Added to the work history: Prep cook, Synthetic Diner.",
        "Changed in the work history: Prep cook, Synthetic Diner.",
        "Added to education: GED / HSED.",
        "Changed in education: GED / HSED.",
        "Removed from the work history: Prep cook, Synthetic Diner.",
    ]
    assert versions[1].snapshot["hours_min"] == 20
    assert versions[2].snapshot["work_history"][0]["employer_name"] == "Synthetic Diner"
    assert versions[3].snapshot["work_history"][0]["reason_left"] == "Moved"
    assert versions[5].snapshot["education_history"][0]["completed"] is True
    assert versions[6].snapshot["work_history"] == []  # gone from the profile, kept in versions 3 to 6
    assert not WorkHistoryEntry.objects.exists()
    assert EducationHistoryEntry.objects.count() == 1
    audit = AuditEvent.objects.filter(job_seeker_id=person.pk)
    assert audit.filter(object_type="people.WorkHistoryEntry", action=AuditAction.CREATE).count() == 1
    assert audit.filter(object_type="people.WorkHistoryEntry", action=AuditAction.UPDATE).count() == 1
    assert audit.filter(object_type="people.EducationHistoryEntry").count() == 2
    removal = audit.filter(object_type="people.CareerProfile", action=AuditAction.UPDATE).first()
    assert removal.changes["work_history"][0]["employer_name"] == "Synthetic Diner"


def test_a_save_that_changes_nothing_is_not_a_new_version(es, person):
    profile = _start(es, person, wage_wanted=Decimal("15.00"))
    again = services.career_profile_save(
        actor=es,
        job_seeker=person,
        data={"work_goal_own_words": "I want to cook.  ", "wage_wanted": Decimal("15")},
        version=1,
    )
    assert again.version == profile.version == 1
    assert CareerProfileVersion.objects.count() == 1


def test_a_stale_version_is_refused_and_changes_nothing(es, make_user, program, person):
    _start(es, person)
    colleague = make_user("ips_supervisor", program)
    services.career_profile_save(actor=colleague, job_seeker=person, data={"hours_max": 30}, version=1)
    before = _state(person)
    for attempt in (
        lambda: services.career_profile_save(actor=es, job_seeker=person, data={"hours_max": 10}, version=1),
        lambda: services.career_profile_save(actor=es, job_seeker=person, data={"hours_max": 10}, version=0),
        lambda: services.work_history_entry_add(
            actor=es, job_seeker=person, data={"employer_name": "Late Cafe"}, version=1
        ),
    ):
        with pytest.raises(ValidationError) as info:
            attempt()
        assert "changed this record" in info.value.message_dict["version"][0]
    assert _state(person) == before


def test_a_second_person_starting_the_same_profile_is_told(es, person):
    _start(es, person)
    with pytest.raises(ValidationError) as info:
        _start(es, person)
    assert "version" in info.value.message_dict
    assert CareerProfile.objects.count() == 1


def test_a_removal_with_a_stale_version_keeps_the_entry(es, person):
    _start(es, person)
    job = services.work_history_entry_add(
        actor=es, job_seeker=person, data={"employer_name": "Synthetic Diner"}, version=1
    )
    with pytest.raises(ValidationError):
        services.work_history_entry_remove(actor=es, entry=job, version=1)
    assert WorkHistoryEntry.objects.filter(pk=job.pk).exists()


def test_entries_need_a_profile_first(es, person):
    with pytest.raises(ValidationError) as info:
        services.work_history_entry_add(actor=es, job_seeker=person, data={"employer_name": "X"}, version=0)
    assert "Save the career profile first" in info.value.messages[0]


# --- Services: who, and bad input ----------------------------------------------------------------


def test_a_referred_person_may_have_a_profile_but_not_a_completion_date(es, program):
    referred = JobSeekerFactory(program=program)
    profile = _start(es, referred)
    assert profile.version == 1
    with pytest.raises(ValidationError) as info:
        services.career_profile_save(
            actor=es, job_seeker=referred, data={"first_completed_on": _days_ago(1)}, version=1
        )
    assert "once the person is enrolled" in info.value.message_dict["first_completed_on"][0]


def test_a_closed_record_is_read_only(es, person):
    _start(es, person)
    person.closed_date = _days_ago(1)
    person.closure_reason = "moved_away"
    person.save()
    before = _state(person)
    with pytest.raises(ValidationError) as info:
        services.career_profile_save(actor=es, job_seeker=person, data={"hours_min": 10}, version=1)
    assert info.value.code == "closed"
    assert _state(person) == before


@pytest.mark.parametrize("role", ["vr_counselor", "treatment_team_member", "benefits_counselor"])
def test_partners_never_write_the_profile(make_user, program, person, role):
    with pytest.raises(PermissionDenied):
        services.career_profile_save(
            actor=make_user(role, program),
            job_seeker=person,
            data={"disclosure_preference": "undecided"},
            version=0,
        )


@pytest.mark.parametrize("role", ["state_trainer", "state_administrator", "analyst"])
def test_the_state_team_never_writes_the_profile(make_user, person, role):
    with pytest.raises(PermissionDenied):
        services.career_profile_save(
            actor=make_user(role), job_seeker=person, data={"disclosure_preference": "undecided"}, version=0
        )


BAD_PROFILE_INPUT = [
    ("sources", ["boss"], "not one of the options"),
    ("sources", ["family", "family"], "chosen twice"),
    ("shifts", "day", "list"),
    ("transport", ["bus"], "not one of the options"),
    ("supports_wanted", ["interviews", "benefits", "interviews"], "chosen twice"),
    ("job_types_wanted", ["cook", "  "], "cannot be blank"),
    ("job_types_wanted", ["x" * 101], "100 characters"),
    ("job_types_avoided", ["Night work", "night  work"], "listed twice"),
    ("job_types_avoided", "warehouse", "list"),
    ("job_types_wanted", [f"job {n}" for n in range(31)], "at most 30"),
    ("hours_min", 0, "1 to 80"),
    ("hours_max", 81, "1 to 80"),
    ("max_travel_minutes", 241, "0 to 240"),
    ("wage_wanted", Decimal("500.01"), "$0 to $500"),
    ("wage_wanted", Decimal("-1"), "$0 to $500"),
    ("wage_wanted", Decimal("12.345"), "decimal places"),
    ("first_completed_on", "enrollment-1", "before enrollment"),
    ("first_completed_on", "tomorrow", "future"),
    ("last_reviewed_on", "tomorrow", "future"),
    ("disclosure_preference", "", "disclosure"),
    ("disclosure_preference", "maybe", "valid choice"),
    ("locations", "x" * 301, "300"),
    ("benefits_summary", "x" * 501, "500"),
    ("hours_min", "many", "integer"),
]


def _bad_value(person, value):
    if value == "enrollment-1":
        return person.enrollment_date - datetime.timedelta(days=1)
    if value == "tomorrow":
        return timezone.localdate() + datetime.timedelta(days=1)
    return value


@pytest.mark.parametrize(("field", "value", "message"), BAD_PROFILE_INPUT)
def test_bad_profile_input_is_a_field_error_and_changes_nothing(es, person, field, value, message):
    _start(es, person)
    before = _state(person)
    with pytest.raises(ValidationError) as info:
        services.career_profile_save(
            actor=es, job_seeker=person, data={field: _bad_value(person, value)}, version=1
        )
    errors = info.value.message_dict
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert _state(person) == before


def test_fewest_hours_above_most_hours_is_refused(es, person):
    with pytest.raises(ValidationError) as info:
        _start(es, person, hours_min=30, hours_max=20)
    assert "fewer than the fewest" in info.value.message_dict["hours_max"][0]
    assert not CareerProfile.objects.exists()
    assert not CareerProfileVersion.objects.exists()


def test_the_edges_of_every_range_are_allowed(es, person):
    profile = _start(
        es,
        person,
        hours_min=1,
        hours_max=80,
        max_travel_minutes=0,
        wage_wanted=Decimal("500"),
        first_completed_on=person.enrollment_date,
        last_reviewed_on=timezone.localdate(),
    )
    assert (profile.hours_min, profile.hours_max, profile.max_travel_minutes) == (1, 80, 0)
    profile = services.career_profile_save(
        actor=es,
        job_seeker=person,
        data={"hours_min": 40, "hours_max": 40, "max_travel_minutes": 240},
        version=1,
    )
    assert profile.version == 2


def test_an_unknown_field_is_refused(es, person):
    with pytest.raises(ValidationError):
        _start(es, person, eligibility="ready")
    assert not CareerProfile.objects.exists()


BAD_WORK_HISTORY = [
    ({"employer_name": "  "}, "employer_name", "employer's name"),
    ({"employer_name": "A", "started_on": "2020-05-01", "ended_on": "2020-04-30"}, "ended_on", "end before"),
    ({"employer_name": "A", "started_on": "tomorrow"}, "started_on", "future"),
    ({"employer_name": "A", "hours_per_week": Decimal("0")}, "hours_per_week", "more than 0"),
    ({"employer_name": "A", "hours_per_week": Decimal("81")}, "hours_per_week", "at most 80"),
    ({"employer_name": "A", "started_on": "not a date"}, "started_on", "date"),
]


@pytest.mark.parametrize(("data", "field", "message"), BAD_WORK_HISTORY)
def test_bad_work_history_is_a_field_error_and_changes_nothing(es, person, data, field, message):
    _start(es, person)
    data = {k: _bad_value(person, v) for k, v in data.items()}
    before = _state(person)
    with pytest.raises(ValidationError) as info:
        services.work_history_entry_add(actor=es, job_seeker=person, data=data, version=1)
    assert message in " ".join(info.value.message_dict[field])
    assert _state(person) == before


def test_a_bad_change_to_a_job_changes_nothing(es, person):
    _start(es, person)
    job = services.work_history_entry_add(
        actor=es, job_seeker=person, data={"employer_name": "A", "started_on": _days_ago(100)}, version=1
    )
    before = _state(person)
    with pytest.raises(ValidationError) as info:
        services.work_history_entry_update(actor=es, entry=job, data={"ended_on": _days_ago(101)}, version=2)
    assert "ended_on" in info.value.message_dict
    assert _state(person) == before


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"level": ""}, "level", "Choose the level"),
        ({"level": "phd"}, "level", "valid choice"),
        ({"level": "bachelor", "year": 1929}, "year", "from 1930"),
        ({"level": "bachelor", "year": "next"}, "year", ""),
    ],
)
def test_bad_education_is_a_field_error_and_changes_nothing(es, person, data, field, message):
    _start(es, person)
    if data.get("year") == "next":
        data = {**data, "year": timezone.localdate().year + 1}
    before = _state(person)
    with pytest.raises(ValidationError) as info:
        services.education_history_entry_add(actor=es, job_seeker=person, data=data, version=1)
    assert message in " ".join(info.value.message_dict[field])
    assert _state(person) == before


def test_education_from_1930_to_this_year_is_fine(es, person):
    _start(es, person)
    services.education_history_entry_add(
        actor=es, job_seeker=person, data={"level": "some_high_school", "year": 1930}, version=1
    )
    services.education_history_entry_add(
        actor=es,
        job_seeker=person,
        data={"level": "some_college", "year": timezone.localdate().year},
        version=2,
    )
    assert EducationHistoryEntry.objects.count() == 2


# --- Pages --------------------------------------------------------------------------------------


def _url(name, person, **kwargs):
    return reverse(name, kwargs={"slug": person.program.slug, "pk": person.pk, **kwargs})


def _form_data(version, **overrides):
    data = {
        "version": version,
        "work_goal_own_words": "“I want to work in a kitchen again, mornings.”",
        "sources": ["job_seeker", "family"],
        "job_types_wanted": "line cook\nprep cook, dishwasher",
        "job_types_avoided": "night security",
        "hours_min": "15",
        "hours_max": "25",
        "shifts": ["day", "weekend"],
        "locations": "Route 4 bus, downtown",
        "max_travel_minutes": "40",
        "transport": ["public_transit"],
        "wage_wanted": "16.50",
        "work_setting": "Busy, with a team",
        "strengths": "Shows up early",
        "skills": "Knife skills",
        "interests": "Baking",
        "supports_wanted": ["interviews", "on_the_job"],
        "disclosure_preference": "es_contact_without_disclosure",
        "disclosure_notes": "",
        "legal_history": LEGAL,
        "benefits_summary": "SSDI and Medicaid",
        "first_completed_on": "",
        "last_reviewed_on": "",
        "change_summary": "",
    }
    data.update(overrides)
    return data


def test_an_es_starts_and_reads_the_profile_through_the_pages(login, es, person):
    client = login(es)
    page = client.get(_url("people:career_profile", person))
    assert page.status_code == 200
    assert "Start the career profile" in page.content.decode()

    form_page = client.get(_url("people:career_profile_edit", person))
    assert form_page.status_code == 200
    assert "Their work goal, in their own words" in form_page.content.decode()

    response = client.post(_url("people:career_profile_edit", person), _form_data(0))
    assert response.status_code == 302
    assert response["Location"] == _url("people:career_profile", person)
    profile = CareerProfile.objects.get(job_seeker=person)
    assert profile.job_types_wanted == ["line cook", "prep cook", "dishwasher"]
    assert profile.shifts == ["day", "weekend"]
    assert profile.wage_wanted == Decimal("16.50")
    assert profile.version == 1

    text = client.get(_url("people:career_profile", person)).content.decode()
    assert "<blockquote>“I want to work in a kitchen again, mornings.”</blockquote>" in text
    assert "in their own words" in text
    for shown in (
        "line cook, prep cook, dishwasher",
        "15 to 25 hours a week",
        "Days, Weekends",
        "Bus or public transit",
        "$16.50 an hour",
        "Interview practice",
        "ES may contact employers but not share my condition",
        "SSDI and Medicaid",
        LEGAL,
        "Version history",
    ):
        assert shown in text, shown


def test_the_edit_form_shows_the_saved_profile_and_saves_a_change(login, es, person):
    CareerProfileFactory(job_seeker=person, job_types_wanted=["line cook", "baker"], shifts=["night"])
    client = login(es)
    page = client.get(_url("people:career_profile_edit", person))
    assert "line cook\nbaker" in page.content.decode()
    assert page.context["form"]["shifts"].value() == ["night"]
    response = client.post(
        _url("people:career_profile_edit", person), _form_data(1, change_summary="Reviewed with Rosa")
    )
    assert response.status_code == 302
    version = CareerProfileVersion.objects.get(number=2)
    assert version.change_summary == "Reviewed with Rosa"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours_min", "0", "1 to 80"),
        ("hours_max", "10", "fewer than the fewest"),
        ("max_travel_minutes", "300", "0 to 240"),
        ("wage_wanted", "900", "$0 to $500"),
        ("first_completed_on", "2000-01-01", "before enrollment"),
        ("last_reviewed_on", "2999-01-01", "future"),
        ("disclosure_preference", "", "Not decided yet"),
        ("job_types_wanted", "cook\nCook", "listed twice"),
        ("shifts", ["sometimes"], "valid choice"),
    ],
)
def test_bad_input_on_the_page_is_shown_on_its_field(login, es, person, field, value, message):
    CareerProfileFactory(job_seeker=person)
    client = login(es)
    before = _state(person)
    response = client.post(_url("people:career_profile_edit", person), _form_data(1, **{field: value}))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert _state(person) == before


def test_two_editors_the_second_is_told(login, es, make_user, program, person):
    CareerProfileFactory(job_seeker=person)
    colleague = login(make_user("ips_supervisor", program))
    assert colleague.post(_url("people:career_profile_edit", person), _form_data(1)).status_code == 302
    response = login(es).post(_url("people:career_profile_edit", person), _form_data(1, hours_min="5"))
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    assert CareerProfile.objects.get(job_seeker=person).hours_min == 15


def test_work_history_and_education_on_their_own_small_forms(login, es, person):
    CareerProfileFactory(job_seeker=person)
    client = login(es)
    edit = client.get(_url("people:career_profile_edit", person)).content.decode()
    assert "Add a job to the work history" in edit
    assert _url("people:work_history_add", person) in edit

    response = client.post(
        _url("people:work_history_add", person),
        {
            "work-version": 1,
            "work-employer_name": "Synthetic Diner",
            "work-job_title": "Dishwasher",
            "work-started_on": "2019-04",
            "work-ended_on": "2020-01-15",
            "work-hours_per_week": "20",
            "work-liked": "The team",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#work-history")
    job = WorkHistoryEntry.objects.get()
    assert job.started_on == datetime.date(2019, 4, 1)

    page = client.get(_url("people:work_history_edit", person, entry_pk=job.pk))
    assert page.status_code == 200
    response = client.post(
        _url("people:work_history_edit", person, entry_pk=job.pk),
        {"version": 2, "employer_name": "Synthetic Diner", "job_title": "Line cook", "reason_left": "Moved"},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.job_title, job.reason_left, job.started_on) == ("Line cook", "Moved", None)

    response = client.post(
        _url("people:education_history_add", person),
        {"education-version": 3, "education-level": "vocational_certificate", "education-year": "2010"},
    )
    assert response.status_code == 302
    school = EducationHistoryEntry.objects.get()

    text = client.get(_url("people:career_profile", person)).content.decode()
    assert "Line cook, Synthetic Diner" in text
    assert "Vocational certificate" in text

    assert client.get(_url("people:work_history_remove", person, entry_pk=job.pk)).status_code == 405
    assert (
        client.post(_url("people:work_history_remove", person, entry_pk=job.pk), {"version": 4}).status_code
        == 302
    )
    assert (
        client.post(
            _url("people:education_history_remove", person, entry_pk=school.pk), {"version": 5}
        ).status_code
        == 302
    )
    assert not WorkHistoryEntry.objects.exists() and not EducationHistoryEntry.objects.exists()
    assert CareerProfile.objects.get(job_seeker=person).version == 6


def test_bad_entries_on_the_pages_change_nothing(login, es, person):
    profile = CareerProfileFactory(job_seeker=person)
    job = WorkHistoryEntryFactory(profile=profile)
    client = login(es)
    before = _state(person)
    response = client.post(
        _url("people:work_history_add", person),
        {
            "work-version": 1,
            "work-employer_name": "A",
            "work-started_on": "2020-05-01",
            "work-ended_on": "2020-01-01",
        },
    )
    assert response.status_code == 400
    assert "cannot end before it started" in " ".join(response.context["form"].errors["ended_on"])
    response = client.post(
        _url("people:education_history_add", person), {"education-version": 1, "education-level": ""}
    )
    assert response.status_code == 400
    assert "Choose the level" in " ".join(response.context["form"].errors["level"])
    response = client.post(_url("people:work_history_remove", person, entry_pk=job.pk), {"version": 0})
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    assert _state(person) == before


def test_an_entry_of_another_person_is_not_found(login, es, person, program):
    other = CareerProfileFactory(job_seeker=JobSeekerFactory(program=program))
    job = WorkHistoryEntryFactory(profile=other)
    CareerProfileFactory(job_seeker=person)
    client = login(es)
    assert client.get(_url("people:work_history_edit", person, entry_pk=job.pk)).status_code == 404
    assert (
        client.post(_url("people:work_history_remove", person, entry_pk=job.pk), {"version": 1}).status_code
        == 404
    )
    assert WorkHistoryEntry.objects.filter(pk=job.pk).exists()


def test_versions_list_and_what_changed(login, es, person):
    profile = _start(es, person, hours_min=10, shifts=["day"], legal_history=LEGAL)
    services.career_profile_save(
        actor=es, job_seeker=person, data={"hours_min": 20, "shifts": ["day", "evening"]}, version=1
    )
    services.work_history_entry_add(
        actor=es, job_seeker=person, data={"employer_name": "Synthetic Diner", "job_title": "Cook"}, version=2
    )
    client = login(es)
    listing = client.get(_url("people:career_profile_versions", person)).content.decode()
    for number in (1, 2, 3):
        assert _url("people:career_profile_version", person, number=number) in listing
    assert "Changed: fewest hours a week, shifts." in listing

    page = client.get(_url("people:career_profile_version", person, number=2))
    assert page.status_code == 200
    rows = {row["label"]: (row["old"], row["new"]) for row in page.context["changes"]["fields"]}
    assert rows == {
        "Fewest hours a week": ("10 hours a week", "20 hours a week"),
        "Shifts": ("Days", "Days, Evenings"),
    }
    assert "What changed since version 1" in page.content.decode()

    third = client.get(_url("people:career_profile_version", person, number=3))
    assert third.context["changes"]["entries"][0]["added"] == ["Cook, Synthetic Diner"]
    assert "Added: Cook, Synthetic Diner" in third.content.decode()
    assert client.get(_url("people:career_profile_version", person, number=9)).status_code == 404
    assert profile.pk == third.context["profile"].pk


# --- Who sees what --------------------------------------------------------------------------------


@pytest.fixture
def vr(make_user, program):
    return make_user("vr_counselor", program)


def _profile_with_history(es, person):
    _start(es, person, legal_history=LEGAL, benefits_summary="SSDI")
    services.career_profile_save(
        actor=es,
        job_seeker=person,
        data={"legal_history": LEGAL + " Nothing since.", "hours_min": 12},
        version=1,
    )


def test_a_partner_with_a_career_profile_consent_sees_it_but_never_legal_history(login, es, vr, person):
    _profile_with_history(es, person)
    ConsentFactory(job_seeker=person, partner_kind="vocational_rehabilitation", scopes=["career_profile"])
    client = login(vr)
    for url in (
        _url("people:career_profile", person),
        _url("people:career_profile_versions", person),
        _url("people:career_profile_version", person, number=1),
        _url("people:career_profile_version", person, number=2),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "retail theft" not in text and "legal history" not in text.lower(), url
    text = client.get(_url("people:career_profile", person)).content.decode()
    assert "I want to cook." in text
    assert "Edit the career profile" not in text
    assert client.get(_url("people:career_profile_edit", person)).status_code == 403
    section = record_section(_request(vr), person)
    assert section["profile_summary"]["work_goal"] == "I want to cook."


@pytest.mark.parametrize("scopes", [["employment_progress"], ["service_notes", "job_details"]])
def test_a_partner_without_the_career_profile_scope_gets_404(login, es, vr, person, scopes):
    _profile_with_history(es, person)
    ConsentFactory(job_seeker=person, partner_kind="vocational_rehabilitation", scopes=scopes)
    client = login(vr)
    for url in (
        _url("people:career_profile", person),
        _url("people:career_profile_versions", person),
        _url("people:career_profile_version", person, number=1),
    ):
        assert client.get(url).status_code == 404, url
    assert record_section(_request(vr), person) == {}


def test_a_partner_sees_no_profile_that_does_not_exist(login, vr, person):
    ConsentFactory(job_seeker=person, partner_kind="vocational_rehabilitation", scopes=["career_profile"])
    assert login(vr).get(_url("people:career_profile", person)).status_code == 404
    assert record_section(_request(vr), person) == {}


def test_an_expired_consent_shows_nothing(login, es, vr, person):
    _profile_with_history(es, person)
    ConsentFactory(
        job_seeker=person,
        partner_kind="vocational_rehabilitation",
        scopes=["career_profile"],
        start_date=_days_ago(400),
        signed_on=_days_ago(400),
        expiry_date=_days_ago(1),
    )
    assert login(vr).get(_url("people:career_profile", person)).status_code == 404


@pytest.mark.parametrize("role", ["state_trainer", "state_administrator"])
def test_the_state_team_reads_everything_and_edits_nothing(login, make_user, es, person, role):
    _profile_with_history(es, person)
    client = login(make_user(role))
    text = client.get(_url("people:career_profile", person)).content.decode()
    assert "retail theft" in text
    assert "Edit the career profile" not in text
    assert client.get(_url("people:career_profile_edit", person)).status_code == 403


def test_the_analyst_gets_403(login, make_user, es, person):
    _profile_with_history(es, person)
    client = login(make_user("analyst"))
    for url in (
        _url("people:career_profile", person),
        _url("people:career_profile_versions", person),
        _url("people:career_profile_version", person, number=1),
    ):
        assert client.get(url).status_code == 403, url


def test_staff_of_another_program_get_404(login, make_user, es, person, other_program):
    _profile_with_history(es, person)
    client = login(make_user("employment_specialist", other_program))
    assert client.get(_url("people:career_profile", person)).status_code == 404
    wrong_slug = reverse("people:career_profile", kwargs={"slug": other_program.slug, "pk": person.pk})
    assert login(es).get(wrong_slug).status_code == 404


def test_opening_the_profile_or_a_version_is_in_the_audit_trail(login, es, make_user, program, person):
    _profile_with_history(es, person)
    reader = make_user("program_manager", program)
    client = login(reader)
    client.get(_url("people:career_profile", person))
    client.get(_url("people:career_profile_version", person, number=2))
    reads = AuditEvent.objects.filter(actor=reader, action=AuditAction.READ, job_seeker_id=person.pk)
    assert sorted(reads.values_list("object_type", flat=True)) == [
        "people.CareerProfile",
        "people.CareerProfileVersion",
    ]
    assert all(r.program_id == person.program_id for r in reads)


def test_the_profile_page_costs_the_same_queries_for_many_entries(login, es, person, program):
    few = CareerProfileFactory(job_seeker=person)
    WorkHistoryEntryFactory(profile=few)
    EducationHistoryEntryFactory(profile=few)
    many_person = JobSeekerFactory(program=program, enrollment_date=_days_ago(30))
    many = CareerProfileFactory(job_seeker=many_person)
    for _ in range(25):
        WorkHistoryEntryFactory(profile=many)
        EducationHistoryEntryFactory(profile=many)
    client = login(es)
    client.get(_url("people:career_profile", person))  # warm the session

    def count(target):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("people:career_profile", target)).status_code == 200
        return len(ctx.captured_queries)

    assert count(person) == count(many_person) <= 13


def test_the_versions_page_costs_the_same_queries_for_many_versions(
    login, es, person, django_assert_max_num_queries
):
    _start(es, person)
    for n in range(1, 30):
        services.career_profile_save(actor=es, job_seeker=person, data={"hours_min": n}, version=n)
    client = login(es)
    with django_assert_max_num_queries(15):
        assert client.get(_url("people:career_profile_versions", person)).status_code == 200


# --- The record page's card -------------------------------------------------------------------


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _card(user, person, can_edit):
    context = record_section(_request(user), person)
    return render_to_string(
        "people/_record_profile.html",
        {**context, "job_seeker": person, "program": person.program, "can_edit": can_edit},
    )


def test_the_record_card_summarizes_the_profile(es, person):
    _start(es, person, job_types_wanted=["line cook"], hours_min=20, hours_max=30)
    card = _card(es, person, True)
    assert "I want to cook." in card
    assert "line cook" in card
    assert "20 to 30 hours a week" in card
    assert "Not decided yet" in card
    assert f'href="{_url("people:career_profile", person)}">Career profile</a>' in card


def test_the_record_card_offers_to_start_a_profile_to_editors_only(es, make_user, person):
    assert "Start the career profile" in _card(es, person, True)
    trainer_card = _card(make_user("state_trainer"), person, False)
    assert "No career profile yet" in trainer_card
    assert "Start the career profile" not in trainer_card


def test_the_record_page_shows_the_card_only_to_those_who_may_see_the_profile(login, es, vr, person):
    _profile_with_history(es, person)
    record = _url("people:job_seeker_detail", person)
    staff_page = login(es).get(record).content.decode()
    assert f'href="{_url("people:career_profile", person)}">Career profile</a>' in staff_page
    assert "I want to cook." in staff_page

    consent = ConsentFactory(
        job_seeker=person, partner_kind="vocational_rehabilitation", scopes=["employment_progress"]
    )
    partner = login(vr)
    page = partner.get(record)
    assert page.status_code == 200
    assert "I want to cook." not in page.content.decode()
    assert _url("people:career_profile", person) not in page.content.decode()

    consent.scopes.create(item="career_profile")
    assert "I want to cook." in partner.get(record).content.decode()
