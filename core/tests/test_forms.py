"""The form-to-service helper: a service's refusal lands on the right field, nothing else runs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.forms import apply_errors, save_form


class NameForm(forms.Form):
    name = forms.CharField()
    day = forms.DateField(required=False)


def refuse(error: Any) -> Any:
    def action() -> Any:
        raise ValidationError(error)

    return action


def test_it_runs_the_service_with_a_valid_form_and_returns_what_it_returned():
    form = NameForm({"name": "Kari"})
    saved = save_form(form, lambda: form.cleaned_data["name"].upper())
    assert saved is not None and saved.value == "KARI"


def test_it_is_true_even_when_the_service_returns_nothing():
    assert save_form(NameForm({"name": "Kari"}), lambda: None)


def test_it_does_not_call_the_service_with_an_invalid_form():
    calls: list[str] = []
    form = NameForm({"name": ""})
    assert save_form(form, lambda: calls.append("called")) is None
    assert calls == []
    assert "name" in form.errors


def test_it_puts_a_field_error_on_its_field():
    form = NameForm({"name": "Kari"})
    assert save_form(form, refuse({"name": "Navnet er tatt."})) is None
    assert form.errors == {"name": ["Navnet er tatt."]}
    assert "name" not in form.cleaned_data


def test_it_puts_an_error_for_a_field_the_form_does_not_have_at_the_top():
    # A model field the form does not show: the person still sees why.
    form = NameForm({"name": "Kari"})
    assert save_form(form, refuse({"allocated_on": "Datoen er for tidlig."})) is None
    assert form.non_field_errors() == ["Datoen er for tidlig."]
    assert "allocated_on" not in form.errors


def test_it_puts_a_message_without_a_field_at_the_top():
    form = NameForm({"name": "Kari"})
    assert save_form(form, refuse(["Plassen er tatt.", "Prøv en annen."])) is None
    assert form.non_field_errors() == ["Plassen er tatt.", "Prøv en annen."]


def test_it_puts_errors_for_several_fields_and_the_whole_form_each_where_they_belong():
    form = NameForm({"name": "Kari", "day": "2026-01-05"})
    apply_errors(
        form,
        ValidationError(
            {"day": "Helg.", NON_FIELD_ERRORS: "Noe annet.", "name": ["Kort.", "Tatt."]}
        ),
    )
    assert form.errors["day"] == ["Helg."]
    assert form.errors["name"] == ["Kort.", "Tatt."]
    assert form.non_field_errors() == ["Noe annet."]


def test_it_lets_other_exceptions_through():
    import pytest

    form = NameForm({"name": "Kari"})

    def broken() -> None:
        raise RuntimeError("not a refusal")

    with pytest.raises(RuntimeError):
        save_form(form, broken)
