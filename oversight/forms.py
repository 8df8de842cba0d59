"""Forms for break-the-glass (nødtilgang), the art. 15 report (innsyn) and closing a stay (avslutning).

Identifiers (reference, identity number) are POSTed, never put in a URL.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from access.models import AccessReport, BreakGlassAccess
from oversight.breakglass import REFERENCE_TYPO
from oversight.closure import OpenMeasure
from stays import references
from stays.forms import CloseForm

_REASON_HELP = _("Skriv kort hva som har skjedd. Lederen i Kompetanseteamet leser dette.")


class BreakGlassForm(forms.Form):
    reference = forms.CharField(
        label=_("Referanse"),
        required=False,
        max_length=20,
        help_text=_(
            "Referansen alarmsentralen eller politiet har for beboeren: 8 tegn, "
            "for eksempel 7K2M-9QX3. Store eller små bokstaver, med eller uten bindestrek."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    identity_number = forms.CharField(
        label=_("Eller fødselsnummer (11 sifre)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("Hvorfor trenger du nødtilgang?"),
        help_text=_REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=True,
        error_messages={
            "required": _(
                "Skriv hvorfor du trenger nødtilgang. Uten begrunnelse får du ikke tilgang."
            )
        },
    )

    def clean_reference(self) -> str:
        """The reference in its stored form; a typo (wrong check character) is refused here."""
        typed = (self.cleaned_data.get("reference") or "").strip()
        if not typed:
            return ""
        canonical = references.normalise(typed)
        if canonical is None:
            raise forms.ValidationError(REFERENCE_TYPO, code="reference_invalid")
        return canonical

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        identity = (data.get("identity_number") or "").strip()
        # A reference with a typo is already an error on its field: not "neither".
        reference_given = bool(data.get("reference")) or self.has_error("reference")
        if reference_given == bool(identity):
            raise forms.ValidationError(
                _("Skriv enten referansen eller fødselsnummeret, ikke begge.")
            )
        return data


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Var nødtilgangen begrunnet?"),
        choices=[
            (BreakGlassAccess.Review.JUSTIFIED, _("Ja, tilgangen var begrunnet")),
            (BreakGlassAccess.Review.NOT_JUSTIFIED, _("Nei, tilgangen var ikke begrunnet")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Merknad"),
        required=False,
        help_text=_("Må fylles ut når tilgangen ikke var begrunnet: hva skjer videre?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class Art15Form(forms.Form):
    identity_number = forms.CharField(
        label=_("Fødselsnummer (11 sifre)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    person_ref = forms.CharField(
        label=_("Eller personnummer i Botilbud"),
        required=False,
        max_length=12,
        help_text=_("For personer uten fødselsnummer. Bare tall."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    identity_checked = forms.BooleanField(
        label=_("Jeg har kontrollert at den som ber om innsyn, er denne personen"),
        error_messages={"required": _("Du må kontrollere identiteten før du lager rapporten.")},
    )
    identity_method = forms.ChoiceField(
        label=_("Hvordan kontrollerte du identiteten?"),
        choices=AccessReport.IdentityMethod.choices,
        widget=forms.RadioSelect,
    )
    identity_note = forms.CharField(
        label=_("Merknad om kontrollen"),
        required=False,
        help_text=_("Må fylles ut når du velger «Annet». Ikke skriv legitimasjonsnummer."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    include_names = forms.BooleanField(
        label=_("Ta med navn på ansatte som har sett opplysningene"),
        required=False,
        help_text=_("Vanligvis ikke. Rapporten viser rolle og type virksomhet i stedet."),
    )
    names_reason = forms.CharField(
        label=_("Hvorfor skal navn være med?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        identity = (data.get("identity_number") or "").strip()
        ref = (data.get("person_ref") or "").strip()
        if bool(identity) == bool(ref):
            raise forms.ValidationError(
                _("Skriv enten fødselsnummeret eller personnummeret i Botilbud, ikke begge.")
            )
        if ref and not ref.isdigit():
            self.add_error("person_ref", _("Personnummeret har bare tall."))
        return data


class ClosureForm(CloseForm):
    """The closure form (``stays.forms.CloseForm``) with one confirmation per open security measure.

    A box left empty is not an error of the form: the service names every
    measure still open and refuses the closure (``oversight.closure``).
    """

    def __init__(self, *args: Any, measures: list[OpenMeasure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measures = measures
        for measure in measures:
            self.fields[measure.field] = forms.BooleanField(
                label=format_lazy(
                    _("{measure} – jeg bekrefter at tiltaket er levert tilbake eller avsluttet"),
                    measure=measure.label,
                ),
                required=False,
            )

    def measure_fields(self) -> list[forms.BoundField]:
        return [self[m.field] for m in self.measures]

    def acknowledged(self) -> list[int]:
        return [m.pk for m in self.measures if self.cleaned_data.get(m.field)]
