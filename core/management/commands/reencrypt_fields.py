"""Re-encrypt every encrypted column with the current primary key.

Why: key rotation. Procedure (see docs/decisions/0002-field-encryption.md):

1. Put the new key *first* in FIELD_ENCRYPTION_KEYS, keep the old one after it,
   and deploy. New writes use the new key; old rows still decrypt.
2. Run ``manage.py reencrypt_fields`` (``--dry-run`` first to see counts).
3. When it reports 0 remaining, remove the old key and deploy.

The command is idempotent and can be interrupted and re-run: it only touches
rows whose token names another key, commits per batch, and writes each row
with a compare-and-set ``UPDATE … WHERE pk = … AND column = <old token>`` so a
concurrent edit is never overwritten with stale data. It prints counts only,
never values.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, router, transaction
from django.db.models import Q, Value
from django.db.models.functions import Cast
from django.db.models.lookups import Exact

from core import crypto
from core.fields import EncryptedFieldMixin

_RAW = "_reencrypt_raw_token"


def encrypted_fields() -> Iterator[tuple[type[models.Model], EncryptedFieldMixin]]:
    """Every (model, field) pair holding an encrypted column, each column once."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedFieldMixin):
                yield model, field


def _raw(field: EncryptedFieldMixin) -> Cast:
    # Cast to a plain TextField so the ORM hands us the token, not the plaintext.
    return Cast(field.attname, output_field=models.TextField())


def _stale(model: type[models.Model], field: EncryptedFieldMixin) -> models.QuerySet[Any]:
    prefix = f"{crypto.TOKEN_VERSION}:{crypto.primary_key_id()}:"
    stale: models.QuerySet[Any] = (
        model._base_manager.using(router.db_for_write(model))
        .annotate(**{_RAW: _raw(field)})
        .filter(**{f"{_RAW}__isnull": False})
        .exclude(**{f"{_RAW}__startswith": prefix})
    )
    return stale


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the first key in FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count rows to re-encrypt; change nothing."
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Rows per transaction (default 500)."
        )

    def handle(self, *args: Any, dry_run: bool, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        primary = crypto.primary_key_id()
        self.stdout.write(f"Primary key: {primary}")
        total = 0
        for model, field in encrypted_fields():
            label = f"{model._meta.label}.{field.name}"
            if dry_run:
                count = _stale(model, field).count()
                self.stdout.write(f"{label}: {count} to re-encrypt")
            else:
                count = self._rotate(model, field, batch_size, label)
                self.stdout.write(f"{label}: {count} re-encrypted")
            total += count
        verb = "to re-encrypt" if dry_run else "re-encrypted"
        self.stdout.write(self.style.SUCCESS(f"Total: {total} {verb}"))

    def _rotate(
        self,
        model: type[models.Model],
        field: EncryptedFieldMixin,
        batch_size: int,
        label: str,
    ) -> int:
        db = router.db_for_write(model)
        pk_name = model._meta.pk.attname
        last_pk: Any = None
        done = 0
        while True:
            batch = _stale(model, field).order_by(pk_name)
            if last_pk is not None:
                batch = batch.filter(**{f"{pk_name}__gt": last_pk})
            rows = list(batch.values_list(pk_name, _RAW)[:batch_size])
            if not rows:
                return done
            with transaction.atomic(using=db):
                for pk, token in rows:
                    try:
                        fresh = crypto.reencrypt(token, context=field.context)
                    except crypto.DecryptionError as exc:
                        raise CommandError(f"{label} pk={pk}: {exc}") from exc
                    # Compare-and-set: skip the row if someone changed it meanwhile
                    # (their write already used the new primary key).
                    done += (
                        model._base_manager.using(db)
                        .filter(Q(**{pk_name: pk}), Exact(_raw(field), token))
                        .update(**{field.attname: Value(fresh, output_field=models.TextField())})
                    )
            last_pk = rows[-1][0]
