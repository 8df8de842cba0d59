"""What the resident pages share: a form page, and running a service with a valid form.

Thin like every view of the app (``stays.views``): tagged in the policy, reads
through the selectors, writes through the services.
"""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from access.policy import Perm
from stays import reads, selectors
from stays.models import Stay


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
    # Every form of the stay is read through ``_managed``, whose reads all
    # name the person (stays.reads.NAMED), so the header records no second row.
    header = (
        selectors.resident_header(
            stay,
            fetched_by=request.user,
            current=_route_name(request),
            request=request,
            covered_by=reads.FORM,
        )
        if stay
        else None
    )
    return render(
        request,
        template,
        {
            "form": form,
            "stay": stay,
            "header": header,
            "heading": heading,
            "submit": submit,
            "intro": intro,
            "back": back or (reverse("stays:overview", args=[stay.pk]) if stay else ""),
            **extra,
        },
    )


def _route_name(request: HttpRequest) -> str:
    """The page's route name, to mark its tab as the current one."""
    match = request.resolver_match
    return match.view_name if match is not None else ""


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
