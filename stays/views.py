"""Pages for residents: list, overview, arrival, timetable, move-out, aftercare, closure.

Thin: each view is tagged in the policy, fetches through the selectors (404
for hidden and missing alike), which audit what the page shows (the reads in
``stays.reads``), and writes through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.policy import Perm
from core import dates
from core.forms import save_form as _save
from core.pdf import render_pdf
from housing.models import Offer, PartnerContact, PartnerService
from stays import forms, reads, selectors, services
from stays.models import GOAL_INDICATORS, ArrivalTemplateItem, GoalIndicatorAssessment, Stay


def _form_page(
    request: HttpRequest,
    *,
    form: Form,
    stay: Stay | None,
    heading: str,
    submit: str,
    intro: str = "",
    back: str = "",
    template: str = "stays/form.html",
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "form": form,
            "stay": stay,
            "heading": heading,
            "submit": submit,
            "intro": intro,
            "back": back or (reverse("stays:overview", args=[stay.pk]) if stay else ""),
            **extra,
        },
    )


# --- lists -----------------------------------------------------------------------


_SORTS = {
    "navn": None,
    "innflytting": "moved_in_on",
    "dager": "moved_in_on",
    "utflytting": "planned_move_out_on",
}


@policy.requires(Perm.VIEW_RESIDENTS)
@require_GET
def resident_list(request: HttpRequest) -> HttpResponse:
    """Residents of the user's own offers, with phase tags and overdue markers."""
    show_all = request.GET.get("vis") == "alle"
    phase_filter = request.GET.get("fase", "")
    sort = request.GET.get("sorter", "innflytting")
    rows = selectors.resident_rows(
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


@policy.requires(Perm.VIEW_STAY_SECURITY)
@require_GET
def security_list(request: HttpRequest) -> HttpResponse:
    """Local police: residents in the district's offers, the security subset only."""
    rows = selectors.security_rows(fetched_by=request.user, request=request)
    return render(request, "stays/security_list.html", {"rows": rows})


@policy.requires(Perm.VIEW_STAY_SECURITY)
@require_GET
def security_detail(request: HttpRequest, pk: int) -> HttpResponse:
    detail = selectors.security_detail(fetched_by=request.user, pk=pk, request=request)
    return render(
        request,
        "stays/security_detail.html",
        {
            "stay": detail.stay,
            "row": selectors.resident_row(detail.stay),
            "household": detail.household,
            "security_item": detail.security_item,
            "timetable": detail.police_meetings,
        },
    )


@policy.requires(Perm.VIEW_STAY_SUMMARY)
@require_GET
def summary_list(request: HttpRequest) -> HttpResponse:
    """The competence team: status, offer and dates for capacity and follow-through. No names."""
    stays = selectors.summary_list(fetched_by=request.user, request=request)
    return render(request, "stays/summary_list.html", {"stays": stays})


# --- the resident overview ----------------------------------------------------------


@policy.requires(Perm.VIEW_RESIDENTS)
@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    stay = selectors.overview(fetched_by=request.user, pk=pk, request=request)
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
            "household": list(stay.household.all()),
            "timetable": list(stay.timetable.all()),
            "partners": list(stay.partners.select_related("partner", "contact")),
            "changes": list(stay.move_out_changes.select_related("changed_by")),
            "transfer": selectors.transfer_rows(stay),
            "indicators": getattr(stay, "goal_indicators", None)
            if GoalIndicatorAssessment.objects.filter(stay=stay).exists()
            else None,
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
    indicators = GoalIndicatorAssessment.objects.filter(stay=stay).first()
    return render(
        request,
        "stays/notes.html",
        {
            "stay": stay,
            "shown": True,
            "household": list(stay.household.all()),
            "changes": list(stay.move_out_changes.select_related("changed_by")),
            "transfer": [t for t in selectors.transfer_rows(stay) if t.note],
            "timetable": [t for t in stay.timetable.all() if t.description],
            "indicator_notes": [
                (label, getattr(indicators, f"{code}_note"))
                for code, label in GOAL_INDICATORS
                if indicators and getattr(indicators, f"{code}_note")
            ],
        },
    )


# --- arrival -------------------------------------------------------------------------


def _managed(
    request: HttpRequest,
    pk: int,
    read: Any = reads.FORM,
    perm: Perm = Perm.MANAGE_STAY,
    purpose: str = "",
) -> Stay:
    """The stay for a form; on GET its read is recorded (the heading shows the name)."""
    return selectors.stay_read(
        fetched_by=request.user, pk=pk, read=read, perm=perm, purpose=purpose, request=request
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def move_in(request: HttpRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, purpose="registrere innflytting")
    form = forms.MoveInForm(request.POST or None, initial={"moved_in_on": dates.today()})
    if request.method == "POST" and _save(
        form,
        lambda: services.stay_move_in(
            stay=stay, moved_in_on=form.cleaned_data["moved_in_on"], by=request.user
        ),
    ):
        messages.success(
            request, _("Innflyttingen er registrert. Timeplanen for de to første ukene er laget.")
        )
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Registrer innflytting"),
        submit=_("Registrer innflytting"),
        intro=_(
            "Plassen blir registrert som i bruk, og timeplanen for de to første ukene lages fra botilbudets mal."
        ),
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def household_add(request: HttpRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, purpose="legge til i husstanden")
    form = forms.HouseholdForm(request.POST or None)
    if request.method == "POST" and _save(
        form, lambda: services.household_member_add(stay=stay, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Husstandsmedlemmet er lagt til."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Legg til partner eller barn som bor der"),
        submit=_("Legg til"),
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def household_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=pk, perm=Perm.MANAGE_STAY)
    member = selectors.household_member_for_form(
        fetched_by=request.user, stay=stay, pk=member_pk, request=request
    )
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and _save(
        form, lambda: services.household_member_remove(member=member, by=request.user)
    ):
        messages.success(request, _("Husstandsmedlemmet er fjernet."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Fjern fra husstanden"),
        submit=_("Fjern"),
        intro=_("%(who)s blir fjernet fra husstanden. Statistikken over husstanden endres.")
        % {"who": str(member)},
    )


# --- timetable ------------------------------------------------------------------------


@policy.requires(Perm.VIEW_RESIDENTS)
@require_GET
def timetable(request: HttpRequest, pk: int) -> HttpResponse:
    stay, items = selectors.timetable(
        fetched_by=request.user, pk=pk, read=reads.TIMETABLE, request=request
    )
    return render(
        request,
        "stays/timetable.html",
        {
            "stay": stay,
            "items": items,
            "can_manage": policy.can(request.user, Perm.MANAGE_STAY, stay),
            "can_print": policy.can(request.user, Perm.READ_STAY_NOTES, stay),
        },
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def timetable_item(request: HttpRequest, pk: int, item_pk: int | None = None) -> HttpResponse:
    item = None
    if item_pk is None:
        stay = _managed(request, pk, purpose="ny avtale i timeplanen")
        initial: dict[str, Any] = {"on": stay.moved_in_on}
    else:
        stay = selectors.stay_get(fetched_by=request.user, pk=pk, perm=Perm.MANAGE_STAY)
        item = selectors.timetable_item_for_form(
            fetched_by=request.user, stay=stay, pk=item_pk, request=request
        )
        initial = {f: getattr(item, f) for f in ("on", "at", "title", "attendees", "description")}
    form = forms.TimetableItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and _save(
        form,
        lambda: services.timetable_item_save(
            stay=stay, values=form.cleaned_data, item=item, by=request.user
        ),
    ):
        messages.success(request, _("Timeplanen er lagret."))
        return redirect("stays:timetable", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Endre avtale i timeplanen") if item else _("Ny avtale i timeplanen"),
        submit=_("Lagre"),
        back=reverse("stays:timetable", args=[stay.pk]),
    )


@policy.requires(Perm.READ_STAY_NOTES)
@require_GET
def timetable_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The timetable for the resident as a tagged PDF in Norwegian. No name, no address.

    It carries the appointments' descriptions, which the notes page counts as
    notes: so it needs READ_STAY_NOTES (the offer's own staff), not VIEW_RESIDENTS.
    """
    _stay, items = selectors.timetable(
        fetched_by=request.user,
        pk=pk,
        read=reads.TIMETABLE_PDF,
        perm=Perm.READ_STAY_NOTES,
        request=request,
    )
    if not items:
        raise Http404
    # The resident's copy is in Norwegian whatever language the worker uses.
    with translation.override("nb"):
        pdf = render_pdf("stays/timetable_pdf.html", {"items": items})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="timeplan.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# --- the offer's timetable template ------------------------------------------------


def _offer(request: HttpRequest, offer_pk: int) -> Offer:
    return policy.get_object_for(request.user, Offer, Perm.MANAGE_OFFERS, pk=offer_pk)


@policy.requires(Perm.MANAGE_OFFERS)
@require_GET
def template(request: HttpRequest, offer_pk: int) -> HttpResponse:
    offer = _offer(request, offer_pk)
    items = services.template_items(offer)
    return render(
        request,
        "stays/template.html",
        {"offer": offer, "items": items, "is_default": not items or items[0].pk is None},
    )


@policy.requires(Perm.MANAGE_OFFERS)
@require_http_methods(["GET", "POST"])
def template_item(request: HttpRequest, offer_pk: int, item_pk: int | None = None) -> HttpResponse:
    offer = _offer(request, offer_pk)
    item: ArrivalTemplateItem | None = None
    initial: dict[str, Any] = {"day_offset": 0}
    if item_pk is not None:
        item = ArrivalTemplateItem.objects.filter(offer=offer, pk=item_pk).first()
        if item is None:
            raise Http404
        initial = {
            f: getattr(item, f) for f in ("day_offset", "at", "title", "attendees", "description")
        }
    form = forms.TemplateItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and _save(
        form,
        lambda: services.template_item_save(
            offer=offer, values=form.cleaned_data, item=item, by=request.user
        ),
    ):
        messages.success(request, _("Malen er lagret."))
        return redirect("stays:template", offer_pk=offer.pk)
    return _form_page(
        request,
        form=form,
        stay=None,
        heading=_("Endre punkt i malen") if item else _("Nytt punkt i malen"),
        submit=_("Lagre"),
        back=reverse("stays:template", args=[offer.pk]),
    )


@policy.requires(Perm.MANAGE_OFFERS)
@require_http_methods(["GET", "POST"])
def template_seed(request: HttpRequest, offer_pk: int) -> HttpResponse:
    """Store the default template so single lines can be changed or removed."""
    offer = _offer(request, offer_pk)
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and _save(
        form, lambda: services.template_seed_defaults(offer=offer, by=request.user)
    ):
        messages.success(request, _("Standardmalen er lagret for botilbudet. Nå kan du endre den."))
        return redirect("stays:template", offer_pk=offer.pk)
    return _form_page(
        request,
        form=form,
        stay=None,
        heading=_("Ta i bruk standardmalen"),
        submit=_("Ta i bruk og endre"),
        intro=_("Standardmalen lagres for botilbudet. Endringer gjelder bare nye beboere."),
        back=reverse("stays:template", args=[offer.pk]),
    )


@policy.requires(Perm.MANAGE_OFFERS)
@require_http_methods(["GET", "POST"])
def template_item_delete(request: HttpRequest, offer_pk: int, item_pk: int) -> HttpResponse:
    offer = _offer(request, offer_pk)
    item = ArrivalTemplateItem.objects.filter(offer=offer, pk=item_pk).first()
    if item is None:
        raise Http404
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and _save(
        form, lambda: services.template_item_delete(item=item, by=request.user)
    ):
        messages.success(request, _("Punktet er slettet fra malen."))
        return redirect("stays:template", offer_pk=offer.pk)
    return _form_page(
        request,
        form=form,
        stay=None,
        heading=_("Slett punkt fra malen"),
        submit=_("Slett"),
        intro=_("«%(title)s» slettes fra malen. Timeplaner som allerede er laget, endres ikke.")
        % {"title": item.title},
        back=reverse("stays:template", args=[offer.pk]),
    )


# --- move-out -------------------------------------------------------------------------


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def planned_move_out(request: HttpRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, reads.PLANNED_MOVE_OUT)
    form = forms.PlannedMoveOutForm(
        request.POST or None, initial={"new_date": stay.planned_move_out_on}
    )
    if request.method == "POST" and _save(
        form,
        lambda: services.planned_move_out_change(stay=stay, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Planlagt utflytting er endret."))
        return redirect("stays:overview", pk=stay.pk)
    end = selectors.nine_months_end(stay)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Endre planlagt utflytting"),
        submit=_("Lagre ny dato"),
        intro=(
            _("9 måneder er gått %(date)s. En senere dato krever begrunnelse.")
            % {"date": end.strftime("%d.%m.%Y")}
            if end
            else ""
        ),
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def housing_plan(request: HttpRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, reads.HOUSING_PLAN)
    form = forms.HousingPlanForm(request.POST or None, initial={"text": stay.housing_plan})
    if request.method == "POST" and _save(
        form,
        lambda: services.housing_plan_save(
            stay=stay, text=form.cleaned_data["text"], by=request.user
        ),
    ):
        messages.success(request, _("Planen for permanent bolig er lagret."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request, form=form, stay=stay, heading=_("Plan for permanent bolig"), submit=_("Lagre plan")
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, reads.TRANSFER)
    rows = selectors.transfer_rows(stay)
    initial: dict[str, Any] = {}
    for row in rows:
        initial[f"{row.item}_state"] = row.state
        initial[f"{row.item}_done_on"] = row.done_on
        initial[f"{row.item}_note"] = row.note
    form = forms.TransferForm(request.POST or None, initial=initial)
    if request.method == "POST" and _save(
        form,
        lambda: services.transfer_checklist_save(stay=stay, values=form.values(), by=request.user),
    ):
        messages.success(request, _("Overføringslisten er lagret."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Overføring til ny kommune"),
        submit=_("Lagre listen"),
        intro=_(
            "Kryss av det som er gjort, med dato. Velg «Ikke aktuelt» når et punkt ikke gjelder."
        ),
        template="stays/transfer_form.html",
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def move_out(request: HttpRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, purpose="registrere utflytting")
    form = forms.MoveOutForm(request.POST or None, initial={"moved_out_on": dates.today()})
    if request.method == "POST" and _save(
        form,
        lambda: services.stay_move_out(stay=stay, by=request.user, **form.cleaned_data),
    ):
        messages.success(
            request, _("Utflyttingen er registrert. Plassen er ledig fra utflyttingsdagen.")
        )
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Registrer utflytting"),
        submit=_("Registrer utflytting"),
        intro=_(
            "Plassen blir ledig fra utflyttingsdagen. Etterpå kan du registrere ettervern og avslutte oppholdet."
        ),
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def aftercare(request: HttpRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, reads.AFTERCARE)
    form = forms.AftercareForm(
        request.POST or None,
        initial={
            "starts_on": stay.aftercare_from or stay.moved_out_on,
            "ends_on": stay.aftercare_until,
            "reason": stay.aftercare_reason,
        },
    )
    if request.method == "POST" and _save(
        form,
        lambda: services.aftercare_save(stay=stay, by=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Ettervernet er lagret."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request, form=form, stay=stay, heading=_("Ettervern etter utflytting"), submit=_("Lagre")
    )


@policy.requires(Perm.CLOSE_STAY)
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, reads.CLOSE, Perm.CLOSE_STAY)
    form = forms.CloseForm(
        request.POST or None,
        initial={"closed_on": dates.today(), "destination": stay.destination},
    )

    def act() -> None:
        data = form.cleaned_data
        services.stay_close(
            stay=stay,
            closed_on=data["closed_on"],
            destination=data["destination"],
            indicators={code: data.get(code, "") for code, _label in GOAL_INDICATORS},
            notes={code: data.get(f"{code}_note", "") for code, _label in GOAL_INDICATORS},
            by=request.user,
        )

    if request.method == "POST" and _save(form, act):
        messages.success(request, _("Oppholdet er avsluttet."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Avslutt oppholdet"),
        submit=_("Avslutt oppholdet"),
        intro=_(
            "Når du avslutter, kan oppholdet ikke endres lenger. Vurder hver av de sju indikatorene fra den faglige plattformen."
        ),
        template="stays/close_form.html",
    )


# --- partner services -------------------------------------------------------------


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    stay = _managed(request, pk, purpose="legge til samarbeidspartner")
    partners = PartnerService.objects.filter(offer=stay.offer)
    contacts = PartnerContact.objects.filter(partner__offer=stay.offer).select_related("partner")
    form = forms.PartnerForm(request.POST or None, partners=partners, contacts=contacts)
    if request.method == "POST" and _save(
        form, lambda: services.stay_partner_add(stay=stay, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Samarbeidspartneren er lagt til."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Legg til samarbeidspartner for beboeren"),
        submit=_("Legg til"),
        intro=_("Velg fra botilbudets liste over samarbeidspartnere."),
    )


@policy.requires(Perm.MANAGE_STAY)
@require_http_methods(["GET", "POST"])
def partner_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=pk, perm=Perm.MANAGE_STAY)
    link = selectors.stay_partner_for_form(
        fetched_by=request.user, stay=stay, pk=link_pk, request=request
    )
    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and _save(
        form, lambda: services.stay_partner_remove(link=link, by=request.user)
    ):
        messages.success(request, _("Samarbeidspartneren er fjernet."))
        return redirect("stays:overview", pk=stay.pk)
    return _form_page(
        request,
        form=form,
        stay=stay,
        heading=_("Fjern samarbeidspartner"),
        submit=_("Fjern"),
        intro=_("%(name)s fjernes fra beboerens samarbeidspartnere.") % {"name": link.partner.name},
    )
