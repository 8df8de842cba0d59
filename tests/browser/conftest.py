"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live_server.

Never run ``playwright install``: the browser is /usr/bin/chromium from the
Debian package (scripts/install_test_deps.sh installs it). Every test here is
marked ``browser``; they need the ``transactional_db`` that ``live_server``
brings, so a test's data is visible to the server thread.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

CHROMIUM = os.environ.get("BOTILBUD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root
    "--disable-gpu",
    # Without these Chromium tries to reach Google at every start, and the
    # closed network of CI refuses it many times over.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
# Seconds are slow on a 2-core CI machine with a second pytest worker busy.
DEFAULT_TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)


# The fixtures below override pytest-playwright's own `browser` and `page`
# (which would launch a Playwright-downloaded browser).
@pytest.fixture(scope="session")
def _playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright: Playwright) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install_test_deps.sh")
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def follow(page: Page, link: Any) -> None:
    """Click a link and wait for the page it leads to.

    A bare click returns once the navigation has started; reading the page
    then can see an empty new document, which made tests fail at random.
    """
    with page.expect_navigation():
        link.click()


_axe: Any = None


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core on the page as it is now; fail with axe's report if it finds anything."""
    global _axe
    from axe_playwright_python.sync_playwright import Axe

    if _axe is None:
        _axe = Axe()
    results = _axe.run(page)
    if results.violations_count:
        report = results.generate_report()
        print(report)
        pytest.fail(
            f"axe found {results.violations_count} violation(s) on {page.url}:\n{report}",
            pytrace=False,
        )


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for `secret`, computed as allauth does."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters

    # Too close to the end of a period the code could expire before the
    # server checks it: wait for the next one.
    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)

    # yield_hotp_counters_from_time yields the current counter (and its
    # neighbours when TOTP_TOLERANCE is set); the current one is the middle.
    window = list(counters())
    return format_hotp_value(hotp_value(secret, window[len(window) // 2]))


def totp_secret(user: Any) -> str:
    """The plain TOTP secret of a user's authenticator (stored encrypted by the MFA adapter)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return str(decrypt(authenticator.data["secret"]))


def login_password(page: Page, live_server: Any, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("#id_password").locator("xpath=ancestor::form").locator(
            "button[type=submit]"
        ).first.click()


def enter_totp(page: Page, secret: str) -> None:
    page.locator("#id_code").fill(totp_code(secret))
    with page.expect_navigation():
        page.locator("#id_code").locator("xpath=ancestor::form").locator(
            "button[type=submit]"
        ).first.click()


def login(page: Page, live_server: Any, username: str, password: str, totp_secret: str) -> None:
    """Sign in through the real forms: username and password, then the TOTP code."""
    login_password(page, live_server, username, password)
    enter_totp(page, totp_secret)
