import itertools

import pytest
from django.db import transaction

from accounts.models import Role
from audit.hashing import entry_hash
from audit.models import AppendOnlyError, AuditEntry, AuditHead
from audit.selectors import access_log_for_object
from audit.services import record, record_read
from audit.verify import verify_chain


def test_it_chains_entries_that_verify(chain):
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(chain))
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (5, chain[-1].hash)
    result = verify_chain()
    assert result.ok
    assert result.checked == 5


def test_it_records_roles_and_organisations(cast, orgs, member):
    berit = cast["followup_worker_a"]
    member(Role.FOLLOWUP_WORKER, orgs["municipality_b"], "berit-b")
    entry = record(actor=berit, action="housing.dwelling.address_viewed", fields=["address"])
    entry.refresh_from_db()
    assert entry.actor_id == berit.pk
    assert entry.actor_username == "berit"
    assert entry.roles == "followup_worker"
    assert entry.organisations == "Kommune A"

    alice = cast["coordinator"]
    entry = record(actor=alice, action="referrals.assessment.viewed")
    assert (entry.roles, entry.organisations) == ("coordinator", "Kompetanseteamet")


def test_it_stores_field_names_not_values(cast):
    entry = record(
        actor=cast["coordinator"],
        action="housing.dwelling.capacity_changed",
        fields=["address", "postcode", "address"],
    )
    entry.refresh_from_db()
    assert entry.fields == ["address", "postcode"]

    for value in (["Storgata 1"], ["12345678901"], ["0150 Oslo"], ["a@b.no"]):
        with pytest.raises(ValueError):
            record(
                actor=cast["coordinator"], action="housing.dwelling.capacity_changed", fields=value
            )
    with pytest.raises(TypeError):
        record(
            actor=cast["coordinator"], action="housing.dwelling.capacity_changed", fields="address"
        )
    assert AuditEntry.objects.count() == 1


def test_it_leaves_no_row_when_the_action_rolls_back(cast):
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=cast["coordinator"], action="stays.stay.moved_in", object_id="1")
        raise RuntimeError("the action failed after auditing")

    assert AuditEntry.objects.count() == 0
    assert AuditHead.objects.get(pk=1).seq == 0
    # The chain continues from where it was, with no gap.
    assert record(actor=cast["coordinator"], action="stays.stay.moved_in").seq == 1
    assert verify_chain().ok


def test_it_takes_type_and_id_from_the_object(cast):
    bob = cast["project_lead_a"]
    entry = record(actor=cast["sysadmin"], action="accounts.membership.granted", obj=bob)
    assert (entry.object_type, entry.object_id) == ("accounts.User", str(bob.pk))


def test_it_records_the_ip_from_the_request(cast, rf):
    request = rf.get("/", REMOTE_ADDR="2001:DB8:0:0::1")
    entry = record(actor=cast["coordinator"], action="accounts.user.logged_in", request=request)
    entry.refresh_from_db()
    assert entry.ip == "2001:db8::1"
    assert entry_hash(entry) == entry.hash

    junk = rf.get("/", REMOTE_ADDR="not an address")
    assert record(actor=None, action="accounts.user.logged_in", request=junk).ip is None
    assert verify_chain().ok


def test_it_hashes_identically_after_the_database_round_trip(chain):
    for entry in AuditEntry.objects.order_by("seq"):
        assert entry_hash(entry) == entry.hash


def test_it_writes_one_row_per_object_shown(cast):
    people = [cast["project_lead_a"], cast["followup_worker_a"], cast["followup_worker_b"]]
    entries = record_read(
        actor=cast["coordinator"],
        objects=people,
        action="referrals.person.listed",
        fields=["username"],
        purpose="oversikt",
    )
    assert [e.object_id for e in entries] == [str(p.pk) for p in people]
    assert [e.seq for e in entries] == [1, 2, 3]
    assert AuditHead.objects.get(pk=1).seq == 3
    assert record_read(actor=None, objects=[], action="a.b", fields=[], purpose="") == []
    assert verify_chain().ok


def test_it_rejects_an_action_that_is_not_a_dotted_code(cast):
    for action in ("viewed", "Stays.Address.Viewed", "stays address viewed", ""):
        with pytest.raises(ValueError):
            record(actor=cast["coordinator"], action=action)


def test_it_refuses_an_action_code_that_is_not_registered(cast):
    # A dotted code, but not one of audit/actions.py: refused, and nothing written.
    with pytest.raises(ValueError, match="not registered"):
        record(actor=cast["coordinator"], action="stays.resident.peeked")
    with pytest.raises(ValueError, match="not registered"):
        record_read(
            actor=cast["coordinator"],
            objects=[cast["analyst"]],
            action="stays.resident.peeked",
            fields=["name"],
            purpose="oversikt",
        )
    assert AuditEntry.objects.count() == 0


def test_it_refuses_to_change_entries_through_the_orm(chain):
    entry = AuditEntry.objects.get(seq=2)
    entry.purpose = "endret"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(seq=2).update(purpose="endret")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_create([AuditEntry(seq=99, action="a.b")])
    assert verify_chain().ok


def test_it_keeps_entries_when_the_actor_is_deleted(cast, chain):
    bob = cast["project_lead_a"]
    bob_id = bob.pk
    bob.delete()
    assert AuditEntry.objects.filter(actor_id=bob_id, actor_username="bob").count() == 2
    assert verify_chain().ok


def test_it_finds_the_access_log_for_an_object(chain):
    entries = list(access_log_for_object(object_type="housing.Dwelling", object_id=7))
    assert [e.seq for e in entries] == [2]
    assert entries[0].actor_username == "bob"
    assert list(access_log_for_object(object_type="housing.Dwelling", object_id="8")) == []
