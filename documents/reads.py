"""The reads of the documents pages: the lists and every download.

A list shows each document's kind, title, description, date, type and size
(never its content); one row per list view, on the stay or person the list
belongs to. A download is one row on the document itself, naming its content.
"""

from __future__ import annotations

from audit.services import Read

_LISTED = ("kind", "title", "description", "created_at", "content_type", "size")

STAY_DOCUMENTS = Read(
    action="documents.stay_documents.viewed",
    model="documents.DocumentStay",
    fields=tuple(f"documents.{name}" for name in _LISTED),
    purpose="dokumenter i oppholdet",
)
PERSON_DOCUMENTS = Read(
    action="documents.person_documents.viewed",
    model="documents.DocumentPerson",
    fields=("name", *(f"documents.{name}" for name in _LISTED)),
    purpose="dokumenter i inntaket",
)
STAY_DOCUMENT = Read(
    action="documents.stay_document.downloaded",
    model="documents.StayDocument",
    fields=("content", "title"),
    purpose="dokument lastet ned",
)
PERSON_DOCUMENT = Read(
    action="documents.person_document.downloaded",
    model="documents.PersonDocument",
    fields=("content", "title"),
    purpose="dokument lastet ned",
)
