"""The Content-Security-Policy every page carries, and the checks every browser test relies on."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement('script');
  script.textContent = 'window.injectedByAttacker = true';
  document.head.append(script);
  return window.injectedByAttacker === true;
}"""


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("content-security-policy")
    assert header, f"{response.url} has no Content-Security-Policy header"
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize(
    ("path", "status"), [("/accounts/login/", 200), ("/", 200), ("/account/", 200), ("/no-such-page/", 404)]
)
def test_pages_carry_a_strict_content_security_policy(path, status, tab, make_user, program):
    page = tab.page
    if path != "/accounts/login/":
        tab.sign_in(make_user("employment_specialist", program), TEST_PASSWORD)

    response = tab.open(path, status=status)
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["style-src"] == ["'self'"]
    scripts = csp["script-src"]
    assert "'self'" in scripts and "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    nonces = [value for value in scripts if value.startswith("'nonce-")]
    assert len(nonces) == 1, scripts

    # The page's own script carries this response's nonce and runs; a script put into the
    # page by anyone else does not.
    htmx = page.locator("head script[src*='htmx']")
    expect(htmx).to_have_count(1)
    assert f"'nonce-{htmx.evaluate('el => el.nonce')}'" == nonces[0]
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate(INJECT_INLINE_SCRIPT) is False


def test_each_response_gets_a_fresh_nonce(tab):
    first = policy(tab.open("/accounts/login/"))["script-src"]
    second = policy(tab.open("/accounts/login/"))["script-src"]
    assert first != second


def test_the_accessibility_check_catches_a_form_field_without_a_label(tab):
    page = tab.page
    tab.open("/accounts/login/")
    page.evaluate("document.querySelector('label[for=id_username]').remove()")
    with pytest.raises(pytest.fail.Exception, match=r"label \(critical\)[^\n]*\n\s+at #id_username"):
        tab.check()


def test_the_page_check_catches_sideways_scrolling(open_tab):
    tab = open_tab("phone")
    page = tab.page
    tab.open("/accounts/login/")
    page.get_by_role("heading", level=1).evaluate("h1 => { h1.style.minWidth = '600px'; }")
    with pytest.raises(AssertionError, match="scrolls sideways"):
        tab.check()


def test_a_page_opened_without_the_check_is_noticed(tab):
    page = tab.page
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to OpenIPS")
    assert tab.unchecked() == [page.url]
    tab.check()
    assert tab.unchecked() == []
