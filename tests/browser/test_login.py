"""Signing in with password and TOTP in a real browser, and the enrolment gate.

Selectors are ids, roles and visible text that survive a restyle
(#id_login, #id_password, #id_code, submit buttons, the h1), never classes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import enrol_totp
from tests.browser.conftest import (
    assert_no_axe_violations,
    enter_totp,
    login_password,
    totp_secret,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "korrekt-hest-batteri-stift"  # set by the root conftest's `member`


@pytest.fixture
def worker(orgs: dict[str, Any], member: Callable[..., Any]) -> Any:
    from accounts.models import Role

    return member(Role.FOLLOWUP_WORKER, orgs["municipality_a"], "berit")


def test_login_with_password_and_totp_then_log_out(
    page: Page, live_server: Any, worker: Any
) -> None:
    enrol_totp(worker)
    secret = totp_secret(worker)

    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("#id_login")).to_be_visible()
    assert_no_axe_violations(page)

    login_password(page, live_server, "berit", PASSWORD)
    expect(page.locator("#id_code")).to_be_visible()
    assert_no_axe_violations(page)

    enter_totp(page, secret)
    assert page.url.rstrip("/") == live_server.url
    expect(page.locator("h1")).to_contain_text("Hei")
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Logg ut", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("#id_login")).to_be_visible()

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_user_without_totp_is_sent_to_enrolment_and_kept_there(
    page: Page, live_server: Any, worker: Any
) -> None:
    login_password(page, live_server, "berit", PASSWORD)
    expect(page).to_have_url(re.compile(r"/konto/to-trinn/"))
    expect(page.locator("h1")).to_be_visible()

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/konto/to-trinn/"))
    expect(page.locator("h1")).not_to_contain_text("Hei")
