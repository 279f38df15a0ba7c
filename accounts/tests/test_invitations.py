"""Inviting people: a single-use link by e-mail; the invited person sets a password, then MFA."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, Membership, User
from accounts.tests.factories import TEST_PASSWORD, MembershipFactory
from core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "a-synthetic-invitation-passphrase-58"
INVALID_TEXT = "This invitation link no longer works"


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.OPENIPS_REQUIRE_MFA = True


def invite_through_the_page(client, program, **fields):
    data = {
        "email": "sam.vang@example.test",
        "first_name": "Sam",
        "last_name": "Vang",
        "role": "program_manager",
        "fte": "0.2",
    }
    data.update(fields)
    return client.post(reverse("accounts:program_invite", args=[program.slug]), data)


def link_in_the_mail():
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^/\s]+(/accounts/invitation/[^/\s]+/)", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(1)


def accept(client, link, password=GOOD_PASSWORD, again=None):
    return client.post(link, {"password1": password, "password2": again or password})


def test_state_admin_invites_a_program_manager_who_sets_a_password(make_user, program, login):
    admin = make_user("state_administrator")
    response = invite_through_the_page(login(admin), program)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:program_detail", args=[program.slug])

    message = mail.outbox[0]
    assert message.to == ["sam.vang@example.test"]
    assert "invited you to OpenIPS as Program manager" in message.body
    link = link_in_the_mail()
    invitation = Invitation.objects.get(email="sam.vang@example.test")
    assert invitation.program == program
    assert invitation.used_at is None
    assert link.split("/")[-2] not in invitation.token_hash  # only a hash of the token is stored

    newcomer = Client()
    form = newcomer.get(link)
    assert form.status_code == 200
    page = form.content.decode()
    assert "sam.vang@example.test" in page
    assert "Program manager" in page
    assert program.name in page
    assert 'name="password1"' in page

    response = accept(newcomer, link)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_setup")  # signed in; next comes MFA

    user = User.objects.get(email="sam.vang@example.test")
    assert (user.first_name, user.last_name) == ("Sam", "Vang")
    assert user.check_password(GOOD_PASSWORD)
    assert user.password.startswith("argon2")
    membership = Membership.objects.get(user=user)
    assert (membership.program, membership.role, membership.fte) == (
        program,
        "program_manager",
        Decimal("0.20"),
    )
    assert membership.start_date == timezone.localdate()
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert invitation.user == user

    rows = AuditEvent.objects.order_by("id")
    invited = rows.get(object_type="accounts.Invitation", action=AuditAction.CREATE)
    assert (invited.actor, invited.program) == (admin, program)
    assert invited.changes["role"] == [None, "program_manager"]
    assert rows.get(object_type="accounts.User", action=AuditAction.CREATE).actor == user
    joined = rows.get(object_type="accounts.Membership", action=AuditAction.CREATE)
    assert (joined.actor, joined.program) == (user, program)
    used = rows.get(object_type="accounts.Invitation", action=AuditAction.UPDATE)
    assert used.changes["invited_by"] == [None, admin.pk]


def test_the_link_works_once(make_user, program, login):
    admin = make_user("state_administrator")
    invite_through_the_page(login(admin), program)
    link = link_in_the_mail()
    assert accept(Client(), link).status_code == 302

    second = Client()
    page = second.get(link)
    assert page.status_code == 404
    assert INVALID_TEXT in page.content.decode()
    response = accept(second, link, password="another-synthetic-passphrase-12")
    assert response.status_code == 404
    user = User.objects.get(email="sam.vang@example.test")
    assert user.check_password(GOOD_PASSWORD)
    assert Membership.objects.filter(user=user).count() == 1


def test_a_weak_password_is_refused_on_the_field_and_nothing_is_created(make_user, program, login):
    admin = make_user("state_administrator")
    invite_through_the_page(login(admin), program)
    link = link_in_the_mail()
    audit_rows = AuditEvent.objects.count()
    newcomer = Client()
    for weak, message in [
        ("short1", "This password is too short."),
        ("password1234", "This password is too common."),
        ("739204815562", "This password is entirely numeric."),
        ("samvang-example", "The password is too similar to the"),
    ]:
        response = accept(newcomer, link, password=weak)
        assert response.status_code == 400, weak
        assert message in response.content.decode(), weak
        assert response.context["form"].errors["password1"], weak
    mismatch = accept(newcomer, link, password=GOOD_PASSWORD, again=GOOD_PASSWORD + "x")
    assert mismatch.status_code == 400
    assert "The two passwords are not the same." in mismatch.content.decode()

    assert not User.objects.filter(email="sam.vang@example.test").exists()
    assert not Membership.objects.filter(program=program, role="program_manager").exists()
    assert Invitation.objects.get().used_at is None
    assert AuditEvent.objects.count() == audit_rows
    assert "_auth_user_id" not in newcomer.session
    assert accept(newcomer, link).status_code == 302  # the link still works after the mistakes


def test_an_expired_invitation_shows_the_no_longer_works_page(make_user, program):
    admin = make_user("state_administrator")
    invitation, token = services.invitation_create(
        actor=admin,
        email="late@example.test",
        first_name="Lee",
        last_name="Late",
        role="benefits_counselor",
        program=program,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    link = reverse("accounts:invitation", args=[token])
    response = Client().get(link)
    assert response.status_code == 404
    assert INVALID_TEXT in response.content.decode()
    assert accept(Client(), link).status_code == 404
    assert not User.objects.filter(email="late@example.test").exists()


def test_an_invitation_lasts_the_configured_number_of_days(make_user, program, settings):
    admin = make_user("state_administrator")
    invitation, _token = services.invitation_create(
        actor=admin,
        email="x@example.test",
        first_name="X",
        last_name="Y",
        role="vr_counselor",
        program=program,
    )
    expected = timezone.now() + datetime.timedelta(days=settings.OPENIPS_INVITATION_DAYS)
    assert abs(invitation.expires_at - expected) < datetime.timedelta(minutes=1)


def test_a_made_up_link_shows_the_no_longer_works_page():
    response = Client().get(reverse("accounts:invitation", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert INVALID_TEXT in response.content.decode()


def test_a_program_manager_invites_into_their_own_program(make_user, program, login):
    manager = make_user("program_manager", program)
    response = invite_through_the_page(
        login(manager), program, email="es.new@example.test", role="employment_specialist", fte="1"
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.program, invitation.role, invitation.invited_by) == (
        program,
        "employment_specialist",
        manager,
    )
    assert len(mail.outbox) == 1


def test_a_program_manager_cannot_invite_into_another_program(make_user, program, other_program, login):
    manager = make_user("program_manager", program)
    client = login(manager)
    assert client.get(reverse("accounts:program_invite", args=[other_program.slug])).status_code == 404
    response = invite_through_the_page(client, other_program, role="employment_specialist", fte="1")
    assert response.status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["state_administrator", "state_trainer", "analyst"])
def test_a_program_manager_can_give_only_program_roles(make_user, program, login, role):
    manager = make_user("program_manager", program)
    client = login(manager)
    form = client.get(reverse("accounts:program_invite", args=[program.slug])).content.decode()
    assert f'value="{role}"' not in form
    assert 'value="employment_specialist"' in form
    response = invite_through_the_page(client, program, role=role, fte="")
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Invitation.objects.exists()
    # The service refuses it too, whatever page calls it.
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=manager, email="x@example.test", first_name="X", last_name="Y", role=role, program=program
        )


@pytest.mark.parametrize("role", ["employment_specialist", "ips_supervisor", "program_manager"])
def test_staff_roles_need_an_fte(make_user, program, login, role):
    admin = make_user("state_administrator")
    response = invite_through_the_page(login(admin), program, role=role, fte="")
    assert response.status_code == 400
    assert "Enter the share of a full-time post spent on IPS (0.01 to 1)." in response.content.decode()
    assert response.context["form"].errors["fte"]
    assert not Invitation.objects.exists()
    with pytest.raises(ValidationError) as caught:
        services.invitation_create(
            actor=admin, email="x@example.test", first_name="X", last_name="Y", role=role, program=program
        )
    assert "fte" in caught.value.message_dict


def test_partner_roles_have_no_fte(make_user, program):
    admin = make_user("state_administrator")
    invitation, token = services.invitation_create(
        actor=admin,
        email="vr@example.test",
        first_name="Val",
        last_name="Ruiz",
        role="vr_counselor",
        program=program,
        fte="0.5",
    )
    assert invitation.fte is None
    user = services.invitation_accept(token=token, password=GOOD_PASSWORD)
    assert Membership.objects.get(user=user).fte is None


def test_inviting_an_imported_account_reuses_it(make_user, program, login):
    admin = make_user("state_administrator")
    imported = User.objects.create_user(
        "Tia.Thao@Example.test", first_name="Tia", last_name="Thao"
    )  # from a staff import: no password yet
    assert not imported.has_usable_password()
    invite_through_the_page(
        login(admin),
        program,
        email="TIA.THAO@example.test",
        first_name="T",
        last_name="T",
        role="ips_supervisor",
        fte="0.5",
    )
    invitation = Invitation.objects.get()
    assert invitation.user == imported
    assert invitation.email == "tia.thao@example.test"

    response = accept(Client(), link_in_the_mail())
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="tia.thao@example.test").count() == 1
    imported.refresh_from_db()
    assert imported.check_password(GOOD_PASSWORD)
    assert (imported.first_name, imported.last_name) == ("Tia", "Thao")  # the account keeps its names
    assert Membership.objects.get(user=imported).role == "ips_supervisor"
    assert not AuditEvent.objects.filter(
        object_type="accounts.User", object_id=str(imported.pk), action=AuditAction.CREATE
    ).exists()
    event = AuditEvent.objects.get(object_type="accounts.User", object_id=str(imported.pk), action="update")
    assert event.changes == {"password": [None, "***"]}


def test_a_deactivated_account_cannot_be_invited(make_user, program):
    admin = make_user("state_administrator")
    gone = make_user("employment_specialist", program)
    gone.is_active = False
    gone.save()
    with pytest.raises(ValidationError) as caught:
        services.invitation_create(
            actor=admin,
            email=gone.email,
            first_name="G",
            last_name="One",
            role="benefits_counselor",
            program=program,
        )
    assert "Reactivate it first" in caught.value.message_dict["email"][0]


def test_an_invitation_that_would_exceed_full_time_is_refused_when_sent(make_user, program, other_program):
    admin = make_user("state_administrator")
    busy = make_user("employment_specialist", other_program, fte=Decimal("1.00"))
    with pytest.raises(ValidationError) as caught:
        services.invitation_create(
            actor=admin,
            email=busy.email,
            first_name="B",
            last_name="Usy",
            role="employment_specialist",
            program=program,
            fte="0.5",
        )
    assert "cannot exceed 1" in caught.value.message_dict["fte"][0]
    assert not Invitation.objects.exists()


def test_accepting_when_the_posts_became_full_time_meanwhile_is_a_clear_message(
    make_user, program, other_program, login
):
    admin = make_user("state_administrator")
    imported = User.objects.create_user("ines@example.test", first_name="Ines", last_name="Moua")
    invite_through_the_page(
        login(admin), program, email="ines@example.test", role="employment_specialist", fte="0.5"
    )
    link = link_in_the_mail()
    # Before she opens the link, she is given a full-time post elsewhere.
    MembershipFactory(user=imported, role="employment_specialist", program=other_program, fte=Decimal("1.00"))
    audit_rows = AuditEvent.objects.count()

    response = accept(Client(), link)
    assert response.status_code == 400
    assert "cannot exceed 1" in response.content.decode()
    imported.refresh_from_db()
    assert not imported.has_usable_password()  # nothing was half-done
    assert not Membership.objects.filter(user=imported, program=program).exists()
    assert Invitation.objects.get().used_at is None
    assert AuditEvent.objects.count() == audit_rows


def test_an_employment_specialist_cannot_invite(make_user, program, login):
    es = make_user("employment_specialist", program)
    response = invite_through_the_page(login(es), program, role="employment_specialist", fte="1")
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_full_time_person_can_be_invited_again_to_the_post_they_hold(make_user, program):
    # For example to set a password after an import: no second post is made, so no FTE is added.
    admin = make_user("state_administrator")
    holder = make_user("employment_specialist", program, fte=Decimal("1.00"))
    invitation, token = services.invitation_create(
        actor=admin,
        email=holder.email,
        first_name=holder.first_name,
        last_name=holder.last_name,
        role="employment_specialist",
        program=program,
        fte="1",
    )
    services.invitation_accept(token=token, password=GOOD_PASSWORD)
    assert Membership.objects.filter(user=holder).count() == 1


def test_an_account_deactivated_after_the_invitation_cannot_use_it(make_user, program, other_program):
    admin = make_user("state_administrator")
    person = make_user("benefits_counselor", other_program)
    _invitation, token = services.invitation_create(
        actor=admin,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        role="benefits_counselor",
        program=program,
    )
    services.user_deactivate(actor=admin, user=person)
    browser = Client()
    response = accept(browser, reverse("accounts:invitation", args=[token]))
    assert response.status_code == 400
    assert "This account is deactivated" in response.content.decode()
    assert "_auth_user_id" not in browser.session
    assert not Membership.objects.filter(user=person, program=program).exists()
    assert Membership.objects.filter(user=person, program=other_program).exists()
    person.refresh_from_db()
    assert person.check_password(TEST_PASSWORD)
