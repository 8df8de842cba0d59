#!/usr/bin/env bash
# The whole check, as CI runs it (`make test` -> here):
#   ruff check, ruff format --check, mypy,
#   pytest on SQLite (everything but `postgres` and `browser` tests; the
#   translation tests need GNU gettext, which install_test_deps brings),
#   pytest on a throwaway PostgreSQL 15 (every test, browser tests included),
#   the backup and restore drill on the same server (scripts/backup_drill.sh).
# Every stage runs even when an earlier one failed, so one run shows
# everything; the script exits non-zero if any stage failed.
#
# Knobs: PYTEST_WORKERS (default 2, 0 = no xdist), PYTEST_ARGS (extra args
# for both pytest runs), SKIP_INSTALL=1 (don't touch apt).
set -euo pipefail
cd "$(dirname "$0")/.."

export BOTILBUD_ENV=test         # every Django process: pytest, mypy's django plugin
export DJANGO_ALLOW_ASYNC_UNSAFE=1  # Playwright's loop in the main thread (root conftest sets it too)
export PYTHONDONTWRITEBYTECODE=1
unset DATABASE_URL

BIN=.venv/bin
WORKERS=${PYTEST_WORKERS:-2}
read -r -a EXTRA <<<"${PYTEST_ARGS:-}"
PYTEST=("$BIN/python" -m pytest -q -ra --durations=5)
if [[ $WORKERS != 0 ]]; then
    PYTEST+=(-n "$WORKERS")
fi

STAGES=()
FAILED=0
RUN_START=$SECONDS
LOGDIR=$(mktemp -d -t botilbud-test.XXXXXX)
export PG_TEST_STATE=$LOGDIR/pg.state  # this run's own cluster, even with other runs beside it
PG_STARTED=0
INSTALL_PID=

cleanup() {
    local rc=$?
    if [[ -n $INSTALL_PID ]] && kill -0 "$INSTALL_PID" 2>/dev/null; then
        kill "$INSTALL_PID" 2>/dev/null || true
    fi
    if ((PG_STARTED)); then
        scripts/pg_test_server.sh stop || true
    fi
    rm -rf "$LOGDIR"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

banner() { printf '\n\033[1m=== %s ===\033[0m\n' "$*"; }

record() { # name status seconds
    STAGES+=("$(printf '%-28s %-6s %5ss' "$1" "$2" "$3")")
    [[ $2 == ok ]] || FAILED=1
}

stage() { # name command...
    local name=$1 start=$SECONDS rc=0
    shift
    banner "$name"
    "$@" || rc=$?
    if ((rc == 0)); then record "$name" ok $((SECONDS - start)); else record "$name" FAIL $((SECONDS - start)); fi
    return 0
}

pytest_stage() { # name pytest-args...
    local name=$1 start=$SECONDS rc=0
    shift
    banner "$name"
    "${PYTEST[@]}" "${EXTRA[@]}" "$@" || rc=$?
    if ((rc == 5)); then
        # "No tests collected": fine only when tests exist and the marker
        # expression deselected them all; a run that found nothing fails.
        local found
        found=$("$BIN/python" -m pytest --collect-only -q -p no:xdist 2>/dev/null | grep -c '::' || true)
        if ((found > 0)); then
            echo "($name: no test matched its selection, but $found tests exist: counted as ok)"
            rc=0
        else
            echo "($name: pytest collected no tests at all)"
        fi
    fi
    if ((rc == 0)); then record "$name" ok $((SECONDS - start)); else record "$name" FAIL $((SECONDS - start)); fi
}

# SECURITY.md 29: a fresh database on the test server gets the demo data,
# audit entries, an external anchor and a plaintext marker; then
# scripts/backup_drill.sh dumps, encrypts, restores into a scratch database
# and checks row counts and verify_audit. Its summary line is the figure
# docs/security.md reports.
backup_drill_stage() { # server-url
    local url=${1%/*}/botilbud_drill
    local marker
    marker="drill-marker-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    /usr/lib/postgresql/15/bin/psql -X -q -v ON_ERROR_STOP=1 -d "$1" \
        -c "CREATE DATABASE botilbud_drill" >/dev/null || return 1
    (
        # (set -e does not work here: stage() calls us inside `||`.)
        export DATABASE_URL=$url AUDIT_ANCHOR_DIR=$LOGDIR/drill-anchors BOTILBUD_DEMO=1
        export DRILL_MARKER=$marker
        "$BIN/python" manage.py migrate --noinput -v 0 || exit 1
        "$BIN/python" manage.py createcachetable || exit 1
        "$BIN/python" manage.py load_demo || exit 1
        "$BIN/python" manage.py shell -c "
import os
from accounts.models import Organisation, User
from audit.services import record
org = Organisation.objects.create(name=os.environ['DRILL_MARKER'], kind='operations', is_synthetic=True)
users = list(User.objects.order_by('pk'))
for i in range(200):
    record(actor=users[i % len(users)], action='accounts.organisation.changed', obj=org, fields=['name'], purpose='backup drill')
" || exit 1
        "$BIN/python" manage.py anchor_audit || exit 1
        BACKUP_ENCRYPTION_KEY=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n') \
            BACKUP_DRILL_MARKER=$marker BACKUP_DRILL_REPORT=$LOGDIR/backup-drill.json \
            scripts/backup_drill.sh
    )
}

# apt is slow and mostly waits on the network: let it run while the checks
# that don't need Chromium or PostgreSQL use the CPU.
INSTALL_START=$SECONDS
if [[ ${SKIP_INSTALL:-0} == 1 ]]; then
    echo "SKIP_INSTALL=1: not checking Debian packages" >"$LOGDIR/install.log"
    echo 0 >"$LOGDIR/install.seconds"
    echo 0 >"$LOGDIR/install.rc"
else
    (
        rc=0
        bash scripts/install_test_deps.sh >"$LOGDIR/install.log" 2>&1 || rc=$?
        echo $((SECONDS - INSTALL_START)) >"$LOGDIR/install.seconds"
        echo "$rc" >"$LOGDIR/install.rc"
    ) &
    INSTALL_PID=$!
fi

# Waits for the background install and records it (once).
INSTALL_DONE=0
finish_install() {
    ((INSTALL_DONE)) && return 0
    INSTALL_DONE=1
    banner "install_test_deps (chromium, chromium-driver, postgresql, gettext)"
    if [[ -n $INSTALL_PID ]]; then
        wait "$INSTALL_PID" || true
        INSTALL_PID=
    fi
    cat "$LOGDIR/install.log"
    local install_rc install_s
    install_rc=$(cat "$LOGDIR/install.rc" 2>/dev/null || echo 1)
    install_s=$(cat "$LOGDIR/install.seconds" 2>/dev/null || echo $((SECONDS - INSTALL_START)))
    # Its time overlapped the stages before (it ran in the background).
    if [[ $install_rc == 0 ]]; then
        record "install_test_deps (parallel)" ok "$install_s"
    else
        record "install_test_deps (parallel)" FAIL "$install_s"
    fi
}

stage "ruff check" "$BIN/ruff" check .
stage "ruff format --check" "$BIN/ruff" format --check .
stage "mypy" "$BIN/mypy" .
stage "migrations up to date" "$BIN/python" manage.py makemigrations --check --dry-run
# The translation tests (core/tests/test_translations.py) run in the SQLite
# stage and need GNU gettext: on a machine without it, wait for the install.
for tool in xgettext msgmerge msguniq msgattrib msgfmt msgunfmt; do
    if ! command -v "$tool" >/dev/null; then
        echo "($tool is missing: the SQLite stage waits for install_test_deps)"
        finish_install
        break
    fi
done
pytest_stage "pytest sqlite" -m "not postgres and not browser"

finish_install

banner "start PostgreSQL"
pg_start=$SECONDS
if DATABASE_URL=$(scripts/pg_test_server.sh start); then
    PG_STARTED=1
    record "postgresql start" ok $((SECONDS - pg_start))
    DATABASE_URL=$DATABASE_URL pytest_stage "pytest postgresql+browser"
    stage "backup drill" backup_drill_stage "$DATABASE_URL"
    scripts/pg_test_server.sh stop || true
    PG_STARTED=0
else
    PG_STARTED=1 # a half-made cluster is cleaned up on exit
    record "postgresql start" FAIL $((SECONDS - pg_start))
    record "pytest postgresql+browser" FAIL 0
fi

banner "summary"
printf '%s\n' "${STAGES[@]}"
printf '%-28s %-6s %5ss\n' "total" "$( ((FAILED)) && echo FAIL || echo ok)" $((SECONDS - RUN_START))
exit "$FAILED"
