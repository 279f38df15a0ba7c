"""Settings come from the environment: production is safe by default, mistakes are refused clearly."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

BASE_DIR = django_settings.BASE_DIR
PRODUCTION_SECRET = "k3Jq9-vXz2Lr8TnW4bYh6PcM1sGd5FeA0uQiZoNyRtEwSaDfHgJ-7lKpVmBxCn"  # synthetic, 60 chars


def run_manage(*args, **env_overrides):
    """Run manage.py in a fresh process with only the environment given here (plus PATH and HOME)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "OPENIPS_", "DATABASE_"))
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_djangos_deployment_checks():
    assert len(PRODUCTION_SECRET) >= 50
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_ALLOWED_HOSTS="openips.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deployment_checks_fail_when_https_is_switched_off_in_production():
    # The check above is not vacuous: turning HTTPS off in production is reported.
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_ALLOWED_HOSTS="openips.example.org",
        OPENIPS_HTTPS="false",
    )
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr


@pytest.mark.parametrize(
    "secret",
    [None, "", "django-insecure-openips-development-key-do-not-use-in-production"],
    ids=["missing", "empty", "the-development-key"],
)
def test_production_refuses_to_start_without_its_own_secret_key(secret):
    env = {"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "openips.example.org"}
    if secret is not None:
        env["DJANGO_SECRET_KEY"] = secret
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_development_may_run_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG must be true or false, not 'maybe'"),
        ("OPENIPS_REQUIRE_MFA", "sometimes", "OPENIPS_REQUIRE_MFA must be true or false, not 'sometimes'"),
        (
            "OPENIPS_SESSION_IDLE_MINUTES",
            "half an hour",
            "OPENIPS_SESSION_IDLE_MINUTES must be a whole number, not 'half an hour'",
        ),
    ],
)
def test_a_setting_that_cannot_be_read_is_refused_with_its_name(name, value, message):
    env = {"DJANGO_DEBUG": "true", name: value}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits 1 if a migration is missing
    assert "No changes detected" in out.getvalue()


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []  # (attributes, inline text)
        self._open = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = (dict(attrs), [])

    def handle_data(self, data):
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.scripts.append((self._open[0], "".join(self._open[1]).strip()))
            self._open = None


def _nonce(response):
    policy = response["Content-Security-Policy"]
    match = re.search(r"script-src ([^;]*)", policy)
    assert match, policy
    nonces = re.findall(r"'nonce-([^']+)'", match.group(1))
    assert len(nonces) == 1, policy
    return nonces[0]


def _scripts(response):
    parser = _Scripts()
    parser.feed(response.content.decode())
    return parser.scripts


def test_pages_allow_only_this_server_and_a_fresh_nonce(client, make_user, program, login):
    user = make_user("employment_specialist", program)
    signed_in = login(user)
    first = signed_in.get("/")
    second = signed_in.get("/")
    assert first.status_code == second.status_code == 200
    policy = first["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "http:" not in policy and "https:" not in policy and "*" not in policy
    assert _nonce(first) != _nonce(second), "every response gets its own nonce"


def test_every_script_on_the_home_page_carries_the_responses_nonce(make_user, program, login):
    user = make_user("employment_specialist", program)
    response = login(user).get("/")
    assert response.status_code == 200
    nonce = _nonce(response)
    scripts = _scripts(response)
    assert scripts, "the home page loads htmx"
    for attrs, _inline in scripts:
        assert attrs.get("nonce") == nonce, attrs
    inline_without_nonce = [text for attrs, text in scripts if text and attrs.get("nonce") != nonce]
    assert inline_without_nonce == []
    # Scripts come from this server only.
    assert all(attrs["src"].startswith("/static/") for attrs, _ in scripts if "src" in attrs)


@pytest.mark.django_db
def test_the_sign_in_page_also_has_the_policy_and_nonced_scripts(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    nonce = _nonce(response)
    assert all(attrs.get("nonce") == nonce for attrs, _ in _scripts(response))
