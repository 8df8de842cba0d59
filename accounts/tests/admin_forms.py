"""Fill and send the admin site's forms over HTTP, as a person in a browser would.

``AdminForm.open(client, url)`` reads the form the admin page renders (its
fields with their current values, the membership inline and its management
form), lets a test change what a person would change, and posts it back.
Reading the rendered form keeps the tests working when fields are added to
or removed from the admin (the add form's password fields, for instance).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.test import Client

PASSWORD = "korrekt-hest-batteri-stift"


def _form_values(form: forms.BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, form_field in form.fields.items():
        if form_field.disabled:
            continue
        bound = form[name]
        value = bound.value()
        if isinstance(form_field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[bound.html_name] = "" if value is None else str(getattr(value, "pk", value))
    return data


@dataclass
class AdminForm:
    url: str
    data: dict[str, Any]
    inline: str | None = None  # the membership inline's prefix
    extra: list[int] = field(default_factory=list)

    @classmethod
    def open(cls, client: Client, url: str) -> AdminForm:
        page = client.get(url)
        assert page.status_code == 200, f"GET {url}: {page.status_code}"
        data = _form_values(page.context["adminform"].form)
        for name in data:
            if name.startswith("password"):
                data[name] = PASSWORD
        if "usable_password" in data:
            data["usable_password"] = "true"
        inline = None
        for inline_formset in page.context.get("inline_admin_formsets", []):
            formset = inline_formset.formset
            inline = formset.prefix
            data.update(_form_values(formset.management_form))
            for form in formset.initial_forms:
                data.update(_form_values(form))
        data["_save"] = "Lagre"
        return cls(url, data, inline)

    def set(self, **values: Any) -> AdminForm:
        """Change main-form fields; True/False tick or untick a checkbox, objects give their pk."""
        for name, value in values.items():
            self._put(name, value)
        return self

    def _put(self, key: str, value: Any) -> None:
        if value is True:
            self.data[key] = "on"
        elif value is False:
            self.data.pop(key, None)
        elif value is None:
            self.data[key] = ""
        else:
            self.data[key] = str(getattr(value, "pk", value))

    def _count(self, name: str) -> int:
        return int(self.data[f"{self.inline}-{name}"])

    def add_membership(self, organisation: Any, role: str, *, is_lead: bool = False) -> AdminForm:
        assert self.inline is not None, "this page has no membership inline"
        index = self._count("TOTAL_FORMS")
        self.data[f"{self.inline}-TOTAL_FORMS"] = str(index + 1)
        row = f"{self.inline}-{index}"
        self.data[f"{row}-id"] = ""
        self._put(f"{row}-organisation", organisation)
        self._put(f"{row}-role", role)
        self._put(f"{row}-is_lead", is_lead)
        return self

    def change_membership(self, index: int, **values: Any) -> AdminForm:
        for name, value in values.items():
            self._put(f"{self.inline}-{index}-{name}", value)
        return self

    def delete_membership(self, index: int) -> AdminForm:
        self.data[f"{self.inline}-{index}-DELETE"] = "on"
        return self

    def membership_index(self, membership: Any) -> int:
        for index in range(self._count("INITIAL_FORMS")):
            if self.data.get(f"{self.inline}-{index}-id") == str(membership.pk):
                return index
        raise AssertionError(f"membership {membership.pk} is not on {self.url}")

    def post(self, client: Client) -> Any:
        return client.post(self.url, self.data)
