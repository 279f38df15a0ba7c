"""Working in several programs, and not seeing the programs one does not work in."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD, MembershipFactory, ProgramFactory

pytestmark = pytest.mark.browser


def test_manager_switches_program_in_the_header(tab, make_user):
    north = ProgramFactory(name="Northwoods IPS")
    lake = ProgramFactory(name="Lakeshore IPS")
    manager = make_user("program_manager", north, first_name="Dana")
    MembershipFactory(user=manager, program=lake, role="program_manager")
    page = tab.page

    tab.sign_in(manager, TEST_PASSWORD)
    main_nav = page.get_by_role("navigation", name="Main")
    switcher = page.get_by_label("Program", exact=True)
    expect(switcher).to_be_visible()
    expect(switcher.locator("option")).to_have_text(["Lakeshore IPS", "Northwoods IPS"])
    shown = switcher.locator("option:checked").inner_text()
    other = "Northwoods IPS" if shown == "Lakeshore IPS" else "Lakeshore IPS"
    expect(main_nav.get_by_role("link", name=shown)).to_be_visible()
    expect(main_nav.get_by_role("link", name=other)).to_have_count(0)

    switcher.select_option(label=other)
    tab.submit("Switch")

    # Still on the home page, and the whole layout now follows the other program.
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Dana")
    expect(page.get_by_label("Program", exact=True).locator("option:checked")).to_have_text(other)
    expect(main_nav.get_by_role("link", name=other)).to_be_visible()
    expect(main_nav.get_by_role("link", name=shown)).to_have_count(0)

    # The choice stays for the rest of the visit.
    tab.follow(main_nav.get_by_role("link", name=other))
    expect(page.get_by_role("heading", level=1)).to_have_text(other)
    expect(main_nav.get_by_role("link", name=other)).to_have_attribute("aria-current", "page")
    expect(page.get_by_label("Program", exact=True).locator("option:checked")).to_have_text(other)


def test_specialist_gets_not_found_for_another_programs_page(tab, make_user):
    mine = ProgramFactory(name="Riverside IPS")
    theirs = ProgramFactory(name="Hilltop IPS")
    specialist = make_user("employment_specialist", mine)
    page = tab.page
    tab.sign_in(specialist, TEST_PASSWORD)

    tab.open(f"/programs/{mine.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside IPS")

    tab.open(f"/programs/{theirs.slug}/", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("We can’t find that page")
    expect(page).to_have_title("Page not found · OpenIPS")
    expect(page.get_by_text("Hilltop IPS")).to_have_count(0)
    expect(page.get_by_text("Your role does not allow this")).to_have_count(0)
    # The way back is offered, and the person is still signed in.
    tab.follow(page.get_by_role("link", name="Go to your home page"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
