"""Lists of residents: the police district's and the team's summary (no names).

Thin like every view of the app (``stays.views``): tagged in the policy, reads
through the selectors, writes through the services. The offer's own list
shows the reports still owed, so it is composed in ``oversight.views.residents``.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from stays import selectors


@policy.requires(Perm.VIEW_STAY_SECURITY)
@require_GET
def security_list(request: AuthenticatedRequest) -> HttpResponse:
    """Local police: residents in the district's offers, the security subset only."""
    rows = selectors.security_rows(fetched_by=request.user, request=request)
    return render(request, "stays/security_list.html", {"rows": rows})


@policy.requires(Perm.VIEW_STAY_SECURITY)
@require_GET
def security_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    detail = selectors.security_detail(fetched_by=request.user, pk=pk, request=request)
    return render(
        request,
        "stays/security_detail.html",
        {
            "stay": detail.stay,
            "label": detail.label,
            "row": selectors.resident_row(detail.stay),
            "household": detail.household,
            "security_item": detail.security_item,
            "timetable": detail.police_meetings,
        },
    )


@policy.requires(Perm.VIEW_STAY_SUMMARY)
@require_GET
def summary_list(request: AuthenticatedRequest) -> HttpResponse:
    """The competence team: status, offer and dates for capacity and follow-through. No names."""
    summary = selectors.summary_list(
        fetched_by=request.user, page=request.GET.get("side", 1), request=request
    )
    return render(request, "stays/summary_list.html", {"summary": summary})
