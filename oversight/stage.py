"""The stay's next step (neste steg): the one primary action on the resident overview.

A stay moves through the same steps every time: move-in, the arrival
timetable, the security conversation with the police, the action plan, the
milestone reports, the transfer checklist, move-out and closure
(docs/stay-contract.md, platform §4). The overview's primary button is the
first of these that is not yet done, decided from recorded facts only; the
other acts on the stay stay reachable as secondary links.

Some facts are followup's (conversation, plan) and reporting's (reports
owed), so the step is composed here. Each of those facts is asked through
the owning app's selector, which answers only within the user's reach; a
step the user cannot see or act on is skipped, never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access import policy
from access.policy import Perm
from accounts.actors import Viewer
from followup import selectors as followup_selectors
from reporting import deadlines as dl
from stays import selectors as stay_selectors
from stays.models import Stay, TransferItem

# The transfer checklist and move-out come up when the planned move-out (or
# the end of the follow-up) is this close: the same month the "1 month
# before move-out" report asks about.
NEAR_MOVE_OUT_DAYS = 31

REPORT_LABELS = {
    "three_months": _("Send 3-månedersrapporten"),
    "before_move_out": _("Send rapporten før utflytting"),
    "nine_months": _("Send 9-månedersrapporten"),
}


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    url: str


@dataclass
class StayActions:
    """The primary step (None when nothing is left to do) and the other acts, as links."""

    primary: Step | None
    secondary: list[Step] = field(default_factory=list)


def _step(code: str, label: Any, name: str, *args: Any) -> Step:
    return Step(code, str(label), reverse(name, args=list(args)))


def _near_move_out(stay: Stay, today: dt.date) -> bool:
    ends = [d for d in (stay.planned_move_out_on, stay_selectors.followup_ends_on(stay)) if d]
    return any((end - today).days <= NEAR_MOVE_OUT_DAYS for end in ends)


def _transfer_open(transfer: Sequence[TransferItem]) -> bool:
    finished = {TransferItem.State.DONE, TransferItem.State.NOT_NEEDED}
    return any(item.state not in finished for item in transfer)


def _living_step(
    *,
    stay: Stay,
    fetched_by: Viewer,
    timetable: Sequence[Any],
    transfer: Sequence[TransferItem],
    deadlines: Sequence[dl.Deadline],
    can_manage: bool,
    today: dt.date,
) -> Step | None:
    pk = stay.pk
    assert stay.moved_in_on is not None
    # The timetable is handed over on the day of arrival; one that is missing
    # is made before anything else in the first two weeks.
    just_arrived = stay_selectors.phase(stay, today) == stay_selectors.Phase.JUST_ARRIVED
    if can_manage and just_arrived and not timetable:
        return _step("timetable", _("Lag timeplanen for de to første ukene"), "stays:timetable", pk)
    # Going through it with the resident is logged as a contact; after that the
    # day of arrival moves on to the next step instead of repeating this one.
    if (
        can_manage
        and stay.moved_in_on == today
        and not followup_selectors.contact_recorded_since(stay, today, fetched_by=fetched_by)
    ):
        return _step("timetable", _("Gå gjennom timeplanen med beboeren"), "stays:timetable", pk)
    # None: the follow-up is outside this user's reach, so its steps are skipped.
    held = followup_selectors.security_conversation_held(stay, fetched_by=fetched_by)
    if held is False:
        return _step("security", _("Hold sikkerhetssamtalen"), "followup:security", pk)
    if held is not None and followup_selectors.plan_status(stay, fetched_by=fetched_by) is None:
        return _step("plan", _("Lag handlingsplan"), "followup:plan", pk)
    for deadline in deadlines:
        if deadline.kind == dl.Kind.MILESTONE and deadline.subkind in REPORT_LABELS:
            return Step("report", str(REPORT_LABELS[deadline.subkind]), deadline.url)
    for deadline in deadlines:
        if deadline.kind == dl.Kind.PLAN_EVALUATION and deadline.state != dl.State.SOON:
            return Step("evaluation", str(_("Evaluer handlingsplanen")), deadline.url)
    if can_manage and _near_move_out(stay, today):
        if _transfer_open(transfer):
            return _step("transfer", _("Oppdater overføringslisten"), "stays:transfer", pk)
        return _step("move_out", _("Registrer utflytting"), "stays:move_out", pk)
    if held is not None and policy.has_perm(fetched_by, Perm.RECORD_FOLLOWUP):
        return _step("contact", _("Registrer kontakt"), "followup:contact_create", pk)
    return None


def stay_actions(
    *,
    stay: Stay,
    fetched_by: Viewer,
    timetable: Sequence[Any],
    transfer: Sequence[TransferItem],
    deadlines: Sequence[dl.Deadline],
    today: dt.date,
) -> StayActions:
    """The overview's primary step and secondary links for ``fetched_by``.

    ``deadlines``: the stay's open deadlines as reporting answers them for this
    user (``reporting.selectors.open_deadlines``), most urgent first.
    """
    pk = stay.pk
    can_manage = policy.can(fetched_by, Perm.MANAGE_STAY, stay)
    can_close = policy.can(fetched_by, Perm.CLOSE_STAY, stay)
    primary: Step | None = None
    others: list[Step] = []
    if stay.status == Stay.Status.ALLOCATED:
        if can_manage:
            primary = _step("move_in", _("Registrer innflytting"), "stays:move_in", pk)
    elif stay.status == Stay.Status.LIVING:
        primary = _living_step(
            stay=stay,
            fetched_by=fetched_by,
            timetable=timetable,
            transfer=transfer,
            deadlines=deadlines,
            can_manage=can_manage,
            today=today,
        )
        if can_manage:
            others = [
                _step("transfer", _("Oppdater overføringslisten"), "stays:transfer", pk),
                _step("move_out", _("Registrer utflytting"), "stays:move_out", pk),
            ]
    elif stay.status == Stay.Status.MOVED_OUT:
        if can_close:
            primary = _step("close", _("Avslutt oppholdet"), "stays:close", pk)
        if can_manage:
            others = [
                _step("aftercare", _("Registrer eller endre ettervern"), "stays:aftercare", pk)
            ]
            if primary is None:
                primary, others = others[0], []
    secondary = [s for s in others if primary is None or s.url != primary.url]
    return StayActions(primary=primary, secondary=secondary)
