"""Forms: field types and labels only. The rules live in the services, whose
ValidationErrors the views attach to these fields (same names)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from housing.models import Dwelling, Offer, PartnerService, SecurityClearance
from housing.services.clearance import CLEARANCE_FIELDS
from housing.services.offers import OFFER_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def _model_fields(model: Any, names: tuple[str, ...]) -> dict[str, forms.Field]:
    fields = fields_for_model(model, fields=list(names))
    for field in fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DateInput()
        elif isinstance(field, forms.TimeField):
            field.widget = TimeInput()
        elif isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea):
            field.widget.attrs.update({"rows": 3})
    return fields


class OfferForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(Offer, OFFER_FIELDS))
        self.fields["on_call_until"].help_text = _("Bare når vaktordningen er telefonvakt.")

    FITS = (
        "fits_women",
        "fits_men",
        "fits_couples",
        "fits_single_parents",
        "women_only_without_children",
    )


class DwellingCreateForm(forms.Form):
    label = forms.CharField(
        label=_("Kode for boligen"),
        max_length=20,
        help_text=_("En kort kode teamet kan bruke, for eksempel A-2. Aldri gatenavn."),
    )
    address = forms.CharField(
        label=_("Adresse"),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_(
            "Gate, postnummer og sted. Adressen lagres kryptert og vises bare etter ny innlogging."
        ),
    )
    place_count = forms.IntegerField(label=_("Antall plasser"), min_value=1, max_value=20)
    in_use_from = forms.DateField(label=_("I bruk fra"), widget=DateInput())


class PlaceCountForm(forms.Form):
    place_count = forms.IntegerField(
        label=_("Antall plasser"),
        min_value=0,
        max_value=20,
        help_text=_("Plasser som er i bruk eller holdt av, kan ikke fjernes."),
    )


class TakeOutOfUseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Hvorfor tas boligen ut av bruk?"),
        choices=Dwelling.OutOfUseReason.choices,
        widget=forms.RadioSelect,
    )
    out_of_use_from = forms.DateField(label=_("Ute av bruk fra"), widget=DateInput())
    note = forms.CharField(
        label=_("Forklaring"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    relocation_note = forms.CharField(
        label=_("Plan for flytting av beboerne"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Må fylles ut når noen bor i boligen eller har fått plassen holdt av."),
    )


class ClearanceForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(SecurityClearance, CLEARANCE_FIELDS))
        self.fields["cleared_on"].label = _("Dato for sikkerhetsvurderingen")
        self.fields["valid_until"].label = _("Klareringen gjelder til og med")
        for name, field in self.fields.items():
            if name.endswith("_assessed"):
                field.label = _("Vurdert")
        self.fields["recommendations"] = forms.CharField(
            label=_("Anbefalte tiltak"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("Skriv ett tiltak per linje. Kommunen krysser av når tiltaket er gjort."),
        )

    def recommendation_lines(self) -> list[str]:
        return [
            line
            for line in self.cleaned_data.get("recommendations", "").splitlines()
            if line.strip()
        ]

    def clearance_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CLEARANCE_FIELDS}


class RecommendationDoneForm(forms.Form):
    carried_out_on = forms.DateField(label=_("Utført dato"), widget=DateInput())


class PartnerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type tjeneste"), choices=PartnerService.Kind.choices)
    name = forms.CharField(label=_("Navn på tjenesten"), max_length=200)
    has_agreement = forms.BooleanField(label=_("Formell samarbeidsavtale"), required=False)
    agreement_on = forms.DateField(label=_("Avtale inngått"), required=False, widget=DateInput())
    agreement_expires_on = forms.DateField(
        label=_("Avtalen utløper"), required=False, widget=DateInput()
    )
    organisation_number = forms.CharField(
        label=_("Organisasjonsnummer (valgfritt)"),
        help_text=_("Ni siffer fra Enhetsregisteret, for eksempel 974 760 673."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    role = forms.CharField(label=_("Rolle"), max_length=200, required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)
