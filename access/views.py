"""Pages of two-person approval (godkjenning av en annen person): the list, one request, the decision.

Thin: each view is tagged in the policy, fetches through get_object_for (404
for hidden and missing alike) and writes through ``access.approvals``. The
pages of the acts an approval gates (the resident-list export, a dwelling's
address), break-the-glass and the art. 15 report live in ``oversight.views``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import approvals, enrolment_reset, policy
from access.forms import DecisionForm
from access.models import ApprovalRequest
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core.forms import save_form


@policy.requires(Perm.VIEW_APPROVALS)
@require_http_methods(["GET"])
def approval_list(request: AuthenticatedRequest) -> HttpResponse:
    mine = list(approvals.for_user(fetched_by=request.user).filter(requested_by=request.user.pk))
    now = timezone.now()
    for approval in mine:
        # Past its time but not yet marked (marking happens on the next write).
        approval.lapsed = approval.used_at is None and approval.expires_at <= now  # type: ignore[attr-defined]
    waiting = approvals.waiting_for(fetched_by=request.user)
    return render(
        request,
        "access/approval_list.html",
        {
            "waiting": approvals.described(waiting),
            "mine": approvals.described(mine),
        },
    )


def _approval_context(request: AuthenticatedRequest, approval: ApprovalRequest) -> dict[str, Any]:
    return {
        "approval": approval,
        "description": approvals.describe(approval),
        "can_decide": approval.status == ApprovalRequest.Status.PENDING
        and approvals.can_decide(request.user, approval),
        "is_own": approval.requested_by_id == request.user.pk,
    }


@policy.requires(Perm.VIEW_APPROVALS)
@require_http_methods(["GET"])
def approval_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    approval = approvals.approval_get(fetched_by=request.user, pk=pk, request=request)
    return render(request, "access/approval_detail.html", _approval_context(request, approval))


def _decide(request: AuthenticatedRequest, pk: int, *, approve: bool) -> HttpResponse:
    approval = approvals.approval_get(fetched_by=request.user, pk=pk, request=request)
    # Bound on every POST: a confirmation without a note is still a POST.
    form = DecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: approvals.decide(
                user=request.user,
                approval_id=approval.pk,
                approve=approve,
                note=form.cleaned_data["note"],
                request=request,
            ),
        )
        if saved is None:
            status = 400
        else:
            decided = saved.value
            if (link := enrolment_reset.handover_link(decided)) is not None:
                # The approver hands the new enrolment link over; it is shown
                # in this response only (SECURITY.md 32).
                return render(
                    request,
                    "access/enrolment_handover.html",
                    {"approval": decided, "issued": link},
                )
            messages.success(
                request,
                _("Forespørselen er godkjent.") if approve else _("Forespørselen er avslått."),
            )
            return redirect("access:approval_list")
    return render(
        request,
        "access/approval_decide.html",
        {**_approval_context(request, approval), "form": form, "approve": approve},
        status=status,
    )


@policy.requires(Perm.VIEW_APPROVALS)
@require_http_methods(["GET", "POST"])
def approval_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Confirmation on its own page: GET says what will happen, POST approves."""
    return _decide(request, pk, approve=True)


@policy.requires(Perm.VIEW_APPROVALS)
@require_http_methods(["GET", "POST"])
def approval_reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)
