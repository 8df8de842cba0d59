"""Housing fixtures: an offer with a cleared dwelling in municipality A, and one in B."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import ClearanceFactory, DwellingFactory, OfferFactory, PlaceFactory


@pytest.fixture
def world(cast: dict[str, Any], orgs: dict[str, Any]) -> dict[str, Any]:
    """Offer, cleared dwelling with two places in A (police district A); the same in B."""
    objects: dict[str, Any] = {}
    for key in ("a", "b"):
        offer = OfferFactory.create(
            municipality=orgs[f"municipality_{key}"], name=f"Tilbud {key.upper()}"
        )
        dwelling = DwellingFactory.create(offer=offer, label=f"{key.upper()}-1")
        ClearanceFactory.create(dwelling=dwelling, recorded_by=cast["coordinator"])
        objects[f"offer_{key}"] = offer
        objects[f"dwelling_{key}"] = dwelling
        objects[f"places_{key}"] = [
            PlaceFactory.create(dwelling=dwelling, label="1"),
            PlaceFactory.create(dwelling=dwelling, label="2"),
        ]
    return objects
