"""The employment-plan API: the same services and gate as the pages, 400 with field errors."""

import pytest
from django.urls import reverse

from accounts.tests.factories import MembershipFactory, UserFactory
from core.models import AuditAction, AuditEvent
from people.models import EmploymentGoal, EmploymentPlan, PlanStep
from people.tests.factories import ConsentFactory
from people.tests.factories_plans import (
    ActivePlanFactory,
    EmploymentGoalFactory,
    EmploymentPlanFactory,
    EnrolledJobSeekerFactory,
    PlanStepFactory,
    days_ago,
)

LIST = reverse("api:employment-plan-list")


@pytest.fixture
def es(make_user, program):
    return make_user("employment_specialist", program)


@pytest.fixture
def person(program):
    return EnrolledJobSeekerFactory(program=program)


@pytest.fixture
def api(login, es):
    return login(es)


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _action(name, plan):
    return reverse(f"api:employment-plan-{name}", args=[plan.pk if hasattr(plan, "pk") else plan])


def _state(person):
    return (
        list(EmploymentPlan.objects.filter(job_seeker=person).order_by("pk").values()),
        list(EmploymentGoal.objects.filter(plan__job_seeker=person).order_by("pk").values()),
        list(PlanStep.objects.filter(goal__plan__job_seeker=person).order_by("pk").values()),
        AuditEvent.objects.exclude(action=AuditAction.READ).count(),
    )


def test_a_plan_is_built_and_agreed_through_the_api(api, es, person):
    created = _post(api, LIST, {"job_seeker": person.pk})
    assert created.status_code == 201, created.json()
    plan = created.json()
    assert (plan["status"], plan["version"], plan["goals"]) == ("draft", 1, [])

    response = _post(
        api, _action("goals", plan["id"]), {"text": "Work outdoors, in a park", "kind": "job", "version": 1}
    )
    assert response.status_code == 201, response.json()
    goal = response.json()["goals"][0]
    assert (goal["text"], goal["kind_label"], goal["status"]) == ("Work outdoors, in a park", "Job", "open")

    response = _post(
        api,
        _action("steps", plan["id"]),
        {
            "goal": goal["id"],
            "text": "Call the parks department",
            "responsible": "employment_specialist",
            "responsible_user": es.pk,
            "target_date": days_ago(-5).isoformat(),
            "version": 2,
        },
    )
    assert response.status_code == 201, response.json()
    step = response.json()["goals"][0]["steps"][0]
    assert (step["text"], step["responsible_user"], step["status"], step["done_on"]) == (
        "Call the parks department",
        es.pk,
        "to_do",
        None,
    )

    response = _post(
        api,
        _action("activate", plan["id"]),
        {"agreed_on": days_ago(0).isoformat(), "review_due_on": days_ago(-90).isoformat(), "version": 3},
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["version"]) == ("active", 4)

    response = _post(
        api,
        _action("review", plan["id"]),
        {"reviewed_on": days_ago(0).isoformat(), "review_due_on": days_ago(-60).isoformat(), "version": 4},
    )
    assert response.status_code == 200
    assert response.json()["review_due_on"] == days_ago(-60).isoformat()

    listed = api.get(LIST, {"job_seeker": person.pk})
    assert listed.status_code == 200
    assert [p["id"] for p in listed.json()["results"]] == [plan["id"]]
    assert listed.json()["results"][0]["goals"][0]["steps"][0]["text"] == "Call the parks department"
    detail = api.get(reverse("api:employment-plan-detail", args=[plan["id"]]))
    assert detail.json()["goals"][0]["id"] == goal["id"]
    assert AuditEvent.objects.filter(action=AuditAction.READ, job_seeker_id=person.pk).count() == 2


def test_agreeing_through_the_api_replaces_the_active_plan(api, person):
    old = ActivePlanFactory(job_seeker=person)
    EmploymentGoalFactory(plan=old)
    new = _post(api, LIST, {"job_seeker": person.pk, "copy_active": True}).json()
    assert len(new["goals"]) == 1
    response = _post(
        api,
        _action("activate", new["id"]),
        {"agreed_on": days_ago(1).isoformat(), "review_due_on": days_ago(-30).isoformat()},
    )
    assert response.status_code == 200
    statuses = dict(EmploymentPlan.objects.filter(job_seeker=person).values_list("pk", "status"))
    assert statuses == {old.pk: "replaced", new["id"]: "active"}
    assert api.get(LIST, {"job_seeker": person.pk, "status": "replaced"}).json()["count"] == 1


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("goals", {"text": ""}, "text"),
        ("goals", {"text": "   "}, "text"),
        ("goals", {"text": "A job", "kind": "career"}, "kind"),
        ("goals", {"text": "A job", "version": 7}, "version"),
        ("steps", {"goal": "other", "text": "x"}, "goal"),
        ("steps", {"goal": "own", "text": "x", "responsible_user": "outsider"}, "responsible_user"),
        (
            "steps",
            {"goal": "own", "text": "x", "status": "done", "done_on": days_ago(-1).isoformat()},
            "done_on",
        ),
        (
            "steps",
            {"goal": "own", "text": "x", "status": "to_do", "done_on": days_ago(1).isoformat()},
            "done_on",
        ),
        ("steps", {"goal": "own", "text": "x", "target_date": "next week"}, "target_date"),
        ("activate", {}, "agreed_on"),
        (
            "activate",
            {"agreed_on": days_ago(31).isoformat(), "review_due_on": days_ago(0).isoformat()},
            "agreed_on",
        ),
        (
            "activate",
            {"agreed_on": days_ago(-1).isoformat(), "review_due_on": days_ago(-9).isoformat()},
            "agreed_on",
        ),
        (
            "activate",
            {"agreed_on": days_ago(3).isoformat(), "review_due_on": days_ago(4).isoformat()},
            "review_due_on",
        ),
        (
            "review",
            {"reviewed_on": days_ago(0).isoformat(), "review_due_on": days_ago(-30).isoformat()},
            None,
        ),
    ],
)
def test_bad_input_is_a_400_with_field_errors_and_changes_nothing(api, program, person, action, data, field):
    plan = EmploymentPlanFactory(job_seeker=person)
    goal = EmploymentGoalFactory(plan=plan)
    PlanStepFactory(goal=goal)
    other_goal = EmploymentGoalFactory(
        plan=EmploymentPlanFactory(job_seeker=EnrolledJobSeekerFactory(program=program))
    )
    outsider = UserFactory()
    MembershipFactory(user=outsider, role="employment_specialist")  # another program
    data = dict(data)
    if "goal" in data:
        data["goal"] = goal.pk if data["goal"] == "own" else other_goal.pk
    if data.get("responsible_user") == "outsider":
        data["responsible_user"] = outsider.pk
    before = _state(person)
    response = _post(api, _action(action, plan), data)
    assert response.status_code == 400, response.json()
    assert (field or "non_field_errors") in response.json()
    assert _state(person) == before


def test_a_plan_only_for_an_enrolled_open_record(api, program):
    referred = EnrolledJobSeekerFactory(program=program, enrollment_date=None)
    response = _post(api, LIST, {"job_seeker": referred.pk})
    assert response.status_code == 400
    assert "Only an enrolled person" in response.json()["non_field_errors"][0]
    assert _post(api, LIST, {"job_seeker": "someone"}).status_code == 400
    assert _post(api, LIST, {}).status_code == 400
    assert not EmploymentPlan.objects.exists()


def test_the_list_needs_a_person_and_a_known_status(api, person):
    assert api.get(LIST).status_code == 400
    assert api.get(LIST, {"job_seeker": person.pk, "status": "finished"}).status_code == 400


def test_other_programs_plans_are_not_found(api, other_program):
    stranger = EnrolledJobSeekerFactory(program=other_program)
    plan = EmploymentPlanFactory(job_seeker=stranger)
    assert api.get(LIST, {"job_seeker": stranger.pk}).status_code == 404
    assert api.get(reverse("api:employment-plan-detail", args=[plan.pk])).status_code == 404
    assert _post(api, _action("goals", plan), {"text": "x"}).status_code == 404
    assert _post(api, LIST, {"job_seeker": stranger.pk}).status_code == 404
    assert not EmploymentGoal.objects.exists()


def test_a_partner_reads_plans_only_under_the_employment_progress_scope(login, make_user, program, person):
    plan = ActivePlanFactory(job_seeker=person)
    EmploymentGoalFactory(plan=plan, text="Drive for a delivery company")
    client = login(make_user("benefits_counselor", program))
    consent = ConsentFactory(job_seeker=person, partner_kind="benefits_counselor", scopes=["benefits"])
    assert client.get(LIST, {"job_seeker": person.pk}).json()["count"] == 0
    assert client.get(reverse("api:employment-plan-detail", args=[plan.pk])).status_code == 404
    consent.scopes.create(item="employment_progress")
    listed = client.get(LIST, {"job_seeker": person.pk}).json()
    assert listed["results"][0]["goals"][0]["text"] == "Drive for a delivery company"
    assert _post(client, _action("goals", plan), {"text": "x"}).status_code == 403
    assert EmploymentGoal.objects.count() == 1


def test_the_list_costs_the_same_for_few_or_many_plans(api, program, es, django_assert_max_num_queries):
    def person_with(plan_count, goals, steps):
        person = EnrolledJobSeekerFactory(program=program)
        for i in range(plan_count):
            plan = (ActivePlanFactory if i == 0 else EmploymentPlanFactory)(
                job_seeker=person, status="active" if i == 0 else "replaced", agreed_on=days_ago(10)
            )
            for _ in range(goals):
                goal = EmploymentGoalFactory(plan=plan)
                for _ in range(steps):
                    PlanStepFactory(goal=goal, responsible_user=es)
        return person

    small = person_with(1, 1, 1)
    with django_assert_max_num_queries(20) as captured:
        assert api.get(LIST, {"job_seeker": small.pk}).status_code == 200
    baseline = len(captured)
    large = person_with(6, 5, 4)
    with django_assert_max_num_queries(baseline):
        response = api.get(LIST, {"job_seeker": large.pk})
    assert response.json()["count"] == 6
    assert sum(len(g["steps"]) for p in response.json()["results"] for g in p["goals"]) == 120


def test_the_plans_api_is_in_the_schema(api):
    schema = api.get(reverse("api_schema"), {"format": "json"}).json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/employment-plans/",
        "/api/v1/employment-plans/{id}/",
        "/api/v1/employment-plans/{id}/goals/",
        "/api/v1/employment-plans/{id}/steps/",
        "/api/v1/employment-plans/{id}/activate/",
        "/api/v1/employment-plans/{id}/review/",
    } <= paths
