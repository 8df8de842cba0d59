"""The inquiry list's filter (GET) and search (POST): field types and labels only.

The filter is a status code, harmless in a URL. The search is an identity
number, which is personal data: it goes by POST (SECURITY.md 16), never in
the query string that browsers keep in their history and servers log.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.identity import clean_identity_number
from referrals.models import Inquiry


class InquiryFilterForm(forms.Form):
    utfall = forms.ChoiceField(
        label=_("Utfall"),
        required=False,
        choices=[("", _("Alle")), *Inquiry.Outcome.choices],
    )


class InquirySearchForm(forms.Form):
    fodselsnummer = forms.CharField(
        label=_("Søk på fødselsnummer eller D-nummer"),
        help_text=_(
            "11 sifre. Navn kan ikke søkes på fordi de er kryptert. Søket står ikke i nettadressen."
        ),
        max_length=20,
        error_messages={"required": _("Skriv fødselsnummeret du vil søke på.")},
    )

    def clean_fodselsnummer(self) -> str:
        number, _born = clean_identity_number(self.cleaned_data.get("fodselsnummer", ""))
        return number
