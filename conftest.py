"""Fixtures every test suite shares: users with roles in programs, signed-in clients."""

import pytest

from accounts.tests.factories import MembershipFactory, ProgramFactory, UserFactory


@pytest.fixture
def program(db):
    return ProgramFactory()


@pytest.fixture
def other_program(db):
    return ProgramFactory()


@pytest.fixture
def make_user(db):
    """make_user(role, program=None, **user_fields) -> a user holding that role (state-wide if no program)."""

    def make(role, program=None, fte=None, **fields):
        user = UserFactory(**fields)
        MembershipFactory(user=user, role=role, program=program, fte=fte)
        return user

    return make


@pytest.fixture
def login(client, settings):
    """login(user) -> the test client signed in as that user, MFA passed."""

    def sign_in(user, verified=True):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if verified:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client

    return sign_in
