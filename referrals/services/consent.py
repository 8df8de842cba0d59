"""Consent per purpose and recipient, and the sharing it allows.

Sharing without a valid consent is refused and the refusal is audited
(``referrals.sharing.refused``). The refusal row is written in its own
atomic block *before* the ValidationError is raised, so it survives as long
as the caller does not roll back its own transaction (views catch the error
and render the form, so the request commits).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actors import Actor
from accounts.models import Organisation
from audit.services import record
from core import dates
from referrals.models import Allocation, Assessment, Consent, Disclosure, Person

CONSENT_AFTER_SHARING = "Samtykket må være gitt før delingen det gjelder."
NO_CONSENT = "Det finnes ikke gyldig samtykke til å dele med denne mottakeren på denne datoen."


class SharingRefused(ValidationError):
    """No valid consent for this purpose, recipient and date (already audited)."""


_KINDS_FOR_PURPOSE: dict[str, dict[str, str | None]] = {
    Consent.Purpose.POLICE_THREAT_ASSESSMENT: {
        Consent.RecipientKind.POLICE_DISTRICT: Organisation.Kind.POLICE_DISTRICT,
        Consent.RecipientKind.TEAM_POLICE: None,
    },
    Consent.Purpose.RECEIVING_OFFER: {
        Consent.RecipientKind.MUNICIPALITY: Organisation.Kind.MUNICIPALITY,
    },
}


@transaction.atomic
def consent_record(
    *,
    person: Person,
    purpose: str,
    recipient_kind: str,
    recipient_organisation: Organisation | None,
    given_on: dt.date,
    method: str,
    expires_on: dt.date | None = None,
    recipient_offer: Any = None,
    by: Actor,
) -> Consent:
    """Record a consent the person gave for one purpose and one recipient."""
    allowed = _KINDS_FOR_PURPOSE.get(purpose, {})
    if recipient_kind not in allowed:
        raise ValidationError({"recipient_kind": _("Mottakeren passer ikke til formålet.")})
    org_kind = allowed[recipient_kind]
    if org_kind is None:
        recipient_organisation = None
    elif recipient_organisation is None or recipient_organisation.kind != org_kind:
        raise ValidationError(
            {
                "recipient_organisation": _(
                    "Velg hvem samtykket gjelder (politidistrikt eller kommune)."
                )
            }
        )
    if recipient_offer is not None and (
        recipient_organisation is None
        or recipient_offer.municipality_id != recipient_organisation.pk
    ):
        raise ValidationError(
            {"recipient_offer": _("Botilbudet ligger ikke i den valgte kommunen.")}
        )
    if given_on > dates.today():
        raise ValidationError({"given_on": _("Datoen kan ikke være fram i tid.")})
    if expires_on is not None and expires_on < given_on:
        raise ValidationError(
            {"expires_on": _("Utløpsdatoen må være samme dag eller etter at samtykket ble gitt.")}
        )
    consent = Consent(
        person=person,
        purpose=purpose,
        recipient_kind=recipient_kind,
        recipient_organisation=recipient_organisation,
        recipient_offer=recipient_offer,
        given_on=given_on,
        method=method,
        expires_on=expires_on,
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    record(
        actor=by,
        action="referrals.consent.recorded",
        obj=consent,
        fields=[
            "purpose",
            "recipient_kind",
            "recipient_organisation",
            "given_on",
            "method",
            "expires_on",
        ],
        purpose="samtykke",
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_on: dt.date, reason: str, by: Actor) -> Consent:
    """The person withdraws a consent; sharing under it stops from that date."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("Samtykket er allerede trukket tilbake."))
    if withdrawn_on > dates.today():
        raise ValidationError({"withdrawn_on": _("Datoen kan ikke være fram i tid.")})
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("Samtykket kan ikke trekkes tilbake før det ble gitt.")}
        )
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_reason = reason
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on", "withdrawal_reason", "updated_at"])
    record(
        actor=by,
        action="referrals.consent.withdrawn",
        obj=consent,
        fields=["withdrawn_on", "withdrawal_reason"],
        purpose="samtykke",
    )
    return consent


def _candidates(
    *,
    person: Person,
    purpose: str,
    recipient_kind: str,
    recipient_organisation: Organisation | None,
    offer: Any = None,
) -> list[Consent]:
    consents = Consent.objects.filter(person=person, purpose=purpose, recipient_kind=recipient_kind)
    if recipient_organisation is None:
        consents = consents.filter(recipient_organisation__isnull=True)
    else:
        consents = consents.filter(recipient_organisation=recipient_organisation)
    found = list(consents)
    if offer is not None:
        found = [c for c in found if c.recipient_offer_id in (None, offer.pk)]
    return found


def valid_consent(
    *,
    person: Person,
    purpose: str,
    recipient_kind: str,
    recipient_organisation: Organisation | None,
    on: dt.date,
    offer: Any = None,
) -> Consent | None:
    """The consent that allows this sharing on this date, or None."""
    for consent in _candidates(
        person=person,
        purpose=purpose,
        recipient_kind=recipient_kind,
        recipient_organisation=recipient_organisation,
        offer=offer,
    ):
        if consent.is_valid_on(on):
            return consent
    return None


def _refusal_message(candidates: list[Consent], on: dt.date) -> str:
    if any(c.given_on > on and (c.withdrawn_on is None) for c in candidates):
        return _(CONSENT_AFTER_SHARING)
    return _(NO_CONSENT)


def _share(
    *,
    assessment: Assessment,
    purpose: str,
    recipient_kind: str,
    recipient_organisation: Organisation | None,
    shared_on: dt.date,
    offer: Any,
    target: Any,
    by: Actor,
) -> Disclosure:
    refusal = ""
    with transaction.atomic():
        consent = valid_consent(
            person=assessment.person,
            purpose=purpose,
            recipient_kind=recipient_kind,
            recipient_organisation=recipient_organisation,
            on=shared_on,
            offer=offer,
        )
        if consent is None:
            refusal = _refusal_message(
                _candidates(
                    person=assessment.person,
                    purpose=purpose,
                    recipient_kind=recipient_kind,
                    recipient_organisation=recipient_organisation,
                    offer=offer,
                ),
                shared_on,
            )
            record(
                actor=by,
                action="referrals.sharing.refused",
                obj=target,
                fields=["purpose", "recipient_kind", "recipient_organisation"],
                purpose=f"deling uten gyldig samtykke ({purpose})",
            )
        else:
            disclosure = Disclosure(
                assessment=assessment,
                consent=consent,
                purpose=purpose,
                recipient_kind=recipient_kind,
                recipient_organisation=recipient_organisation,
                shared_on=shared_on,
                shared_by=by,
            )
            disclosure.full_clean()
            disclosure.save()
            record(
                actor=by,
                action="referrals.sharing.shared",
                obj=disclosure,
                fields=[
                    "purpose",
                    "recipient_kind",
                    "recipient_organisation",
                    "shared_on",
                    "consent",
                ],
                purpose=f"deling med samtykke ({purpose})",
            )
    if refusal:
        raise SharingRefused(refusal, code="no_consent")
    return disclosure


def share_with_police(
    *,
    assessment: Assessment,
    recipient_kind: str,
    police_district: Organisation | None,
    shared_on: dt.date,
    by: Actor,
) -> Disclosure:
    """Share the case with the police for a threat assessment, under consent (a)."""
    if shared_on > dates.today():
        raise ValidationError({"shared_on": _("Datoen kan ikke være fram i tid.")})
    if recipient_kind == Consent.RecipientKind.TEAM_POLICE:
        police_district = None
    elif recipient_kind != Consent.RecipientKind.POLICE_DISTRICT or police_district is None:
        raise ValidationError({"police_district": _("Velg politidistriktet det skal deles med.")})
    return _share(
        assessment=assessment,
        purpose=Consent.Purpose.POLICE_THREAT_ASSESSMENT,
        recipient_kind=recipient_kind,
        recipient_organisation=police_district,
        shared_on=shared_on,
        offer=None,
        target=assessment,
        by=by,
    )


def share_with_offer(*, allocation: Allocation, shared_on: dt.date, by: Actor) -> Disclosure:
    """Share the information package with the receiving offer, under consent (b)."""
    offer = allocation.place.dwelling.offer
    return _share(
        assessment=allocation.assessment,
        purpose=Consent.Purpose.RECEIVING_OFFER,
        recipient_kind=Consent.RecipientKind.MUNICIPALITY,
        recipient_organisation=offer.municipality,
        shared_on=shared_on,
        offer=offer,
        target=allocation,
        by=by,
    )
