"""Using OpenIPS with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD, MembershipFactory, ProgramFactory

pytestmark = pytest.mark.browser

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
      && box.right <= window.innerWidth,
  };
}"""


@pytest.fixture
def signed_in_tab(tab, make_user):
    program = ProgramFactory(name="Prairie IPS")
    user = make_user("program_manager", program, first_name="Sam")
    MembershipFactory(user=user, program=ProgramFactory(name="Valley IPS"), role="program_manager")
    tab.sign_in(user, TEST_PASSWORD)
    return tab


def test_skip_link_comes_first_and_moves_focus_to_the_main_content(signed_in_tab):
    tab = signed_in_tab
    page = tab.page
    tab.open("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    focus = page.evaluate(FOCUS_STYLE)
    assert focus["onScreen"], "the skip link stays off screen when focused"
    assert focus["outlineStyle"] != "none" and focus["outlineWidth"] >= 2, focus

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab goes into the page's content, not back through the header.
    page.keyboard.press("Tab")
    expect(page.locator("main a[href]").first).to_be_focused()
    # The manager's day starts on the home page: Today, for the program chosen in the header.
    expect(page.locator("main a[href]").first).to_have_text("Today: what needs doing")


def test_every_control_in_the_header_shows_where_the_focus_is(signed_in_tab):
    tab = signed_in_tab
    page = tab.page
    tab.open("/")
    header = page.locator("header")

    seen = []
    for _step in range(30):
        page.keyboard.press("Tab")
        if not page.evaluate("document.querySelector('header').contains(document.activeElement)"):
            if seen:
                break
            continue  # the skip link, before the header
        focus = page.evaluate(FOCUS_STYLE)
        assert focus["onScreen"], f"focused {focus['tag']} {focus['text']!r} is off screen"
        assert focus["outlineStyle"] != "none" and focus["outlineWidth"] >= 2, (
            f"no visible focus on {focus['tag']} {focus['text']!r}: {focus}"
        )
        seen.append(focus["text"])
    assert seen[:2] == ["OpenIPS", "Home"], seen
    assert {"My account", "Sign out", "Switch"} <= set(seen), seen
    expect(header.get_by_role("button", name="Switch")).to_be_visible()
