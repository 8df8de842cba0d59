"""A stored file answered as a download: a neutral name, never shown inline, never cached."""

from __future__ import annotations

from django.http import HttpResponse

from core.files import sniff


def attachment(
    content: bytes, *, content_type: str, number: int, stem: str = "dokument"
) -> HttpResponse:
    """The file as a download named ``<stem>-<number><extension>``, nothing the uploader typed.

    ``nosniff`` keeps the browser from second-guessing the sniffed type, and
    ``no-store`` keeps a copy out of shared caches and the browser's disk.
    """
    kind = sniff.BY_CONTENT_TYPE.get(content_type)
    extension = kind.extension if kind is not None else ".bin"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{number}{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Length"] = str(len(content))
    return response
