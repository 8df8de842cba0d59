#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium (+ driver) for the browser
# tests, PostgreSQL 15 for the second database run and GNU gettext for the
# translation tests (core/tests/test_translations.py runs makemessages,
# msgfmt and msgunfmt). Idempotent: installs
# only what `dpkg -s` says is missing, and runs `apt-get update` only then.
# Never runs `playwright install`: Playwright drives Debian's /usr/bin/chromium.
set -euo pipefail

PACKAGES=(chromium chromium-driver postgresql gettext)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "install_test_deps: all present (${PACKAGES[*]})"
else
    echo "install_test_deps: installing ${missing[*]}"
    SUDO=()
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null; then
            SUDO=(sudo)
        else
            echo "install_test_deps: need root (or sudo) to install: ${missing[*]}" >&2
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    log=$(mktemp)
    if ! "${SUDO[@]}" apt-get update -qq >"$log" 2>&1; then
        cat "$log" >&2
        echo "install_test_deps: apt-get update failed" >&2
        exit 1
    fi
    if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}" >>"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "install_test_deps: apt-get install ${missing[*]} failed (full log: $log)" >&2
        exit 1
    fi
    rm -f "$log"
fi

# Check that what the tests use is really there.
fail=0
for path in /usr/bin/chromium /usr/bin/chromedriver /usr/lib/postgresql/15/bin/initdb /usr/lib/postgresql/15/bin/pg_ctl \
    /usr/bin/xgettext /usr/bin/msgmerge /usr/bin/msguniq /usr/bin/msgattrib /usr/bin/msgfmt /usr/bin/msgunfmt; do
    if [[ ! -x $path ]]; then
        echo "install_test_deps: missing $path after install" >&2
        fail=1
    fi
done
if ! id -u postgres >/dev/null 2>&1; then
    echo "install_test_deps: no 'postgres' system user after install" >&2
    fail=1
fi
exit "$fail"
