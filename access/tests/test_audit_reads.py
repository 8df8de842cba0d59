"""The declared reads (``audit.services.Read``) and the coverage rule that checks them.

Every page that shows case content records a declared read; these tests hold
the declarations to what the marker scan's coverage rule can resolve
(``access/tests/audit_coverage.py``): each field name, dotted or not, leads
through the ORM to a real field, and each action is a read code of the
action registry (audit/actions.py), which the review counts and the art. 15
report names.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from access.tests import audit_coverage
from audit import actions
from audit.models import AuditEntry
from audit.services import READS, Read
from stays.tests.conftest import stay_factory  # noqa: F401  (fixture)


def declared_reads() -> list[Read]:
    """Every app's ``reads`` module imported, then every declaration."""
    for config in apps.get_app_configs():
        name = f"{config.name}.reads"
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return list(READS)


def test_every_app_that_shows_case_content_declares_its_reads() -> None:
    apps_with_reads = {read.action.split(".")[0] for read in declared_reads()}
    assert {"stays", "followup", "housing", "referrals", "reporting", "access"} <= apps_with_reads


@pytest.mark.parametrize("read", declared_reads(), ids=lambda read: read.action)
def test_every_declared_field_leads_to_a_field(read: Read) -> None:
    for name in (*read.fields, *read.on_show):
        path = audit_coverage.resolve(read.model, name)
        assert path is not None, f"{read.action}: {name} leads nowhere from {read.model}"
        # Raises FieldDoesNotExist for a name that is not a field of the model it reaches.
        apps.get_model(path.target)._meta.get_field(path.field)


@pytest.mark.parametrize("read", declared_reads(), ids=lambda read: read.action)
def test_every_read_is_counted_as_a_read_by_the_review(read: Read) -> None:
    registered = actions.get(read.action)
    assert registered is not None and registered.kind == actions.Kind.READ
    assert str(registered.text).strip()


def test_a_read_cannot_be_declared_twice_or_with_a_write_code() -> None:
    with pytest.raises(ValueError):
        Read(action="followup.plan.viewed", model="stays.Stay", fields=(), purpose="")
    with pytest.raises(ValueError):  # registered, but a write
        Read(action="followup.plan.created", model="stays.Stay", fields=(), purpose="")
    with pytest.raises(ValueError):  # not registered at all
        Read(action="followup.plan.glimpsed", model="stays.Stay", fields=(), purpose="")
    with pytest.raises(ValueError):  # a value where a field name belongs
        Read(
            action="stays.timetable.viewed",
            model="stays.Stay",
            fields=("Kari Hansen",),
            purpose="",
        )


# --- the coverage rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "dotted", "expected"),
    [
        # Hand-written from the models: (concrete label, lookup, field).
        ("stays.Stay", "housing_plan", ("stays.Stay", "", "housing_plan")),
        ("followup.FollowedStay", "person.name", ("referrals.Person", "person", "name")),
        (
            "followup.FollowedStay",
            "action_plan.goals.actions.text",
            ("followup.PlanAction", "action_plan__goals__actions", "text"),
        ),
        (
            "referrals.Allocation",
            "assessment.threat_assessments.measures_note",
            ("referrals.ThreatAssessment", "assessment__threat_assessments", "measures_note"),
        ),
        ("stays.Stay", "household", ("stays.Stay", "", "household")),
        ("stays.Stay", "nothing.name", None),
        ("stays.Stay", "person.nothing.name", None),
        ("no.Such", "name", None),
    ],
)
def test_it_resolves_dotted_field_names_through_the_orm(
    model: str, dotted: str, expected: tuple[str, str, str] | None
) -> None:
    path = audit_coverage.resolve(model, dotted)
    assert (None if path is None else (path.target, path.lookup, path.field)) == expected


def _entry(object_type: str, object_id: Any, fields: list[str]) -> AuditEntry:
    return AuditEntry(object_type=object_type, object_id=str(object_id), fields=fields)


def test_a_row_covers_only_its_own_object_and_the_rows_its_names_lead_to(
    cast: Any,
    stay_factory: Any,  # noqa: F811
) -> None:
    one, two = stay_factory(), stay_factory(municipality="municipality_b")
    name_of_one = _entry("stays.Stay", one.pk, ["person.name"])
    assert audit_coverage.covers(name_of_one, "referrals.Person", "name", one.person_id)
    assert not audit_coverage.covers(name_of_one, "referrals.Person", "name", two.person_id)
    assert not audit_coverage.covers(name_of_one, "referrals.Person", "phone", one.person_id)
    # A proxy's row is about the same stay.
    assert audit_coverage.covers(
        _entry("followup.FollowedStay", one.pk, ["housing_plan"]),
        "stays.Stay",
        "housing_plan",
        one.pk,
    )
    assert not audit_coverage.covers(
        _entry("stays.Stay", two.pk, ["housing_plan"]), "stays.Stay", "housing_plan", one.pk
    )
    # No object, no cover: a row must say which record it is about.
    assert not audit_coverage.covers(
        _entry("stays.Stay", "", ["person.name"]), "referrals.Person", "name", one.person_id
    )
