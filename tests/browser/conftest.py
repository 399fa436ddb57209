"""Browser tests: real Chromium through Playwright against pytest-django's live server.

Fixtures
* ``browser`` (session): headless Debian Chromium with flags that keep it off the network.
* ``page_factory``: ``page_factory(viewport=..., javascript=True, user=None, staff=False)``
  opens a fresh context (optionally signed in by copying a Django session cookie)
  and fails the test on any console error, e.g. a Content-Security-Policy violation.
* ``axe_check``: ``axe_check(page)`` runs axe-core (WCAG 2.0/2.1 A and AA rules) and
  fails with one line per violation: rule id, impact, target selectors.
* ``municipality``: the demo city's profile (武蔵村山市).

Every test here is marked ``browser`` and needs ``django_db(transaction=True)``,
so that what it writes is visible to the live server's thread.

Assert on the page with Playwright's ``expect(locator)`` (it waits up to 5 s), never
``assert locator.is_visible()`` or ``locator.inner_text() == ...`` right after a click:
a click does not wait for the next page, so an instant check can read the old page
(a form posted without JavaScript failed this way in CI).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
#: The documentation screenshots are rewritten only when asked (a test run must not
#: change tracked files): `YAKUBA_UPDATE_SCREENSHOTS=1 make test`.
UPDATE_SCREENSHOTS = os.environ.get("YAKUBA_UPDATE_SCREENSHOTS") == "1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REVIEW_DIR = os.environ.get("YAKUBA_BROWSER_REVIEW_DIR", "")


def axe_source() -> str:
    """axe-core from node_modules (pinned in package.json), else the copy bundled with axe-playwright-python."""
    installed = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if installed.exists():
        return installed.read_text(encoding="utf-8")
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_script() -> str:
    return axe_source()


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [
            ", ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
            for node in violation["nodes"]
        ]
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} → {' | '.join(targets)}"
        )
    return "\n".join(lines)


@pytest.fixture
def axe_check(axe_script: str) -> Callable[[Any], None]:
    """``axe_check(page)``: zero WCAG 2.0/2.1 A/AA violations, or the test fails listing them."""

    def check(page: Any) -> None:
        if (
            REVIEW_DIR
        ):  # YAKUBA_BROWSER_REVIEW_DIR=/tmp/review: keep a screenshot of every checked page
            Path(REVIEW_DIR).mkdir(parents=True, exist_ok=True)
            name = re.sub(
                r"[^A-Za-z0-9_.-]+",
                "_",
                os.environ.get("PYTEST_CURRENT_TEST", "page").split(" ")[0],
            )
            page.screenshot(path=str(Path(REVIEW_DIR) / f"{name}.png"), full_page=True)
        # evaluate() runs through the DevTools protocol, so the page's strict CSP does not block it.
        page.evaluate(axe_script)
        results = page.evaluate(
            "options => axe.run(document, options)",
            {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
        )
        violations = results["violations"]
        assert not violations, (
            f"axe-core found {len(violations)} violation(s) on {page.url}:\n"
            + format_violations(violations)
        )

    return check


@pytest.fixture
def municipality(transactional_db: None) -> Iterator[Any]:
    from yakuba.core.testing import demo_municipality

    with demo_municipality() as profile:
        yield profile


def session_cookie(user: Any, *, staff: bool) -> str:
    """Sign ``user`` in through Django's test client and return the session key."""
    from yakuba.identity.testing import login_citizen, login_staff

    client = Client()
    (login_staff if staff else login_citizen)(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def page_factory(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []
    errors: list[str] = []

    def open_page(
        viewport: dict[str, int] = DESKTOP,
        *,
        javascript: bool = True,
        user: Any = None,
        staff: bool = False,
        language: str | None = None,
    ) -> Any:
        context = browser.new_context(
            viewport=viewport, java_script_enabled=javascript, locale="ja-JP"
        )
        contexts.append(context)
        cookies = []
        if user is not None:
            cookies.append(
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session_cookie(user, staff=staff),
                    "url": live_server.url,
                }
            )
        if language is not None:
            cookies.append(
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
            )
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    # 404 pages log "Failed to load resource" for themselves; anything else (CSP, JS errors) fails.
    unexpected = [
        error for error in errors if "status of 404" not in error and "status of 403" not in error
    ]
    assert not unexpected, "browser console errors:\n" + "\n".join(unexpected)
