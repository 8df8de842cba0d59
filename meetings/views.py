"""The meeting pages (møter): thin, like every page.

The stay through ``selectors.stay_get`` (404 outside the user's reach), what
the page shows through an auditing selector, writes through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core import dates
from core.forms import save_form
from core.pdf import render_pdf
from meetings import reads, selectors, services
from meetings.forms import (
    ConsentForm,
    MeetingForm,
    MinutesForm,
    ParticipantForm,
    TaskForm,
    WithdrawForm,
)
from meetings.models import MeetingStay
from stays import selectors as stay_selectors

CURRENT = "meetings:meetings"


def _context(request: AuthenticatedRequest, stay: MeetingStay, **extra: Any) -> dict[str, Any]:
    return {
        "stay": stay,
        "header": stay_selectors.resident_header(
            stay, fetched_by=request.user, current=CURRENT, request=request
        ),
        "list_url": reverse("meetings:meetings", args=[stay.pk]),
        "today": dates.today(),
        **extra,
    }


@policy.requires(Perm.VIEW_MEETINGS)
@require_GET
def meetings(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    page = selectors.meetings_page(fetched_by=request.user, stay=stay, request=request)
    return render(
        request,
        "meetings/meetings.html",
        _context(
            request,
            stay,
            page=page,
            can_record=policy.can(request.user, Perm.RECORD_MEETINGS, stay),
        ),
    )


@policy.requires(Perm.RECORD_MEETINGS)
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_MEETINGS)
    selectors.form_opened(fetched_by=request.user, stay=stay, request=request)
    form = MeetingForm(
        request.POST or None,
        initial={"held_on": dates.today(), "resident_takes_part": True},
    )
    saved = request.method == "POST" and save_form(
        form,
        lambda: services.meeting_create(
            stay=stay,
            by=request.user,
            kind=form.cleaned_data["kind"],
            held_at=form.held_at(),
            agenda=form.cleaned_data["agenda"],
            resident_takes_part=form.cleaned_data["resident_takes_part"],
        ),
    )
    if saved:
        messages.success(request, _("Møtet er planlagt. Legg til deltakere."))
        return redirect("meetings:meeting_detail", stay_id=stay.pk, meeting_id=saved.value.pk)
    return render(request, "meetings/meeting_form.html", _context(request, stay, form=form))


@policy.requires(Perm.RECORD_MEETINGS)
@require_http_methods(["GET", "POST"])
def consent_create(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_MEETINGS)
    selectors.form_opened(fetched_by=request.user, stay=stay, request=request)
    form = ConsentForm(
        request.POST or None,
        initial={"given_on": dates.today()},
        partners=selectors.partner_choices(stay),
    )
    if request.method == "POST" and save_form(
        form, lambda: services.consent_create(stay=stay, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Samtykket er registrert."))
        return redirect("meetings:meetings", stay_id=stay.pk)
    return render(request, "meetings/consent_form.html", _context(request, stay, form=form))


@policy.requires(Perm.RECORD_MEETINGS)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: AuthenticatedRequest, stay_id: int, consent_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_MEETINGS)
    consent = selectors.consent_get(stay=stay, pk=consent_id)
    selectors.form_opened(fetched_by=request.user, stay=stay, request=request)
    form = WithdrawForm(request.POST or None, initial={"withdrawn_on": dates.today()})
    if request.method == "POST" and save_form(
        form,
        lambda: services.consent_withdraw(
            consent=consent, by=request.user, withdrawn_on=form.cleaned_data["withdrawn_on"]
        ),
    ):
        messages.success(request, _("Samtykket er trukket tilbake."))
        return redirect("meetings:meetings", stay_id=stay.pk)
    return render(
        request,
        "meetings/withdraw_form.html",
        _context(request, stay, form=form, consent=consent),
    )


@policy.requires(Perm.VIEW_MEETINGS)
@require_GET
def meeting_detail(request: AuthenticatedRequest, stay_id: int, meeting_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    meeting = selectors.meeting_get(
        fetched_by=request.user,
        stay=stay,
        pk=meeting_id,
        read=reads.MEETING_PAGE,
        request=request,
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        _context(
            request,
            stay,
            meeting=meeting,
            can_record=policy.can(request.user, Perm.RECORD_MEETINGS, stay),
        ),
    )


@policy.requires(Perm.RECORD_MEETINGS)
@require_http_methods(["GET", "POST"])
def participant_add(request: AuthenticatedRequest, stay_id: int, meeting_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_MEETINGS)
    meeting = selectors.meeting_get(fetched_by=request.user, stay=stay, pk=meeting_id)
    selectors.form_opened(fetched_by=request.user, stay=stay, request=request)
    form = ParticipantForm(
        request.POST or None,
        partners=selectors.partner_choices(stay),
        contacts=selectors.contact_choices(stay),
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.participant_add(meeting=meeting, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Deltakeren er lagt til."))
        return redirect("meetings:meeting_detail", stay_id=stay.pk, meeting_id=meeting.pk)
    return render(
        request,
        "meetings/participant_form.html",
        _context(
            request, stay, form=form, meeting=meeting, status=selectors.consent_status(meeting)
        ),
    )


@policy.requires(Perm.RECORD_MEETINGS)
@require_http_methods(["GET", "POST"])
def minutes_edit(request: AuthenticatedRequest, stay_id: int, meeting_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_MEETINGS)
    meeting = selectors.meeting_get(
        fetched_by=request.user, stay=stay, pk=meeting_id, read=reads.MINUTES_FORM, request=request
    )
    form = MinutesForm(
        request.POST or None,
        initial={"minutes": meeting.minutes, "decisions": meeting.decisions},
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.minutes_save(meeting=meeting, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Referatet er lagret."))
        return redirect("meetings:meeting_detail", stay_id=stay.pk, meeting_id=meeting.pk)
    return render(
        request, "meetings/minutes_form.html", _context(request, stay, form=form, meeting=meeting)
    )


@policy.requires(Perm.RECORD_MEETINGS)
@require_http_methods(["GET", "POST"])
def task_create(request: AuthenticatedRequest, stay_id: int, meeting_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_MEETINGS)
    meeting = selectors.meeting_get(fetched_by=request.user, stay=stay, pk=meeting_id)
    selectors.form_opened(fetched_by=request.user, stay=stay, request=request)
    form = TaskForm(
        request.POST or None,
        staff=list(selectors.staff_choices(stay)),
        partners=[p.partner for p in meeting.participants.all()],
    )
    if request.method == "POST" and save_form(
        form,
        lambda: services.task_create(
            meeting=meeting,
            by=request.user,
            description=form.cleaned_data["description"],
            due_on=form.cleaned_data["due_on"],
            **form.responsible_values(),
        ),
    ):
        messages.success(request, _("Oppgaven er registrert."))
        return redirect("meetings:meeting_detail", stay_id=stay.pk, meeting_id=meeting.pk)
    return render(
        request, "meetings/task_form.html", _context(request, stay, form=form, meeting=meeting)
    )


@policy.requires(Perm.RECORD_MEETINGS)
@require_POST
def task_done(
    request: AuthenticatedRequest, stay_id: int, meeting_id: int, task_id: int
) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id, perm=Perm.RECORD_MEETINGS)
    meeting = selectors.meeting_get(fetched_by=request.user, stay=stay, pk=meeting_id)
    task = selectors.task_get(meeting=meeting, pk=task_id)
    try:
        services.task_done(task=task, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Oppgaven er merket som utført."))
    return redirect("meetings:meeting_detail", stay_id=stay.pk, meeting_id=meeting.pk)


@policy.requires(Perm.VIEW_MEETINGS)
@require_GET
def minutes_pdf(request: AuthenticatedRequest, stay_id: int, meeting_id: int) -> HttpResponse:
    """The minutes for the participants as a tagged PDF in Norwegian: no address, no dwelling.

    Not the resident's name either, nor the offer: the sheet goes to other
    services and may be left on a desk.
    """
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    meeting = selectors.meeting_get(
        fetched_by=request.user, stay=stay, pk=meeting_id, read=reads.MINUTES_PDF, request=request
    )
    with translation.override("nb"):
        pdf = render_pdf("meetings/minutes_pdf.html", {"meeting": meeting})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="motereferat.pdf"'
    response["Cache-Control"] = "no-store"
    return response
