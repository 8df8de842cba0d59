"""Forms: field types and labels only; the rules live in reporting.services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import dates
from reporting.models import MilestoneKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MilestoneReportForm(forms.Form):
    """One form for the three reports; each kind shows only its own fields."""

    housing_plan = forms.CharField(
        label=_("Plan for flytting til permanent bolig"),
        help_text=_(
            "Hva er planen, og hva gjenstår? Skriv aldri adresse, fødselsnummer eller navn."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    status_text = forms.CharField(
        label=_("Status"),
        help_text=_(
            "Hvordan går det, og er utflyttingen klar? Skriv aldri adresse, fødselsnummer eller navn."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    place_vacant = forms.ChoiceField(
        label=_("Er plassen ledig?"),
        help_text=_(
            "Ja når beboeren har flyttet til permanent bolig, eller kommunen har en ny bolig klar for nye brukere."
        ),
        choices=[("yes", _("Ja")), ("no", _("Nei"))],
        widget=forms.RadioSelect,
        required=False,
    )
    vacant_from = forms.DateField(
        label=_("Ledig fra"),
        help_text=_("For eksempel 01.09.2026."),
        widget=DateInput(),
        required=False,
    )

    FIELDS_BY_KIND = {
        MilestoneKind.THREE_MONTHS: ["housing_plan", "status_text"],
        MilestoneKind.BEFORE_MOVE_OUT: ["status_text"],
        MilestoneKind.NINE_MONTHS: ["place_vacant", "vacant_from", "status_text"],
    }

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = self.FIELDS_BY_KIND[MilestoneKind(kind)]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        # What each report must have (the service checks the same).
        required = {
            MilestoneKind.THREE_MONTHS: (
                "housing_plan",
                _("Skriv planen for flytting til permanent bolig."),
            ),
            MilestoneKind.BEFORE_MOVE_OUT: ("status_text", _("Skriv kort hvordan det går.")),
            MilestoneKind.NINE_MONTHS: ("place_vacant", _("Svar ja eller nei.")),
        }[MilestoneKind(kind)]
        self.fields[required[0]].required = True
        self.fields[required[0]].error_messages["required"] = required[1]
        if kind == MilestoneKind.NINE_MONTHS:
            self.fields["status_text"].label = _("Kommentar")
            self.fields["status_text"].help_text = _(
                "Valgfritt. Skriv aldri adresse, fødselsnummer eller navn."
            )

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        vacant = data.get("place_vacant")
        return {
            "housing_plan": data.get("housing_plan", "") or "",
            "status_text": data.get("status_text", "") or "",
            "place_vacant": None if not vacant else vacant == "yes",
            "vacant_from": data.get("vacant_from"),
        }


class PeriodForm(forms.Form):
    fra = forms.DateField(label=_("Fra og med"), widget=DateInput())
    til = forms.DateField(label=_("Til og med"), widget=DateInput())
    omfang = forms.ChoiceField(label=_("Hva skal vises"), required=False)

    def __init__(self, *args: Any, scopes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["omfang"].choices = scopes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("fra"), data.get("til")
        if start and end and end < start:
            self.add_error("til", _("Til-datoen kan ikke være før fra-datoen."))
        return data


def default_period() -> tuple[dt.date, dt.date]:
    """This calendar year so far."""
    today = dates.today()
    return dt.date(today.year, 1, 1), today
