"""Template helpers for Designsystemet forms and messages.

Fields get ``aria-describedby`` pointing at their help text and error
message, and ``aria-invalid`` when they have errors, so the error is read
out next to the field (WCAG 3.3.1, 1.3.1).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_CHOICE_INPUTS = {"checkbox", "radio"}


def help_id(bf: BoundField) -> str:
    return f"{bf.auto_id}_helptext"


def error_id(bf: BoundField) -> str:
    return f"{bf.auto_id}_error"


@register.filter
def field_help_id(bf: BoundField) -> str:
    return help_id(bf)


@register.filter
def field_error_id(bf: BoundField) -> str:
    return error_id(bf)


@register.filter
def input_type(bf: BoundField) -> str:
    """'checkbox', 'radio', 'select', 'textarea', 'hidden' or the input type."""
    widget = bf.field.widget
    if widget.is_hidden:
        return "hidden"
    kind = getattr(widget, "input_type", None)
    if kind:
        return str(kind)
    name = type(widget).__name__.lower()
    if "textarea" in name:
        return "textarea"
    if "select" in name:
        return "select"
    return "text"


@register.simple_tag
def ds_widget(bf: BoundField, **extra: Any) -> SafeString:
    """Render a form field's widget with Designsystemet classes and ARIA links."""
    attrs: dict[str, Any] = {}
    css = [c for c in str(bf.field.widget.attrs.get("class", "")).split() if c]
    if "ds-input" not in css:
        css.insert(0, "ds-input")
    attrs["class"] = " ".join(css)
    described = []
    if bf.errors:
        described.append(error_id(bf))
        attrs["aria-invalid"] = "true"
    if bf.help_text:
        described.append(help_id(bf))
    own = bf.field.widget.attrs.get("aria-describedby")
    if own:
        described.append(str(own))
    if described:
        attrs["aria-describedby"] = " ".join(described)
    for key, value in extra.items():
        if key == "class":
            attrs["class"] = f"{attrs['class']} {value}"
        else:
            attrs[key.replace("_", "-")] = value
    # allauth puts placeholders in place of labels; we always show a label,
    # and placeholders that repeat it only add noise.
    if bf.field.widget.attrs.get("placeholder") and input_type(bf) not in _CHOICE_INPUTS:
        attrs["placeholder"] = False
    return bf.as_widget(attrs=attrs)


@register.filter
def message_color(level_tag: str) -> str:
    """Django message level -> Designsystemet data-color."""
    return {"error": "danger", "warning": "warning", "success": "success"}.get(level_tag, "info")


@register.simple_tag
def relabel(bf: BoundField, label: str) -> str:
    """Give a form field (e.g. one of allauth's) our own label text.

    Call it before the error summary so the summary and the field use the
    same words: ``{% relabel form.code _("Kode fra kodeappen") %}``.
    """
    if isinstance(bf, BoundField):
        bf.label = label
    return ""
