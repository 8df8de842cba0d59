"""Guessing is stopped (SECURITY.md 11, 35): the per-account lock of access/signin/lockout.py.

Figures by hand, from the settings' defaults: 10 failed steps in a row lock an
account, password and code counted together; the first lock lasts 15
minutes; a second within 24 hours lasts until a person unlocks it. allauth's
old per-account throttle let through 10 guesses per 5 minutes (2 880 a day)
and answered "too many attempts", so these tests move the clock past its
5-minute window to tell a lock from a throttle.
"""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client

from accounts.models import LoginLockout
from accounts.tests.lockout_helpers import (
    WRONG,
    code_step,
    fail_passwords,
    page,
    password_step,
    right_code,
    signed_in,
    wrong_code,
)
from audit.models import AuditEntry
from conftest import enrol_totp

AFTER_THROTTLE = dt.timedelta(minutes=6)


def test_it_locks_after_ten_wrong_codes_and_refuses_the_right_eleventh(cast, clock):
    bob = cast["project_lead_a"]
    enrol_totp(bob)
    client = Client()
    assert password_step(client, "bob")["Location"] == "/accounts/2fa/authenticate/"
    wrong = wrong_code(bob)
    answers = [code_step(client, wrong) for _ in range(10)]
    assert [a.status_code for a in answers] == [200] * 10
    assert "Feil kode." in answers[-1].content.decode()

    right = right_code(bob)
    refused = code_step(client, right)
    assert refused.status_code == 200
    assert not signed_in(client)
    # The same answer as a wrong code, not a throttle message.
    assert page(refused, typed=[right]) == page(answers[-1], typed=[wrong])
    assert LoginLockout.objects.get(user=bob).failures == 10  # not reset by the right code

    clock.shift(AFTER_THROTTLE)
    fresh = Client()
    assert password_step(fresh, "bob").status_code == 200
    assert not signed_in(fresh)


def test_it_locks_after_ten_wrong_passwords(cast, clock):
    fail_passwords("bob")
    clock.shift(AFTER_THROTTLE)
    client = Client()
    response = password_step(client, "bob")
    assert response.status_code == 200
    assert not signed_in(client)
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_it_counts_passwords_and_codes_together(cast, clock):
    bob = cast["project_lead_a"]
    enrol_totp(bob)
    fail_passwords("bob", 5)
    client = Client()
    password_step(client, "bob")  # right: on to the code, but the count stays at 5
    for _ in range(5):
        code_step(client, wrong_code(bob))
    clock.shift(AFTER_THROTTLE)
    assert code_step(client, right_code(bob)).status_code == 200
    assert not signed_in(client)


def test_only_a_completed_sign_in_starts_the_count_again(cast, clock):
    bob = cast["project_lead_a"]
    enrol_totp(bob)
    fail_passwords("bob", 9)
    client = Client()
    password_step(client, "bob")
    assert code_step(client, right_code(bob)).status_code == 302
    assert signed_in(client)
    assert LoginLockout.objects.get(user=bob).failures == 0

    clock.shift(dt.timedelta(minutes=1))  # a new code
    fail_passwords("bob", 9)
    again = Client()
    password_step(again, "bob")  # the right password alone does not reset it
    code_step(again, wrong_code(bob))
    clock.shift(AFTER_THROTTLE)
    assert password_step(Client(), "bob").status_code == 200  # locked


def test_the_locked_answer_is_the_unknown_users_answer(cast, clock):
    # Same history for both names, so only the lock could tell them apart.
    fail_passwords("bob")
    fail_passwords("finnes-ikke")
    clock.shift(AFTER_THROTTLE)
    locked = password_step(Client(), "bob")  # the right password
    unknown = password_step(Client(), "finnes-ikke")
    assert locked.status_code == unknown.status_code == 200
    assert page(locked, typed=["bob"]) == page(unknown, typed=["finnes-ikke"])
    locked_wrong = password_step(Client(), "bob", WRONG)
    assert page(locked_wrong, typed=["bob"]) == page(unknown, typed=["finnes-ikke"])


def test_it_mails_the_user_and_the_lead_without_naming_the_account(
    cast, clock, mailoutbox, django_capture_on_commit_callbacks
):
    bob, alice = cast["project_lead_a"], cast["coordinator"]
    bob.email, bob.first_name, bob.last_name = "bob@example.no", "Bjørn", "Bakke"
    bob.save()
    alice.email = "alice@example.no"
    alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        fail_passwords("bob", 9)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        fail_passwords("bob", 2)  # the 10th locks; the 11th is refused and sends nothing
    assert sorted(m.to for m in mailoutbox) == [["alice@example.no"], ["bob@example.no"]]
    for mail in mailoutbox:
        text = mail.subject + "\n" + mail.body
        for personal in ("bob", "Bjørn", "Bakke", "bob@example.no", "alice"):
            assert personal not in text
        assert re.search(r"sperret for innlogging 23\.11\.2026 kl\. 09:0\d", text)
        assert "Sperren varer i 15 minutter." in text
        assert "http://127.0.0.1:8000/" in text
    user_mail = next(m for m in mailoutbox if m.to == ["bob@example.no"])
    assert "Hvis det ikke var deg" in user_mail.body


def test_a_time_lock_ends_by_itself_after_fifteen_minutes(cast, clock):
    bob = cast["project_lead_a"]
    fail_passwords("bob")
    clock.shift(dt.timedelta(minutes=14))
    assert password_step(Client(), "bob").status_code == 200
    clock.shift(dt.timedelta(minutes=2))
    assert password_step(Client(), "bob").status_code == 302
    unlocked = AuditEntry.objects.get(action="accounts.user.unlocked")
    assert (unlocked.object_id, unlocked.actor_id, unlocked.purpose) == (
        str(bob.pk),
        None,
        "tiden er ute",
    )
    assert LoginLockout.objects.get(user=bob).failures == 0


def test_a_second_lock_within_a_day_waits_for_a_person(cast, clock):
    bob = cast["project_lead_a"]
    fail_passwords("bob")
    clock.shift(dt.timedelta(minutes=16))
    fail_passwords("bob")
    assert LoginLockout.objects.get(user=bob).locked_until is None
    clock.shift(dt.timedelta(days=3))
    assert password_step(Client(), "bob").status_code == 200
    # Only the first lock ended by time.
    assert AuditEntry.objects.filter(action="accounts.user.unlocked").count() == 1


def test_a_lock_more_than_a_day_after_the_last_is_a_time_lock_again(cast, clock):
    bob = cast["project_lead_a"]
    fail_passwords("bob")
    clock.shift(dt.timedelta(hours=24, minutes=1))
    fail_passwords("bob")
    row = LoginLockout.objects.get(user=bob)
    assert row.locked_until is not None and row.locked_at is not None
    assert row.locked_until - row.locked_at == dt.timedelta(minutes=15)


def test_colleagues_behind_the_same_address_still_get_in(cast, clock):
    berit = cast["followup_worker_a"]
    enrol_totp(berit)
    office = "192.0.2.10"
    fail_passwords("bob", 12, REMOTE_ADDR=office)  # locks bob, then two refused
    colleague = Client(REMOTE_ADDR=office)
    assert password_step(colleague, "berit")["Location"] == "/accounts/2fa/authenticate/"
    assert code_step(colleague, right_code(berit)).status_code == 302
    assert signed_in(colleague)
    assert not LoginLockout.objects.filter(user=berit, failures__gt=0).exists()


def test_it_audits_each_step_but_never_what_an_unknown_name_typed(cast, clock, caplog):
    bob = cast["project_lead_a"]
    enrol_totp(bob)
    typed = "Ola Nordmann\nFORGED audit line"
    password_step(Client(), typed, WRONG)
    fail_passwords("bob", 9)
    client = Client()
    password_step(client, "bob")
    code_step(client, wrong_code(bob))
    password_step(Client(), "bob")  # refused while locked
    rows = [
        (e.action, e.object_id, e.purpose, e.actor_id, e.ip)
        for e in AuditEntry.objects.exclude(action="accounts.user.logged_in").order_by("seq")
    ]
    pk = str(bob.pk)
    assert rows == [
        ("accounts.user.login_failed", "", "passord", None, "127.0.0.1"),
        *[("accounts.user.login_failed", pk, "passord", None, "127.0.0.1")] * 9,
        ("accounts.user.second_factor_failed", pk, "kode", None, "127.0.0.1"),
        ("accounts.user.locked", pk, "15 minutter", None, "127.0.0.1"),
        ("accounts.user.login_failed", pk, "sperret: passord", None, "127.0.0.1"),
    ]
    for entry in AuditEntry.objects.all():
        assert "Ola" not in str(vars(entry)) and "FORGED" not in str(vars(entry))
    assert "Ola" not in caplog.text and "FORGED" not in caplog.text
