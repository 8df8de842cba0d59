"""Reading documents through the policy: the lists and the downloads, each audited.

Every object comes through ``policy.get_object_for`` under the documents
permissions (another municipality's stay or document is a 404 like a missing
one). Lists never load the file (``content`` is deferred). A document marked
as holding the secret address follows the address rules: the reader needs
``READ_DWELLING_ADDRESS`` on the stay's dwelling, a recent strong sign-in
(the view asks ``access.signin.passkeys``) and, the first time, a second
person's approval (``access.approvals.address_gate``); the download is then
audited as an address read too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpRequest

from access import policy
from access.approvals import address_gate
from access.policy import Perm
from accounts.actors import Actor
from audit.services import record
from documents import reads
from documents.models import DocumentPerson, DocumentStay, PersonDocument, StayDocument

_HAS_CONTENT = ExpressionWrapper(Q(content__isnull=False), output_field=BooleanField())


@dataclass(frozen=True)
class Listed:
    """A document as a list shows it: never its content."""

    document: Any
    has_content: bool
    may_download: bool


def stay_get(*, fetched_by: Actor, pk: Any) -> DocumentStay:
    return policy.get_object_for(
        fetched_by,
        DocumentStay.objects.select_related("offer", "booking__place__dwelling"),
        Perm.STAY_DOCUMENTS,
        pk=pk,
    )


def person_get(*, fetched_by: Actor, pk: Any) -> DocumentPerson:
    return policy.get_object_for(fetched_by, DocumentPerson, Perm.INTAKE_DOCUMENTS, pk=pk)


def dwelling_of(stay: Any) -> Any:
    """The dwelling whose address a stay's document may hold (None before a place is booked)."""
    booking = getattr(stay, "booking", None)
    return booking.place.dwelling if booking is not None else None


def may_read_address(user: Actor, stay: Any) -> bool:
    dwelling = dwelling_of(stay)
    return dwelling is not None and policy.can(user, Perm.READ_DWELLING_ADDRESS, dwelling)


def stay_documents(
    *, fetched_by: Actor, stay: DocumentStay, request: HttpRequest | None = None
) -> list[Listed]:
    rows = list(
        policy.visible(fetched_by, StayDocument, Perm.STAY_DOCUMENTS)
        .filter(stay=stay)
        .defer("content")
        .annotate(has_content=_HAS_CONTENT)
    )
    reads.STAY_DOCUMENTS.record(actor=fetched_by, objects=[stay], request=request)
    address_ok = any(row.contains_address for row in rows) and may_read_address(fetched_by, stay)
    return [
        Listed(row, row.has_content, row.has_content and (address_ok or not row.contains_address))
        for row in rows
    ]


def person_documents(
    *, fetched_by: Actor, person: DocumentPerson, request: HttpRequest | None = None
) -> list[Listed]:
    rows = list(
        policy.visible(fetched_by, PersonDocument, Perm.INTAKE_DOCUMENTS)
        .filter(person=person)
        .defer("content")
        .annotate(has_content=_HAS_CONTENT)
    )
    reads.PERSON_DOCUMENTS.record(actor=fetched_by, objects=[person], request=request)
    return [Listed(row, row.has_content, row.has_content) for row in rows]


def stay_document_get(*, fetched_by: Actor, stay: DocumentStay, pk: Any) -> StayDocument:
    """The document's heading (no content yet): 404 unless it is this stay's and visible."""
    return policy.get_object_for(
        fetched_by,
        StayDocument.objects.filter(stay=stay).defer("content"),
        Perm.STAY_DOCUMENTS,
        pk=pk,
    )


def person_document_get(*, fetched_by: Actor, person: DocumentPerson, pk: Any) -> PersonDocument:
    return policy.get_object_for(
        fetched_by,
        PersonDocument.objects.filter(person=person).defer("content"),
        Perm.INTAKE_DOCUMENTS,
        pk=pk,
    )


def _content(model: Any, pk: int) -> bytes | None:
    """The file's bytes, loaded only here (the lists and headings defer them)."""
    return cast(bytes | None, model.objects.filter(pk=pk).values_list("content", flat=True).get())


def stay_document_download(
    *, fetched_by: Actor, document: StayDocument, request: HttpRequest | None = None
) -> bytes | None:
    """The file's bytes, audited; None once retention has emptied it.

    For a document with the address the caller has checked the strong
    sign-in; this checks the permission on the dwelling and the first
    disclosure's approval (raises ``ApprovalRequired`` without one).
    """
    content = _content(StayDocument, document.pk)
    if content is None:
        return None
    with transaction.atomic():
        if document.contains_address:
            held = dwelling_of(document.stay)
            if held is None:
                raise Http404
            dwelling = policy.get_object_for(
                fetched_by, type(held), Perm.READ_DWELLING_ADDRESS, pk=held.pk
            )
            address_gate(user=fetched_by, dwelling=dwelling, request=request)
            record(
                actor=fetched_by,
                action="housing.dwelling.address_viewed",
                obj=dwelling,
                fields=["address"],
                purpose="adresse i dokument",
                request=request,
            )
        reads.STAY_DOCUMENT.record(actor=fetched_by, objects=[document], request=request)
    return content


def person_document_download(
    *, fetched_by: Actor, document: PersonDocument, request: HttpRequest | None = None
) -> bytes | None:
    content = _content(PersonDocument, document.pk)
    if content is None:
        return None
    reads.PERSON_DOCUMENT.record(actor=fetched_by, objects=[document], request=request)
    return content


def latest_assessment_pk(person: Any) -> int | None:
    """The person's newest assessment, for the link back to the intake page."""
    pk: int | None = person.assessments.order_by("-pk").values_list("pk", flat=True).first()
    return pk
