"""Fixtures the quarterly report tests share."""

import pytest

from reporting.tests.factories_reports import manager_of, quarter_back


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def quarter():
    """The last complete quarter."""
    return quarter_back(1)


@pytest.fixture
def manager(program):
    return manager_of(program)
