"""The ownership registry (core/ownership.py) covers every case model, and every path leads home."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.models import Model

from core import ownership

# Where each kind of path must end.
TARGETS = {
    "municipality_path": "accounts.Organisation",
    "stay": "stays.Stay",
    "person": "referrals.Person",
    "allocations": "referrals.Allocation",
    "user": "accounts.User",
}


def _case_models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in ownership.CASE_APPS and not model._meta.auto_created
    ]


def _end(model: type[Model], path: str) -> str:
    """The label of the model ``path`` leads to ("" is the model itself)."""
    for part in [p for p in path.split("__") if p]:
        target = model._meta.get_field(part).related_model
        assert target is not None and not isinstance(target, str), f"{path}: {part} is no relation"
        model = target
    concrete = model._meta.concrete_model
    assert concrete is not None
    return concrete._meta.label


def test_it_registers_or_exempts_every_model_of_the_case_apps():
    labels = {model._meta.label for model in _case_models()}
    missing = sorted(labels - set(ownership.OWNERSHIP) - set(ownership.EXEMPT))
    assert missing == [], "add these to core/ownership.py (OWNERSHIP, or EXEMPT with a reason)"
    assert set(ownership.OWNERSHIP) & set(ownership.EXEMPT) == set()
    stale = sorted((set(ownership.OWNERSHIP) | set(ownership.EXEMPT)) - labels)
    assert stale == [], "models that no longer exist"
    assert all(len(reason) > 20 for reason in ownership.EXEMPT.values())


@pytest.mark.parametrize("label", sorted(ownership.OWNERSHIP))
def test_every_path_leads_where_it_says(label):
    model = apps.get_model(label)
    owner = ownership.OWNERSHIP[label]
    paths = {kind: getattr(owner, kind) for kind in TARGETS}
    assert any(path is not None for path in paths.values()), f"{label} belongs to nothing"
    for kind, path in paths.items():
        if path is not None:
            assert _end(model, path) == TARGETS[kind], (label, kind, path)
            model._base_manager.values(path or "pk").query.sql_with_params()


def test_it_knows_the_way_to_the_stay_and_the_person():
    # Hand-checked against the models: the rows furthest from their stay.
    assert ownership.stay_path("followup.PlanAction") == "goal__plan__stay"
    assert ownership.stay_path("followup.ConversationItem") == "conversation__stay"
    assert ownership.stay_path("stays.Stay") == ""
    assert ownership.person_path("referrals.ThreatAssessment") == "assessment__person"
    assert ownership.person_path("followup.PlanGoal") == "plan__stay__person"
    assert (
        ownership.OWNERSHIP["followup.ContactTheme"].municipality_path
        == "contact__stay__offer__municipality"
    )
    with pytest.raises(KeyError):
        ownership.stay_path("housing.Dwelling")


def test_every_stay_proxy_is_the_stay():
    for label in ("followup.FollowedStay", "reporting.ReportedStay"):
        assert ownership.OWNERSHIP[label] == ownership.OWNERSHIP["stays.Stay"]
