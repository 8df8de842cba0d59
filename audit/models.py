"""The audit log (revisjonslogg): an append-only, HMAC hash-chained table.

Rows are written only by ``audit.services`` and never changed. Each row holds
the hash of the row before it, so editing, deleting or reordering rows breaks
the chain, and ``verify_audit`` finds the first broken row. ``AuditHead`` is a
single row that every writer locks, which gives the chain one order even with
many concurrent requests. See docs/audit.md.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove audit rows through the ORM."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    # Guards for the ORM, so a careless bulk update fails on SQLite too; on
    # PostgreSQL a trigger and revoked privileges refuse raw SQL as well.
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be updated")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries are written only by audit.services.record")

    def _append_chain(self, entries: list[AuditEntry]) -> list[AuditEntry]:
        """Insert entries already chained by audit.services (the only caller)."""
        return super().bulk_create(entries)


class AuditEntry(models.Model):
    """One audited act: who did what to which object, when and why."""

    seq = models.PositiveBigIntegerField(_("løpenummer"), unique=True)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    # No database constraint and DO_NOTHING: deleting a user must never touch
    # (or be blocked by) audit rows. The username is kept as a snapshot.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        # (actor, at) below serves every lookup by actor; a second index on
        # actor alone would only grow the table's biggest cost.
        db_index=False,
        related_name="+",
    )
    actor_username = models.CharField(_("brukernavn"), max_length=150, blank=True)
    roles = models.TextField(_("roller"), blank=True)
    organisations = models.TextField(_("organisasjoner"), blank=True)
    action = models.CharField(_("handling"), max_length=100)
    object_type = models.CharField(_("objekttype"), max_length=100, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=100, blank=True)
    # Field names only, never values: decrypted secrets must not land here.
    fields = models.JSONField(_("felt"), default=list, blank=True)
    purpose = models.TextField(_("formål"), blank=True)
    ip = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    prev_hash = models.CharField(_("forrige hash"), max_length=64)
    # Not indexed: only verify_audit's diagnosis of an already broken chain
    # looks a row up by hash, and the index (with PostgreSQL's pattern-ops
    # twin) cost more space than the table it served.
    hash = models.CharField(_("hash"), max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("revisjonsloggpost")
        verbose_name_plural = _("revisjonsloggposter")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_entry_object_idx"),
            models.Index(fields=["actor", "at"], name="audit_entry_actor_at_idx"),
            models.Index(fields=["at"], name="audit_entry_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="audit_seq_positive")
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditHead(models.Model):
    """The chain's newest (seq, hash); its single row is the writers' lock."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("kjedehode")
        verbose_name_plural = _("kjedehode")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_head_single_row")
        ]

    def __str__(self) -> str:
        return f"head #{self.seq}"
