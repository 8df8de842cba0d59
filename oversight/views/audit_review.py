"""The audit review page (gjennomgang av revisjonslogg) for the competence-team lead (SECURITY.md 24).

The review itself (which entries are flagged) is ``audit.review``; this page
is tagged in the access policy, so it sits above both.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from access import policy
from accounts.actors import AuthenticatedRequest
from audit import review as audit_review
from audit.services import record
from core.dates import today

# Longer periods are for the command (cron), not a page.
MAX_PERIOD_DAYS = 92
# Findings shown per kind and page; the counts always cover everything. A
# busy week has thousands of out-of-hours entries: drawing them all was most
# of the page's time, so each kind is paged.
ROWS_PER_PAGE = 50


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Fra og med"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Til og med"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            if end < start:
                raise forms.ValidationError(_("Sluttdatoen kan ikke være før startdatoen."))
            if (end - start).days >= MAX_PERIOD_DAYS:
                raise forms.ValidationError(
                    _("Velg en periode på høyst %(days)s dager.") % {"days": MAX_PERIOD_DAYS}
                )
        return data


@policy.requires(policy.Perm.REVIEW_AUDIT)
def review_page(request: AuthenticatedRequest) -> HttpResponse:
    """Flagged audit entries for a period; looking at them is itself audited."""
    end = today()
    initial = {"start": end - dt.timedelta(days=7), "end": end}
    form = PeriodForm(request.GET if "start" in request.GET else initial)
    result = None
    sections = []
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        result = audit_review.review(start, end)
        record(
            actor=request.user,
            action="audit.review.viewed",
            object_type="audit.Review",
            object_id=f"{start.isoformat()}..{end.isoformat()}",
            purpose="gjennomgang av revisjonslogg",
            request=request,
        )
        titles = {
            audit_review.OUT_OF_HOURS: _("Utenfor arbeidstid"),
            audit_review.OUTSIDE_ORGANISATION: _("Utenfor egen organisasjon"),
            audit_review.BREAK_GLASS: _("Nødtilgang"),
            audit_review.VOLUME: _("Uvanlig mange oppslag"),
        }
        paged = request.GET.get("type")
        period = f"start={start.isoformat()}&end={end.isoformat()}"
        for kind in audit_review.KINDS:
            found = result.of_kind(kind)
            number = request.GET.get("side", 1) if kind == paged else 1
            page = Paginator(found, ROWS_PER_PAGE).get_page(number)
            sections.append(
                {
                    "kind": kind,
                    "title": titles[kind],
                    "count": len(found),
                    "page": page,
                    "query": f"{period}&type={kind}&",
                }
            )
    return render(
        request, "audit/review.html", {"form": form, "result": result, "sections": sections}
    )
