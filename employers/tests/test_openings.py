"""Openings and matches: the rules, bad input, the pages, the API, and what each costs in queries."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from core.models import AuditAction, AuditEvent
from employers.models import Opening, OpeningMatch
from employers.selectors.openings import suggested_job_seekers, suggested_openings
from employers.services.openings import opening_create, opening_match_set, opening_update
from people.tests.factories import JobSeekerFactory
from people.tests.factories_profile import CareerProfileFactory

from .factories_openings import (
    OpeningEmployerFactory,
    OpeningFactory,
    OpeningLocationFactory,
    OpeningMatchFactory,
    SeekingJobSeekerFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def es(make_user, program):
    return make_user("employment_specialist", program)


@pytest.fixture
def employer(program):
    return OpeningEmployerFactory(program=program)


def _create(actor, employer, **fields):
    values = {"title": "Dishwasher", "learned_on": days_ago(1)}
    values.update(fields)
    return opening_create(actor=actor, employer=employer, **values)


PERSON_FIELDS = {"job_search_started_on", "closed_date", "closure_reason"}


def _person(program, *, wants=(), avoids=(), **fields):
    """A person in job search with a career profile; person fields and profile fields both accepted."""
    person = SeekingJobSeekerFactory(
        program=program, **{k: v for k, v in fields.items() if k in PERSON_FIELDS}
    )
    profile = {k: v for k, v in fields.items() if k not in PERSON_FIELDS}
    CareerProfileFactory(
        job_seeker=person, job_types_wanted=list(wants), job_types_avoided=list(avoids), **profile
    )
    return person


# --- Services: the rules --------------------------------------------------------------------------


def test_an_opening_is_created_under_its_business_with_an_audit_row(es, employer, program):
    location = OpeningLocationFactory(employer=employer)
    opening = _create(
        es,
        employer,
        title="  Line cook ",
        hours_min="20",
        hours_max=Decimal("32.5"),
        hourly_wage_min=15,
        hourly_wage_max=17,
        shifts=["day", "evening", "day"],
        location=location,
        closes_on=days_ago(-10),
    )
    assert opening.program == program
    assert opening.title == "Line cook"
    assert opening.shifts == ["day", "evening"]
    assert opening.status == "open"
    event = AuditEvent.objects.get(object_type="employers.Opening", object_id=str(opening.pk))
    assert event.action == AuditAction.CREATE


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "   "}, "title"),
        ({"hours_min": 0}, "hours_min"),
        ({"hours_max": 81}, "hours_max"),
        ({"hours_min": -5}, "hours_min"),
        ({"hours_min": 30, "hours_max": 20}, "hours_max"),
        ({"hourly_wage_min": -1}, "hourly_wage_min"),
        ({"hourly_wage_max": "500.01"}, "hourly_wage_max"),
        ({"hourly_wage_min": 18, "hourly_wage_max": 15}, "hourly_wage_max"),
        ({"hours_min": "lots"}, "hours_min"),
        ({"shifts": ["day", "graveyard"]}, "shifts"),
        ({"shifts": "day"}, "shifts"),
        ({"learned_on": None}, "learned_on"),
        ({"learned_on": days_ago(-1)}, "learned_on"),
        ({"learned_on": days_ago(5), "closes_on": days_ago(6)}, "closes_on"),
        ({"status": "maybe"}, "status"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(es, employer, fields, field):
    with pytest.raises(ValidationError) as info:
        _create(es, employer, **fields)
    assert field in info.value.message_dict
    assert not Opening.objects.exists()
    assert not AuditEvent.objects.filter(object_type="employers.Opening").exists()


def test_a_place_of_another_business_is_refused(es, employer, program):
    other_place = OpeningLocationFactory(employer=OpeningEmployerFactory(program=program))
    with pytest.raises(ValidationError) as info:
        _create(es, employer, location=other_place)
    assert "location" in info.value.message_dict


def test_a_business_of_another_program_is_not_found(es, other_program):
    with pytest.raises(Http404):
        _create(es, OpeningEmployerFactory(program=other_program))


def test_the_state_trainer_reads_but_does_not_write(make_user, employer):
    trainer = make_user("state_trainer")
    with pytest.raises(PermissionDenied):
        _create(trainer, employer)


def test_an_edit_from_an_old_copy_is_refused(es, employer):
    opening = _create(es, employer)
    opening_update(actor=es, opening=opening, version=1, status="filled")
    opening.refresh_from_db()
    assert (opening.status, opening.version) == ("filled", 2)
    with pytest.raises(ValidationError) as info:
        opening_update(actor=es, opening=opening, version=1, title="Prep cook")
    assert "Someone else changed" in str(info.value.message_dict["version"])
    opening.refresh_from_db()
    assert opening.title == "Dishwasher"
    assert AuditEvent.objects.filter(object_id=str(opening.pk), action=AuditAction.UPDATE).count() == 1


def test_an_edit_is_checked_like_a_new_opening(es, employer):
    opening = _create(es, employer, hours_min=10, hours_max=20)
    with pytest.raises(ValidationError) as info:
        opening_update(actor=es, opening=opening, version=1, hours_min=25)
    assert "hours_max" in info.value.message_dict


def test_a_match_is_set_and_changed_with_audit_rows(es, program):
    opening = OpeningFactory(employer=OpeningEmployerFactory(program=program))
    person = SeekingJobSeekerFactory(program=program)
    opening_match_set(actor=es, opening=opening, job_seeker=person, status="discussed", note="Liked it")
    match = opening_match_set(actor=es, opening=opening, job_seeker=person, status="introduced")
    assert OpeningMatch.objects.get() == match
    assert match.status == "introduced"
    events = AuditEvent.objects.filter(object_type="employers.OpeningMatch", job_seeker_id=person.pk)
    assert sorted(events.values_list("action", flat=True)) == ["create", "update"]


@pytest.mark.parametrize(
    "person_fields",
    [{"enrollment_date": None, "job_search_started_on": None}, {"closed_date": "yesterday"}],
    ids=["not enrolled", "closed"],
)
def test_a_match_needs_an_enrolled_open_record(es, program, person_fields):
    if person_fields.get("closed_date") == "yesterday":
        person_fields = {"closed_date": days_ago(1), "closure_reason": "moved"}
    person = SeekingJobSeekerFactory(program=program, **person_fields)
    opening = OpeningFactory(employer=OpeningEmployerFactory(program=program))
    with pytest.raises(ValidationError) as info:
        opening_match_set(actor=es, opening=opening, job_seeker=person, status="discussed")
    assert "job_seeker" in info.value.message_dict
    assert not OpeningMatch.objects.exists()


def test_a_match_needs_a_job_seeker_of_the_same_program(make_user, program, other_program):
    es = make_user("employment_specialist", program)
    from accounts.tests.factories import MembershipFactory

    MembershipFactory(user=es, role="employment_specialist", program=other_program)
    opening = OpeningFactory(employer=OpeningEmployerFactory(program=program))
    stranger = SeekingJobSeekerFactory(program=other_program)
    with pytest.raises(ValidationError) as info:
        opening_match_set(actor=es, opening=opening, job_seeker=stranger, status="discussed")
    assert "job_seeker" in info.value.message_dict


def test_no_es_contact_can_be_discussed_but_not_introduced(es, program):
    person = _person(program, wants=["line cook"], disclosure_preference="no_es_contact")
    opening = OpeningFactory(employer=OpeningEmployerFactory(program=program))
    opening_match_set(actor=es, opening=opening, job_seeker=person, status="discussed")
    with pytest.raises(ValidationError) as info:
        opening_match_set(actor=es, opening=opening, job_seeker=person, status="introduced")
    message = str(info.value.message_dict["status"])
    assert "not contact employers" in message
    assert "apply on their own" in message
    assert OpeningMatch.objects.get().status == "discussed"


# --- Suggestions -----------------------------------------------------------------------------------


def test_suggestions_rank_by_the_career_profile_and_leave_out_who_is_not_looking(es, program, other_program):
    opening = OpeningFactory(
        employer=OpeningEmployerFactory(program=program), title="Line cook", hours_min=25, hours_max=32
    )
    wants = _person(program, wants=["line cook"], hours_min=20, hours_max=30)
    avoids = _person(program, avoids=["cook"])
    no_profile = SeekingJobSeekerFactory(program=program)
    engaged = _person(program, wants=["dishwasher"], job_search_started_on=None)
    _person(program, wants=["line cook"], closed_date=days_ago(1), closure_reason="moved")
    JobSeekerFactory(program=program)  # referred, not enrolled
    _person(other_program, wants=["line cook"])
    matched = _person(program, wants=["line cook"])
    OpeningMatchFactory(opening=opening, job_seeker=matched)

    ranked = suggested_job_seekers(user=es, opening=opening)
    people = [s.subject for s in ranked]
    assert people[0] == wants
    assert people[-1] == avoids
    assert set(people) == {wants, avoids, no_profile, engaged}
    assert "Wants 20–30 hours; this is 25–32" in [r.text for r in ranked[0].reasons]


def test_a_person_sees_open_openings_ranked_for_them(es, program):
    person = _person(program, wants=["stocking"], shifts=["night"])
    employer = OpeningEmployerFactory(program=program)
    stocking = OpeningFactory(employer=employer, title="Night stocker", job_type="stocking", shifts=["night"])
    cook = OpeningFactory(employer=employer, title="Line cook", job_type="", shifts=["day"])
    OpeningFactory(employer=employer, title="Stocking", job_type="stocking", status="filled")
    OpeningFactory(employer=employer, title="Stocking", learned_on=days_ago(20), closes_on=days_ago(1))
    ranked = suggested_openings(user=es, job_seeker=person, profile=person.career_profile)
    assert [s.subject for s in ranked] == [stocking, cook]
    assert "Prefers nights; this is days" in [r.text for r in ranked[1].reasons]


# --- Pages -------------------------------------------------------------------------------------------


def test_opening_page_shows_suggestions_with_reasons_and_audits_who_was_shown(login, es, program):
    opening = OpeningFactory(employer=OpeningEmployerFactory(program=program), title="Line cook")
    person = _person(program, wants=["line cook"])
    response = login(es).get(reverse("employers:opening_detail", args=[program.slug, opening.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert person.display_name in page
    assert "Wants line cook work" in page
    event = AuditEvent.objects.get(action=AuditAction.READ, object_type="employers.Opening")
    assert person.pk in event.changes["job_seekers_shown"][1]


def test_opening_page_costs_the_same_queries_for_few_or_many_people(
    login, es, program, django_assert_max_num_queries
):
    opening = OpeningFactory(employer=OpeningEmployerFactory(program=program))
    client = login(es)
    url = reverse("employers:opening_detail", args=[program.slug, opening.pk])
    for _ in range(2):
        OpeningMatchFactory(opening=opening, job_seeker=_person(program, wants=["cook"]))
        _person(program, wants=["line cook"])
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for _ in range(15):
        OpeningMatchFactory(opening=opening, job_seeker=_person(program, wants=["cook"]))
        _person(program, wants=["line cook"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_opening_list_filters_searches_and_costs_the_same_queries(
    login, es, program, django_assert_max_num_queries
):
    employer = OpeningEmployerFactory(program=program, name="Synthetic Bakery")
    OpeningFactory(employer=employer, title="Baker")
    OpeningFactory(employer=employer, title="Cashier", status="filled")
    client = login(es)
    url = reverse("employers:opening_list", args=[program.slug])
    page = client.get(url).content.decode()
    assert "Baker" in page and "Cashier" not in page
    page = client.get(url, {"status": "all", "q": "bakery cash"}).content.decode()
    assert "Cashier" in page and ">Baker<" not in page
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(30):
        OpeningMatchFactory(opening=OpeningFactory(employer=employer))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_opening_form_shows_bad_input_on_the_field(login, es, employer, program):
    url = reverse("employers:opening_create", args=[program.slug, employer.pk])
    response = login(es).post(
        url,
        {"title": "Prep cook", "hours_min": "40", "hours_max": "90", "learned_on": days_ago(1).isoformat()},
    )
    assert response.status_code == 400
    assert "Hours a week must be more than 0 and at most 80." in response.content.decode()
    assert not Opening.objects.exists()


def test_the_opening_form_creates_and_edits(login, es, employer, program):
    client = login(es)
    url = reverse("employers:opening_create", args=[program.slug, employer.pk])
    response = client.post(
        url,
        {"title": "Prep cook", "shifts": ["day"], "learned_on": days_ago(1).isoformat(), "status": "open"},
    )
    opening = Opening.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:opening_detail", args=[program.slug, opening.pk])
    edit = reverse("employers:opening_edit", args=[program.slug, opening.pk])
    data = {"title": "Prep cook", "learned_on": days_ago(1).isoformat(), "status": "filled", "version": 1}
    assert client.post(edit, data).status_code == 302
    stale = client.post(edit, {**data, "title": "Old copy"})
    assert stale.status_code == 400
    assert "Someone else changed this record" in stale.content.decode()
    opening.refresh_from_db()
    assert (opening.status, opening.title) == ("filled", "Prep cook")


def test_introducing_someone_who_said_no_contact_is_refused_on_the_page(login, es, program):
    opening = OpeningFactory(employer=OpeningEmployerFactory(program=program))
    person = _person(program, disclosure_preference="no_es_contact")
    url = reverse("employers:opening_match_set", args=[program.slug, opening.pk])
    response = login(es).post(url, {"job_seeker": person.pk, "status": "introduced"})
    assert response.status_code == 400
    assert "not contact employers" in response.content.decode()
    assert not OpeningMatch.objects.exists()


def test_putting_someone_forward_from_their_openings_page(login, es, program):
    opening = OpeningFactory(employer=OpeningEmployerFactory(program=program), title="Line cook")
    person = _person(program, wants=["line cook"])
    client = login(es)
    page_url = reverse("employers:job_seeker_openings", args=[program.slug, person.pk])
    response = client.get(page_url)
    assert response.status_code == 200
    assert "Wants line cook work" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.READ, job_seeker_id=person.pk).exists()
    url = reverse("employers:opening_match_set", args=[program.slug, opening.pk])
    response = client.post(url, {"job_seeker": person.pk, "status": "discussed", "back": "job_seeker"})
    assert response.status_code == 302
    assert response["Location"].startswith(page_url)
    assert OpeningMatch.objects.get().job_seeker == person
    assert "Discussed with the job seeker" in client.get(page_url).content.decode()


def test_the_record_page_links_to_the_persons_openings(login, es, program):
    person = SeekingJobSeekerFactory(program=program)
    page = login(es).get(reverse("people:job_seeker_detail", args=[program.slug, person.pk])).content.decode()
    assert reverse("employers:job_seeker_openings", args=[program.slug, person.pk]) in page


# --- API -----------------------------------------------------------------------------------------------


def test_api_creates_lists_and_updates_openings(login, es, employer, program):
    client = login(es)
    response = client.post(
        reverse("api:opening-list"),
        {
            "employer": employer.pk,
            "title": "Stocker",
            "shifts": ["night"],
            "learned_on": days_ago(2).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    opening_id = response.json()["id"]
    listed = client.get(reverse("api:opening-list"), {"program": program.slug, "status": "open"}).json()
    assert [o["id"] for o in listed["results"]] == [opening_id]
    detail = reverse("api:opening-detail", args=[opening_id])
    response = client.patch(detail, {"status": "filled", "version": 1}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    stale = client.patch(detail, {"title": "Old", "version": 1}, content_type="application/json")
    assert stale.status_code == 400
    assert "version" in stale.json()


def test_api_bad_input_is_a_400_with_field_errors(login, es, employer):
    response = login(es).post(
        reverse("api:opening-list"),
        json.dumps(
            {
                "employer": employer.pk,
                "title": "Stocker",
                "hours_min": 90,
                "hourly_wage_min": -3,
                "learned_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"hours_min", "hourly_wage_min", "learned_on"} <= set(response.json())
    assert not Opening.objects.exists()


def test_api_suggestions_give_scores_and_reasons(login, es, program):
    opening = OpeningFactory(employer=OpeningEmployerFactory(program=program), title="Line cook")
    wants = _person(program, wants=["line cook"])
    avoids = _person(program, avoids=["line cook"])
    response = login(es).get(reverse("api:opening-suggestions", args=[opening.pk]))
    assert response.status_code == 200
    body = response.json()
    assert [row["job_seeker"] for row in body] == [wants.pk, avoids.pk]
    assert body[0]["score"] > body[1]["score"]
    assert {"text": "Wants line cook work", "kind": "match", "points": 40} in body[0]["reasons"]


def test_api_match_refuses_an_introduction_without_consent_to_contact(login, es, program):
    opening = OpeningFactory(employer=OpeningEmployerFactory(program=program))
    person = _person(program, disclosure_preference="no_es_contact")
    url = reverse("api:opening-matches", args=[opening.pk])
    client = login(es)
    response = client.post(
        url, {"job_seeker": person.pk, "status": "introduced"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "status" in response.json()
    response = client.post(
        url, {"job_seeker": person.pk, "status": "discussed"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "discussed"


def test_a_place_the_person_named_is_a_weak_reason(es, program):
    opening = OpeningFactory(
        employer=OpeningEmployerFactory(program=program, city="Madison"), title="Baker", job_type=""
    )
    person = _person(program, locations="East Madison, bus 6")
    [suggestion] = suggested_job_seekers(user=es, opening=opening)
    assert suggestion.subject == person
    assert "Near a place they named (Madison)" in [r.text for r in suggestion.reasons]


def test_a_persons_openings_page_costs_the_same_queries_for_few_or_many_openings(
    login, es, program, django_assert_max_num_queries
):
    person = _person(program, wants=["line cook"])
    employer = OpeningEmployerFactory(program=program)
    client = login(es)
    url = reverse("employers:job_seeker_openings", args=[program.slug, person.pk])
    OpeningMatchFactory(opening=OpeningFactory(employer=employer), job_seeker=person)
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        assert client.get(url).status_code == 200
    for _ in range(20):
        OpeningMatchFactory(
            opening=OpeningFactory(employer=employer, location=OpeningLocationFactory(employer=employer)),
            job_seeker=person,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_api_suggestions_cost_the_same_queries_for_few_or_many_people(
    login, es, program, django_assert_max_num_queries
):
    opening = OpeningFactory(employer=OpeningEmployerFactory(program=program))
    client = login(es)
    url = reverse("api:opening-suggestions", args=[opening.pk])
    _person(program, wants=["line cook"])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for _ in range(20):
        _person(program, wants=["cook"], shifts=["day"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).json()) == 21
