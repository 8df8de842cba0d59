"""Shared model pieces: timestamps and the synthetic-data mark."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        abstract = True


class SyntheticMarkMixin(models.Model):
    """Every demo/test record says so (SECURITY.md §27)."""

    is_synthetic = models.BooleanField(_("syntetiske data"), default=False, editable=False)

    class Meta:
        abstract = True
