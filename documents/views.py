"""The documents pages: the list with its upload form, and the download.

Thin: the stay or person through ``selectors.*_get`` (the policy, 404 for
anything not visible), the list through an auditing selector, the upload
through the service. A download is never a media URL: it is this view,
tagged with the policy, answering with the bytes as an attachment under a
neutral name (the document's number and the kind's extension, nothing the
uploader typed), ``nosniff`` and no caching.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.approvals import ApprovalRequired
from access.policy import Perm
from access.signin import passkeys
from accounts.actors import AuthenticatedRequest
from core.files.download import attachment
from core.forms import save_form
from documents import selectors, services
from documents.forms import DocumentForm, StayDocumentForm
from stays import selectors as stay_selectors


def _stay_context(request: AuthenticatedRequest, stay: Any, form: DocumentForm) -> dict[str, Any]:
    return {
        "stay": stay,
        "header": stay_selectors.resident_header(
            stay, fetched_by=request.user, current="documents:stay_documents", request=request
        ),
        "documents": selectors.stay_documents(fetched_by=request.user, stay=stay, request=request),
        "form": form,
        "download_route": "documents:stay_document_download",
        "owner_pk": stay.pk,
    }


@policy.requires(Perm.STAY_DOCUMENTS)
@require_http_methods(["GET", "POST"])
def stay_documents(request: AuthenticatedRequest, stay_id: int) -> HttpResponse:
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    form = StayDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":

        def add() -> Any:
            data = form.cleaned_data
            return services.stay_document_add(
                stay=stay,
                by=request.user,
                upload=data["file"],
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                contains_address=data["contains_address"],
            )

        if save_form(form, add):
            messages.success(request, _("Dokumentet er lagret."))
            return redirect("documents:stay_documents", stay_id=stay.pk)
    return render(request, "documents/stay_documents.html", _stay_context(request, stay, form))


@policy.requires(Perm.STAY_DOCUMENTS)
@require_http_methods(["GET", "POST"])
def stay_document_download(
    request: AuthenticatedRequest, stay_id: int, document_id: int
) -> HttpResponse:
    """The file; one with the address only after a deliberate POST and a fresh passkey sign-in."""
    stay = selectors.stay_get(fetched_by=request.user, pk=stay_id)
    document = selectors.stay_document_get(fetched_by=request.user, stay=stay, pk=document_id)
    if document.contains_address:
        if not selectors.may_read_address(request.user, stay):
            raise Http404
        if request.method == "GET":
            return render(
                request,
                "documents/address_download.html",
                {
                    "stay": stay,
                    "document": document,
                    "step": passkeys.address_step(request),
                    "passkey_required": settings.ADDRESS_REQUIRES_PASSKEY,
                    "back_url": reverse("documents:stay_documents", args=[stay.pk]),
                },
            )
        if (response := passkeys.require_for_address(request)) is not None:
            return response
    elif request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    try:
        content = selectors.stay_document_download(
            fetched_by=request.user, document=document, request=request
        )
    except ApprovalRequired:
        # The first time this user would see the address: a second person approves.
        dwelling = selectors.dwelling_of(stay)
        return redirect("access:address_request", dwelling.pk)
    if content is None:
        raise Http404
    return attachment(content, content_type=document.content_type, number=document.pk)


@policy.requires(Perm.INTAKE_DOCUMENTS)
@require_http_methods(["GET", "POST"])
def person_documents(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(fetched_by=request.user, pk=person_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":

        def add() -> Any:
            data = form.cleaned_data
            return services.person_document_add(
                person=person,
                by=request.user,
                upload=data["file"],
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
            )

        if save_form(form, add):
            messages.success(request, _("Dokumentet er lagret."))
            return redirect("documents:person_documents", person_id=person.pk)
    return render(
        request,
        "documents/person_documents.html",
        {
            "person": person,
            "documents": selectors.person_documents(
                fetched_by=request.user, person=person, request=request
            ),
            "form": form,
            "download_route": "documents:person_document_download",
            "owner_pk": person.pk,
            "assessment_pk": selectors.latest_assessment_pk(person),
        },
    )


@policy.requires(Perm.INTAKE_DOCUMENTS)
@require_GET
def person_document_download(
    request: AuthenticatedRequest, person_id: int, document_id: int
) -> HttpResponse:
    person = selectors.person_get(fetched_by=request.user, pk=person_id)
    document = selectors.person_document_get(fetched_by=request.user, person=person, pk=document_id)
    content = selectors.person_document_download(
        fetched_by=request.user, document=document, request=request
    )
    if content is None:
        raise Http404
    return attachment(content, content_type=document.content_type, number=document.pk)
