"""The stay's reference (oppholdsreferanse): what the alarm central and the police hold.

A reference must be something a person can read out over the phone and type
in a hurry, and it must not be guessable: the break-the-glass form
(oversight/breakglass.py) takes it, so a sequential id would let anyone walk
through the residents and would tell how many stays exist.

Format: 7 random characters of Crockford's base32 (digits and upper-case
letters without I, L, O and U, so nothing looks alike) and one check
character, written ``XXXX-XXXX``. The check character is Luhn mod 32 over the
same alphabet: every mistyped single character and most swapped neighbours
are caught before anything is looked up. 32^7 = 34 billion references; with
five attempts a day per user nobody finds one by trying.

Input is read tolerantly: upper or lower case, spaces and dashes anywhere,
and the letters people type for the digits (O for 0, I and L for 1).
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BASE = len(ALPHABET)
RANDOM_LENGTH = 7
LENGTH = RANDOM_LENGTH + 1
# The letters Crockford's base32 reads as digits; U is simply not allowed.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -\u2010\u2011\u2012\u2013\u2014\t")


def check_character(payload: str) -> str:
    """The Luhn mod 32 check character for ``payload`` (characters of ALPHABET)."""
    total = 0
    factor = 2
    for char in reversed(payload):
        addend = factor * ALPHABET.index(char)
        total += addend // _BASE + addend % _BASE
        factor = 1 if factor == 2 else 2
    return ALPHABET[(_BASE - total % _BASE) % _BASE]


def _formatted(compact: str) -> str:
    return f"{compact[:4]}-{compact[4:]}"


def generate() -> str:
    """A new random reference, ``XXXX-XXXX`` (uniqueness is the caller's: see ``unused``)."""
    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return _formatted(payload + check_character(payload))


def normalise(text: str) -> str | None:
    """The reference in its stored form ``XXXX-XXXX``, or None when ``text`` is not one.

    None also when the check character does not match: a typo, never a lookup.
    """
    compact = (text or "").upper().translate(_SEPARATORS).translate(_LOOKALIKES)
    if len(compact) != LENGTH or any(char not in ALPHABET for char in compact):
        return None
    if check_character(compact[:RANDOM_LENGTH]) != compact[RANDOM_LENGTH]:
        return None
    return _formatted(compact)


def unused() -> str:
    """A new reference no stay has (the unique index is the last word on a race)."""
    from stays.models import Stay

    for _attempt in range(20):
        candidate = generate()
        if not Stay._base_manager.filter(reference=candidate).exists():
            return candidate
    # 20 collisions in a row in a space of 34 billion: something is badly wrong.
    raise RuntimeError("could not find an unused stay reference")
