"""A working day of the staff, as data: who does what, and how often.

Each role's pages with their weights (how often a person of that role opens
the page, relative to the role's other pages) and how many of twenty staff
have that role. Read by the locustfile (the load) and by ``bench/load.py``
(the warm-up, which sends every page to every worker before the figures are
taken). ``{stay}`` is one of the person's own residents; ``{one}`` and
``{twenty}`` are the statistics periods (``staff.periods``).
"""

from __future__ import annotations

from dataclasses import dataclass

STATISTICS = "/rapportering/statistikk/"
EXPORT = "/rapportering/statistikk/eksport.pdf"
CONTACT_FORM = "/oppfolging/{stay}/kontakter/ny/"


@dataclass(frozen=True)
class Visit:
    label: str
    path: str
    weight: int
    expect: str = "text/html"

    @property
    def is_pdf(self) -> bool:
        return self.expect == "application/pdf"


START = Visit("start page", "/", 2)
RESIDENTS = Visit("resident list", "/beboere/", 2)
OVERVIEW = Visit("resident overview", "/beboere/{stay}/", 2)
CONTACTS = Visit("contact log", "/oppfolging/{stay}/kontakter/", 1)
DEADLINES = Visit("my deadlines", "/rapportering/frister/", 2)
CAPACITY = Visit("capacity", "/botilbud/kapasitet/", 1)

# Role → (staff of twenty, its pages). The follow-up workers, most of the
# staff, also register a contact now and then (weight ``CONTACT_WEIGHT``).
ROLES: dict[str, tuple[int, list[Visit]]] = {
    "followup_worker": (8, [
        Visit("start page", "/", 2), RESIDENTS, Visit("resident overview", "/beboere/{stay}/", 3),
        Visit("contact log", "/oppfolging/{stay}/kontakter/", 4), Visit("my deadlines", "/rapportering/frister/", 1),
    ]),
    "project_lead": (5, [START, RESIDENTS, OVERVIEW, DEADLINES, CAPACITY, CONTACTS]),
    "coordinator": (3, [
        START, Visit("inquiry list", "/inntak/henvendelser/", 2),
        Visit("workbench", "/inntak/arbeidsbenk/", 2), CAPACITY,
        Visit("all-stays summary", "/beboere/alle-opphold/", 1),
        Visit("audit review", "/revisjon/gjennomgang/", 1),
    ]),
    "police_representative": (1, [
        Visit("start page", "/", 1), Visit("police queue", "/inntak/trusselvurderinger/", 2),
    ]),
    "directorate_representative": (1, [
        Visit("start page", "/", 1), Visit("directorate inbox", "/rapportering/innboks/", 2),
    ]),
    "analyst": (2, [
        Visit("start page", "/", 1),
        Visit("statistics, default period", STATISTICS, 3),
        Visit("statistics, one year", f"{STATISTICS}?{{one}}", 2),
        Visit("statistics, twenty years", f"{STATISTICS}?{{twenty}}", 1),
        Visit("statistics PDF, one year", f"{EXPORT}?{{one}}", 1, "application/pdf"),
        Visit("statistics PDF, twenty years", f"{EXPORT}?{{twenty}}", 1, "application/pdf"),
    ]),
}  # fmt: skip
CONTACT_WEIGHT = 1
