"""URL arguments for the documents routes (see access/tests/route_samples.py)."""

from __future__ import annotations

from typing import Any

from access.tests.route_samples import Sample, SampleContext


def _world(ctx: SampleContext) -> dict[str, Any]:
    """A stay in municipality A and a person in the intake, each with one small PDF."""
    if "documents" not in ctx.cache:
        from core.files.samples import minimal_pdf
        from documents.models import PersonDocument, StayDocument
        from tests import factories as f

        coordinator = ctx.cast["coordinator"]
        stay = f.StayFactory.create(offer__municipality=ctx.orgs["municipality_a"])
        person = f.AssessmentFactory.create(assessed_by_user=coordinator).person
        data = minimal_pdf("Samtykke")
        common = {
            "uploaded_by": coordinator,
            "kind": "consent",
            "title": "Samtykke",
            "content": data,
            "content_type": "application/pdf",
            "size": len(data),
            "is_synthetic": True,
        }
        ctx.cache["documents"] = {
            "stay": stay,
            "person": person,
            "stay_document": StayDocument.objects.create(stay=stay, **common),
            "person_document": PersonDocument.objects.create(person=person, **common),
        }
    world: dict[str, Any] = ctx.cache["documents"]
    return world


SAMPLES: dict[str, Sample] = {
    "documents:stay_documents": lambda ctx: {"stay_id": _world(ctx)["stay"].pk},
    "documents:stay_document_download": lambda ctx: {
        "stay_id": _world(ctx)["stay"].pk,
        "document_id": _world(ctx)["stay_document"].pk,
    },
    "documents:person_documents": lambda ctx: {"person_id": _world(ctx)["person"].pk},
    "documents:person_document_download": lambda ctx: {
        "person_id": _world(ctx)["person"].pk,
        "document_id": _world(ctx)["person_document"].pk,
    },
}
