#!/usr/bin/env bash
# The README's screenshots, made by the browser story (tests/browser/test_story.py):
# the coordinator's start page, a resident's overview and the statistics, as
# PNGs in docs/img/. Every person and place in them is test-fixture data.
#
#   scripts/screenshots.sh            # needs Debian chromium and PostgreSQL (make test installs both)
#
# It starts its own throwaway PostgreSQL (scripts/pg_test_server.sh), runs the
# story with BOTILBUD_SCREENSHOTS=docs/img, and stops the server again.
set -euo pipefail
cd "$(dirname "$0")/.."

export BOTILBUD_ENV=test DJANGO_ALLOW_ASYNC_UNSAFE=1 PYTHONDONTWRITEBYTECODE=1
export BOTILBUD_SCREENSHOTS=${BOTILBUD_SCREENSHOTS:-docs/img}
export PG_TEST_STATE
PG_TEST_STATE=$(mktemp -u -t botilbud-screenshots.XXXXXX.state)
trap 'scripts/pg_test_server.sh stop >/dev/null 2>&1 || true' EXIT
DATABASE_URL=$(scripts/pg_test_server.sh start)
export DATABASE_URL

.venv/bin/python -m pytest -q -p no:xdist -p no:cacheprovider \
    tests/browser/test_story.py -k daily_path
ls -l "$BOTILBUD_SCREENSHOTS"/coordinator-start.png "$BOTILBUD_SCREENSHOTS"/resident-overview.png \
    "$BOTILBUD_SCREENSHOTS"/statistics.png
