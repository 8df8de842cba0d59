"""The art. 15 report page (innsyn, GDPR article 15): one person's data and who saw it, as a PDF."""

from __future__ import annotations

from allauth.account.internal.flows.reauthentication import raise_if_reauthentication_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access import policy
from access.policy import Perm
from accounts.actors import AuthenticatedRequest
from oversight import art15
from oversight.forms import Art15Form


@policy.requires(Perm.PRODUCE_ACCESS_REPORT)
@require_http_methods(["GET", "POST"])
def access_report(request: AuthenticatedRequest) -> HttpResponse:
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
