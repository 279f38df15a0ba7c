"""Every main page, on a phone and on a desktop, passes the checks each browser test makes:
axe-core, no sideways scrolling, no CSP or script error, no missing file."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD, ProgramFactory

pytestmark = pytest.mark.browser

SCREENS = ["phone", "desktop"]


@pytest.mark.parametrize("screen", SCREENS)
def test_pages_anyone_can_open(screen, open_tab):
    tab = open_tab(screen)
    headings = {
        "/accounts/login/": "Sign in to OpenIPS",
        "/accounts/password-reset/": "Reset your password",
        "/accounts/password-reset/sent/": "Check your e-mail",
        "/accounts/password-reset/complete/": "Your new password is saved",
    }
    for path, heading in headings.items():
        tab.open(path)
        expect(tab.page.get_by_role("heading", level=1)).to_have_text(heading)
    tab.open("/accounts/invitation/not-a-real-token/", status=404)
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("This invitation link no longer works")


@pytest.mark.parametrize("screen", SCREENS)
def test_state_administrator_pages(screen, open_tab, make_user):
    for n in range(3):
        ProgramFactory(name=f"Synthetic County IPS {n}")
    tab = open_tab(screen)
    tab.sign_in(make_user("state_administrator", first_name="Alex"), TEST_PASSWORD)
    headings = {
        "/programs/": "Programs",
        "/programs/new/": "Create a program",
        "/users/": "Users",
        "/users/invite/": "Invite a state-wide user",
        "/agencies/": "Agencies",
        "/account/": "My account",
        "/audit/": "Audit trail",
    }
    for path, heading in headings.items():
        tab.open(path)
        expect(tab.page.get_by_role("heading", level=1)).to_have_text(heading)
    # The audit trail's wide table scrolls inside its own box, which the keyboard can reach.
    assert tab.page.url.endswith("/audit/")
    expect(tab.page.get_by_role("region", name="Audit trail")).to_have_attribute("tabindex", "0")


@pytest.mark.parametrize("screen", SCREENS)
def test_program_manager_pages_and_a_form_with_mistakes(screen, open_tab, make_user):
    program = ProgramFactory(name="Synthetic Lakes IPS")
    tab = open_tab(screen)
    page = tab.page
    tab.sign_in(make_user("program_manager", program), TEST_PASSWORD)
    for path in (
        f"/programs/{program.slug}/",
        f"/programs/{program.slug}/edit/",
        f"/audit/?program={program.slug}",
    ):
        tab.open(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Synthetic Lakes IPS")

    tab.open(f"/programs/{program.slug}/invite/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite a person to Synthetic Lakes IPS")
    page.get_by_label("E-mail").fill("not an address")
    response = tab.submit("Send invitation")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.get_by_label("E-mail")).to_have_value("not an address")
    expect(page.get_by_label("E-mail")).to_have_attribute("aria-invalid", "true")
