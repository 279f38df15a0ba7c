"""Too many wrong passwords lock the account for a while."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

WRONG = "not-the-password-at-all"


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(tab, make_user, program, settings):
    settings.AXES_FAILURE_LIMIT = 5
    user = make_user("employment_specialist", program)
    page = tab.page
    tab.open("/accounts/login/")

    for _attempt in range(4):
        response = tab.log_in(user.email, WRONG)
        assert response.status == 200
        expect(page.get_by_role("alert")).to_contain_text("That e-mail and password do not match an account")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to OpenIPS")

    response = tab.log_in(user.email, WRONG)
    assert response.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("This account is locked for now")
    expect(page.get_by_role("alert")).to_contain_text("sign-in is blocked for 15 minutes")
    expect(page.get_by_role("link", name="Reset your password")).to_be_visible()

    # The right password does not get in while the lock lasts.
    tab.open("/accounts/login/")
    response = tab.log_in(user.email, TEST_PASSWORD)
    assert response.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("This account is locked for now")
    tab.open("/account/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/account/$"))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
