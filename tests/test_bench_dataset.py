"""The page benchmark's dataset builder, at a tiny size: what it writes must be a consistent history.

PostgreSQL only: contacts, their themes and the audit chain are written with
COPY, their indexes and foreign keys set aside meanwhile. The expected counts
are worked out by hand from the sizes asked for, not read from the builder.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# 10 stays (10 / 1,500 of the national service) on 2 places of one host,
# 5 contacts and 20 audit entries per stay.
FACTOR = 10 / 1500


@pytest.fixture
def built():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (the audit chain is written with COPY)")
    from bench.pagebench.dataset import Size, build

    return build(Size(FACTOR, contacts_per_stay=5, audit_per_stay=20))


def test_it_builds_the_counts_asked_for(built):
    from django.db.models import Count

    from followup.models import Contact, ContactTheme
    from housing.models import Place
    from referrals.models import Allocation, Assessment, Inquiry, Person
    from stays.models import Stay

    assert Stay.objects.count() == 10
    assert Person.objects.count() == 10
    assert Inquiry.objects.count() == 10
    assert Assessment.objects.count() == 10
    assert Allocation.objects.filter(status="accepted", booking__isnull=False).count() == 10
    assert Place.objects.count() == 2
    assert Contact.objects.count() == 50
    # Five per stay, each with one or two themes.
    per_stay = Contact.objects.values("stay").annotate(n=Count("pk")).values_list("n", flat=True)
    assert sorted(per_stay) == [5] * 10
    themes = Contact.objects.annotate(n=Count("themes")).values_list("n", flat=True)
    assert set(themes) <= {1, 2}
    assert 50 <= ContactTheme.objects.count() <= 100
    # The newest stay on each of the two places is still living; the rest is history.
    assert Stay.objects.filter(status="living").count() == 2
    assert Stay.objects.filter(moved_out_on__isnull=False).count() == 8


def test_it_writes_an_audit_chain_that_verifies(built):
    from audit.models import AuditEntry, AuditHead
    from audit.verify import verify_chain

    result = verify_chain()
    assert result.ok, result.problem
    assert AuditEntry.objects.count() == 200
    assert result.checked == 200
    assert AuditHead.objects.get(pk=1).seq == 200
    call_command("verify_audit", stdout=io.StringIO())


def test_it_writes_each_stays_entries_in_time_order(built):
    from audit.models import AuditEntry
    from stays.models import Stay

    times = list(AuditEntry.objects.order_by("seq").values_list("at", flat=True))
    assert times == sorted(times)
    # Per stay 20 entries: 5 of its intake and arrival, one per contact (5), 10 reads.
    for stay in Stay.objects.all():
        entries = AuditEntry.objects.filter(object_id=str(stay.pk))
        assert entries.count() == 20
        assert entries.filter(action="followup.contact.created").count() == 5
        assert entries.filter(action="stays.stay.moved_in").count() == 1
        first = entries.order_by("seq").first()
        assert first is not None and first.action == "referrals.inquiry.created"


def test_it_encrypts_what_the_models_encrypt_and_it_decrypts(built):
    from followup.models import Contact
    from referrals.models import Person

    assert sorted(Person.objects.values_list("name", flat=True))[0] == "Syntetisk Person 0"
    contact = Contact.objects.first()
    assert contact is not None
    assert contact.note.startswith("Syntetisk")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM referrals_person LIMIT 1")
        stored = cursor.fetchone()[0]
    assert "Syntetisk" not in stored
    # Every contact's note decrypts through the model field, none is stored as text.
    notes = set(Contact.objects.values_list("note", flat=True))
    assert notes and all(note.startswith("Syntetisk") for note in notes)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM followup_contact WHERE note LIKE '%Syntetisk%'")
        assert cursor.fetchone()[0] == 0


def test_it_puts_back_the_indexes_and_constraints_it_set_aside(built):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN "
            "('followup_contact', 'followup_contacttheme', 'audit_auditentry')"
        )
        indexes = {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype IN ('u', 'f') AND conrelid IN "
            "('followup_contact'::regclass, 'followup_contacttheme'::regclass, "
            "'audit_auditentry'::regclass)"
        )
        constraints = {name for (name,) in cursor.fetchall()}
    assert {
        "followup_co_stay_id_eb257e_idx",
        "followup_contact_stay_id_cfd2d40e",
        "followup_contact_recorded_by_id_bceaf499",
        "contact_theme_once",
        "followup_contacttheme_contact_id_23f42c20",
        "audit_auditentry_seq_key",
        "audit_entry_object_idx",
        "audit_entry_actor_at_idx",
        "audit_entry_at_idx",
    } <= indexes
    assert {
        "contact_theme_once",
        "audit_auditentry_seq_key",
        "followup_contact_stay_id_cfd2d40e_fk_stays_stay_id",
        "followup_contact_recorded_by_id_bceaf499_fk_accounts_user_id",
        "followup_contactthem_contact_id_23f42c20_fk_followup_",
    } <= constraints


def test_it_refuses_a_second_theme_row_and_a_contact_of_no_stay_afterwards(built):
    from followup.models import Contact, ContactTheme

    contact = Contact.objects.first()
    assert contact is not None
    theme = contact.themes.first()
    assert theme is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactTheme.objects.create(contact=contact, theme=theme.theme, is_synthetic=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        Contact.objects.create(
            stay_id=10**9, contact_on=contact.contact_on, minutes=30, form="phone",
            with_whom="resident", recorded_by=contact.recorded_by, is_synthetic=True,
        )  # fmt: skip


def test_it_leaves_the_contact_ids_to_continue_after_its_own(built):
    from followup.models import Contact

    newest = Contact.objects.order_by("-pk").first()
    assert newest is not None
    added = Contact.objects.create(
        stay=newest.stay, contact_on=newest.contact_on, minutes=30, form="phone",
        with_whom="resident", recorded_by=newest.recorded_by, note="Syntetisk ny", is_synthetic=True,
    )  # fmt: skip
    assert added.pk > newest.pk


def test_it_marks_everything_synthetic(built):
    from followup.models import Contact, ContactTheme
    from referrals.models import Person
    from reporting.models import MilestoneReport
    from stays.models import Stay

    for model in (Stay, Person, Contact, ContactTheme, MilestoneReport):
        assert model.objects.exists(), model
        assert not model.objects.filter(is_synthetic=False).exists(), model


def test_it_stops_when_its_fast_hash_is_not_the_audit_hash():
    """The builder's own HMAC must agree with ``audit.hashing``, or the chain would not verify."""
    import datetime as dt

    from audit.hashing import entry_hash
    from audit.models import GENESIS_HASH, AuditEntry
    from bench.pagebench.chain import _check

    stamp = "2010-03-04T09:15:00.000000+00:00"
    line = "\t7\tmt000\tfollowup_worker\tKommune 001\tstays.resident.viewed\tstays.stay\t"
    entry = AuditEntry(
        seq=1, at=dt.datetime(2010, 3, 4, 9, 15, tzinfo=dt.UTC), actor_id=7,
        actor_username="mt000", roles="followup_worker", organisations="Kommune 001",
        action="stays.resident.viewed", object_type="stays.stay", object_id="42", fields=[],
        purpose="", ip="10.0.0.1", prev_hash=GENESIS_HASH,
    )  # fmt: skip
    _check(1, stamp, line, "42", GENESIS_HASH, entry_hash(entry))
    with pytest.raises(RuntimeError, match="differs"):
        _check(1, stamp, line, "42", GENESIS_HASH, "0" * 64)
