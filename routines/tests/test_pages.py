"""Where the pages are reached from, the text renderer and the national counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from core import dates
from routines import services
from routines.statistics import routine_counts
from routines.text import render
from tests import factories as f


def test_the_renderer_makes_paragraphs_and_lists_of_escaped_text():
    html = render("Første linje\nandre <b>linje</b>\n\n- en\n- to & tre\n\n\nSlutt")
    assert html == (
        '<p class="ds-paragraph">Første linje<br>andre &lt;b&gt;linje&lt;/b&gt;</p>'
        '<ul class="ds-list"><li>en</li><li>to &amp; tre</li></ul>'
        '<p class="ds-paragraph">Slutt</p>'
    )


@pytest.mark.django_db
def test_the_coordinator_finds_the_sheet_where_a_place_is_picked(client_for, cast, offers):
    assessment: Any = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    page = client_for(cast["coordinator"]).get(reverse("referrals:match", args=[assessment.pk]))
    assert page.status_code == 200
    for key in ("a", "b"):
        assert reverse("routines:information", args=[offers[key].pk]) in page.content.decode()


@pytest.mark.django_db
def test_national_counts_by_hand(cast, offers):
    """Offer A: two approved, one overdue, one draft; B nothing. 20 required routines each."""
    lead = cast["project_lead_a"]
    today = dates.today()

    def approved(kind: str, on_day: int, review_day: int) -> None:
        version = services.routine_write(offer=offers["a"], kind=kind, text="Tekst", by=lead)
        services.routine_approve(
            version=version,
            approved_on=today + dt.timedelta(days=on_day),
            next_review_on=today + dt.timedelta(days=review_day),
            by=lead,
        )

    approved("mapping", -100, 265)
    approved("police", -400, -1)  # the review was due yesterday
    approved("family_work", -10, 355)
    services.routine_write(offer=offers["a"], kind="volunteers", text="Utkast", by=lead)
    services.information_save(offer=offers["a"], values={"fits_nb": "Unge voksne"}, by=lead)

    counts = routine_counts(on=today)
    assert counts["offers"] == 2 and counts["required_per_offer"] == 20
    assert (counts["approved"], counts["overdue_review"], counts["draft_only"]) == (2, 1, 1)
    assert counts["missing"] == 2 * 20 - 4
    assert counts["offers_with_all_approved"] == 0
    assert counts["offers_with_information_sheet"] == 1
    assert counts["by_kind"]["police"] == {
        "approved": 0,
        "overdue_review": 1,
        "draft_only": 0,
        "missing": 1,
    }
    by_offer = {row["offer"]: row for row in counts["by_offer"]}
    assert by_offer["Tilbud A"]["missing"] == 16 and by_offer["Tilbud B"]["missing"] == 20

    # Twenty days ago: family work was not yet approved (nor written), the draft
    # not yet written, and the police routine's review not yet due.
    earlier = routine_counts(on=today - dt.timedelta(days=20))
    assert (earlier["approved"], earlier["overdue_review"], earlier["draft_only"]) == (2, 0, 0)
    assert earlier["offers_with_information_sheet"] == 0
