"""Tests for core.crypto: tokens, key rings and blind indexes."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from core import crypto

K1 = "k1:" + base64.b64encode(b"1" * 32).decode()
K2 = "k2:" + base64.b64encode(b"2" * 32).decode()
CTX = "core.Probe.secret"


@pytest.fixture(autouse=True)
def _fresh_keyring():
    crypto.reset_keyring()
    yield
    crypto.reset_keyring()


def test_it_round_trips_bytes_including_empty():
    for plaintext in [b"", b"0", "Ærlig Østre Åsgård".encode()]:
        token = crypto.encrypt(plaintext, context=CTX)
        assert crypto.decrypt(token, context=CTX) == plaintext


def test_it_writes_v1_tokens_with_the_primary_key_id_and_fresh_nonces():
    with override_settings(FIELD_ENCRYPTION_KEYS=f"{K2},{K1}"):
        first = crypto.encrypt(b"Storgata 1", context=CTX)
        second = crypto.encrypt(b"Storgata 1", context=CTX)
        assert first.startswith("v1:k2:")
        assert crypto.token_key_id(first) == "k2"
        assert crypto.primary_key_id() == "k2"
        assert first != second
        assert "Storgata" not in first


def test_it_refuses_a_token_from_another_column():
    token = crypto.encrypt(b"Storgata 1", context="core.Person.address")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context="core.Person.notes")


def test_it_detects_tampering():
    token = crypto.encrypt(b"Storgata 1", context=CTX)
    prefix, body = token.rsplit(":", 1)
    raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw[-1] ^= 1
    tampered = prefix + ":" + base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered, context=CTX)
    # Claiming another key id is also caught (key id is authenticated).
    same_key_other_id = f"{K1},{K1.replace('k1', 'k9', 1)}"
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=same_key_other_id),
        pytest.raises(crypto.DecryptionError),
    ):
        crypto.decrypt(token.replace("v1:k1:", "v1:k9:"), context=CTX)
    for garbage in ["", "Storgata 1", "v1:k1:", "v2:k1:AAAA", "v1:k1:!!!!"]:
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(garbage, context=CTX)


def test_it_decrypts_with_old_keys_and_fails_once_the_key_is_gone():
    with override_settings(FIELD_ENCRYPTION_KEYS=K1):
        old = crypto.encrypt(b"hemmelig", context=CTX)
    with override_settings(FIELD_ENCRYPTION_KEYS=f"{K2},{K1}"):
        assert crypto.decrypt(old, context=CTX) == b"hemmelig"
        rotated = crypto.reencrypt(old, context=CTX)
        assert crypto.token_key_id(rotated) == "k2"
        assert crypto.reencrypt(rotated, context=CTX) == rotated
    with override_settings(FIELD_ENCRYPTION_KEYS=K2):
        assert crypto.decrypt(rotated, context=CTX) == b"hemmelig"
        with pytest.raises(crypto.DecryptionError, match="k1"):
            crypto.decrypt(old, context=CTX)


@pytest.mark.parametrize(
    "config",
    [
        "",
        "k1",
        "k1:",
        ":" + K1.split(":", 1)[1],
        "k1:not base64!",
        "k1:" + base64.b64encode(b"short").decode(),
        "k1:" + base64.b64encode(b"x" * 16).decode(),
        f"{K1},{K1}",
        f"{K1},",
        "bad id:" + K1.split(":", 1)[1],
    ],
)
def test_it_refuses_malformed_key_configuration(config):
    with override_settings(FIELD_ENCRYPTION_KEYS=config), pytest.raises(ImproperlyConfigured):
        crypto.encrypt(b"x", context=CTX)


def test_it_accepts_urlsafe_base64_keys():
    key = bytes(range(250, 256)) * 5 + b"\xfb\xff"
    urlsafe = "u1:" + base64.urlsafe_b64encode(key).decode()
    assert "-" in urlsafe or "_" in urlsafe
    with override_settings(FIELD_ENCRYPTION_KEYS=urlsafe):
        assert crypto.decrypt(crypto.encrypt(b"x", context=CTX), context=CTX) == b"x"


def test_it_gives_stable_blind_indexes_that_differ_per_context_and_key():
    one = crypto.blind_index(
        "010190 12345", context="person.id", normalise=crypto.normalise_identity_number
    )
    again = crypto.blind_index(
        "01019012345", context="person.id", normalise=crypto.normalise_identity_number
    )
    assert one == again
    assert len(one) == 64
    assert int(one, 16) >= 0
    other_context = crypto.blind_index(
        "01019012345", context="person.phone", normalise=crypto.normalise_identity_number
    )
    assert other_context != one
    with override_settings(BLIND_INDEX_KEY="another-blind-index-key-0123456789abcdef"):
        other_key = crypto.blind_index(
            "01019012345", context="person.id", normalise=crypto.normalise_identity_number
        )
    assert other_key != one
    assert crypto.blind_index(" Oslo ", context="c") == crypto.blind_index("Oslo", context="c")
    assert crypto.blind_index("Oslo", context="c") != crypto.blind_index("oslo", context="c")


def test_it_refuses_to_index_nothing_or_without_a_proper_key():
    with pytest.raises(ValueError):
        crypto.blind_index("   ", context="c")
    with pytest.raises(ValueError):
        crypto.blind_index("abc", context="c", normalise=crypto.normalise_identity_number)
    with override_settings(BLIND_INDEX_KEY="short"), pytest.raises(ImproperlyConfigured):
        crypto.blind_index("1", context="c")
    with override_settings(BLIND_INDEX_KEY=""), pytest.raises(ImproperlyConfigured):
        crypto.blind_index("1", context="c")
