"""The deploy check of break-the-glass alerts (``manage.py check --deploy``).

``access.W001``: nobody would be alerted about a break-the-glass access
(nødtilgang, oversight/breakglass.py): no active competence-team lead has an
e-mail address. The accesses still open and wait on the lead's start page,
but an emergency access that nobody hears about is a review that never
happens, so a deployment should not go live like this.

The check reads the database. Deploy checks also run where there is none yet
(a build step, an unmigrated database, production settings on a CI box):
then it says nothing rather than fail the command.

The id keeps the ``access`` prefix it was documented and deployed with; the
check lives here, beside break-the-glass, and answers ``check access`` as before.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.db import DatabaseError

logger = logging.getLogger(__name__)
# The apps whose checks include this one: access (the documented id) and this app.
_LABELS = {"access", "oversight"}


@checks.register(checks.Tags.security, deploy=True)
def break_glass_alerts(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    if app_configs is not None and not any(c.label in _LABELS for c in app_configs):
        return []
    from oversight import breakglass

    try:
        alerted = breakglass.can_alert_a_lead()
    except DatabaseError:
        logger.debug("access.W001 skipped: the database cannot be read")
        return []
    if alerted:
        return []
    return [
        checks.Warning(
            "No active competence-team lead has an e-mail address, so nobody is alerted "
            "when break-the-glass access (nødtilgang) is used.",
            hint=(
                "Give the lead coordinator (a coordinator membership with 'is lead') an "
                "e-mail address in the admin site, and keep the account active."
            ),
            id="access.W001",
        )
    ]
