"""The state administrator's user pages: list, search, deactivate and reactivate."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD, MembershipFactory, ProgramFactory, UserFactory
from accounts.tests.helpers import signed_in_client
from core.models import AuditEvent


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin(make_user):
    return make_user(
        "state_administrator", first_name="Avery", last_name="Admin", email="avery.admin@example.test"
    )


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _listed_emails(response) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S).group(1)
    return re.findall(r"<td>([^<>\s]+@example\.test)</td>", body)


def _messages(response) -> list[str]:
    return [m.strip() for m in re.findall(r'<p class="message[^"]*">(.*?)</p>', _page(response), re.S)]


def _person(first, last, email, *, active=True, program=None, role="employment_specialist"):
    user = UserFactory(first_name=first, last_name=last, email=email, is_active=active)
    where = {"program": program} if program is not None else {}  # else a program of their own
    MembershipFactory(user=user, role=role, **where)
    return user


# --- The list -----------------------------------------------------------------------------------


def test_user_list_shows_every_user_with_roles_and_status(admin, login, program):
    _person("Blair", "Baker", "blair.baker@example.test", program=program)
    _person("Casey", "Cole", "casey.cole@example.test", active=False, program=program)
    response = login(admin).get(reverse("accounts:user_list"))

    assert response.status_code == 200
    assert _listed_emails(response) == [
        "avery.admin@example.test",
        "blair.baker@example.test",
        "casey.cole@example.test",
    ]
    page = _page(response)
    assert f"Employment specialist — {program.name}" in page
    assert "Deactivate Blair Baker" in page
    assert "Reactivate Casey Cole" in page


def test_user_list_search_by_name_or_email(admin, login):
    _person("Blair", "Baker", "blair.baker@example.test")
    _person("Casey", "Cole", "c.cole@example.test")
    _person("Dana", "Blairstone", "dana.d@example.test")
    client = login(admin)
    url = reverse("accounts:user_list")

    assert _listed_emails(client.get(url, {"q": "blair"})) == [
        "blair.baker@example.test",
        "dana.d@example.test",
    ]
    assert _listed_emails(client.get(url, {"q": "c.cole@"})) == ["c.cole@example.test"]
    assert _listed_emails(client.get(url, {"q": "COLE"})) == ["c.cole@example.test"]
    response = client.get(url, {"q": "nobody by this name"})
    assert _listed_emails(response) == []
    assert "No user matches." in _page(response)


def test_user_list_status_filter(admin, login):
    _person("Blair", "Baker", "blair.baker@example.test")
    _person("Casey", "Cole", "casey.cole@example.test", active=False)
    client = login(admin)
    url = reverse("accounts:user_list")

    assert _listed_emails(client.get(url, {"status": "inactive"})) == ["casey.cole@example.test"]
    assert _listed_emails(client.get(url, {"status": "active"})) == [
        "avery.admin@example.test",
        "blair.baker@example.test",
    ]
    assert len(_listed_emails(client.get(url, {"status": ""}))) == 3
    response = client.get(url, {"status": "inactive", "q": "blair"})
    assert _listed_emails(response) == []


def test_user_list_pages_by_fifty_and_keeps_the_filters(admin, login):
    for n in range(53):
        _person("Pat", f"Zimmer{n:02}", f"pat.zimmer{n:02}@example.test")
    client = login(admin)
    url = reverse("accounts:user_list")

    first = client.get(url, {"q": "zimmer", "status": "active"})
    assert _listed_emails(first) == [f"pat.zimmer{n:02}@example.test" for n in range(50)]
    assert "Page 1 of 2" in _page(first)
    assert 'href="?q=zimmer&status=active&page=2"' in _page(first)

    second = client.get(url, {"q": "zimmer", "status": "active", "page": 2})
    assert _listed_emails(second) == [f"pat.zimmer{n:02}@example.test" for n in range(50, 53)]


def test_user_list_query_count_does_not_grow_with_users(admin, login, django_assert_max_num_queries):
    programs = [ProgramFactory() for _ in range(3)]
    client = login(admin)
    url = reverse("accounts:user_list")
    for n in range(3):
        _person("Few", f"Person{n}", f"few{n}@example.test", program=programs[n % 3])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(50):
        user = _person("Many", f"Person{n:02}", f"many{n:02}@example.test", program=programs[n % 3])
        MembershipFactory(user=user, role="vr_counselor", program=programs[(n + 1) % 3])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(_listed_emails(response)) == 50


@pytest.mark.parametrize(
    "role",
    [
        "employment_specialist",
        "ips_supervisor",
        "program_manager",
        "treatment_team_member",
        "vr_counselor",
        "benefits_counselor",
        "state_trainer",
        "analyst",
    ],
)
def test_only_a_state_administrator_manages_users(make_user, login, program, role):
    someone = make_user(role, program)
    target = _person("Blair", "Baker", "blair.baker@example.test", program=program)
    client = login(someone)

    assert client.get(reverse("accounts:user_list")).status_code == 403
    response = client.post(reverse("accounts:user_set_active", args=[target.pk]))
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active


def test_program_manager_does_not_see_the_users_link(make_user, login, program):
    page = _page(login(make_user("program_manager", program)).get(reverse("core:home")))
    assert reverse("accounts:user_list") not in page


# --- Deactivate and reactivate ------------------------------------------------------------------


def test_deactivate_and_reactivate_through_the_page(admin, login, program):
    target = _person("Blair", "Baker", "blair.baker@example.test", program=program)
    client = login(admin)
    url = reverse("accounts:user_set_active", args=[target.pk])

    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("accounts:user_list"), 302)]
    assert "Blair Baker is deactivated and signed out everywhere." in _messages(response)
    assert "Reactivate Blair Baker" in _page(response)
    target.refresh_from_db()
    assert not target.is_active
    event = AuditEvent.objects.get(object_type="accounts.User", object_id=str(target.pk), action="update")
    assert event.actor == admin
    assert event.changes == {"is_active": [True, False]}

    response = client.post(url, {"active": "1"}, follow=True)
    assert "Blair Baker can sign in again." in _messages(response)
    assert "Deactivate Blair Baker" in _page(response)
    target.refresh_from_db()
    assert target.is_active
    assert AuditEvent.objects.filter(
        object_type="accounts.User", object_id=str(target.pk), changes={"is_active": [False, True]}
    ).exists()


def test_deactivate_needs_a_post(admin, login):
    target = _person("Blair", "Baker", "blair.baker@example.test")
    response = login(admin).get(reverse("accounts:user_set_active", args=[target.pk]))
    assert response.status_code == 405
    target.refresh_from_db()
    assert target.is_active


def test_deactivating_an_unknown_user_is_not_found(admin, login):
    assert login(admin).post(reverse("accounts:user_set_active", args=[10**9])).status_code == 404


def test_you_cannot_deactivate_yourself(admin, login):
    client = login(admin)
    listing = _page(client.get(reverse("accounts:user_list")))
    assert "Deactivate Avery Admin" not in listing

    response = client.post(reverse("accounts:user_set_active", args=[admin.pk]), follow=True)

    assert response.redirect_chain == [(reverse("accounts:user_list"), 302)]
    assert "You cannot deactivate your own account." in _messages(response)
    admin.refresh_from_db()
    assert admin.is_active
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_a_deactivated_users_open_session_is_signed_out(admin, login, program):
    target = _person("Blair", "Baker", "blair.baker@example.test", program=program)
    theirs = signed_in_client(target)
    detail = reverse("accounts:program_detail", args=[program.slug])
    assert theirs.get(detail).status_code == 200

    login(admin).post(reverse("accounts:user_set_active", args=[target.pk]))

    # The stored session itself is gone ("signed out everywhere"), not only refused.
    assert not Session.objects.filter(session_key=theirs.cookies[settings.SESSION_COOKIE_NAME].value).exists()
    response = theirs.get(detail)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    # Signing in again with the right password does not work either.
    response = theirs.post(
        reverse("accounts:login"), {"username": "blair.baker@example.test", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert theirs.get(detail).status_code == 302


def test_reactivated_user_can_sign_in_again(admin, login, program):
    target = _person("Blair", "Baker", "blair.baker@example.test", program=program)
    client = login(admin)
    url = reverse("accounts:user_set_active", args=[target.pk])
    client.post(url)
    client.post(url, {"active": "1"})

    theirs = Client()
    response = theirs.post(
        reverse("accounts:login"), {"username": "blair.baker@example.test", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
