"""The offer's residents (beboerliste) and one resident at a glance (oversikt).

Both show a stay with what followup and reporting know about it, so they are
composed here (``oversight.residents``) rather than in stays. Thin: tagged in
the policy, reads through the selectors; the URL names stay ``stays:…``.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core import dates
from oversight import residents, stage
from reporting import selectors as reporting_selectors
from stays import reads, selectors


@policy.requires(Perm.VIEW_RESIDENTS)
@require_GET
def resident_list(request: AuthenticatedRequest) -> HttpResponse:
    """Residents of the user's own offers, with phase tags and overdue markers."""
    show_all = request.GET.get("vis") == "alle"
    phase_filter = request.GET.get("fase", "")
    sort = request.GET.get("sorter", "innflytting")
    rows = residents.resident_rows(
        fetched_by=request.user,
        include_finished=show_all,
        phase=phase_filter,
        sort=sort,
        request=request,
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.phase] = counts.get(row.phase, 0) + 1
    return render(
        request,
        "stays/resident_list.html",
        {
            "rows": rows,
            "show_all": show_all,
            "phase_filter": phase_filter,
            "phases": [(code, label) for code, (label, _kind) in selectors.PHASE_LABELS.items()],
            "sort": sort,
            "overdue_count": sum(1 for r in rows if r.overdue),
        },
    )


@policy.requires(Perm.VIEW_RESIDENTS)
@require_GET
def overview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = residents.overview(fetched_by=request.user, pk=pk, request=request)
    records = selectors.stay_records(stay)
    today = dates.today()
    deadlines = reporting_selectors.open_deadlines(
        fetched_by=request.user, objects=[stay], today=today
    ).get(stay.pk, [])
    return render(
        request,
        "stays/overview.html",
        {
            "stay": stay,
            # The overview's own read names the person (stays.reads.OVERVIEW).
            "header": selectors.resident_header(
                stay,
                fetched_by=request.user,
                current="stays:overview",
                request=request,
                covered_by=reads.OVERVIEW,
                on=today,
            ),
            "row": selectors.resident_row(stay, today, residents.markers_of(deadlines)),
            "actions": stage.stay_actions(
                stay=stay,
                fetched_by=request.user,
                timetable=records.timetable,
                transfer=records.transfer,
                deadlines=deadlines,
                today=today,
            ),
            "progress": selectors.progress(stay, today),
            "milestones": residents.milestones(stay, today),
            "household": records.household,
            "timetable": records.timetable,
            "partners": records.partners,
            "changes": records.changes,
            "transfer": records.transfer,
            "indicators": records.indicators,
            "open_measures": residents.open_measures(stay=stay, fetched_by=request.user),
            "last_contacts": residents.last_contacts(stay=stay, fetched_by=request.user),
            "plan_status": residents.plan_status(stay=stay, fetched_by=request.user),
            "followup_links": residents.followup_links(stay=stay, fetched_by=request.user),
            "decisions": residents.decisions_summary(stay=stay, fetched_by=request.user),
            "can_manage": policy.can(request.user, Perm.MANAGE_STAY, stay),
            "can_read_notes": policy.can(request.user, Perm.READ_STAY_NOTES, stay),
            "can_close": policy.can(request.user, Perm.CLOSE_STAY, stay),
            "can_edit_template": policy.can(request.user, Perm.MANAGE_OFFERS, stay.offer),
            "today": today,
        },
    )
