import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditEntry
from core import dates
from referrals import services
from referrals.models import Consent, Disclosure
from tests import factories as f

TODAY = dates.today


def record(person, by, **extra):
    args = {
        "person": person,
        "purpose": "police",
        "recipient_kind": "police_district",
        "recipient_organisation": None,
        "given_on": TODAY(),
        "method": "written",
        "by": by,
    }
    args.update(extra)
    return services.consent_record(**args)


def test_it_records_consent_per_purpose_and_recipient(cast, orgs):
    person = f.PersonFactory.create()
    consent = record(person, cast["coordinator"], recipient_organisation=orgs["police_a"])
    assert consent.recorded_by == cast["coordinator"]
    assert AuditEntry.objects.filter(action="referrals.consent.recorded").count() == 1


def test_it_refuses_a_recipient_that_does_not_fit_the_purpose(cast, orgs):
    person = f.PersonFactory.create()
    with pytest.raises(ValidationError):
        record(person, cast["coordinator"], recipient_organisation=orgs["municipality_a"])
    with pytest.raises(ValidationError):
        record(person, cast["coordinator"], purpose="offer", recipient_kind="team_police")
    assert not Consent.objects.exists()


def test_it_shares_with_police_under_a_valid_consent(cast, orgs):
    assessment = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    record(
        assessment.person,
        cast["coordinator"],
        recipient_organisation=orgs["police_a"],
        given_on=TODAY() - dt.timedelta(days=2),
    )
    disclosure = services.share_with_police(
        assessment=assessment,
        recipient_kind="police_district",
        police_district=orgs["police_a"],
        shared_on=TODAY(),
        by=cast["coordinator"],
    )
    assert disclosure.consent.recipient_organisation == orgs["police_a"]
    assert AuditEntry.objects.filter(action="referrals.sharing.shared").count() == 1


def test_it_refuses_and_audits_sharing_with_another_recipient(cast, orgs):
    assessment = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    record(assessment.person, cast["coordinator"], recipient_organisation=orgs["police_a"])
    with pytest.raises(services.SharingRefused):
        services.share_with_police(
            assessment=assessment,
            recipient_kind="police_district",
            police_district=orgs["police_b"],
            shared_on=TODAY(),
            by=cast["coordinator"],
        )
    assert not Disclosure.objects.exists()
    refused = AuditEntry.objects.get(action="referrals.sharing.refused")
    assert refused.roles == "coordinator"


def test_it_refuses_consent_given_after_the_sharing(cast, orgs):
    assessment = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    record(assessment.person, cast["coordinator"], recipient_kind="team_police")
    with pytest.raises(services.SharingRefused) as err:
        services.share_with_police(
            assessment=assessment,
            recipient_kind="team_police",
            police_district=None,
            shared_on=TODAY() - dt.timedelta(days=3),
            by=cast["coordinator"],
        )
    assert err.value.messages == [services.CONSENT_AFTER_SHARING]
    assert AuditEntry.objects.filter(action="referrals.sharing.refused").count() == 1


def test_it_refuses_after_withdrawal_and_expiry(cast, orgs):
    assessment = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    consent = record(
        assessment.person,
        cast["coordinator"],
        recipient_kind="team_police",
        given_on=TODAY() - dt.timedelta(days=10),
        expires_on=TODAY() - dt.timedelta(days=5),
    )
    with pytest.raises(services.SharingRefused):
        services.share_with_police(
            assessment=assessment,
            recipient_kind="team_police",
            police_district=None,
            shared_on=TODAY(),
            by=cast["coordinator"],
        )
    services.share_with_police(
        assessment=assessment,
        recipient_kind="team_police",
        police_district=None,
        shared_on=TODAY() - dt.timedelta(days=6),
        by=cast["coordinator"],
    )
    services.consent_withdraw(
        consent=consent,
        withdrawn_on=TODAY() - dt.timedelta(days=7),
        reason="",
        by=cast["coordinator"],
    )
    with pytest.raises(services.SharingRefused):
        services.share_with_police(
            assessment=assessment,
            recipient_kind="team_police",
            police_district=None,
            shared_on=TODAY() - dt.timedelta(days=6),
            by=cast["coordinator"],
        )


def test_it_refuses_a_consent_dated_in_the_future(cast):
    with pytest.raises(ValidationError) as err:
        record(
            f.PersonFactory.create(),
            cast["coordinator"],
            recipient_kind="team_police",
            given_on=TODAY() + dt.timedelta(days=1),
        )
    assert "given_on" in err.value.message_dict


def test_it_refuses_the_package_without_consent_b_and_audits(proposed, cast):
    from referrals import selectors

    Consent.objects.filter(purpose="offer").update(withdrawn_on=TODAY())
    with pytest.raises(services.SharingRefused):
        selectors.information_package(allocation=proposed, fetched_by=cast["project_lead_a"])
    assert AuditEntry.objects.filter(action="referrals.sharing.refused").count() == 1
    assert not AuditEntry.objects.filter(action="referrals.package.viewed").exists()


def test_it_audits_reading_the_package(proposed, cast):
    from referrals import selectors

    package = selectors.information_package(allocation=proposed, fetched_by=cast["project_lead_a"])
    assert package.threat is not None
    entry = AuditEntry.objects.get(action="referrals.package.viewed")
    assert entry.roles == "project_lead"


def test_it_rolls_back_the_audit_row_with_the_caller(cast, orgs):
    assessment = f.AssessmentFactory.create(assessed_by_user=cast["coordinator"])
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(assessment.person, cast["coordinator"], recipient_kind="team_police")
        raise RuntimeError
    assert AuditEntry.objects.count() == before
    assert not Consent.objects.exists()
