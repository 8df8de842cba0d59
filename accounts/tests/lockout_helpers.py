"""Shared steps for the sign-in lock tests: the sign-in steps, codes, comparing answers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.http import HttpResponse
from django.test import Client

from accounts.demo import totp_code_for_secret

PASSWORD = "korrekt-hest-batteri-stift"
WRONG = "feil-passord-helt-sikkert"
# A Monday morning in Oslo; the clock ticks from here (allauth's rate limits
# need time to move: a rollback removes every entry with the same timestamp).
MONDAY = dt.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))

# What differs between two answers that are otherwise the same: the CSRF
# token, the CSP nonce and the WebAuthn challenge.
_TOKENS = [
    re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(rb'nonce="[^"]*"'),
    re.compile(rb'<script id="js_data" type="application/json">.*?</script>', re.S),
]


def password_step(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/accounts/login/", {"login": username, "password": password})


def code_step(client: Client, code: str) -> Any:
    return client.post("/accounts/2fa/authenticate/", {"code": code})


def right_code(user: Any) -> str:
    secret = Authenticator.objects.get(user=user, type="totp").data["secret"]
    return totp_code_for_secret(decrypt(secret))


def wrong_code(user: Any) -> str:
    return f"{(int(right_code(user)) + 1) % 1_000_000:06d}"


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail_passwords(username: str, times: int = 10, **client_args: Any) -> list[Any]:
    client = Client(**client_args)
    answers = [password_step(client, username, WRONG) for _ in range(times)]
    assert [a.status_code for a in answers] == [200] * times
    return answers


def page(response: HttpResponse, typed: Iterable[str] = ()) -> bytes:
    """The answer's bytes without tokens, and with what was typed into the form blanked."""
    body = response.content
    for pattern in _TOKENS:
        body = pattern.sub(b"TOKEN", body)
    for text in typed:
        body = body.replace(f'value="{text}"'.encode(), b'value="TYPED"')
    return body
