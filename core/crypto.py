"""Field encryption and blind indexes for secret personal data.

Why this exists: a leaked address or identity number can cost a life, so the
most sensitive columns are encrypted *in the application* before they reach
the database. A database dump, a backup or a read-only SQL account then sees
only tokens. See docs/decisions/0002-field-encryption.md.

Keys
    ``settings.FIELD_ENCRYPTION_KEYS`` is a comma separated list of
    ``keyid:base64(32 random bytes)``. The *first* key encrypts, *all* keys
    decrypt, so a key can be rotated without downtime (add the new key first,
    run ``manage.py reencrypt_fields``, then drop the old key). The list is
    deliberately separate from ``SECRET_KEY``: rotating the session/CSRF key
    must never make case data unreadable, and vice versa.

Tokens
    ``v1:<keyid>:<base64url(nonce || ciphertext+tag)>`` with AES-256-GCM and a
    random 96-bit nonce. The key id in the clear tells us which key to use and
    lets the re-encryption command find stale rows with a prefix match. The
    token is bound to its column through GCM associated data (the
    ``context``, e.g. ``"cases.Person.address"``), so a token copied into
    another column or another table fails to decrypt instead of leaking there.

Blind index
    ``blind_index()`` is a keyed HMAC-SHA256 of a normalised value. Storing it
    next to an encrypted identity number allows *exact* lookups without
    decrypting every row. It is keyed by ``settings.BLIND_INDEX_KEY`` (not the
    encryption keys) so that it survives encryption-key rotation.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

__all__ = [
    "TOKEN_VERSION",
    "DecryptionError",
    "blind_index",
    "decrypt",
    "encrypt",
    "keyring",
    "normalise_identity_number",
    "normalise_text",
    "primary_key_id",
    "reencrypt",
    "reset_keyring",
    "token_key_id",
]

TOKEN_VERSION = "v1"
KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # 96-bit nonce, the size GCM is designed for
MIN_BLIND_INDEX_KEY_CHARS = 32
# Key ids appear in every token and in LIKE prefixes: keep them short and tame.
_KEY_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class DecryptionError(Exception):
    """A token could not be decrypted: tampered, wrong column, or unknown key.

    The message never contains the token or any plaintext, only the key id and
    the context, so it is safe to log.
    """


@dataclass(frozen=True)
class Keyring:
    """Parsed keys: ``primary`` encrypts, every entry of ``keys`` decrypts."""

    primary: str
    keys: dict[str, AESGCM]


_keyring: Keyring | None = None


def _decode_key(key_id: str, encoded: str) -> bytes:
    # Accept both standard and URL-safe base64, since people generate keys
    # with different tools; refuse anything else loudly.
    normalised = encoded.strip().replace("-", "+").replace("_", "/")
    try:
        raw = base64.b64decode(normalised, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(
            f"FIELD_ENCRYPTION_KEYS: key {key_id!r} is not valid base64"
        ) from exc
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"FIELD_ENCRYPTION_KEYS: key {key_id!r} is {len(raw)} bytes, "
            f"AES-256 needs exactly {KEY_BYTES}"
        )
    return raw


def parse_keyring(value: str | Sequence[str]) -> Keyring:
    """Parse ``"id:b64,id:b64"`` (or a list of ``"id:b64"``) into a Keyring.

    Fails with ImproperlyConfigured rather than guessing: a silently ignored
    key would mean data written that nobody can read later.
    """
    entries = value.split(",") if isinstance(value, str) else list(value)
    entries = [entry.strip() for entry in entries]
    if not entries or not any(entries):
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    keys: dict[str, AESGCM] = {}
    primary = ""
    for position, entry in enumerate(entries, start=1):
        if not entry:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS: entry {position} is empty")
        key_id, sep, encoded = entry.partition(":")
        key_id = key_id.strip()
        if not sep or not encoded.strip():
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS: entry {position} must look like 'keyid:base64key'"
            )
        if not _KEY_ID_RE.match(key_id):
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS: entry {position} has an invalid key id "
                "(use 1-32 of A-Z a-z 0-9 _ -)"
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS: key id {key_id!r} appears twice")
        keys[key_id] = AESGCM(_decode_key(key_id, encoded))
        if not primary:
            primary = key_id
    return Keyring(primary=primary, keys=keys)


def keyring() -> Keyring:
    """The parsed keyring from settings, cached (parsing on every field is wasteful)."""
    global _keyring
    if _keyring is None:
        configured = getattr(settings, "FIELD_ENCRYPTION_KEYS", None)
        if not configured:
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is not set")
        _keyring = parse_keyring(configured)
    return _keyring


def reset_keyring() -> None:
    """Forget the cached keyring so the next use re-reads settings."""
    global _keyring
    _keyring = None


@receiver(setting_changed)
def _reset_on_setting_change(*, setting: str, **kwargs: object) -> None:
    # override_settings() in tests must take effect immediately.
    if setting == "FIELD_ENCRYPTION_KEYS":
        reset_keyring()


def primary_key_id() -> str:
    """The id of the key that new tokens are encrypted with."""
    return keyring().primary


def _associated_data(key_id: str, context: str) -> bytes:
    # Version and key id are authenticated too, so neither can be swapped.
    return f"botilbud-field|{TOKEN_VERSION}|{key_id}|{context}".encode()


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(data: str) -> bytes:
    padded = data + "=" * (-len(data) % 4)
    return base64.urlsafe_b64decode(padded.encode("ascii"))


def encrypt(plaintext: bytes, *, context: str) -> str:
    """Encrypt with the primary key; ``context`` names the column ("app.Model.field")."""
    if not isinstance(plaintext, bytes):
        raise TypeError("encrypt() takes bytes; serialise the value first")
    if not context:
        raise ValueError("encrypt() needs a context (the column it belongs to)")
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring.keys[ring.primary].encrypt(
        nonce, plaintext, _associated_data(ring.primary, context)
    )
    return f"{TOKEN_VERSION}:{ring.primary}:{_b64encode(nonce + sealed)}"


def _split(token: str) -> tuple[str, str]:
    if not isinstance(token, str):
        raise DecryptionError("token is not a string")
    version, sep1, rest = token.partition(":")
    key_id, sep2, body = rest.partition(":")
    if version != TOKEN_VERSION or not sep1 or not sep2 or not key_id or not body:
        raise DecryptionError("value is not a v1 encryption token")
    return key_id, body


def token_key_id(token: str) -> str:
    """The key id a token was encrypted with (without decrypting it)."""
    return _split(token)[0]


def decrypt(token: str, *, context: str) -> bytes:
    """Decrypt a token made by :func:`encrypt` for the same ``context``.

    Raises DecryptionError if the key is unknown, the token was altered, or it
    belongs to another column.
    """
    key_id, body = _split(token)
    aead = keyring().keys.get(key_id)
    if aead is None:
        raise DecryptionError(
            f"token uses key {key_id!r}, which is not in FIELD_ENCRYPTION_KEYS "
            f"(context {context!r})"
        )
    try:
        raw = _b64decode(body)
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise DecryptionError(f"token body is not base64url (context {context!r})") from exc
    if len(raw) < NONCE_BYTES + 16:
        raise DecryptionError(f"token is too short (context {context!r})")
    try:
        return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _associated_data(key_id, context))
    except InvalidTag as exc:
        raise DecryptionError(
            f"token failed authentication: altered, or not from column {context!r}"
        ) from exc


def reencrypt(token: str, *, context: str) -> str:
    """Return ``token`` re-encrypted with the primary key (unchanged if already so)."""
    if token_key_id(token) == primary_key_id():
        # Still decrypt: a corrupt token must surface here, not be skipped.
        decrypt(token, context=context)
        return token
    return encrypt(decrypt(token, context=context), context=context)


# --- blind index -------------------------------------------------------------


def normalise_text(value: str) -> str:
    """Unicode NFC with all whitespace removed: "0101 90 12345" == "01019012345"."""
    return "".join(unicodedata.normalize("NFC", value).split())


def normalise_identity_number(value: str) -> str:
    """Digits only, so "010190 123-45" and "01019012345" index the same.

    Raises ValueError if nothing is left: indexing "" would make every
    malformed number match every other one.
    """
    digits = "".join(ch for ch in value if ch.isascii() and ch.isdigit())
    if not digits:
        raise ValueError("identity number contains no digits")
    return digits


def _blind_index_key() -> bytes:
    key: object = getattr(settings, "BLIND_INDEX_KEY", None)
    if not key or not isinstance(key, str):
        raise ImproperlyConfigured("BLIND_INDEX_KEY is not set")
    if len(key) < MIN_BLIND_INDEX_KEY_CHARS:
        raise ImproperlyConfigured(
            f"BLIND_INDEX_KEY must be at least {MIN_BLIND_INDEX_KEY_CHARS} characters"
        )
    return key.encode()


def blind_index(
    value: str,
    *,
    context: str,
    normalise: Callable[[str], str] = normalise_text,
) -> str:
    """Hex HMAC-SHA256 of ``context`` + normalised ``value`` for exact lookups.

    The context keeps indexes of different things (say identity numbers and
    phone numbers) from being comparable with each other. Use
    ``normalise=normalise_identity_number`` for fødselsnummer/D-numbers.
    """
    if not context:
        raise ValueError("blind_index() needs a context")
    normalised = normalise(value)
    if not normalised:
        raise ValueError("cannot index an empty value")
    message = context.encode() + b"\x00" + normalised.encode()
    return hmac.new(_blind_index_key(), message, hashlib.sha256).hexdigest()
