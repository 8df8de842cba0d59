"""Two-person approval (godkjenning av en annen person; SECURITY.md 9 and 31, ASVS 2.3.5).

These acts need a second person's approval before they happen:

* ``address_disclosure``: the first time a secret dwelling address is shown
  to someone who has not had it. "Has had it" means an audit row by that user
  for that dwelling of ``housing.dwelling.created`` (they typed it in) or
  ``housing.dwelling.address_viewed``, or an ``AddressDisclosure`` row.
* ``bulk_export``: an export with more than one person's personal data (the
  offer's resident list as CSV, ``oversight.exports``). Statistics exports
  are suppressed aggregates and need none.
* ``role_grant``, ``organisation_change``, ``reactivation``: what the
  administrator does in the admin site that gives someone case content is
  staged (``access.grants``) and applied only when approved.
* ``account_unlock``: lifting a sign-in lock; the administrator asks, the
  competence-team lead approves, and the lock is lifted then
  (``access.unlock``).
* ``enrolment_reset``: a new enrolment link for a user with case access
  (password and second factors removed); see ``access/enrolment_reset.py``.

Who may approve is one function, ``access.approvers.eligible_approver``: the
role that fits the act, and a second, pre-existing, independent person. A
requester never decides their own request (a database check constraint and
the service), nor does the person a grant is for. An approval allows the act
once; pending requests expire after ``APPROVAL_DAYS`` and an unused approval
after the same time. Every step is audited.


Reads in ``selectors``, writes (and the address gate that housing calls) in
``services``, what both share in ``base``; import from ``access.approvals``.
"""

from access.approvals.base import (
    APPROVAL_DAYS,
    ApprovalRequired,
    Kind,
    Status,
    can_decide,
    subject_for,
)
from access.approvals.selectors import (
    approval_get,
    describe,
    described,
    for_user,
    has_had_address,
    open_request,
    waiting_for,
)
from access.approvals.services import (
    address_gate,
    audit_approval,
    consume,
    decide,
    expire_due,
    request_approval,
)

__all__ = [
    "APPROVAL_DAYS",
    "ApprovalRequired",
    "Kind",
    "Status",
    "address_gate",
    "approval_get",
    "audit_approval",
    "can_decide",
    "consume",
    "decide",
    "describe",
    "described",
    "expire_due",
    "for_user",
    "has_had_address",
    "open_request",
    "request_approval",
    "subject_for",
    "waiting_for",
]
