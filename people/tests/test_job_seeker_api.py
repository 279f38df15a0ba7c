"""The job-seeker API: list, retrieve, refer, and enroll / transfer / close / re-open through the services."""

import datetime

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from people.models import CaseloadAssignment, ClosureHistory, JobSeeker
from people.tests.factories import ConsentFactory, JobSeekerFactory
from people.tests.factories_record import days_ago, enrolled, specialist

LIST = "/api/v1/job-seekers/"


@pytest.fixture
def ana(program):
    return specialist(program)


@pytest.fixture
def api(login, supervisor):
    return login(supervisor)


def _detail(person):
    return reverse("api:job-seeker-detail", kwargs={"pk": person.pk})


def _action(name, person):
    return reverse(f"api:job-seeker-{name}", kwargs={"pk": person.pk})


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_urls_are_the_documented_ones():
    assert reverse("api:job-seeker-list") == LIST
    assert reverse("api:job-seeker-detail", kwargs={"pk": 7}) == f"{LIST}7/"
    for name in ("enroll", "transfer", "close", "reopen"):
        assert reverse(f"api:job-seeker-{name}", kwargs={"pk": 7}) == f"{LIST}7/{name}/"


# --- Reading ----------------------------------------------------------------------------------------


def test_list_through_the_gate_with_filters(api, program, other_program, ana):
    referred = JobSeekerFactory(
        program=program, first_name="Rosa", last_name="Able", preferred_language="hmn"
    )
    working_on = enrolled(program, ana, first_name="Lee", last_name="Baker")
    closed = JobSeekerFactory(
        program=program,
        last_name="Carter",
        referral_date=days_ago(30),
        closed_date=days_ago(2),
        closure_reason="moved_away",
    )
    JobSeekerFactory(program=other_program, last_name="Elsewhere")

    body = api.get(LIST).json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert [p["ref"] for p in body["results"]] == [referred.ref, working_on.ref, closed.ref]
    first = body["results"][0]
    assert first["program"] == program.slug
    assert first["phase"] == "referred"
    assert first["preferred_language_label"] == "Hmong"
    assert body["results"][1]["employment_specialist"] == {"id": ana.pk, "name": "Ana Alvarez"}

    def refs(**params):
        return [p["ref"] for p in api.get(LIST, params).json()["results"]]

    assert refs(phase="engaged") == [working_on.ref]
    assert refs(phase="closed") == [closed.ref]
    assert refs(enrolled="true") == [working_on.ref]
    assert refs(enrolled="false") == [referred.ref, closed.ref]
    assert refs(closed="false") == [referred.ref, working_on.ref]
    assert refs(q="bak") == [working_on.ref]
    assert refs(q=closed.ref) == [closed.ref]
    assert refs(program=program.slug, page_size=1) == [referred.ref]
    assert api.get(LIST, {"program": other_program.slug}).status_code == 404
    response = api.get(LIST, {"phase": "ready"})
    assert response.status_code == 400
    assert "phase" in response.json()
    assert api.get(LIST, {"enrolled": "maybe"}).status_code == 400


def test_the_list_costs_the_same_queries_for_many_people(api, program, ana, django_assert_max_num_queries):
    for _ in range(3):
        enrolled(program, ana)
    api.get(LIST)
    # Session (and its refresh), user, MFA device, memberships, the count, the page.
    with django_assert_max_num_queries(10):
        api.get(LIST)
    for _ in range(40):
        enrolled(program, ana)
    with django_assert_max_num_queries(10):
        assert len(api.get(LIST).json()["results"]) == 43


def test_a_partner_lists_only_people_whose_consent_allows(login, make_user, program):
    counselor = make_user("vr_counselor", program)
    covered = JobSeekerFactory(program=program)
    ConsentFactory(job_seeker=covered, partner_kind="vocational_rehabilitation")
    hidden = JobSeekerFactory(program=program)
    client = login(counselor)
    assert [p["id"] for p in client.get(LIST).json()["results"]] == [covered.pk]
    assert client.get(_detail(covered)).status_code == 200
    assert client.get(_detail(hidden)).status_code == 404


def test_the_analyst_sees_no_person(login, make_user, program):
    person = JobSeekerFactory(program=program)
    client = login(make_user("analyst"))
    assert client.get(LIST).status_code == 403
    assert client.get(_detail(person)).status_code == 403


def test_retrieve_writes_a_read_row(api, supervisor, program):
    person = JobSeekerFactory(program=program)
    response = api.get(_detail(person))
    assert response.status_code == 200
    assert response.json()["ref"] == person.ref
    assert (
        AuditEvent.objects.filter(action=AuditAction.READ, job_seeker_id=person.pk, actor=supervisor).count()
        == 1
    )


# --- Referring --------------------------------------------------------------------------------------


def _referral(program, **overrides):
    data = {
        "program": program.slug,
        "first_name": "Rosa",
        "last_name": "Testperson",
        "date_of_birth": "1988-03-14",
        "preferred_language": "so",
        "referral_source": "self",
    }
    data.update(overrides)
    return data


def test_refer_through_the_service(api, supervisor, program):
    response = _post(api, LIST, _referral(program))
    assert response.status_code == 201
    body = response.json()
    person = JobSeeker.objects.get()
    assert body["id"] == person.pk
    assert body["ref"] == "JS-000001"
    assert body["phase"] == "referred"
    assert body["referral_channel"] == "staff"
    assert person.referred_by_user == supervisor
    assert person.preferred_language == "so"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="people.JobSeeker").exists()


def test_a_possible_duplicate_is_a_400_with_its_ref_until_allowed(api, program):
    existing = JobSeekerFactory(
        program=program, first_name="Rosa", last_name="Testperson", date_of_birth=datetime.date(1988, 3, 14)
    )
    response = _post(api, LIST, _referral(program, first_name="ROSA"))
    assert response.status_code == 400
    body = response.json()
    assert body["possible_duplicates"] == [existing.ref]
    assert existing.ref in body["non_field_errors"][0]
    assert "allow_duplicate" in body
    assert JobSeeker.objects.count() == 1

    assert _post(api, LIST, _referral(program, first_name="ROSA", allow_duplicate=True)).status_code == 201
    assert JobSeeker.objects.count() == 2


def test_under_14_is_a_warning_to_confirm(api, program):
    young = (days_ago(0) - datetime.timedelta(days=365 * 12)).isoformat()
    response = _post(api, LIST, _referral(program, date_of_birth=young))
    assert response.status_code == 400
    body = response.json()
    assert "younger than 14" in body["date_of_birth"][0]
    assert "confirm_under_14" in body
    assert not JobSeeker.objects.exists()
    assert _post(api, LIST, _referral(program, date_of_birth=young, confirm_under_14=True)).status_code == 201


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"referral_source": "other"}, "referral_source_other"),
        ({"referral_source": "psychiatrist"}, "referral_source"),
        ({"preferred_language": "not a language"}, "preferred_language"),
        ({"email": "nope"}, "email"),
    ],
)
def test_bad_referrals_are_400s_on_the_field(api, program, overrides, field):
    response = _post(api, LIST, _referral(program, **overrides))
    assert response.status_code == 400
    assert field in response.json()
    assert not JobSeeker.objects.exists()


def test_referring_elsewhere(login, make_user, program, other_program):
    client = login(make_user("employment_specialist", program))
    assert _post(client, LIST, _referral(other_program)).status_code == 404
    assert _post(login(make_user("vr_counselor", program)), LIST, _referral(program)).status_code == 403
    assert _post(login(make_user("state_administrator")), LIST, _referral(program)).status_code == 403
    assert not JobSeeker.objects.exists()


# --- Enroll, transfer, close, re-open ---------------------------------------------------------------


def test_the_whole_journey_through_the_api(api, program, ana):
    person = JobSeekerFactory(program=program, referral_date=days_ago(40))
    ben = specialist(program, "Ben", "Brooks")

    response = _post(
        api,
        _action("enroll", person),
        {"version": 1, "enrollment_date": days_ago(30).isoformat(), "employment_specialist": ana.pk},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["phase"] == "engaged"
    assert response.json()["version"] == 2

    response = _post(
        api,
        _action("transfer", person),
        {
            "version": 2,
            "on_date": days_ago(10).isoformat(),
            "employment_specialist": ben.pk,
            "reason": "Caseload",
        },
    )
    assert response.status_code == 200, response.json()
    assert response.json()["employment_specialist"]["name"] == "Ben Brooks"

    response = _post(
        api,
        _action("close", person),
        {"version": 3, "closed_date": days_ago(1).isoformat(), "closure_reason": "moved_away"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["phase"] == "closed"
    assert response.json()["employment_specialist"] is None

    response = _post(api, _action("reopen", person), {"version": 4, "reopen_note": "Closed in error"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["closed_date"] is None
    assert body["employment_specialist"]["name"] == "Ben Brooks"
    assert ClosureHistory.objects.get(job_seeker=person).reopen_note == "Closed in error"
    assert CaseloadAssignment.objects.filter(job_seeker=person).count() == 3


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        (
            "enroll",
            {"version": 1, "enrollment_date": "2999-01-01", "employment_specialist": "ES"},
            "enrollment_date",
        ),
        (
            "enroll",
            {"version": 1, "enrollment_date": "EARLY", "employment_specialist": "ES"},
            "enrollment_date",
        ),
        (
            "enroll",
            {"version": 1, "enrollment_date": "TODAY", "employment_specialist": 10**6},
            "employment_specialist",
        ),
        ("enroll", {"enrollment_date": "TODAY", "employment_specialist": "ES"}, "version"),
        ("close", {"version": 1, "closed_date": "TODAY", "closure_reason": "not_ready"}, "closure_reason"),
        ("close", {"version": 1, "closed_date": "TODAY", "closure_reason": "other"}, "closure_note"),
        ("close", {"version": 1, "closed_date": "2999-01-01", "closure_reason": "moved_away"}, "closed_date"),
        ("close", {"version": 7, "closed_date": "TODAY", "closure_reason": "moved_away"}, "version"),
        ("reopen", {"version": 1}, "non_field_errors"),
        ("transfer", {"version": 1, "on_date": "TODAY", "employment_specialist": "ES"}, "non_field_errors"),
    ],
)
def test_bad_actions_are_400s_and_change_nothing(api, program, ana, name, data, field):
    person = JobSeekerFactory(program=program, referral_date=days_ago(20))
    values = {"ES": ana.pk, "TODAY": days_ago(0).isoformat(), "EARLY": days_ago(21).isoformat()}
    data = {k: values.get(v, v) if isinstance(v, str) else v for k, v in data.items()}
    before = AuditEvent.objects.count()
    response = _post(api, _action(name, person), data)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    person.refresh_from_db()
    assert (person.version, person.enrollment_date, person.closed_date) == (1, None, None)
    assert AuditEvent.objects.count() == before


def test_actions_are_for_the_programs_staff(login, make_user, program, other_program, ana):
    person = enrolled(program, ana)
    data = {"version": 1, "closed_date": days_ago(0).isoformat(), "closure_reason": "moved_away"}
    ConsentFactory(job_seeker=person, partner_kind="vocational_rehabilitation")
    assert _post(login(make_user("vr_counselor", program)), _action("close", person), data).status_code == 403
    assert (
        _post(login(make_user("benefits_counselor", program)), _action("close", person), data).status_code
        == 404
    )
    assert _post(login(make_user("state_trainer")), _action("close", person), data).status_code == 403
    assert (
        _post(login(make_user("program_manager", other_program)), _action("close", person), data).status_code
        == 404
    )
    person.refresh_from_db()
    assert person.closed_date is None


def test_the_schema_documents_the_endpoints(api):
    schema = api.get(reverse("api_schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert {"/api/v1/job-seekers/", "/api/v1/job-seekers/{id}/"} <= set(paths)
    for name in ("enroll", "transfer", "close", "reopen"):
        operation = paths[f"/api/v1/job-seekers/{{id}}/{name}/"]["post"]
        assert operation["summary"]
        assert "requestBody" in operation
    listing = paths["/api/v1/job-seekers/"]["get"]
    assert {"program", "phase", "enrolled", "closed", "q", "page"} <= {
        p["name"] for p in listing["parameters"]
    }
    assert "allow_duplicate" in str(paths["/api/v1/job-seekers/"]["post"])
