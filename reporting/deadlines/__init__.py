"""Every deadline in one place: computed from the records, never stored.

Sources: the three milestone reports per stay (platform §4b,
``milestones``), and in ``sources``: action-plan evaluations every 3 months
(followup), police clearance renewals (housing), consent expiry and
allocation holds (referrals), appeal deadlines of refused or partly granted
decisions not yet appealed (decisions), open tasks from meetings (meetings)
and the next review of an offer's approved routines (routines). Dates come
from ``core.dates``: Norwegian time, and a deadline that falls on a weekend or
a public holiday moves to the next working day (``dates.deadline``).

A user sees a deadline only when the access policy lets them see its object
for the permission of whoever must act (``policy.visible``), so the same
function answers "my deadlines", the reminder counts and the overdue markers.

States: ``overdue`` (the due date has passed), ``due`` (due today), ``soon``
(within ``SOON_DAYS`` days), ``later`` and ``done``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from core import dates
from reporting.deadlines import sources
from reporting.deadlines.base import (
    EXPIRED_CONSENT_DAYS,
    HORIZON_DAYS,
    KIND_LABELS,
    MILESTONE_SHORT_LABELS,
    PASSED_APPEAL_DAYS,
    SOON_DAYS,
    STATE_LABELS,
    STATE_TAG,
    Deadline,
    Kind,
    State,
    days_sent_late,
    state_for,
)
from reporting.deadlines.milestones import (
    may_still_owe,
    milestone_deadlines,
    milestone_due_dates,
    reportable_stays,
)
from reporting.models import ReportedStay

__all__ = [
    "EXPIRED_CONSENT_DAYS",
    "HORIZON_DAYS",
    "KIND_LABELS",
    "MILESTONE_SHORT_LABELS",
    "PASSED_APPEAL_DAYS",
    "SOON_DAYS",
    "STATE_LABELS",
    "STATE_TAG",
    "Deadline",
    "Kind",
    "State",
    "counts",
    "days_sent_late",
    "deadlines_for",
    "grouped",
    "may_still_owe",
    "milestone_deadlines",
    "milestone_due_dates",
    "reportable_stays",
    "state_for",
]


# --- per user ---------------------------------------------------------------------


def deadlines_for(user: Viewer, *, today: dt.date | None = None) -> list[Deadline]:
    """Everything ``user`` must act on, most urgent first; [] without VIEW_MY_DEADLINES."""
    if not policy.has_perm(user, Perm.VIEW_MY_DEADLINES):
        return []
    today = today or dates.today()
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    stays = may_still_owe(
        reportable_stays(policy.visible(user, ReportedStay, Perm.SUBMIT_MILESTONE_REPORT))
    )
    found = [d for d in milestone_deadlines(stays, today=today) if d.due_on <= horizon]
    found += sources.plan_evaluations(user, today)
    found += sources.clearance_renewals(user, today)
    found += sources.consent_expiries(user, today)
    found += sources.hold_expiries(user, today)
    found += sources.appeal_deadlines(user, today)
    found += sources.meeting_tasks(user, today)
    found += sources.routine_reviews(user, today)
    return sorted(found, key=lambda d: (d.due_on, d.kind, d.subkind, d.obj.pk))


def counts(deadlines: Iterable[Deadline]) -> dict[str, int]:
    tally = Counter(d.state for d in deadlines)
    return {
        state: tally.get(state, 0) for state in (State.OVERDUE, State.DUE, State.SOON, State.LATER)
    }


def grouped(deadlines: Iterable[Deadline]) -> dict[str, list[Deadline]]:
    """The three groups of the "Mine frister" page: overdue, due soon (today + soon), later."""
    groups: dict[str, list[Deadline]] = {"overdue": [], "soon": [], "later": []}
    for d in deadlines:
        if d.state == State.OVERDUE:
            groups["overdue"].append(d)
        elif d.state in (State.DUE, State.SOON):
            groups["soon"].append(d)
        elif d.state == State.LATER:
            groups["later"].append(d)
    return groups
