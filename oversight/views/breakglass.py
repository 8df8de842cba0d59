"""Pages of break-the-glass (nødtilgang): the form, the opened access, the lead's review.

Thin: each view is tagged in the policy, fetches through get_object_for (404
for hidden and missing alike) and writes through ``oversight.breakglass``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import policy
from access.models import BreakGlassAccess
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from core.forms import save_form
from oversight import breakglass
from oversight.forms import BreakGlassForm, ReviewForm
from stays import selectors as stay_selectors


@policy.requires(Perm.USE_BREAK_GLASS)
@require_http_methods(["GET", "POST"])
def break_glass(request: AuthenticatedRequest) -> HttpResponse:
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
def break_glass_opened(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
def break_glass_queue(request: AuthenticatedRequest) -> HttpResponse:
    show_all = request.GET.get("vis") == "alle"
    rows = list(breakglass.review_queue(fetched_by=request.user, include_done=show_all))
    return render(request, "access/break_glass_queue.html", {"rows": rows, "show_all": show_all})


@policy.requires(Perm.REVIEW_AUDIT)
@require_http_methods(["GET", "POST"])
def break_glass_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
        {
            "access": access,
            "label": stay_selectors.resident_label(
                access.stay, fetched_by=request.user, request=request
            ),
            "form": form,
            "reads": breakglass.read_rows(access),
        },
        status=status,
    )
