"""Forms: field types and labels only; the rules live in the services (same field names)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from housing.forms import DateInput
from routines.models import OfferInformation
from routines.services.information import INFORMATION_FIELDS


class RoutineForm(forms.Form):
    text = forms.CharField(
        label=_("Rutinen"),
        help_text=_(
            "Skriv hvem som gjør hva, når og hvordan. Tom linje gir nytt avsnitt, "
            "og linjer som begynner med «- » blir punkter. Skriv aldri navn på "
            "beboere eller adresser."
        ),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=20_000,
    )


class ApproveForm(forms.Form):
    approved_on = forms.DateField(label=_("Godkjent dato"), widget=DateInput())
    next_review_on = forms.DateField(
        label=_("Neste gjennomgang"),
        help_text=_("Datoen rutinen skal gås gjennom igjen, for eksempel om ett år."),
        widget=DateInput(),
    )


class SharingForm(forms.Form):
    shares = forms.BooleanField(
        label=_("Del de godkjente rutinene med direktoratet"),
        help_text=_(
            "Direktoratets representant kan da lese teksten i rutinene som gjelder. "
            "Utkast og hvem som har lest rutinene ser direktoratet ikke."
        ),
        required=False,
    )


class ConfirmReadForm(forms.Form):
    """No fields: the button is the confirmation."""


class InformationForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in INFORMATION_FIELDS:
            model_field = OfferInformation._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=str(getattr(model_field, "verbose_name", name)).capitalize(),
                required=False,
                max_length=4_000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
