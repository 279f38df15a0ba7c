"""The employment plan: goals in the person's words, steps, agreement, review, one active plan."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.signals import pre_save
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import MembershipFactory, UserFactory
from core.models import AuditAction, AuditEvent
from people.forms.plans import StepForm
from people.models import EmploymentGoal, EmploymentPlan, JobSeeker, PlanStep
from people.selectors.plans import (
    next_step_annotations,
    plan_review_due_on_annotation,
    plans_due_for_review,
    responsible_user_choices,
)
from people.services import plans as services
from people.tests.factories import ConsentFactory
from people.tests.factories_plans import (
    ActivePlanFactory,
    EmploymentGoalFactory,
    EmploymentPlanFactory,
    EnrolledJobSeekerFactory,
    PlanStepFactory,
    days_ago,
)
from people.views.plans import record_section


@pytest.fixture
def es(make_user, program):
    return make_user("employment_specialist", program, first_name="Ana", last_name="Alvarez")


@pytest.fixture
def person(program):
    return EnrolledJobSeekerFactory(program=program, first_name="Rosa", last_name="Testperson")


@pytest.fixture
def draft(person):
    return EmploymentPlanFactory(job_seeker=person)


def _fresh(plan) -> EmploymentPlan:
    return EmploymentPlan.objects.get(pk=plan.pk)


def _plan_url(person):
    return reverse("people:employment_plan", args=[person.program.slug, person.pk])


def _url(name, person, *args):
    return reverse(f"people:{name}", args=[person.program.slug, person.pk, *args])


def _audit_count():
    return AuditEvent.objects.count()


def _state(person):
    """Everything about the person's plans, to show that a refused change changed nothing."""
    return (
        list(EmploymentPlan.objects.filter(job_seeker=person).order_by("pk").values()),
        list(EmploymentGoal.objects.filter(plan__job_seeker=person).order_by("pk").values()),
        list(PlanStep.objects.filter(goal__plan__job_seeker=person).order_by("pk").values()),
        _audit_count(),
    )


def _agree(es, plan, agreed=5, due=-60):
    return services.employment_plan_activate(
        actor=es,
        plan=plan,
        agreed_on=days_ago(agreed),
        review_due_on=days_ago(due),
        version=_fresh(plan).version,
    )


# --- Starting a plan -----------------------------------------------------------------------------


def test_an_enrolled_person_gets_a_draft_plan_and_it_is_audited(es, person):
    plan = services.employment_plan_create(actor=es, job_seeker=person)
    assert (plan.status, plan.agreed_on, plan.version) == ("draft", None, 1)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="people.EmploymentPlan", job_seeker_id=person.pk
    ).exists()


@pytest.mark.parametrize("record", ["referred", "closed"])
def test_only_an_enrolled_open_record_gets_a_plan(es, program, record):
    if record == "referred":
        person = EnrolledJobSeekerFactory(program=program, enrollment_date=None)
    else:
        person = EnrolledJobSeekerFactory(
            program=program, closed_date=days_ago(1), closure_reason="moved_away"
        )
    before = _audit_count()
    with pytest.raises(ValidationError) as info:
        services.employment_plan_create(actor=es, job_seeker=person)
    assert info.value.code == ("not_enrolled" if record == "referred" else "closed")
    assert not EmploymentPlan.objects.exists()
    assert _audit_count() == before


def test_a_closed_record_keeps_its_plan_as_it_was(es, person, draft):
    goal = EmploymentGoalFactory(plan=draft)
    person.closed_date, person.closure_reason = days_ago(1), "chose_to_stop"
    person.save()
    with pytest.raises(ValidationError) as info:
        services.plan_goal_update(actor=es, goal=goal, text="New words", kind="job", status="open", version=1)
    assert info.value.code == "closed"
    goal.refresh_from_db()
    assert goal.text != "New words"


def test_one_draft_at_a_time(es, person, draft):
    with pytest.raises(ValidationError) as info:
        services.employment_plan_create(actor=es, job_seeker=person)
    assert info.value.code == "draft_exists"
    assert EmploymentPlan.objects.count() == 1


def test_a_new_version_can_start_from_the_active_plan(es, person):
    active = ActivePlanFactory(job_seeker=person)
    goal = EmploymentGoalFactory(plan=active, text="Work in a bakery", kind="job")
    PlanStepFactory(goal=goal, text="Bake at home for practice", status="done", done_on=days_ago(3))
    PlanStepFactory(goal=goal, text="Ask the bakery on Main St", target_date=days_ago(-7))
    plan = services.employment_plan_create(actor=es, job_seeker=person, copy_active=True)
    copied = plan.goals.get()
    assert copied.text == "Work in a bakery"
    assert [(s.text, s.status, s.done_on) for s in copied.steps.all()] == [
        ("Bake at home for practice", "done", days_ago(3)),
        ("Ask the bakery on Main St", "to_do", None),
    ]
    assert _fresh(active).status == "active"  # untouched until the person agrees to the new one


def test_a_draft_is_discarded_not_deleted(es, person, draft):
    services.employment_plan_discard(actor=es, plan=draft, version=1)
    plan = _fresh(draft)
    assert plan.archived_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.ARCHIVE, object_id=str(plan.pk)).exists()
    # A new draft can be started, and the discarded one cannot be changed any more.
    services.employment_plan_create(actor=es, job_seeker=person)
    with pytest.raises(ValidationError):
        services.plan_goal_add(actor=es, plan=plan, text="Too late", version=plan.version)


def test_an_agreed_plan_cannot_be_discarded(es, person):
    active = ActivePlanFactory(job_seeker=person)
    with pytest.raises(ValidationError) as info:
        services.employment_plan_discard(actor=es, plan=active, version=1)
    assert info.value.code == "not_draft"
    assert _fresh(active).archived_at is None


# --- Goals ----------------------------------------------------------------------------------------


def test_goals_are_added_in_order_and_every_change_moves_the_plan_version(es, person, draft):
    first = services.plan_goal_add(actor=es, plan=draft, text="  A job in a garden center ", version=1)
    second = services.plan_goal_add(actor=es, plan=draft, text="Finish my GED", kind="education", version=2)
    assert (first.position, first.text, second.position, second.kind) == (
        0,
        "A job in a garden center",
        1,
        "education",
    )
    assert _fresh(draft).version == 3
    services.plan_goal_update(
        actor=es, goal=first, text="A job in a garden center", kind="job", status="achieved", version=3
    )
    assert _fresh(draft).version == 4
    first.refresh_from_db()
    assert first.status == "achieved"
    change = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="people.EmploymentGoal").get()
    assert change.changes == {"status": ["open", "achieved"]}
    # Saving the same values again is no change: no new version, no audit row.
    services.plan_goal_update(
        actor=es, goal=first, text="A job in a garden center", kind="job", status="achieved", version=4
    )
    assert _fresh(draft).version == 4


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": "   "}, "text"),
        ({"kind": "career"}, "kind"),
        ({"status": "maybe"}, "status"),
    ],
)
def test_a_bad_goal_changes_nothing(es, person, draft, fields, field):
    before = _state(person)
    values = {"text": "A job", "kind": "job", "status": "open", **fields}
    with pytest.raises(ValidationError) as info:
        services.plan_goal_add(actor=es, plan=draft, version=1, **values)
    assert field in info.value.message_dict
    assert _state(person) == before


def test_goals_and_steps_move_up_and_down(es, person, draft):
    goals = [EmploymentGoalFactory(plan=draft, position=i, text=f"Goal {i}") for i in range(3)]
    services.plan_goal_move(actor=es, goal=goals[2], direction="up", version=1)
    assert list(draft.goals.values_list("text", flat=True)) == ["Goal 0", "Goal 2", "Goal 1"]
    assert _fresh(draft).version == 2
    # Already first: nothing moves and the version stays.
    services.plan_goal_move(actor=es, goal=goals[0], direction="up", version=2)
    assert _fresh(draft).version == 2
    steps = [PlanStepFactory(goal=goals[0], position=i, text=f"Step {i}") for i in range(3)]
    services.plan_step_move(actor=es, step=steps[0], direction="down", version=2)
    assert list(goals[0].steps.values_list("text", flat=True)) == ["Step 1", "Step 0", "Step 2"]
    assert list(goals[0].steps.values_list("position", flat=True)) == [0, 1, 2]
    with pytest.raises(ValidationError) as info:
        services.plan_step_move(actor=es, step=steps[0], direction="sideways", version=3)
    assert "direction" in info.value.message_dict


def test_removing_happens_only_on_a_draft_and_is_audited(es, person, draft):
    goals = [EmploymentGoalFactory(plan=draft, position=i, text=f"Goal {i}") for i in range(3)]
    step = PlanStepFactory(goal=goals[1], text="Call DVR")
    PlanStepFactory(goal=goals[1], text="Go to the job fair")
    services.plan_step_remove(actor=es, step=step, version=1)
    assert list(goals[1].steps.values_list("text", "position")) == [("Go to the job fair", 0)]
    services.plan_goal_remove(actor=es, goal=goals[0], version=2)
    assert list(draft.goals.values_list("text", "position")) == [("Goal 1", 0), ("Goal 2", 1)]
    removals = AuditEvent.objects.filter(object_type="people.EmploymentPlan", action=AuditAction.UPDATE)
    assert {next(iter(e.changes)) for e in removals} == {"step_removed", "goal_removed"}
    assert _fresh(draft).version == 3

    active = ActivePlanFactory(job_seeker=EnrolledJobSeekerFactory(program=person.program))
    agreed_goal = EmploymentGoalFactory(plan=active)
    agreed_step = PlanStepFactory(goal=agreed_goal)
    for remove in (
        lambda: services.plan_goal_remove(actor=es, goal=agreed_goal, version=1),
        lambda: services.plan_step_remove(actor=es, step=agreed_step, version=1),
    ):
        with pytest.raises(ValidationError) as info:
            remove()
        assert info.value.code == "not_draft"
    assert PlanStep.objects.filter(pk=agreed_step.pk).exists()


# --- Steps ---------------------------------------------------------------------------------------


def test_a_step_names_who_does_it_and_a_current_member(es, program, other_program, person, draft):
    goal = EmploymentGoalFactory(plan=draft)
    counselor = UserFactory(first_name="Dee", last_name="Vr")
    MembershipFactory(user=counselor, role="vr_counselor", program=program)
    step = services.plan_step_add(
        actor=es,
        goal=goal,
        text="Apply for DVR services",
        responsible="vocational_rehabilitation",
        responsible_user=counselor,
        target_date=days_ago(-14),
        version=1,
    )
    assert (step.responsible_user, step.status, step.done_on, step.position) == (counselor, "to_do", None, 0)
    assert counselor in responsible_user_choices(program=program)

    outsider = UserFactory()
    MembershipFactory(user=outsider, role="employment_specialist", program=other_program)
    former = UserFactory()
    MembershipFactory(
        user=former,
        role="employment_specialist",
        program=program,
        start_date=days_ago(400),
        end_date=days_ago(1),
    )
    for user in (outsider, former):
        assert user not in responsible_user_choices(program=program)
        before = _state(person)
        with pytest.raises(ValidationError) as info:
            services.plan_step_add(
                actor=es,
                goal=goal,
                text="x",
                responsible="employment_specialist",
                responsible_user=user,
                version=2,
            )
        assert "responsible_user" in info.value.message_dict
        assert _state(person) == before


def test_a_person_named_earlier_stays_named_after_leaving(es, program, person, draft):
    leaver = UserFactory()
    membership = MembershipFactory(user=leaver, role="employment_specialist", program=program)
    step = services.plan_step_add(
        actor=es,
        goal=EmploymentGoalFactory(plan=draft),
        text="Résumé",
        responsible="employment_specialist",
        responsible_user=leaver,
        version=1,
    )
    membership.end_date = days_ago(1)
    membership.start_date = days_ago(100)
    membership.save()
    services.plan_step_update(
        actor=es,
        step=step,
        text="Résumé, two pages",
        responsible="employment_specialist",
        responsible_user=leaver,
        status="in_progress",
        version=2,
    )
    step.refresh_from_db()
    assert (step.text, step.responsible_user) == ("Résumé, two pages", leaver)


def test_done_on_is_set_exactly_when_the_step_is_done(es, person, draft):
    goal = EmploymentGoalFactory(plan=draft)
    step = services.plan_step_add(
        actor=es, goal=goal, text="Get a bus pass", responsible="job_seeker", status="done", version=1
    )
    assert step.done_on == timezone.localdate()  # today when not given
    step = services.plan_step_update(
        actor=es,
        step=step,
        text="Get a bus pass",
        responsible="job_seeker",
        status="done",
        done_on=days_ago(2),
        version=2,
    )
    assert step.done_on == days_ago(2)
    step = services.plan_step_update(
        actor=es, step=step, text="Get a bus pass", responsible="job_seeker", status="in_progress", version=3
    )
    assert (step.status, step.done_on) == ("in_progress", None)
    step = services.plan_step_mark_done(actor=es, step=step, version=4)
    assert (step.status, step.done_on) == ("done", timezone.localdate())

    before = _state(person)
    bad = [
        ({"status": "done", "done_on": days_ago(-1)}, "done_on"),
        ({"status": "to_do", "done_on": days_ago(1)}, "done_on"),
        ({"status": "finished"}, "status"),
        ({"responsible": "mayor"}, "responsible"),
        ({"text": ""}, "text"),
    ]
    for fields, field in bad:
        values = {"text": "Get a bus pass", "responsible": "job_seeker", "status": "done", **fields}
        with pytest.raises(ValidationError) as info:
            services.plan_step_update(actor=es, step=step, version=5, **values)
        assert field in info.value.message_dict, fields
    assert _state(person) == before


def test_the_database_keeps_done_on_with_done(draft):
    goal = EmploymentGoalFactory(plan=draft)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanStep.objects.create(goal=goal, text="x", status="done")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanStep.objects.create(goal=goal, text="x", status="to_do", done_on=days_ago(1))


def test_the_step_form_drops_the_date_done_of_a_step_that_is_not_done(program):
    form = StepForm(
        {
            "version": 1,
            "text": "Call",
            "responsible": "job_seeker",
            "status": "to_do",
            "done_on": "2020-01-01",
        },
        members=responsible_user_choices(program=program),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["done_on"] is None


# --- Agreement: activation, one active plan, review ----------------------------------------------


def test_the_person_agrees_and_the_plan_becomes_active(es, person, draft):
    EmploymentGoalFactory(plan=draft)
    plan = _agree(es, draft, agreed=3, due=-87)
    plan = _fresh(plan)
    assert (plan.status, plan.agreed_on, plan.review_due_on, plan.version) == (
        "active",
        days_ago(3),
        days_ago(-87),
        2,
    )
    change = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(plan.pk))
    assert change.changes["status"] == ["draft", "active"]


@pytest.mark.parametrize(
    ("agreed_on", "review_due_on", "field", "message"),
    [
        (None, 10, "agreed_on", "Enter the date the person agreed"),
        (-1, 10, "agreed_on", "cannot be in the future"),
        (31, 10, "agreed_on", "cannot be before enrollment"),
        (5, None, "review_due_on", "Enter the date the plan is due for review"),
        (5, 6, "review_due_on", "cannot be due before the person agreed"),
    ],
)
def test_bad_agreement_dates_change_nothing(es, person, draft, agreed_on, review_due_on, field, message):
    EmploymentGoalFactory(plan=draft)
    previous = ActivePlanFactory(job_seeker=person)
    before = _state(person)
    with pytest.raises(ValidationError) as info:
        services.employment_plan_activate(
            actor=es,
            plan=draft,
            agreed_on=None if agreed_on is None else days_ago(agreed_on),
            review_due_on=None if review_due_on is None else days_ago(review_due_on),
            version=1,
        )
    assert any(message in m for m in info.value.message_dict[field])
    assert _state(person) == before
    assert _fresh(previous).status == "active"


def test_a_plan_needs_a_goal_before_the_person_agrees(es, person, draft):
    before = _state(person)
    with pytest.raises(ValidationError) as info:
        _agree(es, draft)
    assert info.value.code == "no_goals"
    assert _state(person) == before


def test_agreeing_to_a_new_plan_replaces_the_active_one(es, person):
    old = ActivePlanFactory(job_seeker=person)
    EmploymentGoalFactory(plan=old)
    new = services.employment_plan_create(actor=es, job_seeker=person, copy_active=True)
    _agree(es, new)
    assert (_fresh(old).status, _fresh(new).status) == ("replaced", "active")
    assert _fresh(old).version == 2
    assert EmploymentPlan.objects.filter(job_seeker=person, status="active").count() == 1
    # A replaced plan is history: it is neither agreed to again nor edited.
    with pytest.raises(ValidationError) as info:
        services.plan_goal_add(actor=es, plan=_fresh(old), text="Late goal", version=2)
    assert info.value.code == "replaced"
    with pytest.raises(ValidationError):
        _agree(es, old)
    with pytest.raises(ValidationError):
        _agree(es, new)  # already active


def test_the_replacement_is_one_transaction(es, person):
    """If saving the new plan fails after the old one was marked replaced, the old one stays active."""
    old = ActivePlanFactory(job_seeker=person)
    new = EmploymentPlanFactory(job_seeker=person)
    EmploymentGoalFactory(plan=new)
    before = _state(person)

    def fail_on_activation(sender, instance, **kwargs):
        if instance.pk == new.pk and instance.status == "active":
            raise IntegrityError("simulated failure while saving the new plan")

    pre_save.connect(fail_on_activation, sender=EmploymentPlan)
    try:
        with pytest.raises(IntegrityError):
            _agree(es, new)
    finally:
        pre_save.disconnect(fail_on_activation, sender=EmploymentPlan)
    assert (_fresh(old).status, _fresh(new).status) == ("active", "draft")
    assert _state(person) == before


def test_the_database_allows_one_active_plan_per_person(person):
    ActivePlanFactory(job_seeker=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivePlanFactory(job_seeker=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        EmploymentPlanFactory(job_seeker=person, status="active", agreed_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        EmploymentPlanFactory(job_seeker=person, agreed_on=days_ago(1), review_due_on=days_ago(2))


def test_a_review_is_recorded_with_the_next_review_date(es, person):
    plan = ActivePlanFactory(job_seeker=person, agreed_on=days_ago(20))
    services.employment_plan_review(
        actor=es, plan=plan, reviewed_on=days_ago(0), review_due_on=days_ago(-90), version=1
    )
    plan = _fresh(plan)
    assert (plan.reviewed_on, plan.review_due_on, plan.version) == (days_ago(0), days_ago(-90), 2)
    draft = EmploymentPlanFactory(job_seeker=person)
    before = _state(person)
    for reviewed, due, field in ((-1, -90, "reviewed_on"), (21, -90, "reviewed_on"), (1, 2, "review_due_on")):
        with pytest.raises(ValidationError) as info:
            services.employment_plan_review(
                actor=es, plan=plan, reviewed_on=days_ago(reviewed), review_due_on=days_ago(due), version=2
            )
        assert field in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.employment_plan_review(
            actor=es, plan=draft, reviewed_on=days_ago(0), review_due_on=days_ago(-30), version=1
        )
    assert info.value.code == "not_active"
    assert _state(person) == before


# --- Stale versions -----------------------------------------------------------------------------


def test_a_stale_edit_is_told_not_overwritten(es, make_user, program, person, draft):
    goal = EmploymentGoalFactory(plan=draft, text="Work with animals")
    step = PlanStepFactory(goal=goal)
    services.plan_goal_add(
        actor=make_user("ips_supervisor", program), plan=draft, text="Drive a forklift", version=1
    )
    before = _state(person)
    stale = [
        lambda: services.plan_goal_add(actor=es, plan=draft, text="x", version=1),
        lambda: services.plan_goal_update(
            actor=es, goal=goal, text="x", kind="job", status="open", version=1
        ),
        lambda: services.plan_goal_move(actor=es, goal=goal, direction="down", version=1),
        lambda: services.plan_goal_remove(actor=es, goal=goal, version=1),
        lambda: services.plan_step_add(actor=es, goal=goal, text="x", responsible="job_seeker", version=1),
        lambda: services.plan_step_update(
            actor=es, step=step, text="x", responsible="job_seeker", status="to_do", version=1
        ),
        lambda: services.plan_step_mark_done(actor=es, step=step, version=1),
        lambda: services.plan_step_move(actor=es, step=step, direction="up", version=1),
        lambda: services.plan_step_remove(actor=es, step=step, version=1),
        lambda: services.employment_plan_activate(
            actor=es, plan=draft, agreed_on=days_ago(1), review_due_on=days_ago(-30), version=1
        ),
        lambda: services.employment_plan_discard(actor=es, plan=draft, version=1),
    ]
    for change in stale:
        with pytest.raises(ValidationError) as info:
            change()
        assert "Someone else changed this record" in info.value.message_dict["version"][0]
    assert _state(person) == before


def test_a_stale_page_tells_the_second_editor(login, es, make_user, program, person, draft):
    goal = EmploymentGoalFactory(plan=draft, text="Work with animals")
    client = login(es)
    edit = _url("plan_goal_edit", person, goal.pk)
    assert 'name="version" value="1"' in client.get(edit).content.decode()
    services.plan_goal_update(
        actor=make_user("program_manager", program),
        goal=goal,
        text="Work with horses",
        kind="job",
        status="open",
        version=1,
    )
    before = _state(person)
    response = client.post(edit, {"version": 1, "text": "Work with dogs", "kind": "job", "status": "open"})
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    audit_reads = AuditEvent.objects.count() - before[3]
    assert _state(person)[:3] == before[:3]
    assert audit_reads == 0
    goal.refresh_from_db()
    assert goal.text == "Work with horses"

    # A one-tap button from an old page is told too.
    step = PlanStepFactory(goal=goal)
    response = client.post(_url("plan_step_done", person, step.pk), {"version": 1})
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    step.refresh_from_db()
    assert step.status == "to_do"


# --- Pages --------------------------------------------------------------------------------------


def test_building_and_agreeing_to_a_plan_through_the_pages(login, es, person):
    client = login(es)
    page = client.get(_plan_url(person))
    assert page.status_code == 200
    assert "No plan is agreed yet." in page.content.decode()
    assert client.post(_url("employment_plan_create", person)).status_code == 302
    plan = EmploymentPlan.objects.get(job_seeker=person)

    response = client.post(
        _url("plan_goal_create", person, plan.pk),
        {"version": 1, "text": "“I want to cook in a real kitchen”", "kind": "job", "status": "open"},
    )
    assert response.status_code == 302
    goal = plan.goals.get()
    assert response["Location"].endswith(f"#goal-{goal.pk}")
    step_page = client.get(_url("plan_step_create", person, goal.pk))
    assert "Ana Alvarez" in step_page.content.decode()  # colleagues to name on a step
    response = client.post(
        _url("plan_step_create", person, goal.pk),
        {
            "version": 2,
            "text": "Visit Maria's Diner with the ES",
            "responsible": "employment_specialist",
            "responsible_user": es.pk,
            "target_date": days_ago(-7).isoformat(),
            "status": "to_do",
        },
    )
    assert response.status_code == 302
    step = goal.steps.get()
    assert step.responsible_user == es

    response = client.post(
        _url("employment_plan_activate", person, plan.pk),
        {"version": 3, "agreed_on": days_ago(0).isoformat(), "review_due_on": days_ago(-90).isoformat()},
    )
    assert response.status_code == 302
    text = client.get(_plan_url(person)).content.decode()
    assert "I want to cook in a real kitchen" in text
    assert "Visit Maria&#x27;s Diner with the ES" in text
    assert _url("employment_plan_review", person, plan.pk) in text

    assert client.post(_url("plan_step_done", person, step.pk), {"version": 4}).status_code == 302
    step.refresh_from_db()
    assert (step.status, step.done_on) == ("done", timezone.localdate())

    response = client.post(
        _url("employment_plan_review", person, plan.pk),
        {"version": 5, "reviewed_on": days_ago(0).isoformat(), "review_due_on": days_ago(-60).isoformat()},
    )
    assert response.status_code == 302
    assert _fresh(plan).review_due_on == days_ago(-60)


def test_opening_the_plan_page_is_a_read_of_the_record(login, es, person):
    client = login(es)
    client.get(_plan_url(person))
    read = AuditEvent.objects.get(action=AuditAction.READ)
    assert (read.job_seeker_id, read.object_type, read.actor) == (person.pk, "people.JobSeeker", es)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": ""}, "text"),
        ({"status": "done", "done_on": days_ago(-2).isoformat()}, "done_on"),
        ({"target_date": "not a date"}, "target_date"),
    ],
)
def test_bad_step_input_is_shown_on_the_field_and_changes_nothing(login, es, person, draft, data, field):
    goal = EmploymentGoalFactory(plan=draft)
    client = login(es)
    before = _state(person)
    values = {"version": 1, "text": "Call", "responsible": "job_seeker", "status": "to_do", **data}
    response = client.post(_url("plan_step_create", person, goal.pk), values)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert _state(person)[:3] == before[:3]


def test_bad_agreement_on_the_page_is_shown_on_the_field(login, es, person, draft):
    EmploymentGoalFactory(plan=draft)
    client = login(es)
    before = _state(person)
    response = client.post(
        _url("employment_plan_activate", person, draft.pk),
        {"version": 1, "agreed_on": days_ago(40).isoformat(), "review_due_on": days_ago(-30).isoformat()},
    )
    assert response.status_code == 400
    assert "cannot be before enrollment" in str(response.context["form"].errors["agreed_on"])
    assert _state(person)[:3] == before[:3]


def test_refusals_from_a_button_show_the_plan_page_with_the_reason(login, es, person, draft):
    client = login(es)
    before = _state(person)
    response = client.post(_url("employment_plan_create", person))
    assert response.status_code == 400
    assert "There is already a draft plan" in response.content.decode()
    assert _state(person)[:3] == before[:3]


def test_a_person_not_enrolled_has_no_plan_to_start(login, es, program):
    person = EnrolledJobSeekerFactory(program=program, enrollment_date=None)
    client = login(es)
    text = client.get(_plan_url(person)).content.decode()
    assert "Only an enrolled person has an employment plan" in text
    assert _url("employment_plan_create", person) not in text
    assert client.post(_url("employment_plan_create", person)).status_code == 400
    assert not EmploymentPlan.objects.exists()


def test_the_plan_page_lists_active_draft_and_earlier_plans(login, es, person):
    earlier = EmploymentPlanFactory(job_seeker=person, status="replaced", agreed_on=days_ago(200))
    EmploymentGoalFactory(plan=earlier, text="Old goal: a warehouse job")
    active = ActivePlanFactory(job_seeker=person, review_due_on=days_ago(2), agreed_on=days_ago(20))
    EmploymentGoalFactory(plan=active, text="Current goal: a library job")
    draft = EmploymentPlanFactory(job_seeker=person)
    EmploymentGoalFactory(plan=draft, text="Next goal: a library job, more hours")
    discarded = EmploymentPlanFactory(job_seeker=person, archived_at=timezone.now())
    EmploymentGoalFactory(plan=discarded, text="Discarded idea")
    text = login(es).get(_plan_url(person)).content.decode()
    for words in (
        "Old goal: a warehouse job",
        "Current goal: a library job",
        "Next goal: a library job, more hours",
    ):
        assert words in text
    assert "Discarded idea" not in text
    assert "Review overdue" in text
    assert _url("employment_plan_activate", person, draft.pk) in text
    assert _url("plan_goal_edit", person, earlier.goals.get().pk) not in text  # history is read-only


def test_the_state_team_reads_the_plan_but_does_not_edit(login, make_user, person):
    active = ActivePlanFactory(job_seeker=person)
    goal = EmploymentGoalFactory(plan=active, text="Work at the hospital")
    client = login(make_user("state_trainer"))
    text = client.get(_plan_url(person)).content.decode()
    assert "Work at the hospital" in text
    assert _url("plan_goal_edit", person, goal.pk) not in text
    assert client.get(_url("plan_goal_edit", person, goal.pk)).status_code == 403


def test_the_plan_page_costs_the_same_for_few_or_many_goals(
    login, es, program, django_assert_max_num_queries
):
    client = login(es)

    def person_with(goal_count, steps_per_goal, earlier_count):
        person = EnrolledJobSeekerFactory(program=program)
        for _ in range(earlier_count):
            old = EmploymentPlanFactory(job_seeker=person, status="replaced", agreed_on=days_ago(100))
            PlanStepFactory(goal=EmploymentGoalFactory(plan=old), responsible_user=es)
        for plan in (ActivePlanFactory(job_seeker=person), EmploymentPlanFactory(job_seeker=person)):
            for _ in range(goal_count):
                goal = EmploymentGoalFactory(plan=plan)
                for _ in range(steps_per_goal):
                    PlanStepFactory(goal=goal, responsible_user=es, target_date=days_ago(-3))
        return person

    small = person_with(1, 1, 0)
    client.get(_plan_url(small))
    with django_assert_max_num_queries(20) as captured:
        assert client.get(_plan_url(small)).status_code == 200
    baseline = len(captured)
    large = person_with(10, 5, 4)
    with django_assert_max_num_queries(baseline):
        text = client.get(_plan_url(large)).content.decode()
    assert text.count('<article id="goal-') == 24


# --- Partners: the consent's employment-progress scope -------------------------------------------


def _record_context(user, person):
    request = RequestFactory().get("/")
    request.user = user
    return record_section(request, person)


def test_a_partner_sees_the_plan_only_under_an_employment_progress_consent(login, make_user, program, person):
    active = ActivePlanFactory(job_seeker=person)
    goal = EmploymentGoalFactory(plan=active, text="Work in a print shop")
    PlanStepFactory(goal=goal, text="Tour the print shop")
    counselor = make_user("vr_counselor", program)
    client = login(counselor)

    # No consent: the person does not exist for the partner.
    assert client.get(_plan_url(person)).status_code == 404
    assert _record_context(counselor, person)["employment_plan"] is None

    # A consent without the employment-progress scope: the person, but no plan.
    consent = ConsentFactory(
        job_seeker=person, partner_kind="vocational_rehabilitation", scopes=["career_profile"]
    )
    page = client.get(_plan_url(person))
    assert page.status_code == 200
    assert "Work in a print shop" not in page.content.decode()
    assert _record_context(counselor, person)["employment_plan"] is None

    # With the scope: the plan, read-only.
    consent.scopes.create(item="employment_progress")
    text = client.get(_plan_url(person)).content.decode()
    assert "Work in a print shop" in text
    assert _url("plan_goal_edit", person, goal.pk) not in text
    section = _record_context(counselor, person)
    assert section["employment_plan"] == active
    assert [s.text for s in section["employment_plan_goals"][0].open_steps] == ["Tour the print shop"]
    assert client.get(_url("plan_goal_edit", person, goal.pk)).status_code == 403
    assert client.post(_url("plan_step_done", person, goal.steps.get().pk), {"version": 1}).status_code == 403


def test_the_record_card_shows_the_active_plan_with_open_steps(es, person):
    active = ActivePlanFactory(job_seeker=person, review_due_on=days_ago(1))
    goal = EmploymentGoalFactory(plan=active, text="A job at the zoo")
    PlanStepFactory(goal=goal, text="Done already", status="done", done_on=days_ago(2))
    PlanStepFactory(goal=goal, text="Later", target_date=days_ago(-20))
    PlanStepFactory(goal=goal, text="Sooner", target_date=days_ago(-2), status="in_progress")
    section = _record_context(es, person)
    assert section["employment_plan_review_due_on"] == days_ago(1)
    assert section["employment_plan_review_overdue"] is True
    assert [s.text for s in section["employment_plan_goals"][0].open_steps] == ["Sooner", "Later"]

    from django.template.loader import render_to_string

    html = render_to_string(
        "people/_record_plans.html",
        {**section, "job_seeker": person, "program": person.program, "can_edit": True},
    )
    assert "A job at the zoo" in html and "Sooner" in html and "Done already" not in html
    assert "Review overdue" in html


# --- Selectors the caseload and worklist use ----------------------------------------------------


def test_the_next_step_is_the_earliest_open_step_of_the_active_plan(program, django_assert_num_queries):
    today = timezone.localdate()
    with_steps = EnrolledJobSeekerFactory(program=program)
    active = ActivePlanFactory(job_seeker=with_steps)
    first_goal, second_goal = (
        EmploymentGoalFactory(plan=active, position=0),
        EmploymentGoalFactory(plan=active, position=1),
    )
    PlanStepFactory(goal=first_goal, text="No date yet")
    PlanStepFactory(
        goal=first_goal, text="Done long ago", status="done", done_on=days_ago(9), target_date=days_ago(10)
    )
    PlanStepFactory(goal=first_goal, text="Changed", status="changed", target_date=days_ago(8))
    PlanStepFactory(goal=second_goal, text="Call the bakery", status="in_progress", target_date=days_ago(-3))
    PlanStepFactory(goal=first_goal, text="Later", target_date=days_ago(-10))
    draft = EmploymentPlanFactory(job_seeker=with_steps)
    PlanStepFactory(goal=EmploymentGoalFactory(plan=draft), text="Draft step", target_date=days_ago(5))

    undated = EnrolledJobSeekerFactory(program=program)
    PlanStepFactory(goal=EmploymentGoalFactory(plan=ActivePlanFactory(job_seeker=undated)), text="Someday")
    no_plan = EnrolledJobSeekerFactory(program=program)

    with django_assert_num_queries(1):
        rows = {
            js.pk: (js.next_step_text, js.next_step_due, js.review_due)
            for js in JobSeeker.objects.annotate(
                **next_step_annotations(today), review_due=plan_review_due_on_annotation()
            )
        }
    assert rows[with_steps.pk] == ("Call the bakery", days_ago(-3), active.review_due_on)
    assert rows[undated.pk][:2] == ("Someday", None)
    assert rows[no_plan.pk] == (None, None, None)


def test_plans_due_for_review_within_two_weeks(program):
    today = timezone.localdate()
    overdue = ActivePlanFactory(review_due_on=days_ago(3), agreed_on=days_ago(60)).job_seeker
    soon = ActivePlanFactory(review_due_on=days_ago(-14)).job_seeker
    ActivePlanFactory(review_due_on=days_ago(-15))
    EmploymentPlanFactory(status="replaced", agreed_on=days_ago(90), review_due_on=days_ago(80))
    EmploymentPlanFactory(review_due_on=days_ago(1))  # a draft is never due
    due = set(plans_due_for_review(JobSeeker.objects.all(), today))
    assert due == {overdue, soon}
    assert set(plans_due_for_review(JobSeeker.objects.all(), today, within_days=0)) == {overdue}


def test_editors_see_no_date_field_errors_for_a_not_done_step(login, es, person, draft):
    """Moving a done step back to "Doing" on the page needs no clearing of the date by hand."""
    step = PlanStepFactory(goal=EmploymentGoalFactory(plan=draft), status="done", done_on=days_ago(1))
    client = login(es)
    response = client.post(
        _url("plan_step_edit", person, step.pk),
        {
            "version": 1,
            "text": step.text,
            "responsible": "job_seeker",
            "status": "in_progress",
            "done_on": days_ago(1).isoformat(),
        },
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.status, step.done_on) == ("in_progress", None)


def test_removing_through_the_pages_asks_first(login, es, person, draft):
    goal = EmploymentGoalFactory(plan=draft, text="A goal to drop")
    client = login(es)
    confirm = client.get(_url("plan_goal_remove", person, goal.pk))
    assert confirm.status_code == 200
    assert "A goal to drop" in confirm.content.decode()
    assert EmploymentGoal.objects.filter(pk=goal.pk).exists()
    assert client.post(_url("plan_goal_remove", person, goal.pk), {"version": 1}).status_code == 302
    assert not EmploymentGoal.objects.filter(pk=goal.pk).exists()


def test_a_plan_of_another_person_is_not_found_under_this_person(login, es, program, person, draft):
    other = EmploymentPlanFactory(job_seeker=EnrolledJobSeekerFactory(program=program))
    goal = EmploymentGoalFactory(plan=other)
    client = login(es)
    assert client.get(_url("plan_goal_create", person, other.pk)).status_code == 404
    assert client.get(_url("plan_goal_edit", person, goal.pk)).status_code == 404
    assert client.get(_url("employment_plan_activate", person, other.pk)).status_code == 404
