"""A real headless Chromium for the end-to-end tests: Debian's ``chromium`` driven through
Playwright's Python package (never a browser Playwright downloads).

Import the fixtures into a test module (``from tests.browser import chromium``); without
the browser or the package the tests that use them are skipped, with the reason.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web import PASSWORD

CHROMIUM = os.environ.get("RIGHTSLENS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Quiet and offline: no first-run pages, background downloads or QUIC; no sandbox (CI
# runs as root in a container, where Chromium's sandbox cannot start).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser_missing() -> str | None:
    """Why the end-to-end tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    """One headless Chromium for the session (each test opens its own context in it)."""
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, base_url: str, viewport: dict[str, int] = LAPTOP, **options):
    """A fresh context (own cookies) and page on ``base_url``; JavaScript errors are
    collected in ``page.errors`` so a test can assert there were none."""
    context = browser.new_context(base_url=base_url, viewport=viewport, **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def log_in(page, name: str, password: str = PASSWORD, next_path: str = "/") -> None:
    """Log in through the login form, as a person would, and wait for the page after it."""
    page.goto(f"/login?next={next_path}")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def screenshot(page, name: str, full_page: bool = False) -> Path:
    """Save what the page shows (or all of it) under test-artifacts/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
