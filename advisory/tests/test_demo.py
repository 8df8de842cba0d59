"""The demo advisory work: a few dozen synthetic contacts, some became inquiries, courses; once."""

from __future__ import annotations

from django.test import override_settings

from advisory.demo import CONTACTS, COURSES, TURNED_INTO_INQUIRIES, load_advisory
from advisory.models import AdvisoryContact, Course
from referrals.models import Inquiry


@override_settings(DEMO_MODE=True)
def test_it_loads_the_advisory_work_once_and_marks_it_synthetic(db):
    from oversight.demo import load_organisations_and_users

    load_organisations_and_users()
    load_advisory()
    load_advisory()
    contacts = AdvisoryContact.objects.all()
    assert contacts.count() == CONTACTS
    assert contacts.filter(inquiry__isnull=False).count() == TURNED_INTO_INQUIRIES
    assert Course.objects.count() == len(COURSES)
    assert not contacts.filter(is_synthetic=False).exists()
    assert not Course.objects.filter(is_synthetic=False).exists()
    assert Inquiry.objects.filter(is_synthetic=True).count() == TURNED_INTO_INQUIRIES
    # Anonymous but for the one who consented; every contact has a topic.
    assert contacts.filter(name__isnull=False).count() == 1
    assert len({c.contact_on.year for c in contacts}) >= 3
