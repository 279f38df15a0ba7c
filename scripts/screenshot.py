#!/usr/bin/env python3
"""Take the README's screenshot: sign in to a running OpenIPS and capture a whole page.

It starts nothing itself. Point it at a server with MFA off (the demo, `make run`), e.g.

    .venv/bin/python scripts/screenshot.py http://127.0.0.1:8000 \
        --email manager@demo.openips.test --password demo-IPS-2026

By default it captures the page of the program chosen in the header; --page home keeps the
home page. The password may also come from OPENIPS_SCREENSHOT_PASSWORD.
"""

import argparse
import os
import sys
from pathlib import Path

from playwright.sync_api import Error, sync_playwright

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="where OpenIPS answers, e.g. http://127.0.0.1:8000")
    parser.add_argument("--email", required=True, help="the account to sign in with")
    parser.add_argument("--password", default=os.environ.get("OPENIPS_SCREENSHOT_PASSWORD"))
    parser.add_argument("--page", choices=["program", "home"], default="program")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs/screenshot.png"
    )
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM") or "/usr/bin/chromium")
    args = parser.parse_args()
    if not args.password:
        parser.error("give --password or set OPENIPS_SCREENSHOT_PASSWORD")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=LAUNCH_ARGS, headless=True)
        try:
            context = browser.new_context(
                base_url=args.base_url.rstrip("/"),
                viewport={"width": args.width, "height": 800},
                locale="en-US",
                color_scheme="light",
            )
            page = context.new_page()
            page.goto("/accounts/login/")
            page.get_by_label("E-mail").fill(args.email)
            page.get_by_label("Password").fill(args.password)
            with page.expect_navigation():
                page.get_by_role("button", name="Sign in", exact=True).click()
            if "/accounts/mfa/" in page.url or "/accounts/login/" in page.url:
                print(
                    f"Not signed in (now at {page.url}): check the credentials, and use a server "
                    "with OPENIPS_REQUIRE_MFA=false.",
                    file=sys.stderr,
                )
                return 1
            if args.page == "program":
                # The header links to the program the person works in (or chose in the switcher).
                program_link = page.get_by_role("navigation", name="Main").locator(
                    "a[href^='/programs/']:not([href='/programs/'])"
                )
                if program_link.count():
                    with page.expect_navigation():
                        program_link.first.click()
            page.wait_for_load_state("networkidle")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out), full_page=True)
            print(f"Saved {args.out} ({page.url})")
        except Error as exc:
            print(f"Could not take the screenshot: {exc}", file=sys.stderr)
            return 1
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
