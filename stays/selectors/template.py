"""The offer's arrival timetable template (mal for timeplan): what the template page shows.

The template is the offer's own working routine, not personal data: reading
it is not audited. The offer is fetched through the policy for
``MANAGE_OFFERS`` (404 for hidden and missing alike).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from housing.models import Offer
from stays.models import ArrivalTemplateItem

# Good practice from the 2011 national evaluation of the service (Rambøll, §5.1.1):
# (working day, title, who, description).
DEFAULT_TEMPLATE: list[tuple[int, str, str, str]] = [
    (
        0,
        "Velkommen: informasjonsskriv og hva botilbudet er",
        "Miljøterapeut",
        "Vi går gjennom informasjonsskrivene og hva bo- og støttetilbudet er. Du kan spørre om alt.",
    ),
    (
        0,
        "Leiekontrakt og taushetsplikt",
        "Miljøterapeut",
        "Vi går gjennom leiekontrakten og hva taushetsplikt betyr. Adressen din skal du ikke gi til noen.",
    ),
    (
        1,
        "Møte med politiet om sikkerhet (sikkerhetssamtale)",
        "Politiets kontaktperson og miljøterapeut",
        "Hvordan alarmen virker og hvem du ringer, trygg bruk av telefon og sosiale medier, og hva du gjør hvis noe skjer.",
    ),
    (
        1,
        "Søknad om voldsalarm",
        "Miljøterapeut",
        "Vi fyller ut søknaden om voldsalarm sammen.",
    ),
    (
        2,
        "Møte med NAV",
        "NAV-veileder og miljøterapeut",
        "Penger til å leve av, og hva som skjer videre.",
    ),
    (
        3,
        "Oppfølgingssamtale",
        "Miljøterapeut",
        "Hvordan har de første dagene vært? Vi tar informasjonen en gang til.",
    ),
    (4, "Time hos fastlege", "Fastlege og miljøterapeut", "Helse og eventuelle behov for hjelp."),
    (
        5,
        "Møte med familievernkontoret",
        "Familievernkontoret og miljøterapeut",
        "Hva familievernkontoret kan hjelpe med.",
    ),
    (
        6,
        "Avklare skole eller arbeid",
        "Miljøterapeut",
        "Hva vil du gjøre på dagtid? Skole, jobb eller kurs.",
    ),
    (8, "Oppfølgingssamtale", "Miljøterapeut", "Hvordan går det? Hva trenger du nå?"),
    (
        9,
        "Lage individuell handlingsplan",
        "Du og miljøterapeuten",
        "Vi skriver planen sammen, med dine mål og dine ord.",
    ),
]


def template_items(offer: Any) -> list[ArrivalTemplateItem]:
    """The offer's template; the evaluation's defaults until the offer has its own."""
    items = list(ArrivalTemplateItem.objects.filter(offer=offer))
    if items:
        return items
    return [
        ArrivalTemplateItem(
            offer=offer, day_offset=day, title=title, attendees=who, description=text
        )
        for day, title, who, text in DEFAULT_TEMPLATE
    ]


def template_offer_get(*, fetched_by: Viewer, pk: int) -> Offer:
    """The offer whose template the user may change, else 404."""
    return policy.get_object_for(fetched_by, Offer, Perm.MANAGE_OFFERS, pk=pk)


def template_item_get(*, offer: Offer, pk: int) -> ArrivalTemplateItem:
    """One stored line of the offer's template (fetched through the policy), else 404."""
    item = ArrivalTemplateItem.objects.filter(offer=offer, pk=pk).first()
    if item is None:
        raise Http404
    return item
