"""Fixtures the people tests share; a test module's own fixture of the same name wins over these."""

import pytest

from accounts.models import Membership


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def supervisor(make_user, program):
    return make_user("ips_supervisor", program)


@pytest.fixture
def es_user(make_user, program):
    """Ana Alvarez, an employment specialist in the program."""
    return make_user("employment_specialist", program, first_name="Ana", last_name="Alvarez")


@pytest.fixture
def ana(es_user):
    """Ana's membership of the program (some modules make her another way, in their own `ana`)."""
    return Membership.objects.get(user=es_user)
