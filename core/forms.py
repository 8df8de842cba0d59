"""From a form to a service and back: the one place a service's ValidationError meets a form.

Services validate (they are the rule); a view hands them a valid form's data
and shows what they refused next to the field it concerns, or at the top of
the form when it concerns no field of this form. Nothing is saved when the
service refuses: it raises inside its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseForm

T = TypeVar("T")


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What the service returned. Made only on success, so it is always true in an ``if``."""

    value: T


def apply_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on ``form``: on the field it names, else at the top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields and name != NON_FIELD_ERRORS else None
            form.add_error(target, errors)
    else:
        form.add_error(None, exc)


def save_form(form: BaseForm, action: Callable[[], T]) -> Saved[T] | None:
    """Run ``action`` (a service call) when ``form`` is valid; None, errors on the form, otherwise.

    ``action`` reads ``form.cleaned_data``, which exists only once the form is
    valid, so it is called here, after the check.
    """
    if not form.is_valid():
        return None
    try:
        value = action()
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    return Saved(value)
