"""Retention (SECURITY.md 26): advance the clock, nothing identifying remains.

The world: one resident whose case went the whole way (intake, allocation,
stay, follow-up, milestone report, closure) and an inquiry that never led
to a place; then a resident still living in the offer. *Every* encrypted
field and every undeclared free-text column of every row gets a unique
marker (``OLDMK…`` for the ended case, ``LIVEMK…`` for the live one),
independently of the retention rules. Five years and a day after closure,
``apply_retention`` must leave no ``OLDMK`` anywhere (raw SQL over every
column of every table, every decrypted ORM value, the audit log, log files),
every ``LIVEMK`` in place, and the statistics for the period unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from audit.models import AuditEntry
from audit.verify import verify_chain
from core import dates, retention
from core.fields import BlindIndexField, EncryptedFieldMixin, blind_index_for
from oversight import retention as runner
from tests.logscan import assert_no_markers_in_logs

OLD, LIVE = "OLDMK", "LIVEMK"


# --- every field is declared ---------------------------------------------------------


def _label(model: type[models.Model], field: models.Field) -> str:
    return f"{model._meta.label}.{field.name}"


def declarable_fields() -> Iterator[tuple[type[models.Model], models.Field]]:
    """Encrypted fields of every model; free-text columns of the case apps."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedFieldMixin) or (
                model._meta.app_label in retention.CASE_APPS
                and isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and not isinstance(field, BlindIndexField)
            ):
                yield model, field


def test_it_declares_a_rule_or_an_exemption_for_every_personal_text_field():
    declared = retention.covered_fields() | set(retention.EXEMPT)
    undeclared = sorted(
        _label(model, field)
        for model, field in declarable_fields()
        if _label(model, field) not in declared
    )
    assert undeclared == [], (
        "fields with no retention rule and no exemption; add them to core/retention/rules.py "
        f"RULES (or EXEMPT, with the reason): {undeclared}"
    )


def test_it_names_only_fields_that_exist(db):
    stale = []
    for rule in retention.active_rules():
        model = apps.get_model(rule.model)
        for name in rule.fields:
            try:
                model._meta.get_field(name)
            except Exception:
                stale.append(f"{rule.model}.{name}")
        if rule.path:
            model._base_manager.filter(**{f"{rule.path}__isnull": True}).exists()
    for label in retention.EXEMPT:
        app_model, name = label.rsplit(".", 1)
        if apps.is_installed(app_model.split(".")[0]):
            apps.get_model(app_model)._meta.get_field(name)
    assert stale == []


def test_it_refuses_a_period_that_would_empty_recent_cases(settings):
    settings.RETENTION_DAYS_AFTER_CLOSURE = 5
    with pytest.raises(ImproperlyConfigured, match="at least 365"):
        retention.days_after_closure()


# --- the world -------------------------------------------------------------------------


def build_case(cast: dict[str, Any], orgs: dict[str, Any], *, close: bool) -> Any:
    """One resident from inquiry to (optionally) closure, with one row of every kind."""
    from followup import models as fm
    from referrals import services as referral_services
    from referrals.models import AssessmentChild, Consent
    from reporting.models import MilestoneReport
    from stays import models as sm
    from stays import services as stay_services
    from tests import factories as f

    today = dates.today()
    coordinator, worker = cast["coordinator"], cast["followup_worker_a"]
    place = f.cleared_place(municipality=orgs["municipality_a"], by=coordinator)
    inquiry = f.InquiryFactory.create(registered_by=coordinator, outcome="assessed")
    assessment: Any = f.AssessmentFactory.create(assessed_by_user=coordinator, inquiry=inquiry)
    from referrals.models import AssessmentCorrection

    AssessmentCorrection.objects.create(
        assessment=assessment, corrected_by=coordinator, fields=["wishes"], content={}
    )
    from referrals.models import InquiryCorrection

    InquiryCorrection.objects.create(
        inquiry=inquiry, corrected_by=coordinator, fields=["reason"], content={}
    )
    person = assessment.person
    AssessmentChild.objects.create(assessment=assessment, birth_year=today.year - 3)
    f.ConsentFactory.create(person=person, recorded_by=coordinator)
    f.ConsentFactory.create(
        person=person,
        recorded_by=coordinator,
        purpose=Consent.Purpose.RECEIVING_OFFER,
        recipient_kind=Consent.RecipientKind.MUNICIPALITY,
        recipient_organisation=orgs["municipality_a"],
    )
    f.ThreatAssessmentFactory.create(
        assessment=assessment, written_by=cast["police_representative"]
    )
    allocation = referral_services.allocation_propose(
        assessment=assessment, place=place, expected_arrival_on=today, by=coordinator
    )
    stay = stay_services.allocation_accept(allocation=allocation, by=cast["project_lead_a"])
    stay = stay_services.stay_move_in(stay=stay, moved_in_on=today, by=worker)
    sm.PlannedMoveOutChange.objects.create(
        stay=stay, new_date=today + dt.timedelta(days=200), reason="x", changed_by=worker
    )
    child = sm.HouseholdMember.objects.create(stay=stay, kind="child", birth_year=today.year - 3)
    sm.ArrivalTimetableItem.objects.create(stay=stay, on=today, title="x")
    sm.TransferItem.objects.create(stay=stay, item="nav")
    conversation = fm.SecurityConversation.objects.create(
        stay=stay, held_on=today, police_participants="x", recorded_by=worker
    )
    fm.ConversationItem.objects.create(conversation=conversation, item="alarms", covered=True)
    fm.CrisisScenario.objects.create(stay=stay, scenario="x", response="x")
    fm.SecurityMeasure.objects.create(
        stay=stay,
        kind="code_6",
        chosen=True,
        reason="x",
        applied_on=today,
        granted_on=today,
        recorded_by=worker,
    )
    fm.ThreatChange.objects.create(
        stay=stay, recorded_on=today, risk_level="low", detail="x", recorded_by=worker
    )
    plan = fm.ActionPlan.objects.create(stay=stay, made_on=today, recorded_by=worker)
    goal = fm.PlanGoal.objects.create(plan=plan, text="x")
    fm.PlanAction.objects.create(goal=goal, text="x", responsible="x")
    fm.PlanEvaluation.objects.create(plan=plan, evaluated_on=today, summary="x", recorded_by=worker)
    fm.FollowupArea.objects.create(stay=stay, area="mapping", updated_by=worker)
    fm.FollowupArea.objects.create(stay=stay, area="child_plan", child=child, updated_by=worker)
    contact = fm.Contact.objects.create(
        stay=stay,
        contact_on=today,
        minutes=45,
        form="phone",
        with_whom="resident",
        goal=goal,
        recorded_by=worker,
    )
    fm.ContactTheme.objects.create(contact=contact, theme="security")
    fm.ContactCorrection.objects.create(
        contact=contact, corrected_by=worker, fields=["note"], content={}, previous_note="x"
    )
    MilestoneReport.objects.create(
        stay=stay,
        kind="three_months",
        due_on=today,
        place_vacant=False,
        submitted_by=cast["project_lead_a"],
        submitted_on=today,
    )
    from access.models import AccessReport, BreakGlassAccess

    BreakGlassAccess.objects.create(
        user=cast["directorate_representative"],
        stay=stay,
        reason="x",
        looked_up_by="reference",
        opened_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    AccessReport.objects.create(
        person=person,
        produced_by=coordinator,
        identity_checked=True,
        identity_method="other",
        identity_note="x",
    )
    from documents.models import PersonDocument, StayDocument

    for model, owner in ((StayDocument, {"stay": stay}), (PersonDocument, {"person": person})):
        model.objects.create(
            **owner,
            uploaded_by=coordinator,
            kind="letter",
            title="x",
            content=b"%PDF-x",
            content_type="application/pdf",
            size=6,
        )
    if close:
        stay = stay_services.stay_move_out(
            stay=stay, moved_out_on=today, destination="own_home_alone", by=worker
        )
        stay = stay_services.stay_close(
            stay=stay,
            closed_on=today,
            indicators={code: "yes" for code, _label in sm.GOAL_INDICATORS},
            notes={code: "x" for code, _label in sm.GOAL_INDICATORS},
            destination="own_home_alone",
            by=worker,
        )
    return stay


def no_place_inquiry(cast: dict[str, Any]) -> Any:
    from referrals.models import InquiryCorrection
    from tests import factories as f

    inquiry = f.InquiryFactory.create(
        registered_by=cast["coordinator"],
        outcome="no_place",
        no_place_reason="relatives",
        closed_on=dates.today(),
    )
    InquiryCorrection.objects.create(
        inquiry=inquiry, corrected_by=cast["coordinator"], fields=["guidance"], content={}
    )
    return inquiry


def seed_markers(prefix: str, skip: set[tuple[str, int]]) -> dict[tuple[str, int], list[str]]:
    """Put a unique marker in every declarable, non-exempt field of every row not in ``skip``."""
    seeded: dict[tuple[str, int], list[str]] = {}
    # Identity numbers index by their digits: the two worlds' numbers differ.
    counter = 0 if prefix == OLD else 50_000
    by_model: dict[type[models.Model], list[models.Field]] = {}
    for model, field in declarable_fields():
        if _label(model, field) not in retention.EXEMPT:
            by_model.setdefault(model, []).append(field)
    for model, fields in by_model.items():
        indexes = [f for f in model._meta.local_concrete_fields if isinstance(f, BlindIndexField)]
        for pk in model._base_manager.order_by("pk").values_list("pk", flat=True):
            if (model._meta.label, pk) in skip:
                continue
            values: dict[str, Any] = {}
            for field in fields:
                counter += 1
                values[field.attname] = f"{prefix}{counter:05d}Z"
            for index in indexes:
                if index.source in values:
                    values[index.attname] = index.index_for(values[index.source])
            model._base_manager.filter(pk=pk).update(**values)
            seeded[(model._meta.label, pk)] = [values[f.attname] for f in fields]
    return seeded


# --- scans -------------------------------------------------------------------------------


def raw_hits(needle: str) -> list[str]:
    """Every table, every column, straight from the database (ciphertext stays ciphertext)."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            names = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for name, value in zip(names, row, strict=True):
                    if value is not None and needle in str(value):
                        hits.append(f"{table}.{name}")
    return hits


def decrypted_values() -> Iterator[tuple[str, str]]:
    """Every concrete value of every model as the application reads it (decrypted)."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        attnames = [f.attname for f in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*attnames):
            for name, value in zip(attnames, row, strict=True):
                if isinstance(value, bytes):  # a document's file (documents)
                    value = value.decode("utf-8", errors="replace")
                if value is not None:
                    yield f"{model._meta.label}.{name}", str(value)


def decrypted_hits(needle: str) -> list[str]:
    return sorted({where for where, value in decrypted_values() if needle in value})


def file_hits(needle: str) -> list[str]:
    """Files the application may write outside the database: anchors, var dir."""
    hits = []
    roots = {Path(settings.AUDIT_ANCHOR_DIR), Path(settings.VAR_DIR)}
    for root in roots:
        if not root.exists():
            continue
        for path in root.rglob("*"):
            small = path.is_file() and path.stat().st_size < 50_000_000
            if small and needle.encode() in path.read_bytes():
                hits.append(str(path))
    return hits


def stats(start: dt.date, end: dt.date) -> dict[str, Any]:
    from reporting.report import statistics

    return {
        "raw": statistics(start=start, end=end, threshold=0),
        "published": statistics(start=start, end=end),
    }


def moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=dates.OSLO)


# --- the test ----------------------------------------------------------------------------


@pytest.fixture
def world(cast, orgs):
    from referrals.models import Person
    from stays.models import Stay

    old_stay = build_case(cast, orgs, close=True)
    old_inquiry = no_place_inquiry(cast)
    old = seed_markers(OLD, skip=set())
    live_stay = build_case(cast, orgs, close=False)
    from tests import factories as f

    open_inquiry = f.InquiryFactory.create(registered_by=cast["coordinator"])
    live = seed_markers(LIVE, skip=set(old))
    return {
        "built_on": dates.today(),
        "old_stay": old_stay,
        "old_person": Person.objects.get(assessments__allocations__stay=old_stay),
        "old_inquiry": old_inquiry,
        "live_stay": Stay.objects.get(pk=live_stay.pk),
        "live_person": Person.objects.get(assessments__allocations__stay=live_stay),
        "open_inquiry": open_inquiry,
        "old": old,
        "live": live,
    }


def test_it_seeds_a_marker_in_every_rule_model(world):
    # The world must reach every model a rule names, or the scan below proves nothing.
    seeded_models = {label for label, _pk in world["old"]}
    missing = sorted(
        {r.model for r in retention.active_rules() if r.model not in seeded_models}
        - {"stays.Stay"}  # the stay's rows are seeded too; listed for clarity below
    )
    assert "stays.Stay" in seeded_models
    assert missing == []
    assert raw_hits(OLD) != []  # plain columns (e.g. the action's responsible person)
    assert decrypted_hits(OLD) != []


def test_it_leaves_nothing_identifying_five_years_after_closure(world):
    from referrals.models import Person
    from stays.models import Stay

    built_on = world["built_on"]
    period = (dt.date(built_on.year, 1, 1), dt.date(built_on.year, 12, 31))
    old_markers = [m for values in world["old"].values() for m in values]
    live_markers = [m for values in world["live"].values() for m in values]
    old_person = world["old_person"]
    old_index = blind_index_for(
        Person.objects.get(pk=old_person.pk).identity_number,
        context="referrals.person.identity_number",
        normalise="identity_number",
    )
    assert old_index is not None

    with time_machine.travel(moment(built_on + dt.timedelta(days=1825)), tick=False):
        early = runner.apply_retention(dry_run=True)
    # A day before the period ends only the no-place inquiry (2 years) is due.
    assert early.anchors["person"] == 0 and early.anchors["stay"] == 0
    assert early.anchors["inquiry"] == 1

    with time_machine.travel(moment(built_on + dt.timedelta(days=1826)), tick=False):
        before = stats(*period)
        out = io.StringIO()
        call_command("apply_retention", "--dry-run", stdout=out)
        assert "dry run, nothing changed" in out.getvalue() and "persons=1" in out.getvalue()
        assert decrypted_hits(OLD) != []  # a dry run changes nothing
        result = runner.apply_retention()
        after = stats(*period)
        again = runner.apply_retention()

    assert result.anchors == {"person": 1, "stay": 1, "inquiry": 1}
    assert result.rows["referrals.Person"] == 1
    # Idempotent: the second run finds nothing left to do.
    assert sum(again.anchors.values()) == 0 and sum(again.rows.values()) == 0

    # Nothing identifying remains: raw columns, decrypted values, files, logs.
    assert raw_hits(OLD) == []
    assert decrypted_hits(OLD) == []
    assert raw_hits(old_index) == []
    assert file_hits(OLD) == []
    assert_no_markers_in_logs(old_markers[:50])
    person = Person.objects.get(pk=old_person.pk)
    assert person.identity_number is None and person.identity_number_index is None
    assert (person.birth_date.month, person.birth_date.day) == (1, 1)
    assert person.birth_date.year == old_person.birth_date.year
    stay = Stay.objects.get(pk=world["old_stay"].pk)
    assert stay.person_id is None
    assert (stay.gender, stay.birth_year, stay.status) == (
        "female",
        person.birth_date.year,
        "closed",
    )

    # The live resident and the open inquiry are untouched.
    live_values = {value for _where, value in decrypted_values()}
    assert [m for m in live_markers if m not in live_values] == []
    assert Stay.objects.get(pk=world["live_stay"].pk).person_id == world["live_person"].pk

    # Statistics survive, to the last figure.
    assert after == before
    assert before["raw"] != stats(dt.date(1990, 1, 1), dt.date(1990, 12, 31))["raw"]

    # Audited with counts and field names only; the chain still verifies.
    applied = AuditEntry.objects.filter(action="retention.applied").order_by("seq")
    assert applied.count() == 2
    assert "persons=1 stays=1 inquiries=1" in applied[0].purpose
    anonymised = AuditEntry.objects.filter(action__startswith="retention.").exclude(
        action="retention.applied"
    )
    assert sorted(anonymised.values_list("action", flat=True)) == [
        "retention.inquiry.anonymised",
        "retention.person.anonymised",
        "retention.stay.anonymised",
    ]
    assert "referrals.Person.name" in anonymised.get(action="retention.person.anonymised").fields
    assert verify_chain().ok


def test_it_keeps_a_person_whose_other_stay_is_still_running(world, cast, orgs):
    """An ended stay of a person who lives in another offer now: the stay's notes go, the person stays."""
    from referrals.models import Person
    from stays.models import Stay

    old_stay = world["old_stay"]
    # The old stay's resident has a second, current stay.
    second = Stay.objects.get(pk=world["live_stay"].pk)
    Stay.objects.filter(pk=second.pk).update(person=world["old_person"])
    with time_machine.travel(moment(world["built_on"] + dt.timedelta(days=1826)), tick=False):
        result = runner.apply_retention()
    assert result.anchors["person"] == 0 and result.anchors["stay"] == 1
    person = Person.objects.get(pk=world["old_person"].pk)
    assert person.name.startswith(OLD)
    assert Stay.objects.get(pk=old_stay.pk).housing_plan == ""


def test_it_empties_a_stays_many_contact_entries_in_one_statement(cast, orgs):
    from django.test.utils import CaptureQueriesContext

    from followup import models as fm

    stay = build_case(cast, orgs, close=True)
    for day in range(40):
        fm.Contact.objects.create(
            stay=stay,
            contact_on=stay.moved_in_on,
            minutes=30 + day,
            form="phone",
            with_whom="resident",
            note=f"samtale {day}",
            recorded_by=cast["followup_worker_a"],
        )
    later = moment(dates.today() + dt.timedelta(days=1835))
    with time_machine.travel(later, tick=False), CaptureQueriesContext(connection) as queries:
        result = runner.apply_retention()
    assert result.rows["followup.Contact"] == 40  # the case's own contact has no note
    contact_updates = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "followup_contact"')
    ]
    assert len(contact_updates) == 1
    assert {c.note for c in fm.Contact.objects.filter(stay=stay)} == {""}
