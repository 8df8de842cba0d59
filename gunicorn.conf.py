"""gunicorn in production: `gunicorn botilbud.wsgi:application` reads this file from the
working directory (or name it with `-c`). Every value can be changed by environment
variable or on the command line; docs/operations.md#the-web-server-gunicorn explains them.

Sync workers, several of them: each request has a process to itself. A statistics PDF
or a chart (WeasyPrint, matplotlib) is mostly Python and holds the GIL for seconds, so in
a threaded worker the other requests of that process would get the CPU only between
its bytecode slices, several milliseconds after each of their own database round trips.
A separate process per request isolates them: a page waits on a PDF only when every
worker is busy. The price is memory (each worker loads WeasyPrint and matplotlib),
and that a sync worker must sit behind a buffering reverse proxy (nginx), which reads
slow clients' requests and responses for it. `bench/load.py` measures both classes.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {value!r}") from None


# Loopback only: the reverse proxy on the same host is the only client.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
# Two per core and one more: a request waiting on PostgreSQL leaves its core to
# another worker. Each worker holds at most one database connection.
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
# The slowest request measured (a twenty-year statistics PDF at national scale)
# takes about 15 s on a loaded machine; a worker silent this long is killed
# and restarted. The proxy's read timeout must be at least as long.
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = 30
# A worker is replaced after this many requests (with jitter, so they do not all
# restart together): whatever a long-lived process accumulates is given back.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = 100
# The heartbeat file on a memory file system: a slow disk never looks like a hung worker.
# gunicorn makes its own private file there; nothing is shared through it.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# No access log here: the proxy keeps one (with /konto/aktiver/ left out,
# docs/operations.md). Errors go to stderr, i.e. the journal.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The application is imported in every worker, never in the master: no
# database connection or key material is opened before the fork.
preload_app = False
