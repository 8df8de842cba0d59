"""The main menu: each role's entries, written by hand from docs/access-model.md."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from oversight.menu import menu_for

# From the access table's rows for the routes' permissions (view_inquiries,
# allocate_places, write_threat_assessments, view_offer_inbox, view_residents,
# view_stay_security, view_my_deadlines, read_milestone_reports,
# view_capacity, view_statistics), in the menu's order.
EXPECTED = {
    "coordinator": ["Arbeidsbenk", "Henvendelser", "Mine frister", "Kapasitet", "Statistikk"],
    "police_representative": ["Henvendelser", "Trusselvurderinger", "Mine frister", "Kapasitet"],
    "directorate_representative": ["Mine frister", "Rapporter", "Kapasitet", "Statistikk"],
    "project_lead_a": [
        "Forslag om tildeling",
        "Beboere",
        "Mine frister",
        "Kapasitet",
        "Statistikk",
    ],
    "followup_worker_a": ["Forslag om tildeling", "Beboere", "Mine frister", "Kapasitet"],
    "local_police_a": ["Trusselvurderinger", "Beboere i distriktet", "Mine frister"],
    "analyst": ["Statistikk"],
    "sysadmin": [],
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_gets_the_entries_its_permissions_open(role: str, cast: dict[str, Any]) -> None:
    assert [link.label for link in menu_for(cast[role])] == EXPECTED[role]


def test_it_shows_on_every_page_and_marks_where_you_are(
    cast: dict[str, Any], client_for: Any
) -> None:
    client = client_for(cast["project_lead_a"])
    page = client.get(reverse("stays:resident_list")).content.decode()
    nav = page[page.index('aria-label="Hovedmeny"') : page.index("</nav>", page.index("Hovedmeny"))]
    assert f'href="{reverse("stays:resident_list")}" aria-current="page">Beboere<' in nav
    assert f'href="{reverse("reporting:statistics")}">Statistikk<' in nav
    assert "Arbeidsbenk" not in nav  # the coordinator's, not the lead's


def test_nobody_signed_out_gets_a_menu(client: Any) -> None:
    page = client.get(reverse("account_login")).content.decode()
    assert "Arbeidsbenk" not in page and "Statistikk" not in page
