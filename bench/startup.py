"""How long ``django.setup()`` takes: this project against a bare Django project.

Every run is a fresh Python process (nothing cached in ``sys.modules``), so the
figure is what each ``manage.py`` command and each test worker pays. The bare
project (only ``contenttypes`` and ``auth``) is written to a temporary
directory and measured on the same machine in the same way, so the ratio says
how much start-up is ours, whatever the machine's speed or load.

    .venv/bin/python bench/startup.py [--runs N] [--project DIR]

Prints the median of each and the ratio; exits non-zero when the ratio is above
the target (docs/performance.md). ``--project`` measures another checkout (an
older commit, for a before/after figure) with this interpreter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 2.0

# Runs in the child: the time of `import django; django.setup()` alone, so
# interpreter start-up (the same for both projects) does not dilute the ratio.
CHILD = """
import time
start = time.perf_counter()
import django
django.setup()
print(time.perf_counter() - start)
"""

BARE_SETTINGS = """
SECRET_KEY = "bench-only-not-secret"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
"""


def one_run(env: dict[str, str], cwd: Path) -> float:
    """Seconds ``django.setup()`` took in one fresh process."""
    # Our own interpreter and a fixed script: no outside input reaches the command.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHILD],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.strip().splitlines()[-1])


def measure(runs: int, project_root: Path = ROOT) -> tuple[list[float], list[float]]:
    """Alternate project and bare runs, so a change in machine load hits both alike."""
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    base_env.pop("PYTHONPATH", None)
    project_env = {
        **base_env,
        "BOTILBUD_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "botilbud.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    project: list[float] = []
    bare: list[float] = []
    with tempfile.TemporaryDirectory(prefix="botilbud-bench-") as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "bare_settings.py").write_text(BARE_SETTINGS)
        bare_env = {
            **base_env,
            "DJANGO_SETTINGS_MODULE": "bare_settings",
            "PYTHONPATH": tmp,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        # One unmeasured run each: the first run after a change pays for
        # compiling and for a cold disk cache, which no later command does.
        one_run(project_env, project_root)
        one_run(bare_env, tmp_path)
        for _ in range(runs):
            project.append(one_run(project_env, project_root))
            bare.append(one_run(bare_env, tmp_path))
    return project, bare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="runs of each project (default 7)")
    parser.add_argument(
        "--project", type=Path, default=ROOT, help="the checkout to measure (default: this one)"
    )
    args = parser.parse_args(argv)
    project, bare = measure(args.runs, args.project.resolve())
    ratio = statistics.median(project) / statistics.median(bare)
    print(f"django.setup(), median of {args.runs} fresh processes each")
    for name, runs in (("botilbud", project), ("bare Django", bare)):
        median = statistics.median(runs)
        print(f"  {name:<12}  {median:6.3f} s  (min {min(runs):.3f}, max {max(runs):.3f})")
    verdict = "ok" if ratio <= TARGET_RATIO else "ABOVE TARGET"
    print(f"  ratio         {ratio:6.2f}    (target <= {TARGET_RATIO:g}: {verdict})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
