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
