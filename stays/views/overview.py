"""One resident at a glance (oversikt), and the notes shown only on a deliberate POST.

Thin like every view of the app (``stays.views``): tagged in the policy, reads
through the selectors, writes through the services.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.policy import Perm
from core import dates
from stays import forms, selectors
from stays.models import GOAL_INDICATORS


@policy.requires(Perm.VIEW_RESIDENTS)
@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    stay = selectors.overview(fetched_by=request.user, pk=pk, request=request)
    records = selectors.stay_records(stay)
    today = dates.today()
    return render(
        request,
        "stays/overview.html",
        {
            "stay": stay,
            "row": selectors.resident_row(
                stay,
                today,
                selectors.deadline_markers(stays=[stay], fetched_by=request.user, on=today).get(
                    stay.pk
                ),
            ),
            "progress": selectors.progress(stay, today),
            "milestones": selectors.milestones(stay, today),
            "household": records.household,
            "timetable": records.timetable,
            "partners": records.partners,
            "changes": records.changes,
            "transfer": records.transfer,
            "indicators": records.indicators,
            "open_measures": selectors.open_measures(stay=stay, fetched_by=request.user),
            "last_contacts": selectors.last_contacts(stay=stay, fetched_by=request.user),
            "plan_status": selectors.plan_status(stay=stay, fetched_by=request.user),
            "followup_links": selectors.followup_links(stay=stay, fetched_by=request.user),
            "can_manage": policy.can(request.user, Perm.MANAGE_STAY, stay),
            "can_read_notes": policy.can(request.user, Perm.READ_STAY_NOTES, stay),
            "can_close": policy.can(request.user, Perm.CLOSE_STAY, stay),
            "can_edit_template": policy.can(request.user, Perm.MANAGE_OFFERS, stay.offer),
            "today": today,
        },
    )


@policy.requires(Perm.READ_STAY_NOTES)
@require_http_methods(["GET", "POST"])
def notes(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: a deliberate button that says the view is logged. POST: show the notes, audited."""
    stay = selectors.stay_get(fetched_by=request.user, pk=pk, perm=Perm.READ_STAY_NOTES)
    if request.method == "GET":
        return render(request, "stays/notes.html", {"stay": stay, "form": forms.ConfirmForm()})
    selectors.notes_read(fetched_by=request.user, stay=stay, request=request)
    records = selectors.stay_records(stay)
    indicators = records.indicators
    return render(
        request,
        "stays/notes.html",
        {
            "stay": stay,
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
