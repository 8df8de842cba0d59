"""The appeal deadline (klagefrist) of an individual decision.

Forvaltningsloven § 29: the deadline is three weeks from the day the
decision reached the resident. § 30 counts it by domstolloven §§ 148–149:
a deadline that ends on a Saturday, Sunday or public holiday moves to the
next working day, which is ``core.dates.deadline``.
"""

from __future__ import annotations

import datetime as dt

from core import dates

APPEAL_WEEKS = 3


def default_appeal_deadline(received_on: dt.date) -> dt.date:
    """Three weeks after the decision was received, on a working day."""
    return dates.deadline(received_on + dt.timedelta(weeks=APPEAL_WEEKS))
