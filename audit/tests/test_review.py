"""The automatic audit review flags the seeded patterns and nothing ordinary (SECURITY.md 24)."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import Organisation, Role
from audit import review as audit_review
from audit.models import AuditEntry
from audit.services import record, record_read
from core.dates import OSLO

# Monday 3 to Sunday 9 March 2025: no Norwegian public holiday.
MONDAY = dt.date(2025, 3, 3)
SUNDAY = dt.date(2025, 3, 9)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=OSLO)


def on(day: dt.date, hour: int, minute: int = 0) -> Any:
    return time_machine.travel(at(day, hour, minute), tick=False)


@pytest.fixture
def thing_resolver(orgs: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A domain app's resolver: object 42 of `tests.Thing` belongs to municipality A."""
    municipality_a = orgs["municipality_a"]

    def resolve(ids: list[str]) -> dict[str, frozenset[int]]:
        return {i: frozenset({municipality_a.pk}) for i in ids if i == "42"}

    monkeypatch.setitem(audit_review.RESOLVERS, "tests.Thing", resolve)


@pytest.fixture
def seeded(cast: dict[str, Any], orgs: dict[str, Any], thing_resolver: None) -> dict[str, Any]:
    bob, berit = cast["project_lead_a"], cast["followup_worker_a"]
    charlie, alice = cast["followup_worker_b"], cast["coordinator"]
    thing: dict[str, Any] = {"object_type": "tests.Thing", "object_id": "42", "fields": ["name"]}
    seeds: dict[str, Any] = {}
    with on(MONDAY + dt.timedelta(days=1), 10):
        seeds["ordinary"] = [
            record(actor=bob, action="tests.thing.viewed", **thing),
            record(actor=berit, action="tests.thing.viewed", **thing),
            record(actor=alice, action="tests.thing.viewed", **thing),  # national role
            record(
                actor=bob,
                action="accounts.organisation.viewed",
                obj=orgs["municipality_a"],
            ),
        ]
    with on(MONDAY + dt.timedelta(days=1), 2, 30):
        seeds["night"] = record(actor=bob, action="tests.thing.viewed", **thing)
    with on(MONDAY + dt.timedelta(days=1), 18, 0):
        seeds["evening"] = record(actor=bob, action="tests.thing.viewed", **thing)
    with on(SUNDAY - dt.timedelta(days=1), 11):
        seeds["weekend"] = record(actor=bob, action="tests.thing.viewed", **thing)
    with on(MONDAY + dt.timedelta(days=2), 10):
        seeds["other_municipality"] = record(actor=charlie, action="tests.thing.viewed", **thing)
        seeds["other_organisation"] = record(
            actor=charlie, action="accounts.organisation.viewed", obj=orgs["municipality_a"]
        )
    with on(MONDAY + dt.timedelta(days=2), 11):
        seeds["break_glass"] = record(
            actor=berit,
            action="access.break_glass.opened",
            object_type="tests.Thing",
            object_id="42",
            purpose="alarm utløst",
        )
    return seeds


@pytest.fixture
def volume(cast: dict[str, Any], orgs: dict[str, Any]) -> Any:
    """Lars reads 20 a day on 16 of the 30 days before (median 20, threshold 60)."""
    lars = cast["local_police_a"]
    obj = orgs["municipality_a"]

    def reads(day: dt.date, n: int) -> None:
        with on(day, 12):
            record_read(
                actor=lars,
                objects=[obj] * n,
                action="tests.thing.listed",
                fields=["name"],
                purpose="x",
            )

    for back in range(1, 17):
        reads(MONDAY - dt.timedelta(days=back), 20)
    reads(MONDAY + dt.timedelta(days=2), 70)  # a spike: flagged
    reads(MONDAY + dt.timedelta(days=3), 55)  # above the floor, below 3 × median: not flagged
    return lars


def seqs(findings: list[audit_review.Finding]) -> set[int | None]:
    return {f.seq for f in findings}


def test_it_flags_every_seeded_pattern(seeded, volume):
    result = audit_review.review(MONDAY, SUNDAY)

    assert seqs(result.of_kind("out_of_hours")) == {
        seeded["night"].seq,
        seeded["evening"].seq,
        seeded["weekend"].seq,
    }
    assert seqs(result.of_kind("outside_organisation")) == {
        seeded["other_municipality"].seq,
        seeded["other_organisation"].seq,
    }
    assert seqs(result.of_kind("break_glass")) == {seeded["break_glass"].seq}
    spikes = result.of_kind("volume")
    assert [(f.actor_username, f.at and f.at.date(), f.count, f.threshold) for f in spikes] == [
        ("lars", MONDAY + dt.timedelta(days=2), 70, 60)
    ]
    assert result.counts == {
        "out_of_hours": 3,
        "outside_organisation": 2,
        "break_glass": 1,
        "volume": 1,
    }


def test_it_does_not_flag_ordinary_daytime_access_in_own_organisation(seeded):
    result = audit_review.review(MONDAY, SUNDAY)
    ordinary = {e.seq for e in seeded["ordinary"]}
    assert ordinary & seqs(result.findings) == set()
    assert result.entries_scanned == AuditEntry.objects.count()


def test_it_keeps_to_the_period(seeded):
    result = audit_review.review(MONDAY + dt.timedelta(days=3), MONDAY + dt.timedelta(days=4))
    assert result.entries_scanned == 0
    assert result.findings == []


def test_it_finds_no_personal_data_in_a_finding(seeded):
    result = audit_review.review(MONDAY, SUNDAY)
    text = audit_review.as_text(result) + json.dumps(result.as_dict())
    assert "alarm utløst" not in text  # purposes are not part of a finding
    assert set(result.findings[0].as_dict()) == {
        "kind",
        "at",
        "actor_username",
        "action",
        "object_type",
        "object_id",
        "seq",
        "count",
        "threshold",
    }


@pytest.mark.parametrize(
    ("moment", "flagged"),
    [
        (at(MONDAY, 7, 0), False),
        (at(MONDAY, 6, 59), True),
        (at(MONDAY, 17, 59), False),
        (at(MONDAY, 18, 0), True),
        (at(dt.date(2025, 5, 1), 10), True),  # Labour Day, a Thursday
        (at(dt.date(2025, 4, 17), 10), True),  # Maundy Thursday
        (at(SUNDAY, 12), True),
    ],
)
def test_it_knows_working_hours_in_oslo(moment, flagged):
    assert audit_review.is_out_of_hours(moment) is flagged
    assert audit_review.is_out_of_hours(moment.astimezone(dt.UTC)) is flagged


def test_it_computes_the_volume_threshold():
    assert audit_review.volume_threshold([]) == 50
    assert audit_review.volume_threshold([0] * 30) == 50
    assert audit_review.volume_threshold([20] * 16 + [0] * 14) == 60
    assert audit_review.volume_threshold([100] * 30) == 300


def test_it_resolves_objects_through_a_registered_path(orgs, monkeypatch):
    monkeypatch.setattr(audit_review, "RESOLVERS", dict(audit_review.RESOLVERS))
    # Here an organisation "belongs" to its police district, as a dwelling
    # belongs to its offer's municipality.
    resolver = audit_review.register_path_resolver("accounts.Organisation", "police_district")
    assert audit_review.RESOLVERS["accounts.Organisation"] is resolver
    owners = resolver([str(orgs["police_a"].pk), str(orgs["municipality_a"].pk), "x", "999999"])
    assert owners == {
        str(orgs["police_a"].pk): frozenset(),
        str(orgs["municipality_a"].pk): frozenset({orgs["police_a"].pk}),
    }


def test_it_treats_the_police_district_as_part_of_the_municipality(cast, orgs):
    with on(MONDAY, 10):
        entry = record(
            actor=cast["local_police_a"],
            action="accounts.organisation.viewed",
            obj=orgs["municipality_a"],
        )
        foreign = record(
            actor=cast["local_police_a"],
            action="accounts.organisation.viewed",
            obj=orgs["municipality_b"],
        )
    flagged = seqs(audit_review.review(MONDAY, MONDAY).of_kind("outside_organisation"))
    assert entry.seq not in flagged
    assert foreign.seq in flagged


# --- the page ----------------------------------------------------------------


def test_it_shows_the_review_to_the_team_lead_and_audits_it(seeded, cast, client_for):
    client = client_for(cast["coordinator"])  # signing in is audited too
    before = AuditEntry.objects.count()
    response = client.get(
        "/revisjon/gjennomgang/", {"start": MONDAY.isoformat(), "end": SUNDAY.isoformat()}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-kind="out_of_hours">3<' in body
    assert 'data-kind="outside_organisation">2<' in body
    assert 'data-kind="break_glass">1<' in body
    assert "access.break_glass.opened" in body
    assert "alarm utløst" not in body
    viewed = AuditEntry.objects.order_by("-seq")[0]
    assert AuditEntry.objects.count() == before + 1
    assert viewed.action == "audit.review.viewed"
    assert viewed.actor_username == "alice"
    assert viewed.object_id == f"{MONDAY.isoformat()}..{SUNDAY.isoformat()}"


def test_it_pages_the_findings_of_a_busy_week_fifty_at_a_time(cast, client_for):
    bob = cast["project_lead_a"]
    night = []
    for minute in range(53):
        with on(MONDAY + dt.timedelta(days=1), 2, minute):
            # A write, not a read: 53 reads in a day would be a volume finding too.
            entry = record(
                actor=bob, action="tests.thing.changed", object_type="tests.Thing", object_id="7"
            )
            night.append(entry.seq)
    client = client_for(cast["coordinator"])
    period = {"start": MONDAY.isoformat(), "end": SUNDAY.isoformat()}

    first = client.get("/revisjon/gjennomgang/", period).content.decode()
    assert 'data-kind="out_of_hours">53<' in first  # the count covers every finding
    shown = [seq for seq in night if f"<td>{seq}</td>" in first]
    assert shown == night[:50]
    assert "type=out_of_hours&amp;side=2#funn-out_of_hours" in first

    second = client.get(
        "/revisjon/gjennomgang/", {**period, "type": "out_of_hours", "side": "2"}
    ).content.decode()
    assert [seq for seq in night if f"<td>{seq}</td>" in second] == night[50:]
    assert 'data-kind="out_of_hours">53<' in second
    # A page number that is no number shows the first page.
    odd = client.get("/revisjon/gjennomgang/", {**period, "type": "out_of_hours", "side": "x"})
    assert [seq for seq in night if f"<td>{seq}</td>" in odd.content.decode()] == night[:50]
    assert AuditEntry.objects.filter(action="audit.review.viewed").count() == 3


def test_it_shows_the_last_week_by_default(cast, client_for):
    response = client_for(cast["coordinator"]).get("/revisjon/gjennomgang/")
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="audit.review.viewed").count() == 1


def test_it_refuses_a_bad_period_without_auditing(cast, client_for):
    client = client_for(cast["coordinator"])
    response = client.get("/revisjon/gjennomgang/", {"start": "2025-03-09", "end": "2025-03-01"})
    assert response.status_code == 200
    assert "Sluttdatoen kan ikke være før startdatoen." in response.content.decode()
    response = client.get("/revisjon/gjennomgang/", {"start": "2024-01-01", "end": "2025-01-01"})
    assert "Velg en periode på høyst 92 dager." in response.content.decode()
    assert not AuditEntry.objects.filter(action="audit.review.viewed").exists()


@pytest.mark.parametrize(
    "who",
    [
        "police_representative",
        "directorate_representative",
        "project_lead_a",
        "local_police_a",
        "analyst",
        "sysadmin",
    ],
)
def test_it_hides_the_review_from_everyone_but_the_lead(cast, client_for, who):
    response = client_for(cast[who]).get("/revisjon/gjennomgang/")
    assert response.status_code == 404


def test_it_hides_the_review_from_a_coordinator_who_is_not_lead(orgs, member, client_for):
    from access import policy

    plain = member(Role.COORDINATOR, orgs["team"], "cora")
    assert not policy.has_perm(plain, policy.Perm.REVIEW_AUDIT)
    assert client_for(plain).get("/revisjon/gjennomgang/").status_code == 404


def test_it_does_not_grant_the_review_to_a_lead_outside_the_coordinator_role(orgs, member):
    from access import policy

    lead_elsewhere = member(Role.PROJECT_LEAD, orgs["municipality_a"], "pia", is_lead=True)
    assert not policy.has_perm(lead_elsewhere, policy.Perm.REVIEW_AUDIT)


# --- the command -------------------------------------------------------------


def test_it_prints_the_review_as_json_and_text(seeded, volume):
    out = StringIO()
    call_command("audit_review", "--from", "2025-03-03", "--to", "2025-03-09", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["counts"] == {
        "out_of_hours": 3,
        "outside_organisation": 2,
        "break_glass": 1,
        "volume": 1,
    }
    assert {f["seq"] for f in data["findings"] if f["kind"] == "break_glass"} == {
        seeded["break_glass"].seq
    }
    out = StringIO()
    call_command("audit_review", "--from", "2025-03-03", "--to", "2025-03-09", stdout=out)
    text = out.getvalue()
    assert "break_glass=1" in text
    assert "reads=70>60" in text
    assert AuditEntry.objects.filter(action="audit.review.generated").count() == 2


def test_it_exits_non_zero_on_findings_when_asked(seeded):
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "audit_review",
            "--from",
            "2025-03-03",
            "--to",
            "2025-03-09",
            "--fail-on-findings",
            stdout=StringIO(),
        )
    assert exit_info.value.code == 2
    call_command(
        "audit_review",
        "--from",
        "2025-04-01",
        "--to",
        "2025-04-01",
        "--fail-on-findings",
        stdout=StringIO(),
    )


def test_it_refuses_malformed_dates(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("audit_review", "--from", "03.03.2025", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command(
            "audit_review", "--from", "2025-03-09", "--to", "2025-03-01", stdout=StringIO()
        )


def test_it_knows_unrelated_organisations_resolve(orgs):
    owners = audit_review.RESOLVERS["accounts.Organisation"]([str(orgs["municipality_b"].pk)])
    assert owners == {
        str(orgs["municipality_b"].pk): frozenset({orgs["municipality_b"].pk, orgs["police_b"].pk})
    }
    assert Organisation.objects.count() == 7


def test_it_flags_a_dwelling_read_from_another_municipality(cast, orgs):
    from tests.factories import DwellingFactory, OfferFactory

    assert "housing.Dwelling" in audit_review.RESOLVERS
    dwelling: Any = DwellingFactory(offer=OfferFactory(municipality=orgs["municipality_a"]))
    with on(MONDAY, 10):
        own = record(
            actor=cast["followup_worker_a"], action="housing.dwelling.address_viewed", obj=dwelling
        )
        police = record(
            actor=cast["local_police_a"], action="housing.dwelling.address_viewed", obj=dwelling
        )
        foreign = record(
            actor=cast["followup_worker_b"], action="housing.dwelling.address_viewed", obj=dwelling
        )
    flagged = seqs(audit_review.review(MONDAY, MONDAY).of_kind("outside_organisation"))
    assert flagged == {foreign.seq}
    assert {own.seq, police.seq} & flagged == set()


# --- every registered owner is judged (core/ownership.py) ------------------------------------


def _flagged(day: dt.date = MONDAY) -> set[int | None]:
    return seqs(audit_review.review(day, day).of_kind("outside_organisation"))


def test_it_judges_every_model_of_the_ownership_registry():
    from core import ownership

    judged = {
        label
        for label, owner in ownership.OWNERSHIP.items()
        if owner.municipality_path is not None or owner.allocations is not None
    }
    assert judged <= set(audit_review.RESOLVERS)
    for label in (
        "stays.Stay",
        "stays.HouseholdMember",
        "referrals.Assessment",
        "referrals.ThreatAssessment",
        "referrals.Person",
        "reporting.MilestoneReport",
        "followup.ConversationItem",
        "followup.PlanAction",
    ):
        assert label in audit_review.RESOLVERS, label


def test_it_flags_a_stay_read_from_another_municipality(cast, orgs):
    from reporting.models import MilestoneReport
    from stays.models import Stay
    from tests.factories import OfferFactory

    stay = Stay.objects.create(
        offer=OfferFactory.create(municipality=orgs["municipality_a"]),
        allocated_on=MONDAY - dt.timedelta(days=30),
        gender="female",
        is_synthetic=True,
    )
    report = MilestoneReport.objects.create(
        stay=stay,
        kind="three_months",
        due_on=MONDAY,
        status_text="Går bra",
        housing_plan="Søker bolig",
        place_vacant=False,
        submitted_by=cast["project_lead_a"],
        submitted_on=MONDAY,
        is_synthetic=True,
    )
    with on(MONDAY, 10):
        own = record(actor=cast["followup_worker_a"], action="stays.resident.viewed", obj=stay)
        police = record(actor=cast["local_police_a"], action="stays.security.viewed", obj=stay)
        foreign = record(actor=cast["followup_worker_b"], action="stays.resident.viewed", obj=stay)
        foreign_report = record(
            actor=cast["followup_worker_b"], action="reporting.milestone_report.viewed", obj=report
        )
        national = record(
            actor=cast["directorate_representative"],
            action="reporting.milestone_report.viewed",
            obj=report,
        )
    flagged = _flagged()
    assert {foreign.seq, foreign_report.seq} <= flagged
    assert {own.seq, police.seq, national.seq} & flagged == set()


def test_it_gives_an_intake_object_to_the_team_until_it_is_proposed(cast, orgs):
    from referrals import services
    from referrals.models import Consent
    from tests import factories as f

    coordinator = cast["coordinator"]
    assessment: Any = f.AssessmentFactory.create(assessed_by_user=coordinator)
    with on(MONDAY, 10):
        before = record(
            actor=cast["followup_worker_a"], action="referrals.assessment.viewed", obj=assessment
        )
        team = record(actor=coordinator, action="referrals.assessment.viewed", obj=assessment)
    # Before any proposal the assessment is the competence team's alone.
    assert before.seq in _flagged()
    assert team.seq not in _flagged()

    with on(MONDAY, 10, 30):
        f.ConsentFactory.create(
            person=assessment.person,
            recorded_by=coordinator,
            purpose=Consent.Purpose.RECEIVING_OFFER,
            recipient_kind=Consent.RecipientKind.MUNICIPALITY,
            recipient_organisation=orgs["municipality_a"],
        )
        f.ConsentFactory.create(person=assessment.person, recorded_by=coordinator)
        threat = f.ThreatAssessmentFactory.create(assessment=assessment, written_by=coordinator)
        services.allocation_propose(
            assessment=assessment,
            place=f.cleared_place(municipality=orgs["municipality_a"], by=coordinator),
            expected_arrival_on=MONDAY + dt.timedelta(days=3),
            by=coordinator,
        )
    with on(MONDAY, 11):
        offer = record(
            actor=cast["followup_worker_a"], action="referrals.package.viewed", obj=assessment
        )
        police = record(
            actor=cast["local_police_a"], action="referrals.threat_assessment.viewed", obj=threat
        )
        person = record(
            actor=cast["project_lead_a"], action="referrals.person.listed", obj=assessment.person
        )
        other = record(
            actor=cast["followup_worker_b"], action="referrals.assessment.viewed", obj=assessment
        )
    flagged = _flagged()
    # Once proposed to A's offer, it also belongs to A and its police district.
    assert {offer.seq, police.seq, person.seq} & flagged == set()
    assert other.seq in flagged


def test_it_counts_reads_by_the_registry_not_by_the_last_word(cast, orgs):
    # housing.dwelling.address_viewed is a read; reporting.milestone_report.read
    # (marking a report as read) is not.
    assert audit_review.is_read("housing.dwelling.address_viewed")
    assert audit_review.is_read("stays.timetable.printed")
    assert not audit_review.is_read("reporting.milestone_report.read")
    assert not audit_review.is_read("access.break_glass.opened")
    with on(MONDAY, 12):
        record(
            actor=cast["local_police_a"],
            action="housing.dwelling.address_viewed",
            obj=orgs["municipality_a"],
        )
    assert audit_review.daily_reads(MONDAY, MONDAY) == {("lars", MONDAY): 1}
