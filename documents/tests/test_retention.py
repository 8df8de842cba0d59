"""Retention empties the documents: the file, its title and description go; the counts stay."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from core import dates
from core.files.samples import minimal_pdf
from core.tests.test_retention import moment
from documents.models import PersonDocument, StayDocument
from oversight import retention as runner
from tests import factories as f

pytestmark = pytest.mark.django_db
FIVE_YEARS_AND_A_DAY = 1826 + 1


def _stay_document(stay: Any, by: Any, title: str) -> StayDocument:
    return StayDocument.objects.create(
        stay=stay,
        uploaded_by=by,
        kind="plan",
        title=title,
        description="beskrivelse " + title,
        content=minimal_pdf(title),
        content_type="application/pdf",
        size=10,
    )


def test_a_closed_stay_past_its_period_loses_its_documents_the_live_one_keeps_them(
    cast: dict[str, Any], client_for: Any
) -> None:
    today = dates.today()
    worker = cast["followup_worker_a"]
    closed = f.StayFactory.create(
        offer__municipality=worker.memberships.get().organisation,
        person=f.PersonFactory.create(),
        moved_in_on=today - dt.timedelta(days=200),
        moved_out_on=today - dt.timedelta(days=10),
        closed_on=today,
    )
    live = f.StayFactory.create(offer=closed.offer, moved_in_on=today - dt.timedelta(days=30))
    old = _stay_document(closed, worker, "gammel")
    kept = _stay_document(live, worker, "ny")
    person_of_stay = closed.person
    assert person_of_stay is not None
    person = PersonDocument.objects.create(
        person=person_of_stay,
        uploaded_by=cast["coordinator"],
        kind="consent",
        title="samtykke",
        content=minimal_pdf("samtykke"),
        content_type="application/pdf",
        size=10,
    )

    with time_machine.travel(moment(today + dt.timedelta(days=FIVE_YEARS_AND_A_DAY))):
        result = runner.apply_retention()
    assert result.rows["documents.StayDocument"] == 1
    assert result.rows["documents.PersonDocument"] == 1
    for model, pk in ((StayDocument, old.pk), (PersonDocument, person.pk)):
        emptied = model.objects.get(pk=pk)
        assert (emptied.title, emptied.description, emptied.content) == ("", "", None)
        assert emptied.kind and emptied.size == 10  # the counts keep their row
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT content FROM {model._meta.db_table} WHERE id = %s", [pk])
            assert cursor.fetchone() == (None,)
    survivor = StayDocument.objects.get(pk=kept.pk)
    assert survivor.title == "ny" and survivor.content == minimal_pdf("ny")

    # The list says the file is gone; the download is a 404.
    client = client_for(worker)
    page = client.get(reverse("documents:stay_documents", args=[closed.pk])).content.decode()
    assert "Slettet etter slettefristen" in page
    url = reverse("documents:stay_document_download", args=[closed.pk, old.pk])
    assert client.get(url).status_code == 404
