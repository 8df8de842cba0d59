"""Forms for the advisory pages. Forms parse input; ``advisory.services`` decides and writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from advisory.models import (
    ACTIONS,
    TOPICS,
    AgeGroup,
    AskedBy,
    AudienceKind,
    Channel,
    Gender,
    ServiceKind,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _radio(choices: Any, label: Any, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


def _checkboxes(items: Any, label: Any, **kwargs: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=[(code, text) for code, _flag, text in items],
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


_UNKNOWN = [("", _("Vet ikke"))]


class ContactForm(forms.Form):
    contact_on = forms.DateField(label=_("Dato"), widget=DateInput())
    asked_by = _radio(AskedBy.choices, _("Hvem spurte?"))
    service_kind = forms.ChoiceField(
        label=_("Hvilken tjeneste?"),
        choices=[("", _("Velg tjeneste")), *ServiceKind.choices],
        required=False,
        help_text=_("Bare når en tjeneste spurte."),
    )
    channel = _radio(Channel.choices, _("Kanal"))
    topics = _checkboxes(
        TOPICS,
        _("Hva gjaldt det?"),
        help_text=_("Velg ett eller flere temaer."),
        error_messages={"required": _("Velg minst ett tema.")},
    )
    actions = _checkboxes(
        ACTIONS, _("Hva gjorde teamet?"), required=False, help_text=_("Velg alt som passer.")
    )
    age_group = _radio(_UNKNOWN + AgeGroup.choices, _("Aldersgruppe"), required=False)
    gender = _radio(_UNKNOWN + Gender.choices, _("Kjønn"), required=False)
    name_consent = forms.BooleanField(
        label=_("Personen samtykker til at navnet registreres"), required=False
    )
    name = forms.CharField(
        label=_("Navn"),
        required=False,
        max_length=200,
        help_text=_("Bare med samtykke. Rådgivning registreres ellers uten navn."),
    )
    note = forms.CharField(
        label=_("Kort notat"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv bare det teamet trenger. Teksten lagres kryptert."),
    )


class CourseForm(forms.Form):
    held_on = forms.DateField(label=_("Dato"), widget=DateInput())
    audience = _radio(AudienceKind.choices, _("Hvem var publikum?"))
    participants = forms.IntegerField(
        label=_("Antall deltakere"),
        error_messages={"invalid": _("Skriv antall deltakere som et helt tall.")},
    )
    place = forms.CharField(label=_("Kommune eller region"), required=False, max_length=100)


class ListFilterForm(forms.Form):
    ar = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    tema = forms.ChoiceField(
        label=_("Tema"),
        required=False,
        choices=[("", _("Alle temaer")), *((code, text) for code, _f, text in TOPICS)],
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = [("", _("Alle år")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]
