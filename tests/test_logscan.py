"""The log capture the marker scan relies on (SECURITY.md 23)."""

from __future__ import annotations

import logging
import uuid

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from tests import logscan
from tests.logscan import assert_no_markers_in_logs


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def test_it_writes_every_record_through_the_project_formatter():
    marker = unique("plain")
    logging.getLogger("botilbud.anything").warning("hello %s", marker)
    lines = [text for _, _, text in logscan.captured_lines() if marker in text]
    assert lines == [f"WARNING botilbud.anything hello {marker}"]
    assert logscan.log_file().parent == logscan.logscan_dir()


def test_it_escapes_cr_and_lf_so_no_line_can_be_forged():
    marker = unique("forged")
    logging.getLogger("core").error("user typed: x\r\nINFO audit %s\x1b[31m", marker)
    lines = [text for _, _, text in logscan.captured_lines() if marker in text]
    assert lines == [f"ERROR core user typed: x\\r\\nINFO audit {marker}\\x1b[31m"]
    assert not any(text.startswith("INFO audit") for _, _, text in logscan.captured_lines())


def test_it_captures_loggers_that_do_not_propagate():
    marker = unique("request")
    logging.getLogger("django.request").error("failure %s", marker)
    with pytest.raises(AssertionError, match="marker values in application logs"):
        assert_no_markers_in_logs([marker])


def test_it_passes_when_no_marker_was_logged():
    assert_no_markers_in_logs([unique("never-logged"), ""])


def marker_view(request):
    return HttpResponse("untagged")


MARKER_IN_VIEW_NAME = unique("app-marker")
urlpatterns = [path("untagged/", marker_view, name=MARKER_IN_VIEW_NAME)]


@override_settings(ROOT_URLCONF=__name__)
def test_it_finds_a_marker_the_application_logged(cast, client_for):
    # The policy middleware logs the view name of an untagged route.
    assert client_for(cast["coordinator"]).get("/untagged/").status_code == 404
    with pytest.raises(AssertionError) as failure:
        assert_no_markers_in_logs(["not-there", MARKER_IN_VIEW_NAME])
    report = str(failure.value)
    assert MARKER_IN_VIEW_NAME in report
    assert "access.middleware route without policy entry denied" in report
    assert "not-there'" not in report
