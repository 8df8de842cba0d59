"""Pages: my deadlines, milestone reports (submit, inbox, read), statistics and exports.

Thin: each view is tagged in the policy, reads through the selectors (404 for
hidden and missing alike) and writes through the services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from allauth.account.internal.flows.reauthentication import raise_if_reauthentication_required
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest, Viewer
from core import dates
from core.forms import save_form
from reporting import deadlines as dl
from reporting import exports, presentation, selectors, services
from reporting.forms import MilestoneReportForm, PeriodForm, default_period
from reporting.models import MilestoneKind
from reporting.report import default_statistics, statistics
from stays import selectors as stay_selectors

# --- my deadlines -----------------------------------------------------------------


@policy.requires(Perm.VIEW_MY_DEADLINES)
@require_GET
def my_deadlines(request: AuthenticatedRequest) -> HttpResponse:
    today = dates.today()
    found = selectors.my_deadlines(fetched_by=request.user, today=today)
    subjects = selectors.deadline_subjects(found, fetched_by=request.user, request=request)
    groups = {
        key: [(d, subjects[id(d)]) for d in items] for key, items in dl.grouped(found).items()
    }
    return render(
        request,
        "reporting/my_deadlines.html",
        {
            "groups": [
                (key, label, groups[key], f"{label}: {len(groups[key])}", tag)
                for key, label, tag in (
                    ("overdue", _("Forfalt"), "danger"),
                    ("soon", _("Frist de neste 14 dagene"), "warning"),
                    ("later", _("Senere"), "neutral"),
                )
            ],
            "total": sum(len(g) for g in groups.values()),
            "today": today,
        },
    )


# --- milestone reports: the municipality ---------------------------------------


@policy.requires(Perm.SUBMIT_MILESTONE_REPORT)
@require_GET
def stay_reports(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay, owed = selectors.stay_reports_page(fetched_by=request.user, pk=pk, request=request)
    return render(
        request,
        "reporting/stay_reports.html",
        {
            "stay": stay,
            "header": stay_selectors.resident_header(
                stay, fetched_by=request.user, current="reporting:stay_reports", request=request
            ),
            "reports": owed,
            "today": dates.today(),
        },
    )


@policy.requires(Perm.SUBMIT_MILESTONE_REPORT)
@require_http_methods(["GET", "POST"])
def milestone_submit(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    stay = selectors.stay_for_report(fetched_by=request.user, pk=pk)
    if kind not in MilestoneKind.values:
        raise Http404
    owed = {d.subkind: d for d in selectors.stay_reports(fetched_by=request.user, stay=stay)}
    if kind not in owed:
        raise Http404
    deadline = owed[kind]
    if deadline.state == dl.State.DONE:
        messages.info(request, _("Denne rapporten er allerede sendt."))
        return redirect("reporting:stay_reports", pk=stay.pk)
    initial = selectors.milestone_form_start(
        fetched_by=request.user, stay=stay, kind=kind, request=request
    )
    form = MilestoneReportForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and save_form(
        form,
        lambda: services.milestone_report_submit(
            stay=stay, kind=kind, by=request.user, request=request, **form.service_values()
        ),
    ):
        messages.success(request, _("Rapporten er sendt til Bufdirs representant."))
        return redirect("reporting:stay_reports", pk=stay.pk)
    return render(
        request,
        "reporting/milestone_form.html",
        {
            "form": form,
            "stay": stay,
            "header": stay_selectors.resident_header(
                stay, fetched_by=request.user, current="reporting:milestone_submit", request=request
            ),
            "kind_label": MilestoneKind(kind).label,
            "deadline": deadline,
        },
    )


# --- milestone reports: the directorate ----------------------------------------


@policy.requires(Perm.READ_MILESTONE_REPORTS)
@require_GET
def report_inbox(request: AuthenticatedRequest) -> HttpResponse:
    inbox = selectors.inbox_page(
        fetched_by=request.user, page=request.GET.get("side", 1), request=request
    )
    return render(
        request,
        "reporting/inbox.html",
        {
            "new": inbox.new,
            "read": inbox.read,
            "read_page": inbox.read_page,
            "late": inbox.late,
            "count_tags": [
                (f"{_('Nye')}: {len(inbox.new)}", "info"),
                (f"{_('Forsinket')}: {len(inbox.late)}", "danger"),
                (_("Sendt for sent: %(count)s") % {"count": inbox.sent_late_count}, "warning"),
                (f"{_('Lest')}: {inbox.read_page.paginator.count}", "neutral"),
            ],
        },
    )


@policy.requires(Perm.READ_MILESTONE_REPORTS)
@require_GET
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(fetched_by=request.user, pk=pk)
    services.milestone_report_view(report=report, by=request.user, request=request)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "label": stay_selectors.resident_label(
                report.stay, fetched_by=request.user, request=request
            ),
            "days_sent_late": selectors.sent_late(report),
        },
    )


@policy.requires(Perm.READ_MILESTONE_REPORTS)
@require_POST
def report_mark_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(fetched_by=request.user, pk=pk)
    services.milestone_report_mark_read(report=report, by=request.user, request=request)
    messages.success(request, _("Rapporten er markert som lest."))
    return redirect("reporting:inbox")


# --- statistics -----------------------------------------------------------------


def _scopes(user: Viewer, perm: Perm) -> list[tuple[str, str, list[int] | None]]:
    """What the user may choose: (value, label, offer ids or None for national)."""
    offers = list(selectors.statistics_offers(fetched_by=user, perm=perm))
    found: list[tuple[str, str, list[int] | None]] = []
    municipalities: dict[int, tuple[str, list[int]]] = {}
    if selectors.statistics_is_national(fetched_by=user, perm=perm):
        found.append(("national", _("Hele landet"), None))
    else:
        # The own municipality is a scope even before it has an offer (empty
        # figures): the policy grants the page, so it must not answer 404.
        for municipality in selectors.statistics_municipalities(fetched_by=user, perm=perm):
            municipalities[municipality.pk] = (municipality.name, [])
    for offer in offers:
        entry = municipalities.setdefault(offer.municipality_id, (offer.municipality.name, []))
        entry[1].append(offer.pk)
    for mid, (name, ids) in sorted(municipalities.items(), key=lambda item: item[1][0]):
        found.append((f"m{mid}", name, ids))
    for offer in offers:
        found.append((f"o{offer.pk}", f"{offer.municipality.name}: {offer.name}", [offer.pk]))
    return found


@dataclass
class _Choice:
    form: PeriodForm
    scope: tuple[str, str, list[int] | None] | None
    start: dt.date
    end: dt.date
    published: dict[str, Any] | None  # already counted (the default period), else None
    period_note: str = ""


def _period_and_scope(request: AuthenticatedRequest, perm: Perm, threshold_for: Any) -> _Choice:
    """The period and scope asked for; without a period, the default with figures to show."""
    scopes = _scopes(request.user, perm)
    choices = [(value, label) for value, label, _ids in scopes]
    chosen = scopes[0] if scopes else None
    if "fra" in request.GET:
        form = PeriodForm(request.GET, scopes=choices)
        start, end = default_period()
        if form.is_valid():
            start, end = form.cleaned_data["fra"], form.cleaned_data["til"]
            wanted = form.cleaned_data.get("omfang") or (scopes[0][0] if scopes else "")
            chosen = next((s for s in scopes if s[0] == wanted), chosen)
        return _Choice(form, chosen, start, end, None)
    if chosen is None:
        start, end = default_period()
        return _Choice(PeriodForm(None, scopes=choices), None, start, end, None)
    found = default_statistics(
        today=dates.today(), offer_ids=chosen[2], threshold=threshold_for(chosen)
    )
    form = PeriodForm(
        None, scopes=choices, initial={"fra": found.start, "til": found.end, "omfang": chosen[0]}
    )
    note = ""
    if found.extended:
        note = _(
            "Siden viser %(start)s–%(end)s fordi en kortere periode ga bare skjulte tall "
            "eller ingen tall. Velg en annen periode i skjemaet."
        ) % {"start": date_format(found.start, "j. F Y"), "end": date_format(found.end, "j. F Y")}
    return _Choice(form, chosen, found.start, found.end, found.published, note)


def _threshold_for_page(user: Viewer, chosen: tuple[str, str, list[int] | None]) -> int:
    """Raw counts only for a project lead looking inside the own municipality."""
    if selectors.statistics_is_national(fetched_by=user):
        return 5
    return 0 if policy.roles(user) <= {"project_lead", "followup_worker"} else 5


@policy.requires(Perm.VIEW_STATISTICS)
@require_GET
def statistics_page(request: AuthenticatedRequest) -> HttpResponse:
    choice = _period_and_scope(
        request, Perm.VIEW_STATISTICS, lambda scope: _threshold_for_page(request.user, scope)
    )
    chosen, start, end = choice.scope, choice.start, choice.end
    if chosen is None:
        raise Http404
    threshold = _threshold_for_page(request.user, chosen)
    published = choice.published or statistics(
        start=start, end=end, offer_ids=chosen[2], threshold=threshold
    )
    can_export = any(
        s[0] == chosen[0] for s in _scopes(request.user, Perm.EXPORT_STATISTICS)
    ) and policy.has_perm(request.user, Perm.EXPORT_STATISTICS)
    return render(
        request,
        "reporting/statistics.html",
        {
            "form": choice.form,
            "scope_label": chosen[1],
            "scope_value": chosen[0],
            "start": start,
            "end": end,
            "suppressed": threshold > 0,
            "period_note": choice.period_note,
            "sections": presentation.sections(published),
            "advisory": presentation.advisory_table(published),
            "decisions": presentation.decisions_table(published),
            "can_export": can_export,
            "export_query": f"fra={start.isoformat()}&til={end.isoformat()}&omfang={chosen[0]}",
        },
    )


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@policy.requires(Perm.EXPORT_STATISTICS)
@require_GET
def statistics_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404
    raise_if_reauthentication_required(request, app="")
    # Anything exported leaves the municipality: always suppressed.
    choice = _period_and_scope(request, Perm.EXPORT_STATISTICS, lambda scope: 5)
    chosen, start, end = choice.scope, choice.start, choice.end
    if chosen is None:
        raise Http404
    published = choice.published or statistics(
        start=start, end=end, offer_ids=chosen[2], threshold=5
    )
    title = _("Årsrapport for bo- og støttetilbudet: %(scope)s, %(start)s–%(end)s") % {
        "scope": chosen[1],
        "start": start.strftime("%d.%m.%Y"),
        "end": end.strftime("%d.%m.%Y"),
    }
    # The audit row first, committed on its own; the file is made after, with no
    # lock held (an export that then fails to render leaves a row: the safe side).
    services.export_created(
        by=request.user,
        kind=fmt,
        scope=chosen[0],
        start=start,
        end=end,
        suppressed=True,
        request=request,
    )
    sections = presentation.sections(published, with_charts=fmt == "pdf", for_print=True)
    if fmt == "csv":
        body = exports.to_csv(title, sections)
    elif fmt == "xlsx":
        body = exports.to_xlsx(title, sections)
    else:
        body = exports.to_pdf(
            {
                "title": title,
                "sections": sections,
                "scope_label": chosen[1],
                "period_note": choice.period_note,
            }
        )
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    filename = f"botilbud-statistikk-{start.isoformat()}-{end.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
