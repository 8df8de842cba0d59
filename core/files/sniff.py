"""What a file is, judged from its bytes (magic numbers), never from its name or the browser.

The browser's content type and the file name are the uploader's claim; a
renamed HTML page, SVG or program must not reach a colleague as «a PDF».
Only the kinds a case needs are recognised (PDF, PNG, JPEG and the office
formats DOCX, XLSX, ODT, ODS); everything else is ``None`` and refused.
The office formats are zip archives: the archive is opened and its own
declaration read (``[Content_Types].xml`` for OOXML, ``mimetype`` for ODF),
so a plain zip or a zip of anything else named ``.docx`` is refused too.
The legacy binary formats (DOC, XLS) are not accepted: their container
(OLE2) is shared with e-mail files and installers and cannot be told apart
without parsing it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

# The largest zip member read to recognise an office file: the declarations
# are a few kilobytes; a bigger one is not an office file (and may be a bomb).
_MAX_DECLARATION = 64 * 1024


@dataclass(frozen=True)
class Kind:
    """A recognised kind of file: its content type, short name and the extensions it may have."""

    content_type: str
    name: str
    extensions: tuple[str, ...]

    @property
    def extension(self) -> str:
        return self.extensions[0]


PDF = Kind("application/pdf", "PDF", (".pdf",))
PNG = Kind("image/png", "PNG", (".png",))
JPEG = Kind("image/jpeg", "JPEG", (".jpg", ".jpeg"))
DOCX = Kind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word", (".docx",)
)
XLSX = Kind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", (".xlsx",)
)
ODT = Kind("application/vnd.oasis.opendocument.text", "OpenDocument-tekst", (".odt",))
ODS = Kind("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument-regneark", (".ods",))
KINDS = (PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS)
BY_CONTENT_TYPE = {kind.content_type: kind for kind in KINDS}

# The main part each OOXML kind declares in [Content_Types].xml.
_OOXML_MAIN = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}


def sniff(data: bytes) -> Kind | None:
    """The kind of ``data``, or None when it is none of the accepted kinds."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    return None


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_DECLARATION:
        return None
    with archive.open(info) as member:
        return member.read(_MAX_DECLARATION + 1)[:_MAX_DECLARATION]


def _office(data: bytes) -> Kind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            mimetype = _read_member(archive, "mimetype")
            if mimetype is not None:
                declared = mimetype.strip().decode("ascii", errors="replace")
                return (
                    ODT
                    if declared == ODT.content_type
                    else (ODS if declared == ODS.content_type else None)
                )
            types = _read_member(archive, "[Content_Types].xml")
            if types is None:
                return None
            for kind, main in _OOXML_MAIN.items():
                if main in types:
                    return kind
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        # A broken, encrypted or exotic archive is not a document we accept.
        return None
    return None


def extension_of(filename: str) -> str:
    """The lower-cased extension with its dot ("" when there is none)."""
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." not in name:
        return ""
    return "." + name.rsplit(".", 1)[-1].lower()
