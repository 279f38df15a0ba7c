"""Outreach: logging attempts to reach a referred person, on the record page and through the service."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditAction, AuditEvent
from people import services
from people.models import ReferralContactAttempt
from people.tests.factories import JobSeekerFactory


@pytest.fixture
def specialist(make_user, program):
    return make_user("employment_specialist", program, first_name="Ana", last_name="Alvarez")


@pytest.fixture
def person(program):
    return JobSeekerFactory(program=program, first_name="Rosa", last_name="Testperson")


def _url(person):
    return reverse("people:contact_attempt_create", args=[person.program.slug, person.pk])


def _detail(person):
    return reverse("people:job_seeker_detail", args=[person.program.slug, person.pk])


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_a_specialist_logs_attempts_newest_first(login, specialist, person):
    client = login(specialist)
    page = client.get(_detail(person)).content.decode()
    assert _url(person) in page
    assert "reject" not in page.lower()

    earlier = timezone.now() - datetime.timedelta(days=3)
    later = timezone.now() - datetime.timedelta(hours=2)
    response = client.post(
        _url(person), {"attempted_at": _local(earlier), "method": "phone", "outcome": "no_answer"}
    )
    assert response.status_code == 302
    assert response["Location"] == _detail(person)
    client.post(
        _url(person),
        {
            "attempted_at": _local(later),
            "method": "letter",
            "outcome": "reached",
            "note": "Met at the clinic",
        },
    )

    attempts = list(ReferralContactAttempt.objects.all())
    assert [a.method for a in attempts] == ["letter", "phone"]
    assert attempts[0].staff.user == specialist
    created = AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="people.ReferralContactAttempt"
    )
    assert created.count() == 2
    assert {e.job_seeker_id for e in created} == {person.pk}

    text = client.get(_detail(person)).content.decode()
    assert text.index("Met at the clinic") < text.index("No answer")
    assert "Letter" in text


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("future", "cannot be in the future"),
        ("before_referral", "cannot be before the referral"),
        ("garbage", "Enter a valid date/time."),
    ],
)
def test_bad_attempts_change_nothing(login, specialist, person, when, message):
    value = {
        "future": _local(timezone.now() + datetime.timedelta(days=1)),
        "before_referral": (person.referral_date - datetime.timedelta(days=2)).isoformat() + "T10:00",
        "garbage": "not a time",
    }[when]
    client = login(specialist)
    before = AuditEvent.objects.exclude(action=AuditAction.READ).count()
    response = client.post(_url(person), {"attempted_at": value, "method": "phone", "outcome": "reached"})
    assert response.status_code == 400
    assert any(message in e for e in response.context["attempt_form"].errors["attempted_at"])
    assert not ReferralContactAttempt.objects.exists()
    # The record is shown again with the errors (a read is audited); nothing else is written.
    assert AuditEvent.objects.exclude(action=AuditAction.READ).count() == before


def test_an_unknown_method_is_refused(login, specialist, person):
    response = login(specialist).post(
        _url(person), {"attempted_at": _local(timezone.now()), "method": "rejected", "outcome": "reached"}
    )
    assert response.status_code == 400
    assert "method" in response.context["attempt_form"].errors
    assert not ReferralContactAttempt.objects.exists()


def test_the_service_refuses_a_future_attempt_and_a_partner(make_user, specialist, person, program):
    with pytest.raises(ValidationError) as info:
        services.contact_attempt_log(
            actor=specialist,
            job_seeker=person,
            attempted_at=timezone.now() + datetime.timedelta(hours=1),
            method="phone",
            outcome="reached",
        )
    assert "attempted_at" in info.value.message_dict
    with pytest.raises(PermissionDenied):
        services.contact_attempt_log(
            actor=make_user("vr_counselor", program),
            job_seeker=person,
            attempted_at=timezone.now(),
            method="phone",
            outcome="reached",
        )
    assert not ReferralContactAttempt.objects.exists()


def test_a_state_trainer_sees_attempts_but_gets_no_form(login, make_user, specialist, person):
    services.contact_attempt_log(
        actor=specialist,
        job_seeker=person,
        attempted_at=timezone.now(),
        method="email",
        outcome="left_message",
    )
    text = login(make_user("state_trainer")).get(_detail(person)).content.decode()
    assert "Left a message" in text
    assert _url(person) not in text
