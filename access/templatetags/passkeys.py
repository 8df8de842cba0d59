"""``{% passkey_notice %}``: the start and account pages remind address readers to add a key."""

from __future__ import annotations

from typing import Any

from django import template

from access.signin import passkeys

register = template.Library()


@register.inclusion_tag("accounts/_passkey_notice.html", takes_context=True)
def passkey_notice(context: Any) -> dict[str, str]:
    user = context.get("user")
    return {"notice": passkeys.passkey_notice(user) if user is not None else ""}
