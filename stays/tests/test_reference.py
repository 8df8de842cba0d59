"""The stay's reference (oppholdsreferanse): random, readable, typo-proof, shown where staff see the stay."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from audit.models import AuditEntry
from stays import references
from stays.models import Stay

FORMAT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


# Worked by hand with Luhn mod 32 over 0123456789ABCDEFGHJKMNPQRSTVWXYZ:
# "0000001": only the last "1" counts, doubled: 2; (32 - 2) = 30 -> "Y".
# "ZZZZZZZ": seven 31s; doubled ones give 62 -> 1 + 30 = 31; total 7 * 31 =
# 217, 217 mod 32 = 25, 32 - 25 = 7 -> "7".
@pytest.mark.parametrize(
    ("payload", "check"), [("0000001", "Y"), ("ZZZZZZZ", "7"), ("0000000", "0")]
)
def test_it_computes_the_check_character(payload, check):
    assert references.check_character(payload) == check


def test_it_generates_random_well_formed_references():
    made = [references.generate() for _ in range(500)]
    assert all(FORMAT.match(ref) for ref in made), made[:5]
    assert all(references.normalise(ref) == ref for ref in made)
    assert len(set(made)) == 500
    # Not counting up: consecutive references share no long prefix.
    assert len({ref[:4] for ref in made}) > 400


@pytest.mark.parametrize(
    "typed",
    ["0000-001Y", "0000001Y", "0000 001y", " 0000-001-y ", "oooo-oo1y", "OOOO-OOIY", "0000–001Y"],
)
def test_it_reads_what_people_type(typed):
    assert references.normalise(typed) == "0000-001Y"


@pytest.mark.parametrize(
    "typed", ["", "15", "123456", "0000-0010", "0000-001U", "0000-001Y-1", "ZZZZ-ZZZ8", "ÆØÅ-1234"]
)
def test_it_refuses_what_is_not_a_reference(typed):
    assert references.normalise(typed) is None


def test_it_catches_every_single_mistyped_character():
    compact = "7K2M9QX" + references.check_character("7K2M9QX")
    assert references.normalise(compact) is not None
    for position in range(len(compact)):
        for char in references.ALPHABET:
            if char == compact[position]:
                continue
            typo = compact[:position] + char + compact[position + 1 :]
            assert references.normalise(typo) is None, typo


def test_every_new_stay_gets_its_own_reference(stay_factory):
    first, second = stay_factory(), stay_factory()
    assert FORMAT.match(first.reference) and FORMAT.match(second.reference)
    assert first.reference != second.reference


def test_the_migration_gives_existing_stays_distinct_references(stay_factory):
    stays = [stay_factory() for _ in range(3)]
    Stay.objects.update(reference="")
    migration = importlib.import_module("stays.migrations.0004_fill_stay_references")
    migration.fill_references(apps, None)
    filled = list(Stay.objects.order_by("pk").values_list("reference", flat=True))
    assert len(filled) == len(stays) and len(set(filled)) == 3
    assert all(FORMAT.match(ref) and references.normalise(ref) == ref for ref in filled)


def test_the_overview_shows_the_reference_and_audits_it(living, cast, client_for):
    page = client_for(cast["followup_worker_a"]).get(reverse("stays:overview", args=[living.pk]))
    assert page.status_code == 200
    assert living.reference in page.content.decode()
    viewed = AuditEntry.objects.get(action="stays.resident.viewed")
    assert "reference" in viewed.fields


def test_the_polices_security_page_shows_the_reference_and_audits_it(living, cast, client_for):
    page = client_for(cast["local_police_a"]).get(
        reverse("stays:security_detail", args=[living.pk])
    )
    assert page.status_code == 200
    assert living.reference in page.content.decode()
    viewed = AuditEntry.objects.get(action="stays.security.viewed")
    assert "reference" in viewed.fields


def test_the_reference_is_in_no_url(living, cast, client_for):
    page = client_for(cast["followup_worker_a"]).get(reverse("stays:overview", args=[living.pk]))
    urls = re.findall(r'(?:href|action|src)="([^"]*)"', page.content.decode())
    assert urls
    assert not [u for u in urls if living.reference in u]
