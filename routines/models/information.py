"""Information about the offer (informasjon om botilbudet, platform §3a).

A short sheet per offer for the competence team and for applicants: who it
fits, what follow-up and on-call arrangement, the house rules and what to
bring, in Bokmål and in English (the project lead writes both). It never
holds an address: the services refuse text with one of the offer's dwelling
addresses in it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import SyntheticMarkMixin, TimeStampedModel
from housing.models import Offer

# (field stem, label): each is written in Bokmål (``<stem>_nb``) and English (``<stem>_en``).
SECTIONS: tuple[tuple[str, object], ...] = (
    ("fits", _("Hvem tilbudet passer for")),
    ("followup", _("Oppfølging og vaktordning")),
    ("house_rules", _("Husregler")),
    ("bring", _("Hva du bør ta med")),
)
LANGUAGES = ("nb", "en")


def _text(label: Any) -> models.TextField:
    return models.TextField(label, blank=True)


class OfferInformation(SyntheticMarkMixin, TimeStampedModel):
    """The sheet (informasjonsark) about one offer, in Bokmål and English."""

    offer = models.OneToOneField(
        Offer, verbose_name=_("botilbud"), on_delete=models.PROTECT, related_name="information"
    )
    fits_nb = _text(_("Hvem tilbudet passer for (bokmål)"))
    followup_nb = _text(_("Oppfølging og vaktordning (bokmål)"))
    house_rules_nb = _text(_("Husregler (bokmål)"))
    bring_nb = _text(_("Hva du bør ta med (bokmål)"))
    fits_en = _text(_("Hvem tilbudet passer for (engelsk)"))
    followup_en = _text(_("Oppfølging og vaktordning (engelsk)"))
    house_rules_en = _text(_("Husregler (engelsk)"))
    bring_en = _text(_("Hva du bør ta med (engelsk)"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sist endret av"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("informasjon om botilbudet")
        verbose_name_plural = _("informasjon om botilbudene")

    def __str__(self) -> str:
        return f"{self.offer} – informasjon"

    def sections(self, language: str) -> list[tuple[str, str]]:
        """(label, text) per section in ``language`` ("nb" or "en")."""
        return [(str(label), getattr(self, f"{stem}_{language}")) for stem, label in SECTIONS]

    def is_complete(self, language: str) -> bool:
        return all(getattr(self, f"{stem}_{language}").strip() for stem, _label in SECTIONS)
