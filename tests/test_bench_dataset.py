"""The page benchmark's dataset builder, at a tiny size: what it writes must be a consistent history.

PostgreSQL only: the audit chain is written with COPY. The expected counts
are worked out by hand from the sizes asked for, not read from the builder.
"""

from __future__ import annotations

import pytest
from django.db import connection

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
    from followup.models import Contact
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


def test_it_marks_everything_synthetic(built):
    from followup.models import Contact, ContactTheme
    from referrals.models import Person
    from reporting.models import MilestoneReport
    from stays.models import Stay

    for model in (Stay, Person, Contact, ContactTheme, MilestoneReport):
        assert model.objects.exists(), model
        assert not model.objects.filter(is_synthetic=False).exists(), model
