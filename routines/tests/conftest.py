"""Routines fixtures: an offer with a dwelling (secret address) in municipality A, one in B."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import DwellingFactory, OfferFactory


@pytest.fixture
def offers(orgs: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key in ("a", "b"):
        offer = OfferFactory.create(
            municipality=orgs[f"municipality_{key}"], name=f"Tilbud {key.upper()}"
        )
        found[key] = offer
        found[f"dwelling_{key}"] = DwellingFactory.create(offer=offer, label=f"{key.upper()}-1")
    return found
