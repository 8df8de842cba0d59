"""The application as production serves it: gunicorn, the project's WSGI entry, real HTTP.

Pages are exercised in-process everywhere else; this starts the real server
(a separate process, loopback only, bounded in time) against the test
database and makes the requests a follow-up worker makes: the health check,
the sign-in page with its security headers, the resident overview (its read
audited by the server process) and the timetable PDF, the last two at the
same time on two threads.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from conftest import sign_in
from core.tests.test_crash_consistency import child_env
from stays import services
from stays.tests.conftest import living, stay_factory  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 90  # seconds; only a safety net for a server that never comes up


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [
            # The production settings (gunicorn.conf.py), with one worker of two threads.
            sys.executable, "-m", "gunicorn", "botilbud.wsgi:application",
            "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2",
            "--timeout", "120", "--log-level", "warning",
        ],
        cwd=ROOT,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                break
        except OSError:  # refused, reset, or timed out while the worker boots on a loaded machine
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                _out, err = process.communicate()
                pytest.fail(f"gunicorn did not start: {err[-2000:]}")
            time.sleep(0.2)
    yield base
    process.terminate()
    try:
        _out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate()
    assert "Traceback" not in err, err[-3000:]


def _get(url: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_gunicorn_serves_the_worker_her_resident_and_the_timetable_at_once(
    server: str,
    living: Any,  # noqa: F811
    cast: dict[str, Any],
) -> None:
    worker = cast["followup_worker_a"]
    services.timetable_generate(stay=living, by=worker)
    client = sign_in(Client(), worker)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    status, _headers, body = _get(f"{server}/healthz")
    assert status == 200
    status, headers, body = _get(f"{server}{reverse('account_login')}")
    assert status == 200 and b"<h1" in body
    assert "Content-Security-Policy" in headers and headers.get("X-Frame-Options") == "DENY"

    overview = f"{server}{reverse('stays:overview', args=[living.pk])}"
    pdf = f"{server}{reverse('stays:timetable_pdf', args=[living.pk])}"
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        printing = pool.submit(_get, pdf, cookie)
        reading = pool.submit(_get, overview, cookie)
        (pdf_status, pdf_headers, pdf_body), (page_status, _h, page) = (
            printing.result(),
            reading.result(),
        )
    assert (pdf_status, pdf_headers["Content-Type"]) == (200, "application/pdf")
    assert pdf_body.startswith(b"%PDF-")
    assert page_status == 200 and living.person.name.encode() in page
    written = set(
        AuditEntry.objects.filter(pk__gt=before).values_list("action", "actor_id").distinct()
    )
    assert ("stays.timetable.printed", worker.pk) in written
    assert ("stays.resident.viewed", worker.pk) in written
    # Somebody else's stay is as absent over real HTTP as in the test client.
    other = _get(f"{server}{reverse('stays:overview', args=[living.pk + 10_000])}", cookie)
    assert other[0] == 404
