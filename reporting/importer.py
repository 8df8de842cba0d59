"""Import of historical stays from earlier spreadsheets (CSV).

Every row is validated before anything is written; one error anywhere and
nothing is imported. Errors name the spreadsheet row (the header is row 1)
and the column, in Norwegian. Re-running the same file changes nothing: a
stay is found again by its ``import_reference``. Imported stays hold no
personal identifiers (``person`` is null), only the statistical snapshot.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction

from audit.services import record
from reporting.statistics import DESTINATIONS

COLUMNS = [
    "reference",
    "municipality",
    "offer",
    "offer_type",
    "allocated_on",
    "moved_in_on",
    "moved_out_on",
    "destination",
    "gender",
    "birth_year",
    "partner",
    "children",
]
OFFER_TYPES = ["collective", "apartment", "bedsit"]
GENDERS = ["female", "male", "other"]
# An imported offer gets the follow-up intensity its type usually has.
INTENSITY_BY_TYPE = {"collective": "high", "apartment": "medium", "bedsit": "low"}


class ImportFailed(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Row:
    line: int
    reference: str
    municipality: str
    offer: str
    offer_type: str
    allocated_on: dt.date
    moved_in_on: dt.date | None
    moved_out_on: dt.date | None
    destination: str
    gender: str
    birth_year: int | None
    with_partner: bool
    children_count: int

    @property
    def status(self) -> str:
        if self.moved_in_on is None:
            return "withdrawn"
        return "moved_out" if self.moved_out_on else "living"

    def stay_values(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "allocated_on": self.allocated_on,
            "moved_in_on": self.moved_in_on,
            "moved_out_on": self.moved_out_on,
            "destination": self.destination,
            "gender": self.gender,
            "birth_year": self.birth_year,
            "with_partner": self.with_partner,
            "children_count": self.children_count,
        }


@dataclass
class Result:
    created: int = 0
    unchanged: int = 0
    municipalities_created: list[str] = field(default_factory=list)
    offers_created: list[str] = field(default_factory=list)


def _date(value: str, line: int, column: str, errors: list[str]) -> dt.date | None:
    try:
        # fromisoformat also takes 20240101 and 2024-W01: only ÅÅÅÅ-MM-DD is a date here.
        if len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(f"Rad {line}, kolonne {column}: datoen må skrives ÅÅÅÅ-MM-DD")
        return None


def parse(text: str) -> list[Row]:
    """Validate every row; raise ``ImportFailed`` with all errors, or return the rows."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportFailed([f"Rad 1: disse kolonnene mangler i overskriften: {', '.join(missing)}"])
    errors: list[str] = []
    rows: list[Row] = []
    seen: dict[str, int] = {}
    offer_types: dict[tuple[str, str], str] = {}
    for line, raw in enumerate(reader, start=2):
        cells = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(cells.values()):
            continue  # blank line at the end of a spreadsheet export
        before = len(errors)

        def need(column: str, *, _cells: dict[str, str] = cells, _line: int = line) -> str:
            value = _cells.get(column, "")
            if not value:
                errors.append(f"Rad {_line}, kolonne {column}: feltet kan ikke være tomt")
            return value

        reference = need("reference")
        if reference in seen:
            errors.append(
                f"Rad {line}, kolonne reference: «{reference}» står også på rad {seen[reference]}"
            )
        elif reference:
            seen[reference] = line
        municipality = need("municipality")
        offer = need("offer")
        offer_type = need("offer_type")
        if offer_type and offer_type not in OFFER_TYPES:
            errors.append(
                f"Rad {line}, kolonne offer_type: skriv collective, apartment eller bedsit"
            )
        elif offer_type:
            known = offer_types.setdefault((municipality, offer), offer_type)
            if known != offer_type:
                errors.append(
                    f"Rad {line}, kolonne offer_type: botilbudet har typen {known} på en tidligere rad"
                )
        allocated_text = need("allocated_on")
        allocated_on = (
            _date(allocated_text, line, "allocated_on", errors) if allocated_text else None
        )
        moved_in_on = (
            _date(cells["moved_in_on"], line, "moved_in_on", errors)
            if cells.get("moved_in_on")
            else None
        )
        moved_out_on = (
            _date(cells["moved_out_on"], line, "moved_out_on", errors)
            if cells.get("moved_out_on")
            else None
        )
        if allocated_on and moved_in_on and moved_in_on < allocated_on:
            errors.append(
                f"Rad {line}, kolonne moved_in_on: innflytting kan ikke være før tildeling"
            )
        if moved_out_on and not cells.get("moved_in_on"):
            errors.append(
                f"Rad {line}, kolonne moved_out_on: utflytting krever en dato for innflytting"
            )
        if moved_in_on and moved_out_on and moved_out_on < moved_in_on:
            errors.append(
                f"Rad {line}, kolonne moved_out_on: utflytting kan ikke være før innflytting"
            )
        destination = cells.get("destination", "")
        if destination and destination not in DESTINATIONS:
            errors.append(f"Rad {line}, kolonne destination: skriv en av {', '.join(DESTINATIONS)}")
        if cells.get("moved_out_on") and not destination:
            errors.append(
                f"Rad {line}, kolonne destination: skriv hvor personen flyttet (unknown hvis ukjent)"
            )
        if destination and not cells.get("moved_out_on"):
            errors.append(
                f"Rad {line}, kolonne destination: skal være tom når personen ikke har flyttet ut"
            )
        gender = need("gender")
        if gender and gender not in GENDERS:
            errors.append(f"Rad {line}, kolonne gender: skriv female, male eller other")
        birth_year: int | None = None
        if cells.get("birth_year"):
            try:
                birth_year = int(cells["birth_year"])
                latest = (allocated_on.year if allocated_on else dt.date.today().year) - 17
                if not 1900 <= birth_year <= latest:
                    raise ValueError
            except ValueError:
                errors.append(
                    f"Rad {line}, kolonne birth_year: skriv et fødselsår med fire sifre "
                    "(personen må være minst 18 år ved tildeling)"
                )
        partner = need("partner")
        if partner and partner not in ("yes", "no"):
            errors.append(f"Rad {line}, kolonne partner: skriv yes eller no")
        children_count = 0
        children = need("children")
        if children:
            if children.isdigit():
                children_count = int(children)
            else:
                errors.append(f"Rad {line}, kolonne children: skriv et helt tall, for eksempel 0")
        if len(errors) == before and allocated_on is not None:
            rows.append(
                Row(
                    line=line,
                    reference=reference,
                    municipality=municipality,
                    offer=offer,
                    offer_type=offer_type,
                    allocated_on=allocated_on,
                    moved_in_on=moved_in_on,
                    moved_out_on=moved_out_on,
                    destination=destination,
                    gender=gender,
                    birth_year=birth_year,
                    with_partner=partner == "yes",
                    children_count=children_count,
                )
            )
    if not errors and not rows:
        errors.append("Rad 2: filen har ingen opphold å importere")
    if errors:
        raise ImportFailed(errors)
    return rows


def import_stays(text: str, *, by: Any = None, source_name: str = "") -> Result:
    """Validate all rows, then write everything in one transaction or nothing."""
    rows = parse(text)
    stay_model = apps.get_model("stays", "Stay")
    organisation_model = apps.get_model("accounts", "Organisation")
    offer_model = apps.get_model("housing", "Offer")
    result = Result()
    with transaction.atomic():
        existing = {
            s.import_reference: s
            for s in stay_model._default_manager.select_for_update()
            .filter(import_reference__in=[r.reference for r in rows])
            .select_related("offer", "offer__municipality")
        }
        # Check the whole file against what is already there before writing.
        errors = []
        for row in rows:
            stay = existing.get(row.reference)
            if stay is None:
                continue
            same = (
                stay.offer.name == row.offer
                and stay.offer.municipality.name == row.municipality
                and all(getattr(stay, k) == v for k, v in row.stay_values().items())
            )
            if not same:
                errors.append(
                    f"Rad {row.line}, kolonne reference: «{row.reference}» er importert før med "
                    "andre verdier; rett i systemet, ikke ved ny import"
                )
        for row in rows:
            municipality = organisation_model._default_manager.filter(name=row.municipality).first()
            if municipality is not None and municipality.kind != "municipality":
                errors.append(
                    f"Rad {row.line}, kolonne municipality: «{row.municipality}» er ikke en kommune"
                )
            if municipality is not None:
                offer = offer_model._default_manager.filter(
                    municipality=municipality, name=row.offer
                ).first()
                if offer is not None and offer.offer_type != row.offer_type:
                    errors.append(
                        f"Rad {row.line}, kolonne offer_type: botilbudet finnes med typen "
                        f"{offer.offer_type}"
                    )
        if errors:
            raise ImportFailed(sorted(set(errors), key=errors.index))

        offers: dict[tuple[str, str], Any] = {}
        for row in rows:
            if row.reference in existing:
                result.unchanged += 1
                continue
            offer = offers.get((row.municipality, row.offer))
            if offer is None:
                offer = _offer_for(row, by, result, organisation_model, offer_model)
                offers[(row.municipality, row.offer)] = offer
            stay = stay_model(
                person=None,
                allocation=None,
                booking=None,
                offer=offer,
                is_imported=True,
                import_reference=row.reference,
                **row.stay_values(),
            )
            stay.full_clean()
            stay.save()
            result.created += 1
        if result.created:
            record(
                actor=by,
                action="reporting.stays.imported",
                object_type="stays.Stay",
                object_id=str(result.created),
                fields=COLUMNS,
                purpose=f"import av historiske opphold{f' fra {source_name}' if source_name else ''}"[
                    :500
                ],
            )
    return result


def _offer_for(row: Row, by: Any, result: Result, organisation_model: Any, offer_model: Any) -> Any:
    municipality = organisation_model._default_manager.filter(name=row.municipality).first()
    if municipality is None:
        municipality = organisation_model._default_manager.create(
            name=row.municipality, kind="municipality"
        )
        result.municipalities_created.append(row.municipality)
        record(
            actor=by,
            action="accounts.organisation.created",
            obj=municipality,
            fields=["name", "kind"],
            purpose="import av historiske opphold",
        )
    offer = offer_model._default_manager.filter(municipality=municipality, name=row.offer).first()
    if offer is not None:
        return offer
    from housing.services import offer_create

    offer = offer_create(
        municipality=municipality,
        by=by,
        name=row.offer,
        offer_type=row.offer_type,
        fits_women=True,
        intensity=INTENSITY_BY_TYPE[row.offer_type],
        on_call="crisis_centre",
        description="Importert fra tidligere regneark.",
    )
    result.offers_created.append(f"{row.municipality}: {row.offer}")
    return offer
