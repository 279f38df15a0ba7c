"""Signing in: password, lock-out, MFA, password reset, idle sessions, deactivation, language."""

import base64
import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts import services
from accounts.tests.factories import TEST_PASSWORD
from core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LOCKED_TEXT = "This account is locked for now"
DEMO_BANNER = "Demo — MFA is off. Use synthetic people only."
NEW_PASSWORD = "a-fresh-synthetic-passphrase-91"


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.OPENIPS_REQUIRE_MFA = True


@pytest.fixture(autouse=True)
def _back_to_english():
    # A request activates its language for the whole thread; later tests expect the default.
    yield
    translation.deactivate()


def sign_in(client, email, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def path_of(response):
    return response["Location"].split("?")[0]


def sessions_of(user):
    return [s for s in Session.objects.all() if str(s.get_decoded().get("_auth_user_id")) == str(user.pk)]


def code_for(device, drift=0):
    """The 6 digits an authenticator app shows now (drift=1: the next 30-second step)."""
    return f"{totp(device.bin_key, drift=drift):06d}"


def enroll(client, user):
    """Go through MFA set-up with the right code; returns the device and the recovery codes."""
    client.get(reverse("accounts:mfa_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:mfa_setup"), {"token": code_for(device)})
    assert response.status_code == 302, response.content.decode()
    page = client.get(response["Location"])
    codes = re.findall(r"<li>(\w+)</li>", page.content.decode().split('data-testid="recovery-codes"')[1])
    device.refresh_from_db()
    return device, codes


# --- Password --------------------------------------------------------------------------------


def test_passwords_are_stored_as_argon2_hashes(make_user, program):
    user = make_user("employment_specialist", program)
    user.refresh_from_db()
    assert user.password.startswith("argon2")
    assert TEST_PASSWORD not in user.password


def test_sign_in_by_email_ignores_upper_and_lower_case(client, make_user, program):
    user = make_user("employment_specialist", program, email="ana.reyes@example.test")
    response = sign_in(client, "Ana.Reyes@EXAMPLE.test", REMOTE_ADDR="198.51.100.3")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert (event.actor, event.ip) == (user, "198.51.100.3")


def test_a_wrong_password_gets_a_clear_message_and_no_session(client, make_user, program):
    make_user("employment_specialist", program, email="ben.holm@example.test")
    response = sign_in(client, "ben.holm@example.test", "not-the-password")
    assert response.status_code == 200
    assert "That e-mail and password do not match an account." in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor is None
    assert event.actor_email == "ben.holm@example.test"
    assert client.get("/").status_code == 302  # still signed out


def test_an_unknown_email_gets_the_same_message(client):
    response = sign_in(client, "nobody@example.test", "whatever-password")
    assert "That e-mail and password do not match an account." in response.content.decode()


def test_a_deactivated_account_cannot_sign_in(client, make_user, program):
    user = make_user("employment_specialist", program, email="gone@example.test")
    user.is_active = False
    user.save()
    response = sign_in(client, "gone@example.test")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_in_and_sign_out_are_audited(client, make_user, program):
    user = make_user("employment_specialist", program, email="carla@example.test")
    sign_in(client, "carla@example.test")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert path_of(response) == LOGIN
    actions = list(AuditEvent.objects.filter(actor=user).order_by("id").values_list("action", flat=True))
    assert actions == [AuditAction.LOGIN, AuditAction.LOGOUT]
    assert client.get("/").status_code == 302


# --- Lock-out --------------------------------------------------------------------------------


def test_too_many_failures_lock_the_account_even_for_the_right_password(client, make_user, program, settings):
    make_user("employment_specialist", program, email="dev.duarte@example.test")
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = sign_in(client, "dev.duarte@example.test", "guess-password")
        assert response.status_code == 200
        assert LOCKED_TEXT not in response.content.decode()
    locked = sign_in(client, "dev.duarte@example.test", "guess-password")
    assert locked.status_code in (403, 429)
    assert LOCKED_TEXT in locked.content.decode()

    right = sign_in(client, "dev.duarte@example.test", TEST_PASSWORD)
    assert right.status_code in (403, 429)
    assert LOCKED_TEXT in right.content.decode()
    assert "_auth_user_id" not in client.session

    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() >= limit
    lockout = AuditEvent.objects.filter(action=AuditAction.LOCKOUT).first()
    assert lockout is not None
    assert lockout.actor_email == "dev.duarte@example.test"


def test_changing_the_case_of_the_email_does_not_escape_the_lock(client, make_user, program, settings):
    make_user("employment_specialist", program, email="elena@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "elena@example.test", "guess-password")
    response = sign_in(client, "ELENA@Example.Test", TEST_PASSWORD)
    assert response.status_code in (403, 429)
    assert LOCKED_TEXT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_account_not_per_office(client, make_user, program, settings):
    make_user("employment_specialist", program, email="farid@example.test")
    colleague = make_user("employment_specialist", program, email="grace@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "farid@example.test", "guess-password", REMOTE_ADDR="203.0.113.30")
    response = sign_in(Client(), "grace@example.test", REMOTE_ADDR="203.0.113.30")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=colleague).exists()


# --- Multi-factor authentication ------------------------------------------------------------


@pytest.mark.parametrize("page", ["/", "/account/", "/programs/", "/audit/"])
def test_a_user_without_a_device_is_sent_to_mfa_setup_from_any_page(client, make_user, program, page):
    make_user("program_manager", program, email="hector@example.test")
    sign_in(client, "hector@example.test")
    response = client.get(page)
    assert response.status_code == 302
    assert path_of(response) == reverse("accounts:mfa_setup")
    assert f"next={page.replace('/', '%2F')}" in response["Location"]


def test_setup_page_shows_a_qr_code_and_the_key(client, make_user, program):
    user = make_user("employment_specialist", program, email="iris@example.test")
    sign_in(client, "iris@example.test")
    response = client.get(reverse("accounts:mfa_setup"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page  # inline, nothing loaded from elsewhere
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    shown = re.search(r'data-testid="totp-secret">([^<]+)<', page).group(1)
    assert shown.replace(" ", "") == key


def test_a_wrong_code_is_refused_on_the_field(client, make_user, program):
    user = make_user("employment_specialist", program, email="jamal@example.test")
    sign_in(client, "jamal@example.test")
    client.get(reverse("accounts:mfa_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
    response = client.post(reverse("accounts:mfa_setup"), {"token": wrong})
    assert response.status_code == 400
    assert "That code did not match." in response.content.decode()
    assert response.context["form"].errors["token"]
    device.refresh_from_db()
    assert not device.confirmed
    assert not AuditEvent.objects.filter(action=AuditAction.MFA_ENROLLED).exists()
    assert client.get("/").status_code == 302  # still not through


def test_the_right_code_enrolls_and_shows_ten_recovery_codes_once(client, make_user, program):
    user = make_user("employment_specialist", program, email="kira@example.test")
    sign_in(client, "kira@example.test")
    device, codes = enroll(client, user)
    assert device.confirmed
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    event = AuditEvent.objects.get(action=AuditAction.MFA_ENROLLED)
    assert event.actor == user
    assert not any(code in str(event.changes) for code in codes)
    # Shown once: coming back to the page shows no codes.
    again = client.get(reverse("accounts:mfa_recovery_codes"))
    assert again.status_code == 302
    assert not any(code in client.get(again["Location"]).content.decode() for code in codes)
    # This session passed MFA.
    assert client.get("/").status_code == 200


def test_next_sign_in_asks_for_the_code_and_accepts_it(client, make_user, program):
    user = make_user("employment_specialist", program, email="luis@example.test")
    sign_in(client, "luis@example.test")
    device, _codes = enroll(client, user)
    client.post(reverse("accounts:logout"))

    sign_in(client, "luis@example.test")
    response = client.get("/account/")
    assert response.status_code == 302
    assert path_of(response) == reverse("accounts:mfa_verify")
    # The code of the next 30-second step: the one used to enroll cannot be replayed.
    code = code_for(device, drift=1)
    response = client.post(reverse("accounts:mfa_verify") + "?next=/account/", {"token": code})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


def test_a_recovery_code_works_once_only(client, make_user, program):
    user = make_user("employment_specialist", program, email="maya@example.test")
    sign_in(client, "maya@example.test")
    _device, codes = enroll(client, user)
    client.post(reverse("accounts:logout"))

    sign_in(client, "maya@example.test")
    response = client.post(reverse("accounts:mfa_verify"), {"token": codes[0]})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.post(reverse("accounts:logout"))

    sign_in(client, "maya@example.test")
    response = client.post(reverse("accounts:mfa_verify"), {"token": codes[0]})
    assert response.status_code == 400
    assert "already used" in response.content.decode()
    assert client.get("/").status_code == 302
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, actor=user)
    assert failed.count() == 1
    assert codes[0] not in str(failed.get().changes)


def test_a_stolen_password_cannot_replace_an_enrolled_device(client, make_user, program):
    user = make_user("employment_specialist", program, email="noah@example.test")
    sign_in(client, "noah@example.test")
    enroll(client, user)
    client.post(reverse("accounts:logout"))

    sign_in(client, "noah@example.test")
    response = client.get(reverse("accounts:mfa_setup"))
    assert response.status_code == 302
    assert path_of(response) == reverse("accounts:mfa_verify")


def test_the_analyst_is_not_forced_into_mfa(client, make_user):
    make_user("analyst", email="olga@example.test")
    sign_in(client, "olga@example.test")
    assert client.get("/").status_code == 200


def test_an_analyst_who_also_holds_a_program_role_needs_mfa(client, make_user, program):
    from accounts.tests.factories import MembershipFactory

    user = make_user("analyst", email="priya@example.test")
    MembershipFactory(user=user, role="benefits_counselor", program=program)
    sign_in(client, "priya@example.test")
    assert path_of(client.get("/")) == reverse("accounts:mfa_setup")


def test_with_mfa_off_there_is_no_second_step_and_every_page_says_so(client, make_user, program, settings):
    settings.OPENIPS_REQUIRE_MFA = False
    make_user("program_manager", program, email="quinn@example.test")
    assert DEMO_BANNER in client.get(LOGIN).content.decode()
    sign_in(client, "quinn@example.test")
    for page in ["/", "/account/", "/programs/", "/audit/"]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert DEMO_BANNER in response.content.decode(), page


def test_with_mfa_on_there_is_no_demo_banner(client, make_user, program, login):
    user = make_user("employment_specialist", program)
    assert DEMO_BANNER not in login(user).get("/").content.decode()


# --- Password reset --------------------------------------------------------------------------


def _reset_link(client, email):
    mail.outbox.clear()
    response = client.post(reverse("accounts:password_reset"), {"email": email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", message.body).group(1)
    return message, link


def test_password_reset_by_email(client, make_user, program):
    user = make_user("employment_specialist", program, email="rosa@example.test")
    message, link = _reset_link(client, "Rosa@Example.test")
    assert message.to == ["rosa@example.test"]

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    assert "Choose a new password" in form_page.content.decode()

    weak = client.post(set_password_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    assert "This password is too short." in weak.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)

    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert path_of(done) == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.password.startswith("argon2")

    used = Client().get(link, follow=True)
    assert "This link no longer works" in used.content.decode()
    assert 'name="new_password1"' not in used.content.decode()

    fresh = Client()
    assert sign_in(fresh, "rosa@example.test", NEW_PASSWORD).status_code == 302
    assert sign_in(Client(), "rosa@example.test", TEST_PASSWORD).status_code == 200


def test_password_reset_for_an_unknown_email_looks_the_same_but_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert path_of(response) == reverse("accounts:password_reset_done")
    assert mail.outbox == []


# --- Sessions --------------------------------------------------------------------------------


def test_sessions_end_after_the_idle_time():
    assert django_settings.SESSION_COOKIE_AGE == django_settings.OPENIPS_SESSION_IDLE_MINUTES * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True


def test_every_request_pushes_the_idle_deadline_forward(make_user, program, login):
    user = make_user("employment_specialist", program)
    client = login(user)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert client.get("/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    idle = datetime.timedelta(minutes=django_settings.OPENIPS_SESSION_IDLE_MINUTES)
    assert idle - datetime.timedelta(minutes=1) < remaining <= idle


def test_an_idle_session_is_signed_out(make_user, program, login):
    user = make_user("employment_specialist", program)
    client = login(user)
    assert client.get("/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/account/")
    assert response.status_code == 302
    assert path_of(response) == LOGIN


def test_deactivating_a_user_ends_their_sessions_and_api_token_at_once(make_user, program, login):
    admin = make_user("state_administrator")
    user = make_user("employment_specialist", program)
    user_client = login(user)
    other_browser = Client()
    other_browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    services.api_token_create(actor=user)
    assert len(sessions_of(user)) == 2
    admin_client = Client()
    admin_client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    admin_session = admin_client.session.session_key

    services.user_deactivate(actor=admin, user=user)

    assert sessions_of(user) == []
    assert not Token.objects.filter(user=user).exists()
    assert Session.objects.filter(session_key=admin_session).exists()  # nobody else is signed out
    response = user_client.get("/")
    assert response.status_code == 302
    assert path_of(response) == LOGIN
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(user.pk))
    assert event.actor == admin
    assert event.changes == {"is_active": [True, False]}


def test_deactivating_from_the_users_page(make_user, program, login):
    admin = make_user("state_administrator")
    user = make_user("employment_specialist", program)
    user_browser = Client()
    user_browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = login(admin).post(reverse("accounts:user_set_active", args=[user.pk]), {"active": "0"})
    assert response.status_code == 302
    assert sessions_of(user) == []
    assert path_of(user_browser.get("/")) == LOGIN


# --- Language --------------------------------------------------------------------------------


def test_the_language_chosen_on_the_account_page_sticks(make_user, program, login):
    user = make_user("employment_specialist", program)
    client = login(user)
    response = client.post(
        reverse("accounts:account"),
        {
            "version": user.version,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": "",
            "language": "es",
        },
    )
    assert response.status_code == 302
    page = client.get("/")
    assert page["Content-Language"] == "es"
    assert '<html lang="es"' in page.content.decode()
    assert "Mi cuenta" in page.content.decode()

    # A new browser without the language cookie: the account's choice still applies.
    elsewhere = Client()
    elsewhere.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = elsewhere.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    later = elsewhere.get("/programs/")
    assert later["Content-Language"] == "es"
    assert '<html lang="es"' in later.content.decode()


def test_the_language_switcher_in_the_footer_works_when_signed_in(make_user, program, login):
    user = make_user("employment_specialist", program)  # account language: English
    client = login(user)
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert page["Content-Language"] == "es"
    assert '<html lang="es"' in page.content.decode()


def test_pages_are_english_by_default(make_user, program, login):
    user = make_user("employment_specialist", program)
    page = login(user).get("/")
    assert page["Content-Language"] == "en"
    assert '<html lang="en"' in page.content.decode()
