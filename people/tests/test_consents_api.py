"""The consents API: the same services and gate as the pages, 400 with field errors on bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditAction, AuditEvent
from people.models import Consent, ConsentScope
from people.tests.factories import JobSeekerFactory
from people.tests.factories_consents import consent, days

CONSENTS = "/api/v1/consents/"


@pytest.fixture
def es(make_user, program):
    return make_user("employment_specialist", program)


@pytest.fixture
def person(program):
    return JobSeekerFactory(program=program)


def _body(person, **overrides):
    data = {
        "job_seeker": person.pk,
        "partner_kind": "vocational_rehabilitation",
        "partner_name": "Synthetic DVR office",
        "scope": ["employment_progress", "service_notes"],
        "covers_part2": True,
        "signed_on": days(-2).isoformat(),
        "start_date": days(-1).isoformat(),
        "expiry_date": days(365).isoformat(),
    }
    data.update(overrides)
    return data


def _state():
    return (
        list(Consent.objects.order_by("pk").values()),
        list(ConsentScope.objects.order_by("pk").values()),
        AuditEvent.objects.exclude(action__in=[AuditAction.READ, AuditAction.LOGIN]).count(),
    )


def test_the_urls_are_the_documented_ones():
    assert reverse("api:consent-list") == CONSENTS
    assert reverse("api:consent-detail", args=[7]) == f"{CONSENTS}7/"
    assert reverse("api:consent-revoke", args=[7]) == f"{CONSENTS}7/revoke/"
    assert reverse("api:consent-check") == f"{CONSENTS}check/"


def test_create_list_and_read_a_consent(login, es, person):
    client = login(es)
    response = client.post(CONSENTS, _body(person), content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["job_seeker"] == person.pk
    assert body["scope"] == ["employment_progress", "service_notes"]
    assert (body["covers_part2"], body["status"], body["in_force"]) == (True, "active", True)
    assert body["partner_kind_label"] == "DVR (vocational rehabilitation)"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="people.Consent").count() == 1

    consent(person, kind="family", start=-500, expiry=-100, partner_name="Old family release")
    listing = client.get(CONSENTS, {"job_seeker": person.pk})
    assert listing.status_code == 200
    assert listing.json()["count"] == 2
    assert {c["status"] for c in listing.json()["results"]} == {"active", "expired"}
    expired = client.get(CONSENTS, {"job_seeker": person.pk, "status": "expired"}).json()
    assert [c["partner_name"] for c in expired["results"]] == ["Old family release"]
    assert client.get(CONSENTS, {"job_seeker": person.pk, "status": "gone"}).status_code == 400
    assert client.get(CONSENTS).status_code == 400  # which person?

    detail = client.get(f"{CONSENTS}{body['id']}/")
    assert detail.status_code == 200
    assert detail.json()["partner_name"] == "Synthetic DVR office"
    assert AuditEvent.objects.filter(action=AuditAction.READ, job_seeker_id=person.pk).count() == 3


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"signed_on": days(1).isoformat(), "start_date": days(2).isoformat()}, "signed_on"),
        ({"signed_on": days(-1).isoformat(), "start_date": days(-2).isoformat()}, "signed_on"),
        ({"expiry_date": days(-5).isoformat()}, "expiry_date"),
        ({"scope": []}, "scope"),
        ({"scope": ["job_details", "job_details"]}, "scope"),
        ({"scope": ["diagnosis"]}, "scope"),
        ({"partner_kind": "landlord"}, "partner_kind"),
        ({"partner_name": ""}, "partner_name"),
        ({"expiry_date": "not a date"}, "expiry_date"),
    ],
)
def test_bad_input_is_a_400_on_the_field_and_changes_nothing(login, es, person, overrides, field):
    client = login(es)
    before = _state()
    response = client.post(CONSENTS, _body(person, **overrides), content_type="application/json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert _state() == before


def test_a_consent_never_changes_once_saved(login, es, person):
    saved = consent(person)
    client = login(es)
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(f"{CONSENTS}{saved.pk}/", {}, content_type="application/json")
        assert response.status_code == 405
    assert Consent.objects.get().expiry_date == saved.expiry_date


def test_revoking_through_the_api_ends_partner_access_at_once(login, make_user, es, program, person):
    saved = consent(person, kind="vocational_rehabilitation")
    dvr = make_user("vr_counselor", program)
    partner = login(dvr)
    seen = partner.get(CONSENTS, {"job_seeker": person.pk})
    assert seen.status_code == 200
    assert [c["id"] for c in seen.json()["results"]] == [saved.pk]
    assert partner.post(f"{CONSENTS}{saved.pk}/revoke/", {}).status_code == 403  # partners may not act

    staff = login(es)
    response = staff.post(
        f"{CONSENTS}{saved.pk}/revoke/", {"revocation_note": "By letter"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["revocation_note"]) == ("revoked", "By letter")
    assert AuditEvent.objects.filter(action=AuditAction.REVOKE, object_id=str(saved.pk)).count() == 1

    other = consent(person, kind="family")
    before = _state()
    again = staff.post(f"{CONSENTS}{saved.pk}/revoke/", {}, content_type="application/json")
    assert again.status_code == 400
    assert "already revoked" in again.json()["non_field_errors"][0]
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    bad = staff.post(f"{CONSENTS}{other.pk}/revoke/", {"revoked_at": future}, content_type="application/json")
    assert bad.status_code == 400
    assert "revoked_at" in bad.json()
    assert _state() == before

    partner = login(dvr)
    assert partner.get(CONSENTS, {"job_seeker": person.pk}).status_code == 404
    assert partner.get(f"{CONSENTS}{saved.pk}/").status_code == 404


def test_a_partner_reads_only_the_consents_of_their_kind(login, make_user, program, person):
    own = consent(person, kind="benefits_counselor")
    family = consent(person, kind="family")
    counselor = login(make_user("benefits_counselor", program))
    listing = counselor.get(CONSENTS, {"job_seeker": person.pk}).json()
    assert [c["id"] for c in listing["results"]] == [own.pk]
    assert counselor.get(f"{CONSENTS}{family.pk}/").status_code == 404


def test_the_check_before_sharing(login, es, person):
    current = consent(person, scopes=["service_notes"], covers_part2=False)
    consent(person, kind="benefits_counselor", start=-400, expiry=-3, partner_name="Benefits office")
    client = login(es)
    ok = client.get(
        f"{CONSENTS}check/",
        {"job_seeker": person.pk, "partner_kind": "vocational_rehabilitation", "scope": "service_notes"},
    )
    assert ok.status_code == 200
    assert ok.json()["id"] == current.pk
    part2 = client.get(
        f"{CONSENTS}check/",
        {
            "job_seeker": person.pk,
            "partner_kind": "vocational_rehabilitation",
            "scope": "service_notes",
            "part2": "true",
        },
    )
    assert part2.status_code == 400
    assert "42 CFR Part 2" in part2.json()["non_field_errors"][0]
    expired = client.get(f"{CONSENTS}check/", {"job_seeker": person.pk, "partner_kind": "benefits_counselor"})
    assert expired.status_code == 400
    assert "expired on" in expired.json()["non_field_errors"][0]
    later = client.get(
        f"{CONSENTS}check/",
        {"job_seeker": person.pk, "partner_kind": "vocational_rehabilitation", "on": days(400).isoformat()},
    )
    assert later.status_code == 400
    assert client.get(f"{CONSENTS}check/", {"job_seeker": person.pk}).status_code == 400


def test_the_list_costs_the_same_for_few_or_many_consents(login, es, person, django_assert_max_num_queries):
    client = login(es)
    consent(person)
    client.get(CONSENTS, {"job_seeker": person.pk})
    with django_assert_max_num_queries(20) as captured:
        client.get(CONSENTS, {"job_seeker": person.pk})
    baseline = len(captured)
    for _ in range(12):
        consent(person, kind="family", scopes=["job_details", "career_profile"])
    with django_assert_max_num_queries(baseline):
        assert client.get(CONSENTS, {"job_seeker": person.pk}).json()["count"] == 13


def test_the_schema_documents_the_consent_endpoints(login, es):
    schema = login(es).get(reverse("api_schema"), {"format": "json"}).json()
    assert {
        "/api/v1/consents/",
        "/api/v1/consents/{id}/",
        "/api/v1/consents/{id}/revoke/",
        "/api/v1/consents/check/",
    } <= set(schema["paths"])
    assert "put" not in schema["paths"]["/api/v1/consents/{id}/"]
    create = schema["components"]["schemas"]["ConsentCreateRequest"]
    assert {
        "job_seeker",
        "partner_kind",
        "partner_name",
        "scope",
        "signed_on",
        "start_date",
        "expiry_date",
    } <= set(create["required"])
