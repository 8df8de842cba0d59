"""core.faults.point is inert outside tests (the crash test itself: test_crash_consistency)."""

from __future__ import annotations

import os
import signal

import pytest

from core import faults


def _recorder(monkeypatch):
    calls = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: calls.append(sig))
    return calls


def test_it_kills_only_at_the_named_point_in_the_test_environment(monkeypatch):
    calls = _recorder(monkeypatch)
    monkeypatch.setenv("BOTILBUD_FAULT", "allocation.propose.after_booking")
    faults.point("allocation.propose.after_audit")
    assert calls == []
    faults.point("allocation.propose.after_booking")
    assert calls == [signal.SIGKILL]


def test_it_does_nothing_in_production_even_when_asked(monkeypatch, settings):
    calls = _recorder(monkeypatch)
    monkeypatch.setenv("BOTILBUD_FAULT", "stay.move_out.after_booking")
    monkeypatch.setenv("BOTILBUD_ENV", "production")
    faults.point("stay.move_out.after_booking")
    monkeypatch.setenv("BOTILBUD_ENV", "test")
    settings.ENVIRONMENT = "production"
    faults.point("stay.move_out.after_booking")
    assert calls == []


def test_it_does_nothing_without_the_switch(monkeypatch):
    calls = _recorder(monkeypatch)
    monkeypatch.delenv("BOTILBUD_FAULT", raising=False)
    faults.point("stay.move_out.after_booking")
    assert calls == []


def test_it_raises_at_the_named_point_when_asked_to(monkeypatch, settings):
    monkeypatch.setenv("BOTILBUD_FAULT", "stay.move_out.after_audit")
    monkeypatch.setenv("BOTILBUD_FAULT_ACTION", "raise")
    faults.point("stay.move_out.after_booking")  # another point: nothing
    with pytest.raises(faults.FaultInjected):
        faults.point("stay.move_out.after_audit")
    settings.ENVIRONMENT = "production"
    faults.point("stay.move_out.after_audit")  # never outside tests
