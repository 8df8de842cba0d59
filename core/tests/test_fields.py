"""Database round trips for the encrypted fields and the rotation command.

No real model uses these fields yet, so each test builds a throw-away model
("core.EncryptionProbe"), creates its table, and removes both afterwards so
that no other test (migrations check, model registries) ever sees it. Schema
changes on SQLite need to happen outside a transaction, hence
``transactional_db``.
"""

from __future__ import annotations

import base64
import io

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection, models
from django.test import override_settings

from core import crypto
from core.fields import (
    BlindIndexField,
    EncryptedJSONField,
    EncryptedTextField,
    blind_index_for,
)

K1 = "k1:" + base64.b64encode(b"1" * 32).decode()
K2 = "k2:" + base64.b64encode(b"2" * 32).decode()
PLAINTEXT = "Ærlig Østre Åsgård"


@pytest.fixture
def probe(transactional_db):
    crypto.reset_keyring()
    attrs = {
        "__module__": __name__,
        "text": EncryptedTextField(null=True, blank=True),
        "other": EncryptedTextField(null=True, blank=True),
        "data": EncryptedJSONField(null=True, blank=True),
        "national_id": EncryptedTextField(null=True, blank=True),
        "national_id_index": BlindIndexField(
            source="national_id", context="probe.national_id", normalise="identity_number"
        ),
        "Meta": type("Meta", (), {"app_label": "core"}),
    }
    model = type("EncryptionProbe", (models.Model,), attrs)
    with connection.schema_editor() as editor:
        editor.create_model(model)
    try:
        yield model
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(model)
        del apps.all_models["core"]["encryptionprobe"]
        apps.clear_cache()
        crypto.reset_keyring()


def raw_rows(model, column):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.parametrize("value", ["", "0", PLAINTEXT, None])
def test_it_round_trips_text_exactly(probe, value):
    obj = probe.objects.create(text=value)
    loaded = probe.objects.get(pk=obj.pk)
    assert loaded.text == value
    assert type(loaded.text) is type(value)
    assert probe.objects.values_list("text", flat=True).get(pk=obj.pk) == value


@pytest.mark.parametrize(
    "value",
    ["", 0, 0.5, False, True, [], {}, "0", [0, False, None, ""], {"a": {"b": [1, "Å"]}}, None],
)
def test_it_round_trips_json_values_with_their_types(probe, value):
    obj = probe.objects.create(data=value)
    obj.refresh_from_db()
    assert obj.data == value
    assert type(obj.data) is type(value)
    stored = raw_rows(probe, "data")[0]
    if value is None:
        assert stored is None
    else:
        assert stored.startswith("v1:k1:")


def test_it_keeps_plaintext_out_of_the_database(probe):
    probe.objects.create(text=PLAINTEXT, data={"adresse": "Storgata 17"}, national_id="01019012345")
    table = connection.ops.quote_name(probe._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        dump = repr(cursor.fetchall())
    for secret in [PLAINTEXT, "Ærlig", "Storgata", "adresse", "01019012345", "12345"]:
        assert secret not in dump
    assert "v1:k1:" in dump


def test_it_refuses_a_token_copied_into_another_column(probe):
    obj = probe.objects.create(text=PLAINTEXT)
    token = raw_rows(probe, "text")[0]
    table = connection.ops.quote_name(probe._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET other = %s", [token])
    with pytest.raises(crypto.DecryptionError):
        probe.objects.get(pk=obj.pk)


def test_it_refuses_a_tampered_token(probe):
    obj = probe.objects.create(text=PLAINTEXT)
    token = raw_rows(probe, "text")[0]
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    table = connection.ops.quote_name(probe._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET text = %s", [flipped])
    with pytest.raises(crypto.DecryptionError):
        probe.objects.get(pk=obj.pk)


@pytest.mark.parametrize(
    "lookup", ["text", "text__exact", "text__icontains", "data__in", "text__startswith"]
)
def test_it_refuses_filters_on_ciphertext(probe, lookup):
    with pytest.raises(FieldError, match="encrypted"):
        probe.objects.filter(**{lookup: "x"})


def test_it_allows_isnull(probe):
    probe.objects.create(text="")
    probe.objects.create(text=None)
    assert probe.objects.filter(text__isnull=True).count() == 1
    assert probe.objects.filter(text__isnull=False).count() == 1


def test_it_finds_people_by_blind_index_only(probe):
    person = probe.objects.create(national_id="010190 12345")
    probe.objects.create(national_id="02029054321")
    probe.objects.create(national_id=None)
    wanted = blind_index_for(
        "01019012345", context="probe.national_id", normalise="identity_number"
    )
    assert list(probe.objects.filter(national_id_index=wanted)) == [person]
    field = probe._meta.get_field("national_id_index")
    assert field.index_for("010190-12345") == wanted
    assert probe.objects.filter(national_id_index__isnull=True).count() == 1


def test_it_binds_to_the_model_label_and_deconstructs_stably(probe):
    field = probe._meta.get_field("text")
    assert field.context == "core.EncryptionProbe.text"
    _name, path, args, kwargs = field.deconstruct()
    assert path == "core.fields.EncryptedTextField"
    assert kwargs == {"null": True, "blank": True}
    rebuilt = EncryptedTextField(*args, **kwargs)
    assert rebuilt.deconstruct()[1:] == (path, args, kwargs)

    renamed = EncryptedJSONField(associated_data="core.Old.data")
    assert renamed.deconstruct()[3] == {"associated_data": "core.Old.data"}

    index = probe._meta.get_field("national_id_index")
    _, index_path, _, index_kwargs = index.deconstruct()
    assert index_path == "core.fields.BlindIndexField"
    assert index_kwargs["source"] == "national_id"
    assert index_kwargs["context"] == "probe.national_id"
    assert index_kwargs["normalise"] == "identity_number"
    assert BlindIndexField(**index_kwargs).deconstruct()[3] == index_kwargs


def test_it_flags_unique_encrypted_fields_in_checks():
    field = EncryptedTextField(unique=True)
    field.set_attributes_from_name("x")
    field._context = "core.X.x"
    assert any(error.id == "core.E101" for error in field.check())


def test_it_rotates_keys_with_the_reencrypt_command(probe):
    with override_settings(FIELD_ENCRYPTION_KEYS=K1):
        values = [("", 0), (PLAINTEXT, False), (None, []), ("x", {"n": None})]
        for text, data in values:
            probe.objects.create(text=text, data=data)
        before = raw_rows(probe, "text") + raw_rows(probe, "data")
        assert {crypto.token_key_id(t) for t in before if t} == {"k1"}

    with override_settings(FIELD_ENCRYPTION_KEYS=f"{K2},{K1}"):
        assert [(o.text, o.data) for o in probe.objects.order_by("id")] == values

        out = io.StringIO()
        call_command("reencrypt_fields", "--dry-run", stdout=out)
        assert "core.EncryptionProbe.text: 3 to re-encrypt" in out.getvalue()
        assert "core.EncryptionProbe.data: 4 to re-encrypt" in out.getvalue()
        assert raw_rows(probe, "text") + raw_rows(probe, "data") == before

        out = io.StringIO()
        call_command("reencrypt_fields", "--batch-size", "2", stdout=out)
        assert "core.EncryptionProbe.text: 3 re-encrypted" in out.getvalue()
        assert "core.EncryptionProbe.data: 4 re-encrypted" in out.getvalue()
        assert PLAINTEXT not in out.getvalue()
        after = raw_rows(probe, "text") + raw_rows(probe, "data")
        assert {crypto.token_key_id(t) for t in after if t} == {"k2"}
        assert after.count(None) == 1

        out = io.StringIO()
        call_command("reencrypt_fields", stdout=out)
        assert "Total: 0 re-encrypted" in out.getvalue()
        assert raw_rows(probe, "text") + raw_rows(probe, "data") == after

    with override_settings(FIELD_ENCRYPTION_KEYS=K2):
        assert [(o.text, o.data) for o in probe.objects.order_by("id")] == values


def test_it_does_not_overwrite_a_row_changed_during_rotation(probe, monkeypatch):
    with override_settings(FIELD_ENCRYPTION_KEYS=K1):
        obj = probe.objects.create(text="gammel")
    with override_settings(FIELD_ENCRYPTION_KEYS=f"{K2},{K1}"):
        real = crypto.reencrypt

        def edit_meanwhile(token, *, context):
            if context == "core.EncryptionProbe.text":
                probe.objects.filter(pk=obj.pk).update(text="ny")
            return real(token, context=context)

        monkeypatch.setattr(crypto, "reencrypt", edit_meanwhile)
        out = io.StringIO()
        call_command("reencrypt_fields", stdout=out)
        assert "core.EncryptionProbe.text: 0 re-encrypted" in out.getvalue()
        obj.refresh_from_db()
        assert obj.text == "ny"
