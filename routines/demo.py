"""Demo routines and information sheets (demodata, demo mode only): synthetic, once.

Every demo offer gets some approved routines, one whose review is overdue,
one draft waiting for approval, and the rest missing (the checklist shows
them), plus an information sheet in Bokmål and English. Mona (miljo.a) has
confirmed reading Kommune A's routines except the move-out one and the
overdue one, so her start page shows routines to read.

The demo has one project lead (leder.a, Kommune A). She writes and approves
the demo routines of every offer; in use, only the offer's own project lead
can (the pages' policy, MANAGE_ROUTINES in the own municipality).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.demo import require_demo_mode
from accounts.models import User
from core import dates
from housing.models import Offer
from routines import services
from routines.models import RoutineKind, RoutineVersion

K = RoutineKind
APPROVED: dict[str, str] = {
    K.SECURITY_WORK: (
        "Sikkerhetssamtale med politiet de første dagene, med ansatt til stede.\n\n"
        "- Gå gjennom alarmen og hvem beboeren ringer\n"
        "- Trygg bruk av telefon, e-post og sosiale medier\n"
        "- Adressen er hemmelig: ingen besøk i boligen"
    ),
    K.MAPPING: (
        "Kartlegg behovene de to første ukene: helse, økonomi, skole eller arbeid, "
        "nettverk og sikkerhet. Kartleggingen er grunnlaget for handlingsplanen."
    ),
    K.USER_PARTICIPATION: (
        "Beboeren skriver handlingsplanen sammen med miljøterapeuten og er med på hver evaluering."
    ),
    K.POLICE: (
        "Botilbudet har to faste kontaktpersoner i politiet. Ved bekymring ringer "
        "vakthavende ansatt politiet først, deretter prosjektleder."
    ),
    K.DAY_ACTIVITY: (
        "Skole, arbeid eller kvalifisering avklares i løpet av den første måneden, sammen med NAV."
    ),
    K.MOVE_SAFETY: (
        "Før flytting vurderer vi sikkerheten i den nye boligen sammen med politiet "
        "i den nye kommunen."
    ),
}
OVERDUE = K.FAMILY_COUNSELLING
OVERDUE_TEXT = "Familievernkontoret kontaktes innen to uker etter innflytting, med samtykke."
DRAFT = K.SOCIAL_NETWORK
DRAFT_TEXT = "Utkast: vi gjør avtaler med frivillige organisasjoner om vennekontakter."
UNREAD = K.MOVE_SAFETY

SHEET = {
    "fits_nb": "Unge voksne over 18 år som trenger en trygg bolig en periode.",
    "followup_nb": "Miljøterapeut på dagtid hver ukedag. Krisesenteret har vakt om natten.",
    "house_rules_nb": "Du forteller ikke noen hvor du bor. Ingen besøk i boligen.",
    "bring_nb": "Legitimasjon, bankkort, medisiner og klær for noen uker.",
    "fits_en": "Young adults over 18 who need a safe place to live for a while.",
    "followup_en": "An environmental therapist on weekdays. The crisis centre is on call at night.",
    "house_rules_en": "You do not tell anyone where you live. No visitors at the dwelling.",
    "bring_en": "Identity papers, bank card, medicines and clothes for a few weeks.",
}


def _approve(version: RoutineVersion, approved_on: dt.date, review_on: dt.date, by: User) -> None:
    services.routine_approve(
        version=version, approved_on=approved_on, next_review_on=review_on, by=by
    )


@transaction.atomic
def load_routines() -> None:
    """Write the demo routines and sheets of every demo offer, once."""
    require_demo_mode()
    offers = list(Offer.objects.filter(is_synthetic=True).select_related("municipality"))
    if RoutineVersion.objects.filter(offer__in=offers).exists():
        return
    lead = User.objects.get(username="leder.a", is_synthetic=True)
    worker = User.objects.get(username="miljo.a", is_synthetic=True)
    today = dates.today()
    for offer in offers:
        for kind, text in APPROVED.items():
            version = services.routine_write(offer=offer, kind=kind, text=text, by=lead)
            _approve(version, today - dt.timedelta(days=60), dates.add_months(today, 10), lead)
            if offer.municipality.name == "Kommune A" and kind != UNREAD:
                services.routine_confirm_read(version=version, by=worker)
        overdue = services.routine_write(offer=offer, kind=OVERDUE, text=OVERDUE_TEXT, by=lead)
        _approve(overdue, dates.add_months(today, -13), dates.add_months(today, -1), lead)
        services.routine_write(offer=offer, kind=DRAFT, text=DRAFT_TEXT, by=lead)
        services.information_save(offer=offer, values=SHEET, by=lead)
