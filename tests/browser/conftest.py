"""Browser tests: Debian's Chromium, driven by Playwright, against Django's live server.

Every page a test opens is checked with axe-core (no "serious" or "critical" violation), for
horizontal scrolling, for Content-Security-Policy violations and script errors, and for
sub-resources that fail to load. A page opened but never checked fails the test at teardown.

The pages run under the site's real Content-Security-Policy (no ``bypass_csp``): axe-core is
evaluated through the DevTools protocol, which the page's policy does not govern, so the tests
see exactly what a user's browser enforces.

Run on PostgreSQL only: the audit table is append-only, and only PostgreSQL's flush (TRUNCATE)
gets past its trigger between tests. See scripts/test-all.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Page, Response, sync_playwright

from .support import enroll_authenticator, totp_code

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM") or "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}

SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
}

# The innermost elements that stick out past the screen's right edge, to say what to fix.
WIDEST_ELEMENTS = """(width) => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const right = el.getBoundingClientRect().right;
    const parent = el.parentElement.getBoundingClientRect().right;
    if (right > width + 1 && parent <= width + 1) {
      const text = (el.textContent || '').trim().slice(0, 30);
      out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} "${text}" (${Math.round(right)}px)`);
    }
  }
  return out.slice(0, 5);
}"""

AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: tags, resultTypes: ['violations']});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
}"""


def check_a11y(page: Page) -> list[dict]:
    """Run axe-core on the page now shown; fail listing every serious or critical violation.

    Returns the milder findings, so a caller can report them.
    """
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing at {AXE_JS}: run `npm ci` (see the Makefile's install target).")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe-core found {len(blocking)} serious or critical problem(s) on {page.url}:"]
        for v in blocking:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            lines.extend(f"    at {target}" for target in v["nodes"])
        pytest.fail("\n".join(lines))
    return [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]


class Tab:
    """One browser tab on the live server. Every page it opens must pass `check()`."""

    def __init__(self, page: Page):
        self.page = page
        self._loads: list[dict] = []
        self._problems: list[str] = []
        self.findings: list[str] = []
        page.on("load", self._on_load)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._problems.append(f"script error: {error}"))
        page.on("response", self._on_response)

    def _on_load(self, page: Page) -> None:
        self._loads.append({"url": page.url, "checked": False})

    def _on_console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self._problems.append(f"CSP violation: {message.text}")

    def _on_response(self, response: Response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            self._problems.append(f"{response.url} answered {response.status}")

    def check(self) -> None:
        """Check the page now shown: axe-core, no sideways scrolling, no CSP or script error."""
        self.page.wait_for_load_state("load")
        if self._loads:
            self._loads[-1]["checked"] = True  # a failure below is reported by the test itself
        mild = check_a11y(self.page)
        self.findings.extend(f"{self.page.url}: {v['id']} ({v['impact']}) {v['help']}" for v in mild)
        # clientWidth, not innerWidth: a phone zooms out to fit wide content, and innerWidth grows.
        widths = self.page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if widths[0] > widths[1]:
            wide = self.page.evaluate(WIDEST_ELEMENTS, widths[1])
            raise AssertionError(
                f"{self.page.url} scrolls sideways: {widths[0]}px of content on a {widths[1]}px screen; "
                f"too wide: {wide}"
            )
        problems, self._problems = self._problems, []
        assert not problems, f"{self.page.url}:\n" + "\n".join(problems)

    def unchecked(self) -> list[str]:
        return [load["url"] for load in self._loads if not load["checked"]]

    # --- Moving around ---------------------------------------------------------------------

    def open(self, path: str, status: int = 200) -> Response:
        """Type an address into the browser; check the page that comes back."""
        response = self.page.goto(path)
        assert response is not None and response.status == status, (
            f"{path} answered {response.status if response else 'nothing'}, not {status}"
        )
        self.check()
        return response

    def submit(self, name: str) -> Response:
        """Press the button with this name and check the page the form leads to."""
        return self.follow(self.page.get_by_role("button", name=name, exact=True))

    def follow(self, locator) -> Response:
        """Click something that loads a new page (a link or a submit button); check that page."""
        with self.page.expect_navigation() as navigation:
            locator.click()
        self.check()
        return navigation.value

    # --- Signing in ------------------------------------------------------------------------

    def log_in(self, email: str, password: str) -> Response:
        """Fill in the sign-in form and send it (the first step only)."""
        if "/accounts/login/" not in self.page.url:
            self.open("/accounts/login/")
        self.page.get_by_label("E-mail").fill(email)
        self.page.get_by_label("Password").fill(password)
        return self.submit("Sign in")

    def enter_code(self, code: str) -> Response:
        self.page.get_by_label("Code from your authenticator app, or a recovery code").fill(code)
        return self.submit("Continue")

    def sign_in(self, user, password: str) -> None:
        """Sign in all the way, with a code from an authenticator app the user already has."""
        key = enroll_authenticator(user)
        self.log_in(user.email, password)
        assert "/accounts/mfa/verify/" in self.page.url, f"expected the code page, got {self.page.url}"
        self.enter_code(totp_code(key))
        heading = self.page.get_by_role("heading", level=1)
        assert heading.inner_text().startswith("Welcome"), f"not signed in: {self.page.url}"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless. Missing it is a failure, never a skip."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: install Debian's chromium package (scripts/apt-install)."
        )
    # Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM
    # calls; the tests' own (factory) calls are plain synchronous code, so allow them, for the
    # browser tests only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _browser_settings(settings):
    """The browser suite needs PostgreSQL, plain HTTP and MFA required (see scripts/test-all)."""
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.fail(
            "The browser tests run on PostgreSQL only (the audit table's append-only trigger refuses "
            f"the flush between tests on {engine}). Set DATABASE_URL to a PostgreSQL database."
        )
    if django_settings.SECURE_SSL_REDIRECT:
        pytest.fail("Run the browser tests with OPENIPS_HTTPS=false: the live server speaks plain HTTP.")
    settings.OPENIPS_REQUIRE_MFA = True


@pytest.fixture
def open_tab(browser, live_server):
    """open_tab(screen="desktop") -> a Tab in a fresh browser profile ("phone": 360×740, touch)."""
    contexts = []
    tabs = []

    def make(screen: str = "desktop") -> Tab:
        context = browser.new_context(
            base_url=live_server.url, locale="en-US", timezone_id="America/Chicago", **SCREENS[screen]
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = Tab(context.new_page())
        tabs.append(tab)
        return tab

    yield make
    unchecked = [url for tab in tabs for url in tab.unchecked()]
    findings = [finding for tab in tabs for finding in tab.findings]
    for context in contexts:
        context.close()
    if findings:
        print("axe-core, moderate and minor findings:\n" + json.dumps(sorted(set(findings)), indent=2))
    if unchecked:
        pytest.fail("Pages opened without the accessibility check: " + ", ".join(unchecked))


@pytest.fixture
def tab(open_tab) -> Tab:
    """A desktop-sized tab."""
    return open_tab()


@pytest.fixture
def phone_tab(open_tab) -> Tab:
    """A 360×740 phone screen with touch."""
    return open_tab("phone")
