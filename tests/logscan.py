"""Every log record of the test run, written through the project's formatter to a file.

SECURITY.md 23: no secret or marker value may reach an application log, and
log injection must be escaped. This plugin (registered from the root
conftest) adds a handler to the root logger and to every logger that does
not propagate, formats each record with the formatter production uses
(``core.logging.SafeFormatter`` with the LOGGING format), and appends it to
one file per pytest worker under a directory shared by the whole run:

    $BOTILBUD_LOGSCAN_DIR/<worker>.log

The controller process makes a fresh directory for each run (xdist workers
inherit it through the environment) and deletes it at the end; set
BOTILBUD_LOGSCAN_DIR yourself to keep the files.

``assert_no_markers_in_logs(markers)`` reads every worker's file and fails
naming file and line for each hit. The marker scan (access/tests/test_marker_scan.py) calls it at
the end of its run; any test may call it.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

_handler: logging.FileHandler | None = None


def logscan_dir() -> Path:
    explicit = os.environ.get("BOTILBUD_LOGSCAN_DIR")
    if not explicit:
        raise RuntimeError("tests.logscan is not configured (BOTILBUD_LOGSCAN_DIR unset)")
    return Path(explicit)


def log_file() -> Path:
    return logscan_dir() / f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"


def _formatter() -> logging.Formatter:
    from django.conf import settings

    from core.logging import SafeFormatter

    config: dict[str, Any] = settings.LOGGING
    return SafeFormatter(config["formatters"]["plain"]["format"])


def _loggers() -> Iterator[logging.Logger]:
    """The root logger and every configured logger whose records do not reach it."""
    yield logging.getLogger()
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and not logger.propagate:
            yield logging.getLogger(name)


def install() -> logging.FileHandler:
    """Attach the capturing handler (again, if Django's dictConfig removed it)."""
    global _handler
    if _handler is None:
        path = log_file()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _handler = logging.FileHandler(path, mode="a", encoding="utf-8")
        _handler.setLevel(logging.NOTSET)
        _handler.setFormatter(_formatter())
    for logger in _loggers():
        if _handler not in logger.handlers:
            logger.addHandler(_handler)
    return _handler


def captured_lines() -> list[tuple[Path, int, str]]:
    """(file, line number, text) of every line captured so far, by every worker."""
    if _handler is not None:
        _handler.flush()
    lines: list[tuple[Path, int, str]] = []
    for path in sorted(logscan_dir().glob("*.log")):
        with path.open(encoding="utf-8", errors="replace") as handle:
            lines.extend((path, number, text.rstrip("\n")) for number, text in enumerate(handle, 1))
    return lines


def find_markers(markers: Iterable[str]) -> list[tuple[Path, int, str, str]]:
    wanted = [m for m in markers if m]
    return [
        (path, number, marker, text)
        for path, number, text in captured_lines()
        for marker in wanted
        if marker in text
    ]


def assert_no_markers_in_logs(markers: Iterable[str]) -> None:
    """Fail if any marker string appears in any captured log line of this run."""
    hits = find_markers(markers)
    assert not hits, "marker values in application logs:\n" + "\n".join(
        f"  {path.name}:{number}: {marker!r} in {text[:200]!r}"
        for path, number, marker, text in hits
    )


_owned_dir: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _owned_dir
    if not os.environ.get("BOTILBUD_LOGSCAN_DIR") and not hasattr(config, "workerinput"):
        _owned_dir = Path(tempfile.mkdtemp(prefix="botilbud-logscan-"))
        os.environ["BOTILBUD_LOGSCAN_DIR"] = str(_owned_dir)


def pytest_sessionstart(session: pytest.Session) -> None:
    install()


@pytest.fixture(autouse=True)
def _logscan_handler() -> None:
    # Cheap: re-attaches only when something (Django's LOGGING, a test's
    # override) replaced the handlers since the last test.
    install()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _handler
    if _handler is not None:
        for logger in _loggers():
            if _handler in logger.handlers:
                logger.removeHandler(_handler)
        _handler.close()
        _handler = None
    if _owned_dir is not None:
        shutil.rmtree(_owned_dir, ignore_errors=True)
        os.environ.pop("BOTILBUD_LOGSCAN_DIR", None)
