"""Forms: field types and labels only. The rules live in the services, whose
ValidationErrors the views attach to these fields (same names)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from stays.models import (
    GOAL_INDICATORS,
    Achievement,
    Destination,
    HouseholdMember,
    TransferItem,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


def _text(label: Any, *, required: bool = False, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class MoveInForm(forms.Form):
    moved_in_on = _date(
        _("Innflyttingsdato"),
        help_text=_(
            "Dagen personen flyttet inn. Oppfølgingstiden på 9 måneder starter denne dagen."
        ),
    )


class HouseholdForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hvem bor sammen med beboeren?"),
        choices=HouseholdMember.Kind.choices,
        widget=forms.RadioSelect,
    )
    birth_year = forms.IntegerField(label=_("Fødselsår"))
    first_name = forms.CharField(
        label=_("Fornavn eller forbokstav"),
        required=False,
        max_length=30,
        help_text=_("Ikke etternavn. Forbokstav holder."),
    )


class TimetableItemForm(forms.Form):
    on = _date(_("Dato"))
    at = forms.TimeField(label=_("Klokkeslett"), required=False, widget=TimeInput())
    title = forms.CharField(label=_("Hva skjer"), max_length=200)
    attendees = forms.CharField(label=_("Hvem er med"), max_length=200, required=False)
    description = _text(_("Beskrivelse"), help_text=_("Skriv aldri adressen her."))


class TemplateItemForm(forms.Form):
    day_offset = forms.IntegerField(
        label=_("Arbeidsdag etter innflytting"),
        min_value=0,
        max_value=20,
        help_text=_(
            "0 er innflyttingsdagen (eller første arbeidsdag etter den), 1 er neste arbeidsdag."
        ),
    )
    at = forms.TimeField(label=_("Klokkeslett"), required=False, widget=TimeInput())
    title = forms.CharField(label=_("Hva skjer"), max_length=200)
    attendees = forms.CharField(label=_("Hvem er med"), max_length=200, required=False)
    description = _text(
        _("Beskrivelse"), help_text=_("Skriv aldri adresser eller navn på beboere her.")
    )


class PlannedMoveOutForm(forms.Form):
    new_date = _date(_("Ny planlagt utflyttingsdato"))
    reason = _text(_("Hvorfor endres datoen?"))
    extension_reason = _text(
        _("Begrunnelse for oppfølging ut over 9 måneder"),
        help_text=_("Bare når den nye datoen er mer enn 9 måneder etter innflyttingen."),
    )


class HousingPlanForm(forms.Form):
    text = _text(
        _("Plan for permanent bolig"),
        rows=6,
        help_text=_(
            "Hva slags bolig, hvor beboeren søker, og hva som må på plass. Skriv aldri den nye adressen her."
        ),
    )


class TransferForm(forms.Form):
    """One state, date and note per checklist point: ``<code>_state`` etc."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in TransferItem.Item.choices:
            self.fields[f"{code}_state"] = forms.ChoiceField(
                label=label, choices=TransferItem.State.choices, widget=forms.RadioSelect
            )
            self.fields[f"{code}_done_on"] = _date(
                format_lazy(_("Dato: {item}"), item=label), required=False
            )
            self.fields[f"{code}_note"] = _text(
                format_lazy(_("Merknad: {item}"), item=label), rows=2
            )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (str(label), [self[f"{code}_state"], self[f"{code}_done_on"], self[f"{code}_note"]])
            for code, label in TransferItem.Item.choices
        ]

    def values(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            code: {
                "state": data[f"{code}_state"],
                "done_on": data.get(f"{code}_done_on"),
                "note": data.get(f"{code}_note", ""),
            }
            for code in TransferItem.Item.values
        }


def _destination(required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Hvor flyttet beboeren?"),
        choices=Destination.choices,
        widget=forms.RadioSelect,
        required=required,
    )


class MoveOutForm(forms.Form):
    moved_out_on = _date(_("Utflyttingsdato"))
    destination = _destination()
    extension_reason = _text(
        _("Begrunnelse for oppfølging ut over 9 måneder"),
        help_text=_("Bare når utflyttingen er mer enn 9 måneder etter innflyttingen."),
    )


class AftercareForm(forms.Form):
    starts_on = _date(_("Ettervern fra"))
    ends_on = _date(_("Ettervern til (planlagt)"))
    reason = _text(
        _("Begrunnelse"),
        help_text=_("Må fylles ut når ettervernet går ut over den vanlige oppfølgingstiden."),
    )


class CloseForm(forms.Form):
    closed_on = _date(_("Avslutningsdato"))
    destination = _destination(required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in GOAL_INDICATORS:
            # Required: every closure reports all seven (platform §6), and the
            # service refuses without them, so the label must not say optional.
            self.fields[code] = forms.ChoiceField(
                label=label,
                choices=Achievement.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Velg ja, delvis eller nei for denne indikatoren."),
                },
            )
            self.fields[f"{code}_note"] = _text(
                format_lazy(_("Merknad: {item}"), item=label), rows=2
            )

    def indicator_groups(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[code], self[f"{code}_note"]) for code, _label in GOAL_INDICATORS]


class _PartnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}: {obj.name}"


class _ContactChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.partner.name})"


class PartnerForm(forms.Form):
    def __init__(self, *args: Any, partners: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"] = _PartnerChoice(
            label=_("Tjeneste"), queryset=partners, empty_label=_("Velg tjeneste")
        )
        self.fields["contact"] = _ContactChoice(
            label=_("Kontaktperson"),
            queryset=contacts,
            required=False,
            empty_label=_("Ingen bestemt kontaktperson"),
        )


class ConfirmForm(forms.Form):
    """An empty form for confirmation pages (POST + CSRF only)."""
