"""Forms: field types and labels only. The rules live in the services, whose
ValidationErrors the views attach to these fields (same names)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from decisions.models import Outcome, Right, Service


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: Any, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


class DecisionForm(forms.Form):
    service = forms.ChoiceField(label=_("Tjeneste"), choices=Service.choices)
    decided_on = _date(_("Vedtaksdato"), required=True)
    received_on = _date(
        _("Mottatt av beboeren"),
        help_text=_("La stå tom hvis vedtaket ble mottatt samme dag som det ble fattet."),
    )
    outcome = forms.ChoiceField(
        label=_("Utfall"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    what = forms.CharField(
        label=_("Hva ble innvilget eller avslått"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For eksempel økonomisk sosialhjelp eller plass i introduksjonsprogrammet. Teksten er kryptert."
        ),
    )
    period_from = _date(_("Gjelder fra"))
    period_to = _date(_("Gjelder til"), help_text=_("La stå tom hvis vedtaket ikke har sluttdato."))
    appeal_deadline = _date(
        _("Klagefrist"),
        help_text=_(
            "La stå tom for å regne den ut: tre uker etter at vedtaket ble mottatt "
            "(forvaltningsloven § 29), flyttet til neste virkedag."
        ),
    )
    appealed_on = _date(
        _("Klage sendt"), help_text=_("Datoen klagen ble sendt, hvis beboeren har klaget.")
    )


class PlanForm(forms.Form):
    has_right = forms.ChoiceField(
        label=_("Har beboeren rett til individuell plan?"),
        choices=Right.choices,
        widget=forms.RadioSelect,
    )
    has_plan = forms.ChoiceField(
        label=_("Har beboeren individuell plan?"),
        choices=[("yes", _("Ja")), ("no", _("Nei"))],
        widget=forms.RadioSelect,
    )
    plan_since = _date(_("Har hatt planen siden"))
    coordinator = forms.CharField(
        label=_("Koordinator"),
        required=False,
        max_length=200,
        help_text=_("Navn og rolle, for eksempel «Kari Hansen, NAV-veileder». Kryptert."),
    )

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["has_plan"] = data["has_plan"] == "yes"
        return data
