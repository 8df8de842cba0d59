"""The one rule both routines and the information sheet keep: no dwelling address in the text.

The sheet is handed to applicants and the routines are read by new staff: a
secret address must never be written into either. The offer's dwelling
addresses (in use or not: an old address is still someone's secret) are
decrypted only to compare, never shown or logged, so the check is no read
of the address by the person writing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from housing.models import Dwelling, Offer

# Parts of an address shorter than this ("7", "A") would refuse ordinary words.
_MIN_PART = 5


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _parts(address: str) -> list[str]:
    """The whole address and each of its lines or comma parts that holds a number."""
    whole = _normal(address)
    parts = [_normal(p) for p in re.split(r"[,\n]", address)]
    return [whole, *(p for p in parts if len(p) >= _MIN_PART and re.search(r"\d", p))]


def holds_dwelling_address(offer: Offer, texts: Iterable[str]) -> bool:
    """True when any of ``texts`` holds one of ``offer``'s dwelling addresses (or a numbered part)."""
    haystack = " | ".join(_normal(t) for t in texts if t)
    if not haystack:
        return False
    for address in Dwelling._base_manager.filter(offer=offer).values_list("address", flat=True):
        if address and any(part and part in haystack for part in _parts(address)):
            return True
    return False
