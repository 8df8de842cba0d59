"""A resident's notes (notater), shown only on a deliberate POST.

Thin like every view of the app (``stays.views``): tagged in the policy, reads
through the selectors, writes through the services.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from audit.services import Read
from stays import forms, reads, selectors
from stays.models import GOAL_INDICATORS, Stay


def _header(
    request: AuthenticatedRequest, stay: Stay, covered_by: Read | None = None
) -> selectors.ResidentHeader:
    return selectors.resident_header(
        stay, fetched_by=request.user, current="stays:notes", request=request, covered_by=covered_by
    )


@policy.requires(Perm.READ_STAY_NOTES)
@require_http_methods(["GET", "POST"])
def notes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: a deliberate button that says the view is logged. POST: show the notes, audited."""
    stay = selectors.stay_get(fetched_by=request.user, pk=pk, perm=Perm.READ_STAY_NOTES)
    if request.method == "GET":
        return render(
            request,
            "stays/notes.html",
            {"stay": stay, "header": _header(request, stay), "form": forms.ConfirmForm()},
        )
    selectors.notes_read(fetched_by=request.user, stay=stay, request=request)
    records = selectors.stay_records(stay)
    indicators = records.indicators
    return render(
        request,
        "stays/notes.html",
        {
            "stay": stay,
            "header": _header(request, stay, reads.NOTES),
            "shown": True,
            "household": records.household,
            "changes": records.changes,
            "transfer": [t for t in records.transfer if t.note],
            "timetable": [t for t in records.timetable if t.description],
            "indicator_notes": [
                (label, getattr(indicators, f"{code}_note"))
                for code, label in GOAL_INDICATORS
                if indicators and getattr(indicators, f"{code}_note")
            ],
        },
    )
