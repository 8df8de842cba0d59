"""Security headers on every response (SECURITY.md §14)."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("url", ["/accounts/login/", "/healthz", "/finnes-ikke/"])
def test_it_sets_security_headers_for_anonymous_pages(client, db, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert re.search(r"script-src 'self' 'nonce-[A-Za-z0-9_-]{20,}'", csp)
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"


def test_it_uses_a_new_nonce_for_each_response(client, db):
    first = client.get("/accounts/login/")["Content-Security-Policy"]
    second = client.get("/accounts/login/")["Content-Security-Policy"]
    assert first != second


def test_it_does_not_cache_personal_pages(cast, client_for):
    response = client_for(cast["coordinator"]).get("/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_it_shows_a_generic_404_page(client, db):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()


def test_it_hides_exceptions_behind_a_generic_page(cast, client_for, monkeypatch, settings):
    from oversight import start as selectors

    def explode(*, user):
        raise RuntimeError("MARKER-SECRET-ADDRESS Storgata 1")

    monkeypatch.setattr(selectors, "start_page", explode)
    settings.DEBUG = False
    client = client_for(cast["coordinator"], raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Noe gikk galt" in body
    assert "MARKER" not in body
    assert "Traceback" not in body
