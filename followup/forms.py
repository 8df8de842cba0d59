"""Forms: field types and labels only. The rules live in the services, whose
ValidationErrors the views attach to these fields (same names)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.models import (
    AreaStatus,
    ChecklistItem,
    Contact,
    CrisisScenario,
    Progress,
    SecurityMeasure,
    Theme,
    ThreatChange,
)
from followup.selectors import ChildRef, area_rows

YES_NO = [("yes", _("Ja")), ("no", _("Nei"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


def _text(label: Any, required: bool = False, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _yes_no(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect)


class ConversationForm(forms.Form):
    """The checklist, one yes/no and note per point, and an optional crisis plan."""

    held_on = _date(_("Dato for samtalen"))
    police_participants = forms.CharField(
        label=_("Hvem deltok fra politiet"), max_length=200, help_text=_("Navn og rolle.")
    )
    staff_participants = forms.CharField(
        label=_("Hvem deltok fra botilbudet"), max_length=200, required=False
    )

    def __init__(self, *args: Any, scenario_rows: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in ChecklistItem.choices:
            self.fields[f"item_{value}"] = _yes_no(label)
            self.fields[f"note_{value}"] = _text(_("Merknad"), rows=2)
        self.scenario_rows = scenario_rows
        for index in range(scenario_rows):
            self.fields[f"scenario_{index}"] = _text(_("Hva gjør du hvis …"), rows=2)
            self.fields[f"response_{index}"] = _text(_("Dette gjør beboeren"), rows=2)

    def checklist(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (str(label), self[f"item_{value}"], self[f"note_{value}"])
            for value, label in ChecklistItem.choices
        ]

    def scenario_fields(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (index + 1, self[f"scenario_{index}"], self[f"response_{index}"])
            for index in range(self.scenario_rows)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for index in range(self.scenario_rows):
            scenario = (data.get(f"scenario_{index}") or "").strip()
            response = (data.get(f"response_{index}") or "").strip()
            if scenario and not response:
                self.add_error(f"response_{index}", _("Skriv hva beboeren vil gjøre."))
            elif response and not scenario:
                self.add_error(f"scenario_{index}", _("Skriv hvilken situasjon det gjelder."))
        return data

    def items(self) -> dict[str, tuple[bool, str]]:
        return {
            value: (
                self.cleaned_data[f"item_{value}"] == "yes",
                self.cleaned_data.get(f"note_{value}", ""),
            )
            for value in ChecklistItem.values
        }

    def scenarios(self) -> list[tuple[str, str]]:
        rows = []
        for index in range(self.scenario_rows):
            scenario = (self.cleaned_data.get(f"scenario_{index}") or "").strip()
            response = (self.cleaned_data.get(f"response_{index}") or "").strip()
            if scenario:
                rows.append((scenario, response))
        return rows

    @staticmethod
    def initial_from(conversation: Any, scenarios: list[CrisisScenario]) -> dict[str, Any]:
        if conversation is None:
            return {}
        initial: dict[str, Any] = {
            "held_on": conversation.held_on,
            "police_participants": conversation.police_participants,
            "staff_participants": conversation.staff_participants,
        }
        for item in conversation.items.all():
            initial[f"item_{item.item}"] = "yes" if item.covered else "no"
            initial[f"note_{item.item}"] = item.note
        for index, row in enumerate(scenarios):
            initial[f"scenario_{index}"] = row.scenario
            initial[f"response_{index}"] = row.response
        return initial


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tiltak"), choices=SecurityMeasure.Kind.choices)
    chosen = forms.ChoiceField(
        label=_("Er tiltaket valgt for beboeren?"), choices=YES_NO, widget=forms.RadioSelect
    )
    reason = _text(
        _("Begrunnelse"),
        required=True,
        help_text=_("Hvorfor tiltaket er valgt, eller hvorfor ikke. Begrunnelsen er kryptert."),
    )
    applied_on = _date(_("Søkt dato"), required=False)
    granted_on = _date(_("Innvilget dato"), required=False)
    ended_on = _date(
        _("Levert tilbake eller avsluttet"),
        required=False,
    )

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["chosen"] = data["chosen"] == "yes"
        return data


class ThreatChangeForm(forms.Form):
    recorded_on = _date(_("Dato"))
    risk_level = forms.ChoiceField(
        label=_("Risikonivå nå"), choices=ThreatChange.Risk.choices, widget=forms.RadioSelect
    )
    detail = _text(
        _("Hva har endret seg"),
        required=True,
        rows=4,
        help_text=_("Bare politiet kan lese dette. De andre ser dato og risikonivå."),
    )


class PlanForm(forms.Form):
    made_on = _date(_("Dato planen ble laget"))
    own_words = _text(
        _("Beboerens egne ord"),
        rows=5,
        help_text=_("Skriv med beboerens egne ord hva hun eller han ønsker. Teksten er kryptert."),
    )


class GoalForm(forms.Form):
    text = _text(_("Mål"), required=True, rows=2)
    parent = forms.TypedChoiceField(
        label=_("Delmål under"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("La stå tomt for et nytt hovedmål."),
    )

    def __init__(self, *args: Any, goals: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["parent"]).choices = [
            ("", _("Ikke delmål (nytt hovedmål)")),
            *goals,
        ]


class ActionForm(forms.Form):
    goal = forms.TypedChoiceField(label=_("Mål eller delmål"), coerce=int)
    text = _text(_("Tiltak"), required=True, rows=2)
    responsible = forms.CharField(
        label=_("Hvem har ansvaret"),
        max_length=100,
        help_text=_("For eksempel beboeren, miljøterapeut eller NAV."),
    )

    def __init__(self, *args: Any, goals: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["goal"]).choices = goals


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Progress.choices)


class EvaluationForm(forms.Form):
    evaluated_on = _date(_("Dato for evalueringen"))
    summary = _text(_("Oppsummering"), required=True, rows=4)


class AreasForm(forms.Form):
    """Status and notes for each area, plus one plan per accompanying child."""

    def __init__(self, *args: Any, children: list[ChildRef], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = area_rows(children)
        for area, number, label in self.rows:
            self.fields[f"status_{area}_{number}"] = forms.ChoiceField(
                label=_("Status: %(area)s") % {"area": label},
                choices=AreaStatus.choices,
                initial=AreaStatus.NOT_STARTED,
            )
            # Each field names its area: a screen reader lists the fields by label.
            self.fields[f"notes_{area}_{number}"] = _text(_("Notater: %(area)s") % {"area": label})

    def grouped(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (label, self[f"status_{area}_{number}"], self[f"notes_{area}_{number}"])
            for area, number, label in self.rows
        ]

    def values(self) -> dict[tuple[str, int], tuple[str, str]]:
        return {
            (area, number): (
                self.cleaned_data[f"status_{area}_{number}"],
                self.cleaned_data.get(f"notes_{area}_{number}", ""),
            )
            for area, number, _label in self.rows
        }


class ContactForm(forms.Form):
    contact_on = _date(_("Dato"))
    minutes = forms.IntegerField(label=_("Minutter"), help_text=_("Fra 1 til 1440."))
    # Not «form»: an input named «form» shadows HTMLFormElement.form and breaks htmx.
    mode = forms.ChoiceField(
        label=_("Form"), choices=Contact.Form.choices, widget=forms.RadioSelect
    )
    with_whom = forms.ChoiceField(
        label=_("Med hvem"), choices=Contact.With.choices, widget=forms.RadioSelect
    )
    partner = forms.TypedChoiceField(
        label=_("Hvilken samarbeidspartner"), coerce=int, required=False, empty_value=None
    )
    themes = forms.MultipleChoiceField(
        label=_("Tema"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    heavy_strain = forms.BooleanField(
        label=_("Beboeren er i en periode med store psykiske belastninger"), required=False
    )
    goal = forms.TypedChoiceField(
        label=_("Mål i handlingsplanen"), coerce=int, required=False, empty_value=None
    )
    note = _text(_("Notat"), help_text=_("Notatet er kryptert. Skriv aldri adressen."))

    def __init__(
        self,
        *args: Any,
        partners: list[tuple[int, str]],
        goals: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["partner"]).choices = [("", _("Ingen")), *partners]
        cast(forms.ChoiceField, self.fields["goal"]).choices = [("", _("Ingen")), *goals]


class ContactCorrectionForm(forms.Form):
    """Rett kontakt: minutes, form, themes and note, filled in, and why it is corrected."""

    minutes = forms.IntegerField(label=_("Minutter"), help_text=_("Fra 1 til 1440."))
    # Not «form»: see ContactForm.
    mode = forms.ChoiceField(
        label=_("Form"), choices=Contact.Form.choices, widget=forms.RadioSelect
    )
    themes = forms.MultipleChoiceField(
        label=_("Tema"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    note = _text(_("Notat"), help_text=_("Notatet er kryptert. Skriv aldri adressen."))
    why = _text(
        _("Hva var feil?"),
        required=True,
        rows=2,
        max_length=500,
        help_text=_(
            "Kort, for eksempel «feil antall minutter». Ikke skriv personopplysninger her."
        ),
    )

    @staticmethod
    def initial_for(contact: Contact, themes: list[str]) -> dict[str, Any]:
        return {
            "minutes": contact.minutes,
            "mode": contact.form,
            "themes": themes,
            "note": contact.note,
        }
