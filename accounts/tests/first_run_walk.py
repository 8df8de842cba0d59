"""The operator's first run over HTTP, under production settings (test_first_run.py runs it).

    BOTILBUD_ENV=production DATABASE_URL=… python -m accounts.tests.first_run_walk \
        ADMIN_LINK LEAD_LINK

Run in its own process because production settings are read once, at start:
the test process has test settings. Requests go through Django's full
middleware stack with the test client (WSGI in-process) as an HTTPS request
to the production host name, with CSRF checks on. Prints one ``ok <step>``
line per step and exits non-zero (with the reason) at the first step that
does not do what the README promises.
"""

from __future__ import annotations

import re
import sys
import time
from typing import Any
from urllib.parse import urlsplit

import django

HOST = "botilbud.example.no"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SECRET_RE = re.compile(r'id="authenticator_secret">([A-Z2-7]+)<')
LINK_RE = re.compile(r'value="(https://[^"]+/konto/aktiver/[A-Za-z0-9_-]{43}/)"')
PREFIX_RE = re.compile(r'name="([\w-]+)-TOTAL_FORMS"')


class StepFailed(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise StepFailed(what)


def ok(step: str) -> None:
    print(f"ok {step}", flush=True)


def client() -> Any:
    from django.test import Client

    return Client(
        enforce_csrf_checks=True,
        secure=True,
        HTTP_HOST=HOST,
        HTTP_ORIGIN=f"https://{HOST}",
        HTTP_X_FORWARDED_PROTO="https",
    )


def csrf(page: Any) -> str:
    match = CSRF_RE.search(page.content.decode())
    check(match is not None, "the page has a CSRF token")
    assert match is not None
    return match.group(1)


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now, computed as allauth does."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def enrol(url: str, password: str) -> Any:
    """Open a link, choose a password, connect the app: one person's first sign-in."""
    browser = client()
    opened = browser.get(urlsplit(url).path)
    check(opened.status_code == 302, f"the link opens ({opened.status_code})")
    page = browser.get(opened["Location"])
    check(page.status_code == 200, f"the enrolment page shows ({page.status_code})")
    secret_match = SECRET_RE.search(page.content.decode())
    check(secret_match is not None, "the page shows the authenticator secret")
    assert secret_match is not None
    done = browser.post(
        "/konto/aktiver/",
        {
            "csrfmiddlewaretoken": csrf(page),
            "password1": password,
            "password2": password,
            "code": totp_code(secret_match.group(1)),
        },
    )
    check(done.status_code == 302, f"the enrolment is accepted ({done.status_code})")
    return browser


def walk(admin_link: str, lead_link: str) -> None:
    from access.models import ApprovalRequest, PendingGrant
    from accounts.models import Membership, Organisation, Role, User

    admin = enrol(admin_link, "drift-sitter-i-kjelleren-2")
    check(admin.get("/admin/").status_code == 200, "the administrator reaches the admin site")
    ok("administrator enrolled")

    lead = enrol(lead_link, "leder-ser-over-fjorden-7")
    check(lead.get("/").status_code == 200, "the lead reaches the start page")
    check(lead.get("/revisjon/gjennomgang/").status_code == 200, "the lead reaches the review")
    ok("lead enrolled")

    add_page = admin.get("/admin/accounts/user/add/")
    added = admin.post(
        "/admin/accounts/user/add/",
        {
            "csrfmiddlewaretoken": csrf(add_page),
            "username": "koordinator.ny",
            "first_name": "Kari",
            "last_name": "Koordinator",
            "email": "",
            "_save": "Lagre",
        },
    )
    links = LINK_RE.findall(added.content.decode())
    check(added.status_code == 200 and len(links) == 1, "the new user's link is shown once")
    coordinator = User.objects.get(username="koordinator.ny")
    check(not coordinator.has_usable_password(), "the new user has no usable password")
    ok("coordinator user created")

    change_url = f"/admin/accounts/user/{coordinator.pk}/change/"
    change_page = admin.get(change_url)
    prefix_match = PREFIX_RE.search(change_page.content.decode())
    check(prefix_match is not None, "the user page has the roles form")
    assert prefix_match is not None
    prefix = prefix_match.group(1)
    team = Organisation.objects.get(kind=Organisation.Kind.COMPETENCE_TEAM)
    saved = admin.post(
        change_url,
        {
            "csrfmiddlewaretoken": csrf(change_page),
            "username": "koordinator.ny",
            "first_name": "Kari",
            "last_name": "Koordinator",
            "email": "",
            "is_active": "on",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-organisation": str(team.pk),
            f"{prefix}-0-role": Role.COORDINATOR,
            f"{prefix}-0-id": "",
            f"{prefix}-0-user": str(coordinator.pk),
            "_save": "Lagre",
        },
    )
    check(saved.status_code == 302, f"the role is requested ({saved.status_code})")
    check(not Membership.objects.filter(user=coordinator).exists(), "the role waits")
    approval = PendingGrant.objects.get(user=coordinator).approval
    ok("role requested")

    early = enrol(links[0], "koordinator-drikker-kaffe-3")
    check(early.get("/").status_code == 404, "before approval the coordinator reaches no case page")
    ok("coordinator enrolled, no access before approval")

    confirm = lead.get(f"/tilgang/godkjenninger/{approval.pk}/godkjenn/")
    check(confirm.status_code == 200, f"the lead sees the request ({confirm.status_code})")
    approved = lead.post(
        f"/tilgang/godkjenninger/{approval.pk}/godkjenn/",
        {"csrfmiddlewaretoken": csrf(confirm), "note": ""},
    )
    check(approved.status_code == 302, f"the lead approves ({approved.status_code})")
    approval.refresh_from_db()
    check(approval.status == ApprovalRequest.Status.APPROVED, "the approval is recorded")
    ok("lead approved")

    home = early.get("/")
    check(home.status_code == 200, f"the coordinator reaches the start page ({home.status_code})")
    check("Henvendelser og tildeling" in home.content.decode(), "the start page is the team's")
    bench = early.get("/inntak/arbeidsbenk/")
    check(bench.status_code == 200, f"the coordinator reaches the workbench ({bench.status_code})")
    ok("coordinator works")


def main(argv: list[str]) -> int:
    django.setup()
    try:
        walk(argv[0], argv[1])
    except StepFailed as exc:
        print(f"FAILED {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
