"""Forms: field types and labels only. The rules live in the services, whose
ValidationErrors the views attach to these fields (same names)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import dates
from meetings.models import Meeting


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def _date(label: Any, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


def _text(label: Any, missing: Any = None, rows: int = 4, **kwargs: Any) -> forms.CharField:
    """A text area; ``missing`` makes it required, with that message when it is left empty."""
    return forms.CharField(
        label=label,
        required=missing is not None,
        error_messages={"required": missing} if missing is not None else {},
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


_CHOOSE_PARTNER = _("Velg en tjeneste fra botilbudets liste over samarbeidspartnere.")


class _PartnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}: {obj.name}"


class _ContactChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.partner.name})"


class ConsentForm(forms.Form):
    partner = _PartnerChoice(
        label=_("Tjeneste beboeren samtykker til"),
        queryset=None,
        error_messages={"required": _CHOOSE_PARTNER},
        empty_label=_("Velg tjeneste"),
        help_text=_("Bare tjenester i botilbudets liste over samarbeidspartnere."),
    )
    given_on = _date(_("Samtykke gitt"))
    expires_on = _date(_("Gjelder til"), required=False, help_text=_("Tomt hvis det ikke utløper."))

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    withdrawn_on = _date(_("Trukket tilbake"))


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type møte"), choices=Meeting.Kind.choices)
    held_on = _date(_("Dato"))
    held_time = forms.TimeField(label=_("Klokkeslett"), widget=TimeInput())
    resident_takes_part = forms.BooleanField(label=_("Beboeren deltar"), required=False)
    agenda = _text(
        _("Saksliste"),
        _("Skriv saksliste for møtet."),
        rows=5,
        help_text=_("Hva skal møtet handle om? Teksten er kryptert. Ikke skriv adressen."),
    )

    def held_at(self) -> dt.datetime:
        """The meeting's time as an aware datetime in Oslo time."""
        return dt.datetime.combine(
            self.cleaned_data["held_on"], self.cleaned_data["held_time"], tzinfo=dates.OSLO
        )


class ParticipantForm(forms.Form):
    partner = _PartnerChoice(
        label=_("Tjeneste"),
        queryset=None,
        error_messages={"required": _CHOOSE_PARTNER},
        empty_label=_("Velg tjeneste"),
    )
    contact = _ContactChoice(
        label=_("Kontaktperson"),
        queryset=None,
        required=False,
        empty_label=_("Ingen bestemt"),
    )

    def __init__(self, *args: Any, partners: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["contact"].queryset = contacts  # type: ignore[attr-defined]


class MinutesForm(forms.Form):
    minutes = _text(
        _("Referat"),
        rows=10,
        help_text=_("Teksten er kryptert. Ikke skriv adressen eller boligen."),
    )
    decisions = _text(_("Beslutninger"), rows=5)


class TaskForm(forms.Form):
    description = _text(_("Hva skal gjøres"), _("Skriv hva som skal gjøres."), rows=3)
    responsible = forms.ChoiceField(
        label=_("Ansvarlig"),
        error_messages={
            "required": _(
                "Velg én ansvarlig: en ansatt i botilbudet eller en tjeneste som deltok på møtet."
            )
        },
    )
    due_on = _date(_("Frist"), error_messages={"required": _("Skriv inn en frist.")})

    def __init__(self, *args: Any, staff: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff_choices = [(f"user:{u.pk}", u.get_full_name() or u.username) for u in staff]
        partner_choices = [(f"partner:{p.pk}", p.name) for p in partners]
        self.fields["responsible"].choices = [  # type: ignore[attr-defined]
            ("", _("Velg ansvarlig")),
            (_("Ansatte i botilbudet"), staff_choices),
            (_("Tjenester på møtet"), partner_choices),
        ]
        self._staff = {f"user:{u.pk}": u for u in staff}
        self._partners = {f"partner:{p.pk}": p for p in partners}

    def responsible_values(self) -> dict[str, Any]:
        key = self.cleaned_data.get("responsible") or ""
        return {
            "responsible_user": self._staff.get(key),
            "responsible_partner": self._partners.get(key),
        }
