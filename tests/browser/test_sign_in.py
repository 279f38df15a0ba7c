"""Signing in with a second factor: first time (set up the app) and every time after."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD

from .support import key_from_page_text, totp_code

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_first_sign_in_sets_up_the_authenticator_and_the_next_asks_for_a_code(
    screen, open_tab, make_user, program
):
    tab = open_tab(screen)
    page = tab.page
    user = make_user("employment_specialist", program, first_name="Robin", last_name="Okafor")

    # Password first; a person with no authenticator yet is sent to set one up.
    tab.open("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    tab.log_in(user.email, TEST_PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/mfa/setup/\?next=%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()

    # The person types the key shown under the QR code into their app and copies its code.
    secret = page.get_by_test_id("totp-secret")
    expect(secret).to_be_visible()
    key = key_from_page_text(secret.inner_text())
    page.get_by_label("6-digit code from your authenticator app").fill(totp_code(key))
    tab.submit("Confirm")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.get_by_test_id("recovery-codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    assert len(set(codes.all_inner_texts())) == 10, "recovery codes repeat"
    tab.follow(page.get_by_role("button", name="I have saved them — continue"))
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Robin")
    expect(page.get_by_role("link", name=program.name).first).to_be_visible()

    # Signing out really ends the session.
    tab.submit("Sign out")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    # The second time the password is not enough: the app's code is asked for.
    tab.log_in(user.email, TEST_PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/mfa/verify/\?next=%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    tab.open("/programs/")
    expect(page).to_have_url(re.compile(r"/accounts/mfa/verify/\?next=%2Fprograms%2F$"))
    # A code is good once: the app's next code is a new one (the server allows one step of
    # clock drift, so the test needs not wait 30 seconds for it).
    tab.enter_code(totp_code(key, steps_ahead=1))
    expect(page).to_have_url(re.compile(r"^http://[^/]+/programs/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Programs")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
