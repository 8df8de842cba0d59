"""Encrypted model fields and blind-index columns.

Why: addresses, identity numbers and case notes must not be readable from a
database dump, backup or SQL console. Values are encrypted by
:mod:`core.crypto` before they are written and decrypted when loaded.

Declaring fields on a model::

    from core.fields import BlindIndexField, EncryptedJSONField, EncryptedTextField

    class Person(models.Model):
        address = EncryptedTextField(_("adresse"), blank=True)
        national_id = EncryptedTextField(_("fødselsnummer"), null=True, blank=True)
        # Filled automatically on save() from national_id (digits only):
        national_id_index = BlindIndexField(
            source="national_id", context="person.national_id", normalise="identity_number"
        )
        extra = EncryptedJSONField(null=True, blank=True)

Looking somebody up by identity number (exact match only)::

    Person.objects.filter(
        national_id_index=blind_index_for(number, context="person.national_id",
                                          normalise="identity_number")
    )

Rules that follow from encryption:

* Only ``isnull`` works in filters. ``exact``, ``icontains``, ordering by the
  value etc. cannot work on ciphertext; ``get_lookup`` raises a FieldError
  that says so instead of silently matching nothing. Filter with
  ``field__isnull=True`` rather than ``field=None``.
* ``None`` is stored as SQL NULL; every other value, including ``""``, ``0``,
  ``False``, ``[]`` and ``{}``, is encrypted and comes back exactly (with its
  type), because we encrypt its JSON serialisation.
* The ciphertext is bound to ``"<app_label>.<Model>.<field>"``. Renaming the
  model, app or field makes old rows undecryptable; pass
  ``associated_data="<old label>"`` to keep the old binding when renaming.
* ``QuerySet.update()`` and ``bulk_update()`` bypass ``pre_save``, so they do
  not refresh a BlindIndexField: set the index column yourself in those cases
  (``blind_index_for``).
* ``dumpdata`` writes decrypted values: never run it on production data.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core import checks
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.db.models import Model

from core import crypto

__all__ = [
    "BlindIndexField",
    "EncryptedFieldMixin",
    "EncryptedJSONField",
    "EncryptedTextField",
    "blind_index_for",
]

NORMALISERS = {
    "text": crypto.normalise_text,
    "identity_number": crypto.normalise_identity_number,
}


def blind_index_for(value: str | None, *, context: str, normalise: str = "text") -> str | None:
    """Blind index for a lookup or a ``BlindIndexField`` column; None for empty input.

    ``normalise`` is ``"text"`` (whitespace removed) or ``"identity_number"``
    (digits only).
    """
    if value is None or not str(value).strip():
        return None
    try:
        normaliser = NORMALISERS[normalise]
    except KeyError:
        raise ValueError(f"unknown normaliser {normalise!r}") from None
    return crypto.blind_index(str(value), context=context, normalise=normaliser)


# Django's field classes take no type parameters at run time (django-stubs' do).
class EncryptedFieldMixin(models.Field):  # type: ignore[type-arg]
    """Shared behaviour: JSON-serialise, encrypt on the way in, decrypt on the way out."""

    _context: str | None = None

    def __init__(self, *args: Any, associated_data: str | None = None, **kwargs: Any) -> None:
        self.associated_data = associated_data
        super().__init__(*args, **kwargs)

    # --- binding -------------------------------------------------------------

    def contribute_to_class(self, cls: type[Model], name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        # Abstract parents hand each concrete child a copy of the field, so the
        # label here is the concrete model's: tokens bind to the real column.
        self._context = self.associated_data or f"{cls._meta.label}.{name}"

    @property
    def context(self) -> str:
        """Associated data for this column, e.g. ``"cases.Person.address"``."""
        if self._context is None:
            raise RuntimeError("encrypted field is not attached to a model yet")
        return self._context

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.associated_data is not None:
            kwargs["associated_data"] = self.associated_data
        return name, path, args, kwargs

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        # Random nonces make equal plaintexts differ: uniqueness and indexes
        # on ciphertext would be meaningless (and suggest a safety that isn't there).
        if self.unique or self.primary_key or getattr(self, "db_index", False):
            errors.append(
                checks.Error(
                    "Encrypted fields cannot be unique, primary keys or indexed.",
                    hint="Add a BlindIndexField next to it for exact lookups.",
                    obj=self,
                    id="core.E101",
                )
            )
        return errors

    # --- database round trip -------------------------------------------------

    def get_internal_type(self) -> str:
        return "TextField"

    def serialise(self, value: Any) -> bytes:
        try:
            return json.dumps(
                value, ensure_ascii=False, separators=(",", ":"), allow_nan=False
            ).encode()
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"{self.context}: value of type {type(value).__name__} cannot be stored"
            ) from exc

    def deserialise(self, data: bytes) -> Any:
        return json.loads(data.decode())

    def get_prep_value(self, value: Any) -> str | None:
        # No super(): TextField would str() the value and lose its type.
        if value is None:
            return None
        return crypto.encrypt(self.serialise(self.to_python(value)), context=self.context)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.deserialise(crypto.decrypt(value, context=self.context))

    # --- queries ---------------------------------------------------------------

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"{self.context} is encrypted: the database cannot compare it "
            f"('{lookup_name}' lookup). Only '__isnull' works; use a BlindIndexField "
            "for exact matches."
        )

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(
            f"{self.context} is encrypted: '{lookup_name}' cannot be applied to ciphertext."
        )


class EncryptedTextField(EncryptedFieldMixin, models.TextField):  # type: ignore[type-arg]
    """A string column stored encrypted. ``""`` stays ``""``, ``None`` stays NULL."""

    def to_python(self, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def deserialise(self, data: bytes) -> str:
        value = super().deserialise(data)
        if not isinstance(value, str):
            raise ValidationError(f"{self.context}: decrypted value is not text")
        return value


class EncryptedJSONField(EncryptedFieldMixin, models.TextField):  # type: ignore[type-arg]
    """Any JSON value (str, int, float, bool, list, dict) stored encrypted.

    Types survive the round trip: ``0`` comes back as ``0``, ``False`` as
    ``False``. Python ``None`` is SQL NULL (there is no separate JSON null at
    the top level).
    """

    # For django-stubs: any JSON value goes in and comes out (not a str like TextField).
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "", 0, False, [] and {} are real values here, not "blank".
        self.empty_values = [None]

    def to_python(self, value: Any) -> Any:
        return value

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> Any:
        return super().formfield(
            form_class=form_class or forms.JSONField,
            choices_form_class=choices_form_class,
            **kwargs,
        )


class EncryptedBytesField(EncryptedFieldMixin, models.TextField):  # type: ignore[type-arg]
    """Raw bytes stored encrypted (a file): the token is text, the value ``bytes``.

    Text given to it is stored as its UTF-8 bytes (the marker scan writes text
    markers into every encrypted column).
    """

    # What django-stubs reads as the attribute's type (bytes, not TextField's str).
    _pyi_private_set_type: bytes | None  # type: ignore[assignment]
    _pyi_private_get_type: bytes | None  # type: ignore[assignment]

    def to_python(self, value: Any) -> bytes | None:
        if value is None or isinstance(value, bytes):
            return value
        if isinstance(value, memoryview | bytearray):
            return bytes(value)
        return str(value).encode()

    def serialise(self, value: Any) -> bytes:
        return bytes(value)

    def deserialise(self, data: bytes) -> bytes:
        return data


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """Hex HMAC of another field, computed on ``save()``, for exact lookups.

    ``source`` is the attribute to index, ``context`` a stable name for what
    is indexed (it must stay the same forever, or old indexes stop matching),
    ``normalise`` is ``"text"`` or ``"identity_number"``.
    """

    def __init__(
        self,
        *args: Any,
        source: str,
        context: str,
        normalise: str = "text",
        **kwargs: Any,
    ) -> None:
        if normalise not in NORMALISERS:
            raise ValueError(f"unknown normaliser {normalise!r}")
        self.source = source
        self.index_context = context
        self.normalise = normalise
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, context=self.index_context, normalise=self.normalise)
        return name, path, args, kwargs

    def index_for(self, value: str | None) -> str | None:
        """The index value to filter this column with."""
        return blind_index_for(value, context=self.index_context, normalise=self.normalise)

    def pre_save(self, model_instance: Model, add: bool) -> str | None:
        value = self.index_for(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
