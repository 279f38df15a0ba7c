"""Fixtures every test suite shares: users with roles in programs, signed-in clients."""

import pytest
from django.utils import translation

from accounts.tests.factories import MembershipFactory, ProgramFactory, UserFactory
from accounts.tests.helpers import signed_in_client


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Each test starts in English: a Spanish page in one test must not leak into the next.

    (In a server every request picks its language anew; in tests the last request's language would
    otherwise stay active in the worker's thread.)
    """
    translation.activate("en")
    yield
    translation.deactivate()


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
        return signed_in_client(user, client, verified=verified)

    return sign_in
