"""Synthetic documents for the demo (demo mode only): a few small generated PDFs.

Runs after the follow-up loader. The first two moved-in demo residents of
municipalities A and B get a signed consent and a plan, the first of them
also a letter marked as holding the secret address (so the address rule
shows); the first two demo persons in the intake get a decision kept by the
competence team. Written through the services, so every row is checked,
audited and marked synthetic. Idempotent: nothing is added when any
document exists. No text names a real place or person.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.demo import require_demo_mode
from accounts.models import User
from core.files.samples import minimal_pdf
from documents import services
from documents.models import PersonDocument, StayDocument
from referrals.models import Person
from stays.models import Stay

MUNICIPALITIES = {"Kommune A": "miljo.a", "Kommune B": "miljo.b"}
COORDINATOR = "koordinator"


def _pdf(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(f"Syntetisk demodokument: {text}"))


def load_documents() -> None:
    """Documents for a few demo stays and intake persons. Idempotent."""
    require_demo_mode()
    if StayDocument.objects.exists() or PersonDocument.objects.exists():
        return
    with transaction.atomic():
        for municipality, username in MUNICIPALITIES.items():
            worker = User.objects.get(username=username)
            stays = Stay.objects.filter(
                is_synthetic=True,
                moved_in_on__isnull=False,
                offer__municipality__name=municipality,
            ).order_by("pk")[:2]
            for index, stay in enumerate(stays):
                services.stay_document_add(
                    stay=stay,
                    by=worker,
                    upload=_pdf("samtykke.pdf", "samtykke til samarbeid med NAV"),
                    kind="consent",
                    title="Samtykke til samarbeid med NAV, signert",
                )
                services.stay_document_add(
                    stay=stay,
                    by=worker,
                    upload=_pdf("plan.pdf", "individuell plan"),
                    kind="plan",
                    title="Individuell plan, første utkast",
                    description="Gjennomgått med beboeren.",
                )
                if index == 0:
                    services.stay_document_add(
                        stay=stay,
                        by=worker,
                        upload=_pdf("brev.pdf", "husleiekontrakt"),
                        kind="letter",
                        title="Husleiekontrakt",
                        contains_address=True,
                    )
        coordinator = User.objects.get(username=COORDINATOR)
        for person in Person.objects.filter(is_synthetic=True).order_by("pk")[:2]:
            services.person_document_add(
                person=person,
                by=coordinator,
                upload=_pdf("vedtak.pdf", "vedtak om økonomisk sosialhjelp"),
                kind="decision",
                title="Vedtak om økonomisk sosialhjelp",
            )
