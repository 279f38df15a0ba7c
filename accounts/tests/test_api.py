"""The REST API: who am I, programs through the gate, tokens, the schema and its docs page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from accounts import services
from accounts.models import Agency, Program
from accounts.tests.factories import AgencyFactory, MembershipFactory, ProgramFactory

ME = "/api/v1/me/"
PROGRAMS = "/api/v1/programs/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_urls_are_the_documented_ones():
    assert reverse("api:me") == ME
    assert reverse("api:program-list") == PROGRAMS
    assert reverse("api:program-detail", kwargs={"slug": "some-site"}) == f"{PROGRAMS}some-site/"


# --- /api/v1/me/ ----------------------------------------------------------------------------------


def test_me_lists_current_roles_memberships_and_programs(make_user, login, program, other_program):
    manager = make_user("program_manager", program, fte="0.50", first_name="Morgan", last_name="Reyes")
    MembershipFactory(user=manager, program=other_program, role="employment_specialist", fte="0.25")
    ended = ProgramFactory()
    today = timezone.localdate()
    MembershipFactory(
        user=manager,
        program=ended,
        role="ips_supervisor",
        start_date=today - datetime.timedelta(days=200),
        end_date=today - datetime.timedelta(days=1),
    )

    response = login(manager).get(ME)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == manager.pk
    assert body["email"] == manager.email
    assert (body["first_name"], body["last_name"]) == ("Morgan", "Reyes")
    assert body["roles"] == ["employment_specialist", "program_manager"]
    assert sorted(body["programs"]) == sorted([program.slug, other_program.slug])
    memberships = {(m["program"], m["role"]): m for m in body["memberships"]}
    assert set(memberships) == {
        (program.slug, "program_manager"),
        (other_program.slug, "employment_specialist"),
    }
    assert memberships[(program.slug, "program_manager")]["role_label"] == "Program manager"
    assert memberships[(program.slug, "program_manager")]["fte"] == "0.50"
    assert memberships[(other_program.slug, "employment_specialist")]["end_date"] is None


def test_me_for_a_state_wide_role(make_user, login, program, other_program):
    analyst = make_user("analyst")
    body = login(analyst).get(ME).json()
    assert body["roles"] == ["analyst"]
    assert [(m["program"], m["role"], m["fte"]) for m in body["memberships"]] == [(None, "analyst", None)]
    assert sorted(body["programs"]) == sorted([program.slug, other_program.slug])


def test_me_refuses_a_caller_who_is_not_signed_in(client, db):
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert "email" not in response.content.decode()


@pytest.mark.parametrize("enrolled", [False, True])
def test_a_session_that_has_not_passed_mfa_is_refused(make_user, login, program, enrolled):
    specialist = make_user("employment_specialist", program)
    if enrolled:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=specialist, name="phone", confirmed=True)
    client = login(specialist, verified=False)
    for url in (ME, PROGRAMS, f"{PROGRAMS}{program.slug}/"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json() == {"detail": "Multi-factor authentication is required."}


def test_an_analyst_session_does_not_need_mfa(make_user, login):
    """The analyst sees aggregates only, never a person: MFA is offered but not required."""
    response = login(make_user("analyst"), verified=False).get(ME)
    assert response.status_code == 200
    assert response.json()["roles"] == ["analyst"]


# --- /api/v1/programs/ ----------------------------------------------------------------------------


def test_program_list_shape(make_user, login, program, other_program):
    specialist = make_user("employment_specialist", program)
    response = login(specialist).get(PROGRAMS)

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == 1
    assert body["next"] is None
    assert body["previous"] is None
    (item,) = body["results"]
    assert item["id"] == program.pk
    assert item["slug"] == program.slug
    assert item["name"] == program.name
    assert item["agency"] == program.agency.name
    assert item["primary_area"] == program.primary_area.name
    assert item["status"] == "active"
    assert item["start_date"] == program.start_date.isoformat()
    assert other_program.slug not in response.content.decode()


def test_program_list_pages(make_user, login):
    admin = make_user("state_administrator")
    for n in range(5):
        ProgramFactory(slug=f"paged-{n}", name=f"Paged Site {n}")
    client = login(admin)

    first = client.get(PROGRAMS, {"page_size": 2}).json()
    assert first["count"] == 5
    assert [p["slug"] for p in first["results"]] == ["paged-0", "paged-1"]
    assert first["previous"] is None
    assert first["next"].endswith(f"{PROGRAMS}?page=2&page_size=2")

    second = client.get(PROGRAMS, {"page": 2, "page_size": 2}).json()
    assert [p["slug"] for p in second["results"]] == ["paged-2", "paged-3"]
    assert second["previous"].endswith(f"{PROGRAMS}?page_size=2")

    last = client.get(PROGRAMS, {"page": 3, "page_size": 2}).json()
    assert [p["slug"] for p in last["results"]] == ["paged-4"]
    assert last["next"] is None

    assert client.get(PROGRAMS, {"page": 4, "page_size": 2}).status_code == 404
    default = client.get(PROGRAMS).json()
    assert len(default["results"]) == 5
    assert default["next"] is None


def test_program_detail_by_slug(make_user, login, program):
    specialist = make_user("employment_specialist", program)
    response = login(specialist).get(f"{PROGRAMS}{program.slug}/")
    assert response.status_code == 200
    assert response.json()["id"] == program.pk
    assert response.json()["slug"] == program.slug


def test_another_programs_slug_is_not_found(make_user, login, program, other_program):
    specialist = make_user("employment_specialist", program)
    client = login(specialist)
    hidden = client.get(f"{PROGRAMS}{other_program.slug}/")
    missing = client.get(f"{PROGRAMS}no-such-program/")
    assert hidden.status_code == missing.status_code == 404
    # Nothing tells a hidden program apart from one that does not exist.
    assert hidden.json() == missing.json()


def test_program_list_query_count_does_not_grow(make_user, login, django_assert_max_num_queries):
    admin = make_user("state_administrator")
    client = login(admin)
    for _ in range(3):
        ProgramFactory()
    with CaptureQueriesContext(connection) as few:
        assert client.get(PROGRAMS).json()["count"] == 3
    for _ in range(27):
        ProgramFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(PROGRAMS).json()
    assert body["count"] == 30
    assert all(p["primary_area"] for p in body["results"])


# --- Tokens -------------------------------------------------------------------------------------


def _token_client(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_token_authentication(make_user, program):
    specialist = make_user("employment_specialist", program)
    key = services.api_token_create(actor=specialist)
    client = _token_client(key)

    assert client.get(ME).json()["email"] == specialist.email
    assert [p["slug"] for p in client.get(PROGRAMS).json()["results"]] == [program.slug]
    assert _token_client("0" * 40).get(ME).status_code == 401


def test_a_new_token_replaces_the_old_one(make_user, program):
    specialist = make_user("employment_specialist", program)
    old = services.api_token_create(actor=specialist)
    new = services.api_token_create(actor=specialist)
    assert _token_client(old).get(ME).status_code == 401
    assert _token_client(new).get(ME).status_code == 200


def test_a_revoked_token_stops_working(make_user, login, program):
    specialist = make_user("employment_specialist", program)
    key = services.api_token_create(actor=specialist)
    response = login(specialist).post(reverse("accounts:api_token"), {"revoke": "1"})
    assert response.status_code == 302
    assert _token_client(key).get(ME).status_code == 401


def test_the_account_page_makes_a_token_that_works(make_user, login, program):
    specialist = make_user("employment_specialist", program)
    client = login(specialist)
    page = client.post(reverse("accounts:api_token"), follow=True).content.decode()
    keys = re.findall(r"\b[0-9a-f]{40}\b", page)
    assert len(keys) == 1
    assert _token_client(keys[0]).get(ME).json()["email"] == specialist.email
    # The token is shown once only.
    assert keys[0] not in client.get(reverse("accounts:account")).content.decode()


def test_a_deactivated_users_token_stops_working(make_user, login, program):
    specialist = make_user("employment_specialist", program)
    key = services.api_token_create(actor=specialist)
    assert _token_client(key).get(ME).status_code == 200

    admin = make_user("state_administrator")
    login(admin).post(reverse("accounts:user_set_active", args=[specialist.pk]))

    response = _token_client(key).get(PROGRAMS)
    assert response.status_code == 401


def test_a_token_of_an_inactive_account_is_refused_even_if_it_still_exists(make_user, program):
    specialist = make_user("employment_specialist", program)
    key = services.api_token_create(actor=specialist)
    specialist.is_active = False
    specialist.save(update_fields=["is_active"])
    assert _token_client(key).get(ME).status_code == 401


# --- The schema and the docs page ---------------------------------------------------------------


def test_schema_is_openapi_3_and_lists_the_endpoints(make_user, login, program):
    client = login(make_user("employment_specialist", program))
    response = client.get(reverse("api_schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "OpenIPS API"
    assert {"/api/v1/me/", "/api/v1/programs/", "/api/v1/programs/{slug}/"} <= set(schema["paths"])
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])
    listing = schema["paths"]["/api/v1/programs/"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"page", "page_size"}


def test_schema_and_docs_need_a_signed_in_user(client, db):
    assert client.get(reverse("api_schema")).status_code == 401
    response = client.get(reverse("api_docs"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_docs_page_loads_only_our_own_files_under_the_csp(make_user, login, program):
    client = login(make_user("employment_specialist", program))
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    page = response.content.decode()

    assert "swagger-ui" in page
    sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', page) + re.findall(
        r'<link[^>]*\bhref="([^"]+)"', page
    )
    assert sources
    for source in sources:
        assert not source.startswith(("http://", "https://", "//")), source
        assert source.startswith(("/static/", reverse("api_docs"))), source
    assert "http://" not in page
    assert "https://" not in page
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or "nonce=" in tag, f"inline script without a nonce: {tag}"

    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'self'" in script_src
    assert "'unsafe-inline'" not in script_src
    assert "http" not in script_src

    # The start-up script comes from our own URL and points at our own schema.
    script_url = re.search(r'<script src="(/api/docs/\?[^"]*)"', page).group(1)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api_schema") in script.content.decode()


# --- Service validation errors in the API ---------------------------------------------------------


class _ProgramInput(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField(allow_blank=True)
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    state = serializers.CharField()
    status = serializers.CharField(required=False)
    start_date = serializers.DateField(required=False, allow_null=True)
    closed_date = serializers.DateField(required=False, allow_null=True)


@api_view(["POST"])
def _create_program(request):
    """A writing endpoint as every app will have one: the serializer reads, the service checks."""
    data = _ProgramInput(data=request.data)
    data.is_valid(raise_exception=True)
    program = services.program_create(actor=request.user, **data.validated_data)
    return Response({"id": program.pk}, status=201)


def _post(user, data):
    request = APIRequestFactory().post("/api/v1/test-programs/", data, format="json")
    force_authenticate(request, user=user)
    return _create_program(request)


def test_service_validation_errors_are_400_with_field_errors(make_user, program):
    admin = make_user("state_administrator")
    agency = AgencyFactory()
    before = Program.objects.count()
    response = _post(
        admin,
        {
            "slug": "api-site",
            "name": "API Site",
            "agency": agency.pk,
            "state": "WI",
            "status": "closed",
            "start_date": "2024-03-01",
        },
    )
    assert response.status_code == 400
    assert response.data == {"closed_date": ["A closed program needs the date it closed."]}
    assert Program.objects.count() == before


def test_model_validation_errors_are_400_with_field_errors(make_user, program):
    admin = make_user("state_administrator")
    response = _post(
        admin,
        {"slug": "Not A Slug", "name": "", "agency": program.agency_id, "state": "WI", "status": "planning"},
    )
    assert response.status_code == 400
    assert response.data["slug"] == ["Use only lower-case letters, digits and hyphens."]
    assert response.data["name"] == ["This field cannot be blank."]
    assert not Program.objects.filter(slug="Not A Slug").exists()


def test_a_validation_error_without_a_field_is_a_non_field_error():
    from core.api import exception_handler

    response = exception_handler(ValidationError("This invitation link has already been used."), {})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["This invitation link has already been used."]}


def test_permission_refusal_from_a_service_is_403(make_user, program):
    manager = make_user("program_manager", program)
    response = _post(
        manager, {"slug": "api-site", "name": "API Site", "agency": program.agency_id, "state": "WI"}
    )
    assert response.status_code == 403
    assert not Program.objects.filter(slug="api-site").exists()
