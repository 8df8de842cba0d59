"""Pages for an offer's written routines and its information sheet.

Thin: each view is tagged in the policy, fetches the offer through the
selectors (404 for hidden and missing alike) and writes through the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from audit.services import record_read
from core import dates
from core.files.download import attachment
from core.forms import save_form as _save
from core.pdf import render_pdf
from routines import selectors, services
from routines.forms import ApproveForm, ConfirmReadForm, InformationForm, RoutineForm, SharingForm
from routines.models import OfferInformation
from routines.services.information import INFORMATION_FIELDS
from routines.text import render as render_text

# A routine is looked at again once a year unless the project lead says otherwise.
DEFAULT_REVIEW_MONTHS = 12


@policy.requires(Perm.VIEW_ROUTINE_STATUS)
@require_GET
def status_overview(request: AuthenticatedRequest) -> HttpResponse:
    rows = selectors.status_table(fetched_by=request.user)
    return render(
        request,
        "routines/overview.html",
        {"rows": rows},
    )


@policy.requires(Perm.READ_ROUTINES)
@require_GET
def offer_routines(request: AuthenticatedRequest, offer_pk: int) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=offer_pk, perm=Perm.READ_ROUTINES)
    row = selectors.checklist(fetched_by=request.user, offer=offer)
    can_manage = policy.can(request.user, Perm.MANAGE_ROUTINES, offer)
    shares = selectors.shares_with_directorate(fetched_by=request.user, offer=offer)
    return render(
        request,
        "routines/offer.html",
        {
            "offer": offer,
            "row": row,
            "today": dates.today(),
            "information": selectors.information_for(fetched_by=request.user, offer=offer),
            "can_manage": can_manage,
            "as_staff": selectors.reads_as_staff(fetched_by=request.user, offer=offer),
            "shares": shares,
            "sharing_form": SharingForm(initial={"shares": shares}) if can_manage else None,
        },
    )


@policy.requires(Perm.MANAGE_ROUTINES)
@require_POST
def routine_sharing(request: AuthenticatedRequest, offer_pk: int) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=offer_pk, perm=Perm.MANAGE_ROUTINES)
    form = SharingForm(request.POST)
    if _save(
        form,
        lambda: services.routine_sharing_set(
            offer=offer, shares=form.cleaned_data["shares"], by=request.user
        ),
    ):
        if form.cleaned_data["shares"]:
            messages.success(request, _("De godkjente rutinene er nå delt med direktoratet."))
        else:
            messages.success(request, _("Rutinene er ikke lenger delt med direktoratet."))
    return redirect("routines:offer", offer_pk=offer.pk)


@policy.requires(Perm.READ_ROUTINES)
@require_GET
def routine_detail(request: AuthenticatedRequest, offer_pk: int, kind: str) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=offer_pk, perm=Perm.READ_ROUTINES)
    history = selectors.routine_history(fetched_by=request.user, offer=offer, kind=kind)
    as_staff = selectors.reads_as_staff(fetched_by=request.user, offer=offer)
    if not as_staff:
        # The directorate reads only what the offer shares: approved text, each read audited.
        if not history.versions:
            raise Http404
        record_read(
            actor=request.user,
            objects=history.versions,
            action="routines.version.shared_read",
            fields=("text",),
            purpose="",
            request=request,
        )
    return render(
        request,
        "routines/routine.html",
        {
            "offer": offer,
            "history": history,
            "status": history.status,
            "versions": [(v, render_text(v.text)) for v in history.versions],
            "today": dates.today(),
            "can_manage": policy.can(request.user, Perm.MANAGE_ROUTINES, offer),
            "as_staff": as_staff,
        },
    )


@policy.requires(Perm.MANAGE_ROUTINES)
@require_http_methods(["GET", "POST"])
def routine_edit(request: AuthenticatedRequest, offer_pk: int, kind: str) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=offer_pk, perm=Perm.MANAGE_ROUTINES)
    history = selectors.routine_history(fetched_by=request.user, offer=offer, kind=kind)
    latest = history.versions[0] if history.versions else None
    form = RoutineForm(
        request.POST or None,
        request.FILES or None,
        initial={"text": latest.text if latest else ""},
        has_file=latest is not None and latest.has_file,
    )
    if request.method == "POST" and _save(
        form,
        lambda: services.routine_write(
            offer=offer,
            kind=kind,
            text=form.cleaned_data["text"],
            upload=form.cleaned_data["file"],
            drop_file=form.cleaned_data.get("drop_file", False),
            by=request.user,
        ),
    ):
        messages.success(
            request, _("Den nye versjonen er lagret som utkast. Den gjelder når den er godkjent.")
        )
        return redirect("routines:routine", offer_pk=offer.pk, kind=kind)
    return render(
        request,
        "routines/edit.html",
        {"form": form, "offer": offer, "status": history.status, "latest": latest},
    )


@policy.requires(Perm.READ_ROUTINES)
@require_GET
def routine_file(
    request: AuthenticatedRequest, offer_pk: int, kind: str, version_pk: int
) -> HttpResponse:
    """The attached document of one version, as a download; every download audited."""
    offer = selectors.offer_get(fetched_by=request.user, pk=offer_pk, perm=Perm.READ_ROUTINES)
    version = selectors.version_with_file(
        fetched_by=request.user, offer=offer, kind=kind, pk=version_pk
    )
    record_read(
        actor=request.user,
        objects=[version],
        action="routines.version.file_downloaded",
        fields=("file",),
        purpose="",
        request=request,
    )
    return attachment(
        version.file or b"",
        content_type=version.file_content_type,
        number=version.pk,
        stem="rutine",
    )


@policy.requires(Perm.MANAGE_ROUTINES)
@require_http_methods(["GET", "POST"])
def routine_approve(request: AuthenticatedRequest, offer_pk: int, kind: str) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=offer_pk, perm=Perm.MANAGE_ROUTINES)
    history = selectors.routine_history(fetched_by=request.user, offer=offer, kind=kind)
    draft = history.status.draft
    today = dates.today()
    form = ApproveForm(
        request.POST or None,
        initial={
            "approved_on": today,
            "next_review_on": dates.add_months(today, DEFAULT_REVIEW_MONTHS),
        },
    )
    if (
        request.method == "POST"
        and draft is not None
        and _save(
            form,
            lambda: services.routine_approve(version=draft, by=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, _("Rutinen er godkjent og gjelder fra nå."))
        return redirect("routines:routine", offer_pk=offer.pk, kind=kind)
    return render(
        request,
        "routines/approve.html",
        {
            "form": form,
            "offer": offer,
            "status": history.status,
            "draft": draft,
            "text": render_text(draft.text) if draft else "",
        },
    )


@policy.requires(Perm.READ_ROUTINES)
@require_POST
def routine_confirm(request: AuthenticatedRequest, offer_pk: int, kind: str) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=offer_pk, perm=Perm.READ_ROUTINES)
    if not selectors.reads_as_staff(fetched_by=request.user, offer=offer):
        raise Http404  # only the offer's staff confirm; the directorate reads
    history = selectors.routine_history(fetched_by=request.user, offer=offer, kind=kind)
    current = history.status.current
    form = ConfirmReadForm(request.POST)
    if current is None:
        messages.error(request, _("Rutinen har ingen godkjent versjon å bekrefte."))
    elif _save(form, lambda: services.routine_confirm_read(version=current, by=request.user)):
        messages.success(request, _("Takk. Det er registrert at du har lest rutinen."))
    else:
        for error in form.non_field_errors():
            messages.error(request, str(error))
    return redirect("routines:routine", offer_pk=offer.pk, kind=kind)


# --- the information sheet ---------------------------------------------------------


@policy.requires(Perm.VIEW_OFFERS)
@require_GET
def information(request: AuthenticatedRequest, offer_pk: int) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=offer_pk, perm=Perm.VIEW_OFFERS)
    sheet = selectors.information_for(fetched_by=request.user, offer=offer)
    return render(
        request,
        "routines/information.html",
        {
            "offer": offer,
            "sheet": sheet,
            "sections_nb": sheet.sections("nb") if sheet else [],
            "sections_en": sheet.sections("en") if sheet else [],
            "can_manage": policy.can(request.user, Perm.MANAGE_OFFERS, offer),
        },
    )


@policy.requires(Perm.MANAGE_OFFERS)
@require_http_methods(["GET", "POST"])
def information_edit(request: AuthenticatedRequest, offer_pk: int) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=offer_pk, perm=Perm.MANAGE_OFFERS)
    sheet = selectors.information_for(fetched_by=request.user, offer=offer)
    initial = {name: getattr(sheet, name) for name in INFORMATION_FIELDS} if sheet else {}
    form = InformationForm(request.POST or None, initial=initial)
    if request.method == "POST" and _save(
        form,
        lambda: services.information_save(offer=offer, values=form.cleaned_data, by=request.user),
    ):
        messages.success(request, _("Informasjonen om botilbudet er lagret."))
        return redirect("routines:information", offer_pk=offer.pk)
    return render(request, "routines/information_form.html", {"form": form, "offer": offer})


def _sheet_pdf(request: AuthenticatedRequest, offer_pk: int, language: str) -> HttpResponse:
    offer = selectors.offer_get(fetched_by=request.user, pk=offer_pk, perm=Perm.VIEW_OFFERS)
    sheet: OfferInformation | None = selectors.information_for(fetched_by=request.user, offer=offer)
    # The sheet is in the language asked for, whatever language the page uses.
    with translation.override(language):
        pdf = render_pdf(
            "routines/information_pdf.html",
            {
                "offer": offer,
                "sections": sheet.sections(language) if sheet else [],
                "language": language,
            },
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = "informasjon.pdf" if language == "nb" else "information.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@policy.requires(Perm.VIEW_OFFERS)
@require_GET
def information_pdf(request: AuthenticatedRequest, offer_pk: int) -> HttpResponse:
    return _sheet_pdf(request, offer_pk, "nb")


@policy.requires(Perm.VIEW_OFFERS)
@require_GET
def information_pdf_en(request: AuthenticatedRequest, offer_pk: int) -> HttpResponse:
    return _sheet_pdf(request, offer_pk, "en")
