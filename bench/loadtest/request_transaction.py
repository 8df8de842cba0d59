"""Settings for the load benchmark's positive control (``bench/load.py --request-transaction``).

The normal settings with one request-wide transaction (``ATOMIC_REQUESTS``),
which decision 0007 removed: every audited request then holds the audit
chain's head row until its response is made, PDF rendering included. A run
with these settings shows what the benchmark's lock and PDF figures look like
when requests do wait on another's PDF; never used outside the benchmark.
"""

from botilbud.settings import *  # noqa: F403
from botilbud.settings import DATABASES

DATABASES["default"]["ATOMIC_REQUESTS"] = True
