"""The upload form: what the document is, a title, and the file.

The file itself is checked by the service (``core.files.upload``), which puts
its refusal on the ``file`` field; the form checks only that one was chosen.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.files import upload as files
from documents.models import DocumentKind
from documents.services import MAX_DESCRIPTION, MAX_TITLE


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hva slags dokument"), choices=DocumentKind.choices)
    title = forms.CharField(
        label=_("Tittel"),
        max_length=MAX_TITLE,
        help_text=_("Kort og beskrivende, for eksempel «Samtykke til NAV, signert»."),
    )
    description = forms.CharField(
        label=_("Beskrivelse"),
        max_length=MAX_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(
        label=_("Fil"),
        error_messages={
            "required": _("Velg en fil å laste opp."),
            "empty": _("Filen er tom. Velg en fil med innhold."),
            "invalid": _("Det kom ingen fil. Velg filen på nytt."),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = files.accepted_text()


class StayDocumentForm(DocumentForm):
    contains_address = forms.BooleanField(
        label=_("Dokumentet inneholder den hemmelige adressen"),
        required=False,
        help_text=_(
            "Da kan bare de som har lov til å se adressen laste det ned, og de må bekrefte "
            "med passnøkkel først."
        ),
    )
