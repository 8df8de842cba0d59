"""Forms: field types and labels only; the rules live in the services (same field names)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.files import upload as files
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
        required=False,
    )
    file = forms.FileField(
        label=_("Vedlagt dokument (valgfritt)"),
        required=False,
        error_messages={
            "empty": _("Filen er tom. Velg en fil med innhold."),
            "invalid": _("Det kom ingen fil. Velg filen på nytt."),
        },
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods"}),
    )
    drop_file = forms.BooleanField(
        label=_("Fjern det vedlagte dokumentet fra den nye versjonen"),
        required=False,
    )

    def __init__(self, *args: Any, has_file: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Nobody can read an attached file to check it, so the warning is the only guard.
        self.fields["file"].help_text = " ".join(
            (
                files.accepted_text(),
                str(
                    _(
                        "Legg aldri ved et dokument med adressen til en bolig eller navn på "
                        "beboere: et vedlegg kan ikke sjekkes for adresser slik teksten blir."
                    )
                ),
                str(_("Uten ny fil beholder den nye versjonen det vedlagte dokumentet."))
                if has_file
                else "",
            )
        ).strip()
        if not has_file:
            del self.fields["drop_file"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        keeps_file = "drop_file" in self.fields and not cleaned.get("drop_file")
        has_text = bool((cleaned.get("text") or "").strip())
        if not has_text and not cleaned.get("file") and not keeps_file:
            self.add_error("text", _("Skriv rutinen eller legg ved et dokument."))
        return cleaned


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
