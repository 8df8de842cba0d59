"""gunicorn as production runs it (``gunicorn.conf.py``), on a free loopback port, bounded."""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120  # seconds; only a safety net for a server that never comes up


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def gunicorn(env: dict[str, str], extra: list[str], log: Path) -> Iterator[str]:
    """Start gunicorn with the repository's config; yield its base URL; stop it at the end."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "botilbud.wsgi:application",
        "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}", *extra,
    ]  # fmt: skip
    with log.open("w", encoding="utf-8") as out:
        # Our own interpreter and module with fixed arguments and a loopback address.
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, process)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):  # noqa: S310 -- loopback http
                return
        except OSError:  # refused, reset or timed out while the workers boot
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start (see its log)") from None
            time.sleep(0.3)


def problems(log: Path) -> dict[str, str | int]:
    """What the server logged that a load run must not cause: timeouts, tracebacks, restarts."""
    text = log.read_text(encoding="utf-8", errors="replace")
    worker = re.search(r"Using worker: (\w+)", text)
    return {
        "worker_class": worker.group(1) if worker else "?",
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "tracebacks": text.count("Traceback"),
        "workers_booted": text.count("Booting worker"),
    }
