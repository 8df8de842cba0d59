"""Pages for break-the-glass, two-person approval, the resident-list export and art. 15.

Thin: each view is tagged in the policy, fetches through get_object_for (404
for hidden and missing alike) and writes through the services in
``access.breakglass``, ``access.approvals`` and ``access.art15``.
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.reauthentication import raise_if_reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access import approvals, art15, breakglass, enrolment_reset, policy
from access.forms import (
    ApprovalRequestForm,
    Art15Form,
    BreakGlassForm,
    DecisionForm,
    ReviewForm,
)
from access.models import ApprovalRequest, BreakGlassAccess
from access.policy import Perm
from core.forms import save_form
from housing.models import Dwelling, Offer

# --- break-the-glass -------------------------------------------------------------


@policy.requires(Perm.USE_BREAK_GLASS)
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    """One form: exact identifier and reason together, so a lookup without a reason tells nothing."""
    form = BreakGlassForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                access = breakglass.open_access(
                    user=request.user,
                    reference=form.cleaned_data["reference"],
                    identity_number=form.cleaned_data["identity_number"],
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            except breakglass.AlreadyAllowed as exc:
                return render(
                    request, "access/break_glass_not_needed.html", {"url": exc.url}, status=200
                )
            except breakglass.NotFound:
                form.add_error(
                    None,
                    _(
                        "Vi fant ingen aktiv beboer med dette nummeret. Sjekk nummeret. "
                        "Forsøket er logget."
                    ),
                )
            except breakglass.TooManyAttempts:
                form.add_error(
                    None,
                    _(
                        "Du har brukt nødtilgang for mange ganger det siste døgnet. "
                        "Kontakt lederen i Kompetanseteamet."
                    ),
                )
            else:
                return redirect("access:break_glass_opened", access.pk)
        status = 400
    return render(
        request,
        "access/break_glass.html",
        {
            "form": form,
            "minutes": breakglass.minutes(),
            "lead_alerted": breakglass.can_alert_a_lead(excluding=request.user),
        },
        status=status,
    )


@policy.requires(Perm.USE_BREAK_GLASS)
@require_http_methods(["GET"])
def break_glass_opened(request: HttpRequest, pk: int) -> HttpResponse:
    access = policy.get_object_for(
        request.user,
        BreakGlassAccess.objects.select_related("stay"),
        Perm.USE_BREAK_GLASS,
        pk=pk,
    )
    active = access.pk in set(breakglass.active_for(user=request.user).values_list("pk", flat=True))
    return render(request, "access/break_glass_opened.html", {"access": access, "active": active})


@policy.requires(Perm.REVIEW_AUDIT)
@require_http_methods(["GET"])
def break_glass_queue(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("vis") == "alle"
    rows = list(breakglass.review_queue(fetched_by=request.user, include_done=show_all))
    return render(request, "access/break_glass_queue.html", {"rows": rows, "show_all": show_all})


@policy.requires(Perm.REVIEW_AUDIT)
@require_http_methods(["GET", "POST"])
def break_glass_review(request: HttpRequest, pk: int) -> HttpResponse:
    access = breakglass.review_get(fetched_by=request.user, pk=pk, request=request)
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST" and access.review == BreakGlassAccess.Review.PENDING:
        if save_form(
            form,
            lambda: breakglass.record_review(
                reviewer=request.user,
                access_id=access.pk,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                request=request,
            ),
        ):
            messages.success(request, _("Vurderingen er lagret."))
            return redirect("access:break_glass_queue")
        status = 400
    return render(
        request,
        "access/break_glass_review.html",
        {"access": access, "form": form, "reads": breakglass.read_rows(access)},
        status=status,
    )


# --- two-person approval ---------------------------------------------------------


@policy.requires(Perm.VIEW_APPROVALS)
@require_http_methods(["GET"])
def approval_list(request: HttpRequest) -> HttpResponse:
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
            "waiting": [(a, approvals.describe(a)) for a in waiting],
            "mine": [(a, approvals.describe(a)) for a in mine],
        },
    )


def _approval_context(request: HttpRequest, approval: ApprovalRequest) -> dict[str, Any]:
    return {
        "approval": approval,
        "description": approvals.describe(approval),
        "can_decide": approval.status == ApprovalRequest.Status.PENDING
        and approvals.can_decide(request.user, approval),
        "is_own": approval.requested_by_id == request.user.pk,
    }


@policy.requires(Perm.VIEW_APPROVALS)
@require_http_methods(["GET"])
def approval_detail(request: HttpRequest, pk: int) -> HttpResponse:
    approval = approvals.approval_get(fetched_by=request.user, pk=pk, request=request)
    return render(request, "access/approval_detail.html", _approval_context(request, approval))


def _decide(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
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
def approval_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirmation on its own page: GET says what will happen, POST approves."""
    return _decide(request, pk, approve=True)


@policy.requires(Perm.VIEW_APPROVALS)
@require_http_methods(["GET", "POST"])
def approval_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)


@policy.requires(Perm.READ_DWELLING_ADDRESS)
@require_http_methods(["GET", "POST"])
def address_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for approval to see an address for the first time."""
    dwelling = policy.get_object_for(
        request.user,
        Dwelling.objects.select_related("offer"),
        Perm.READ_DWELLING_ADDRESS,
        pk=pk,
    )
    if approvals.has_had_address(user=request.user, dwelling=dwelling):
        return redirect("housing:dwelling_address", dwelling.pk)
    open_request = approvals.open_request(
        user=request.user, kind=ApprovalRequest.Kind.ADDRESS_DISCLOSURE, obj=dwelling
    )
    if open_request is not None and request.method == "GET":
        # Already asked: say where the request stands instead of a new form.
        return render(
            request, "access/address_request.html", {"dwelling": dwelling, "open": open_request}
        )
    form = ApprovalRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        kind = ApprovalRequest.Kind.ADDRESS_DISCLOSURE
        if (approval := _ask_for_approval(request, form, kind, dwelling)) is not None:
            return redirect("access:approval_detail", approval.pk)
        status = 400
    return render(
        request,
        "access/address_request.html",
        {"dwelling": dwelling, "form": form},
        status=status,
    )


# --- the resident list as CSV (a bulk export: approval needed) ---------------------


def _export_offer(request: HttpRequest, pk: int) -> Offer:
    return policy.get_object_for(request.user, Offer, Perm.MANAGE_OFFERS, pk=pk)


def _ask_for_approval(
    request: HttpRequest, form: ApprovalRequestForm, kind: str, obj: Any
) -> ApprovalRequest | None:
    """Send the request when the form is valid; None (errors on the form) otherwise."""
    saved = save_form(
        form,
        lambda: approvals.request_approval(
            user=request.user,
            kind=kind,
            subject_obj=obj,
            reason=form.cleaned_data["reason"],
            request=request,
        ),
    )
    if saved is None:
        return None
    messages.success(request, _("Forespørselen er sendt til godkjenning."))
    return saved.value


@policy.requires(Perm.EXPORT_RESIDENT_LIST, Perm.MANAGE_OFFERS)
@require_http_methods(["GET", "POST"])
def resident_export(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _export_offer(request, pk)
    form = ApprovalRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _ask_for_approval(request, form, ApprovalRequest.Kind.BULK_EXPORT, offer) is not None:
            return redirect("access:resident_export", offer.pk)
        status = 400
    return render(
        request,
        "access/resident_export.html",
        {
            "offer": offer,
            "form": form,
            "open": approvals.open_request(
                user=request.user, kind=ApprovalRequest.Kind.BULK_EXPORT, obj=offer
            ),
        },
        status=status,
    )


@policy.requires(Perm.EXPORT_RESIDENT_LIST, Perm.MANAGE_OFFERS)
@require_POST
def resident_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _export_offer(request, pk)
    raise_if_reauthentication_required(request, app="")
    try:
        content = approvals.export_resident_list(user=request.user, offer=offer, request=request)
    except approvals.ApprovalRequired:
        messages.error(request, _("Eksporten må godkjennes av en annen person først."))
        return redirect("access:resident_export", offer.pk)
    response = HttpResponse(content, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="beboerliste-{offer.pk}.csv"'
    return response


# --- right of access (art. 15) ----------------------------------------------------


@policy.requires(Perm.PRODUCE_ACCESS_REPORT)
@require_http_methods(["GET", "POST"])
def access_report(request: HttpRequest) -> HttpResponse:
    form = Art15Form(request.POST or None)
    status = 200
    if request.method == "POST":
        # A report of personal data leaves the system: ask for the password again.
        raise_if_reauthentication_required(request, app="")
        if form.is_valid():
            data = form.cleaned_data
            try:
                person = art15.find_person(
                    fetched_by=request.user,
                    identity_number=data["identity_number"],
                    person_ref=data["person_ref"],
                )
            except Http404:
                form.add_error(None, _("Vi fant ingen person med dette nummeret. Sjekk nummeret."))
            else:
                try:
                    _row, pdf = art15.generate(
                        user=request.user,
                        person_id=person.pk,
                        identity_checked=data["identity_checked"],
                        identity_method=data["identity_method"],
                        identity_note=data["identity_note"],
                        include_names=data["include_names"],
                        names_reason=data["names_reason"],
                        request=request,
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    response = HttpResponse(pdf, content_type="application/pdf")
                    response["Content-Disposition"] = 'attachment; filename="innsyn.pdf"'
                    return response
        status = 400
    return render(
        request,
        "access/art15.html",
        {"form": form, "back": reverse("home")},
        status=status,
    )
