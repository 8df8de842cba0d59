"""The reads of the decision pages: what each one shows, as audit rows name it.

One ``Read`` per page (``audit.services.Read``). The row's object is the
resident's stay as the decision pages see it (``decisions.DecidedStay``),
except where a form shows one decision; fields are dotted from it
(``decisions.what``: the text of every decision of the stay), so one row per
page view says everything the page showed.
"""

from __future__ import annotations

from audit.services import Read

STAY = "decisions.DecidedStay"
# Every decision page's heading: the stay's offer and dates.
HEADER = ("offer", "moved_in_on", "moved_out_on")
_DECISION = (
    "service",
    "decided_on",
    "received_on",
    "outcome",
    "period_from",
    "period_to",
    "appeal_deadline",
    "appealed_on",
)
_PLAN = (
    "individual_plan.has_right",
    "individual_plan.has_plan",
    "individual_plan.plan_since",
)

DECISIONS = Read(
    action="decisions.decisions.viewed",
    model=STAY,
    fields=(
        *HEADER,
        *(f"decisions.{name}" for name in _DECISION),
        *_PLAN,
        "individual_plan.coordinator",
    ),
    # What each decision granted or refused, after «vis».
    on_show=("decisions.what",),
    purpose="vedtak og individuell plan",
)
DECISION_FORM = Read(
    action="decisions.decision.opened",
    model="decisions.Decision",
    fields=(*_DECISION, "what", *(f"stay.{name}" for name in HEADER)),
    purpose="endre vedtak",
)
# A new decision's form shows nothing stored but the heading.
FORM = Read(
    action="decisions.stay.opened",
    model=STAY,
    fields=HEADER,
    purpose="registrere vedtak",
)
PLAN_FORM = Read(
    action="decisions.plan.opened",
    model=STAY,
    fields=(*HEADER, *_PLAN, "individual_plan.coordinator"),
    purpose="endre individuell plan",
)
