"""Settings for the test suite: the normal settings with BOTILBUD_ENV=test.

Set before the settings module reads the environment, so `pytest` alone (not
only `make test`) gets fixed throw-away keys and a fast password hasher.
"""

import os

os.environ["BOTILBUD_ENV"] = "test"

from botilbud.settings import *  # noqa: F403
