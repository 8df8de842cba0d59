"""The documents of a case (dokumenter i saken): files about a person or a stay.

``PersonDocument`` hangs off the person in the intake (the competence team's
case), ``StayDocument`` off a stay (the offer's staff). Both keep the file
itself encrypted in the database (``EncryptedBytesField``; why the database
and not a directory: docs/decisions/0009-case-documents-in-the-database.md),
with a title and a description that are free text about the person and so
encrypted too. What the file is (its content type) is sniffed from its bytes
when it is uploaded (``core.files.sniff``) and stored plain, with its size:
neither says anything about the person. The original file name is not kept:
people name files after the person («Samtykke Aisha.pdf»), and the download
gets a neutral name instead.

``DocumentStay`` and ``DocumentPerson`` are proxies of the stay and the
person that answer only this app's permissions (access/scopes.py), as
``followup.FollowedStay`` does for the follow-up pages.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedBytesField, EncryptedTextField
from core.models import SyntheticMarkMixin, TimeStampedModel
from referrals.models import Person
from stays.models import Stay


class DocumentKind(models.TextChoices):
    CONSENT = "consent", _("Signert samtykke")
    DECISION = "decision", _("Vedtak")
    PLAN = "plan", _("Plan")
    LETTER = "letter", _("Brev")
    OTHER = "other", _("Annet")


class CaseDocument(SyntheticMarkMixin, TimeStampedModel):
    """What the two kinds of document share (abstract)."""

    kind = models.CharField(_("type dokument"), max_length=20, choices=DocumentKind)
    title = EncryptedTextField(_("tittel"))
    description = EncryptedTextField(_("beskrivelse"), blank=True, default="")
    contains_address = models.BooleanField(_("inneholder en hemmelig adresse"), default=False)
    content_type = models.CharField(_("filtype"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("størrelse i byte"), editable=False)
    # NULL once retention has emptied it (the row stays for the counts).
    content = EncryptedBytesField(_("innhold"), null=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lastet opp av"),
    )

    class Meta:
        abstract = True
        ordering = ("-created_at", "-pk")

    @property
    def content_type_name(self) -> str:
        """The kind of file in a word («PDF», «Word»)."""
        from core.files.sniff import BY_CONTENT_TYPE

        kind = BY_CONTENT_TYPE.get(self.content_type)
        return kind.name if kind is not None else self.content_type

    def __str__(self) -> str:
        # Never the title: it is about the person and may be logged.
        return f"{type(self).__name__} {self.pk}"


class StayDocument(CaseDocument):
    """Dokument i oppholdet: a file the offer's staff keep about a resident's stay."""

    stay = models.ForeignKey(Stay, on_delete=models.PROTECT, related_name="documents")

    class Meta(CaseDocument.Meta):
        verbose_name = _("dokument i oppholdet")
        verbose_name_plural = _("dokumenter i oppholdet")


class PersonDocument(CaseDocument):
    """Dokument i inntaket: a file the competence team keeps about a person in the intake."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="documents")

    class Meta(CaseDocument.Meta):
        verbose_name = _("dokument i inntaket")
        verbose_name_plural = _("dokumenter i inntaket")


class DocumentStay(Stay):
    """The stay as the documents pages see it (answers only the documents permissions)."""

    class Meta:
        proxy = True
        verbose_name = _("opphold (dokumenter)")


class DocumentPerson(Person):
    """The person as the documents pages see it (answers only the documents permissions)."""

    class Meta:
        proxy = True
        verbose_name = _("person (dokumenter)")
