"""/healthz: what a load balancer or monitor asks before sending people to this server."""

import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_healthz_answers_200_json_with_the_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] == connection.vendor
    # A monitor must always see the current state, never a cached answer.
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_needs_no_sign_in_even_with_mfa_required(client, settings):
    settings.OPENIPS_REQUIRE_MFA = True
    response = client.get("/healthz")
    assert response.status_code == 200


@pytest.mark.django_db
def test_healthz_answers_503_json_when_the_database_is_down(client, monkeypatch):
    # A dead database cannot be made inside a test run, so the connection's cursor fails instead.
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection to server refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "error"
    assert body["database"]["status"] == "error"
    assert body["database"]["error"] == "OperationalError"
    # The details of the failure (addresses, credentials in messages) are not shown to the world.
    assert "refused" not in response.content.decode()


@pytest.mark.django_db
def test_healthz_answers_plain_http_when_every_page_redirects_to_https(client, settings):
    # Production redirects every page to HTTPS, but a load balancer probes over plain HTTP.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/accounts/login/").status_code == 301
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"]["status"] == "ok"
