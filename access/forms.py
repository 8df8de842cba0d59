"""Forms of two-person approval (godkjenning av en annen person): asking and deciding.

The pages that ask for an approval before a gated act (the resident-list
export, a dwelling's address) live in ``oversight``; they use
``ApprovalRequestForm`` from here, as the admin site does.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ApprovalRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor trenger du dette?"),
        help_text=_(
            "Den som skal godkjenne, leser begrunnelsen. Ikke skriv navn på beboere: "
            "begrunnelsen slettes ikke sammen med saken."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Merknad"),
        help_text=_("Ikke skriv navn på beboere."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
