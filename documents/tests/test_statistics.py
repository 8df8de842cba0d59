"""The documents' counts in ``national_statistics`` JSON, against a hand-counted world."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from core.tests.test_retention import moment
from documents.models import PersonDocument, StayDocument
from tests import factories as f

pytestmark = pytest.mark.django_db


def _national(*extra: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command(
        "national_statistics", "--from", "2030-01-01", "--to", "2030-12-31", *extra, stdout=out
    )
    result: dict[str, Any] = json.loads(out.getvalue())["documents"]
    return result


def test_documents_are_counted_by_kind_and_place_in_the_period(
    cast: dict[str, Any], stay_a: Any, stay_b: Any
) -> None:
    common = {"uploaded_by": cast["coordinator"], "title": "t", "content_type": "x", "size": 1}
    person = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"]).person
    # In 2030: stay A two (consent, plan), stay B one (letter), the intake one (decision).
    with time_machine.travel(moment(dt.date(2030, 3, 1))):
        StayDocument.objects.create(stay=stay_a, kind="consent", **common)
        StayDocument.objects.create(stay=stay_a, kind="plan", **common)
        StayDocument.objects.create(stay=stay_b, kind="letter", **common)
        PersonDocument.objects.create(person=person, kind="decision", **common)
    # Outside the period: not counted.
    with time_machine.travel(moment(dt.date(2031, 1, 1))):
        StayDocument.objects.create(stay=stay_a, kind="consent", **common)

    expected_kinds = {"consent": 1, "decision": 1, "plan": 1, "letter": 1, "other": 0}
    assert _national("--suppress-below", "0") == {
        "added": 4,
        "intake": 1,
        "stay": 3,
        "by_kind": expected_kinds,
        "stays_with_documents": 2,
    }
    # Two stays are two persons: hidden below five; the files are not.
    published = _national()
    assert published["stays_with_documents"] == "<5"
    assert published["by_kind"] == expected_kinds
