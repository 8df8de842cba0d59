"""The demo documents: real small PDFs on demo stays and intake persons, loaded once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import override_settings

from core import dates
from core.files.sniff import PDF, sniff
from documents.models import PersonDocument, StayDocument
from tests import factories as f


@override_settings(DEMO_MODE=True)
def test_it_loads_a_few_pdfs_once(db: Any) -> None:
    from documents.demo import load_documents
    from oversight.demo import load_organisations_and_users
    from stays.models import Stay

    orgs = load_organisations_and_users()
    today = dates.today()
    for municipality in ("Kommune A", "Kommune B"):
        f.StayFactory.create(
            offer__municipality=orgs[municipality],
            moved_in_on=today - dt.timedelta(days=40),
            status=Stay.Status.LIVING,
        )
    from accounts.models import User

    coordinator = User.objects.get(username="koordinator")
    f.AssessmentFactory.create(assessed_by_user=coordinator, person__is_synthetic=True)

    load_documents()
    load_documents()
    # Per stay: a consent and a plan; the first stay of each municipality a letter with the address.
    assert StayDocument.objects.count() == 2 * 3
    assert StayDocument.objects.filter(contains_address=True).count() == 2
    assert PersonDocument.objects.count() == 1
    for document in [*StayDocument.objects.all(), *PersonDocument.objects.all()]:
        assert document.is_synthetic
        assert document.content is not None and sniff(document.content) is PDF
