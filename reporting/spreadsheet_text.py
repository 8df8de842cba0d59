"""Text a spreadsheet or a web page could run: one rule for exports and imports.

Exports neutralise formula text with a leading apostrophe (``core.spreadsheets``,
SECURITY.md 20); the import of historical stays refuses it, and markup too, so
a name that reached the database from a file can never become a formula in
someone's spreadsheet or markup in someone's page. The formula rule itself is
``core.spreadsheets.FORMULA_STARTS``, the same for both.
"""

from __future__ import annotations

import unicodedata

from core.spreadsheets import FORMULA_STARTS

# Cc control characters (tab, CR, NUL, ESC …), Cf format characters (bidi
# overrides, zero-width space), surrogates and private use: never in a name.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})


def unsafe_text_reason(value: str) -> str | None:
    """Why ``value`` is not safe to store as a name, in Norwegian; ``None`` when it is."""
    if value.startswith(FORMULA_STARTS):
        return "kan ikke begynne med =, +, -, @ eller tabulator (det kan leses som en formel)"
    if "<" in value or ">" in value:
        return "kan ikke inneholde < eller > (det kan leses som kode)"
    if any(unicodedata.category(ch) in UNSAFE_CATEGORIES for ch in value):
        return "kan ikke inneholde kontrolltegn, tabulator eller linjeskift"
    return None
