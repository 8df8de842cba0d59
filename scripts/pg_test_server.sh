#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on a free loopback port, for the tests.
#
#   scripts/pg_test_server.sh start   # prints DATABASE_URL on stdout
#   scripts/pg_test_server.sh url     # prints it again
#   scripts/pg_test_server.sh stop    # stops the server and deletes the cluster
#
# PostgreSQL refuses to run as root, so the cluster belongs to `postgres` and
# every server command runs through `runuser -u postgres --` when we are root.
# Durability is switched off (fsync, synchronous_commit, full_page_writes):
# the data is thrown away after the run.
# The cluster's directory is remembered in $PG_TEST_STATE (default:
# var/pg-test-server.state in the repo), so start and stop can be separate calls.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
STATE=${PG_TEST_STATE:-$REPO/var/pg-test-server.state}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DB_NAME=${PG_TEST_DB:-botilbud}

log() { echo "pg_test_server: $*" >&2; }
die() {
    log "$*"
    exit 1
}

as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    elif [[ $(id -un) == postgres ]]; then
        "$@"
    else
        # Not root: run the cluster as ourselves (PostgreSQL only refuses root).
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

read_state() {
    [[ -f $STATE ]] || return 1
    # shellcheck disable=SC1090
    source "$STATE"
    [[ -n ${PG_DIR:-} && -n ${PG_PORT:-} ]]
}

url() { echo "postgres://postgres@127.0.0.1:${PG_PORT}/${DB_NAME}"; }

stop() {
    if ! read_state; then
        log "not running (no $STATE)"
        return 0
    fi
    if [[ -f $PG_DIR/data/postmaster.pid ]]; then
        as_postgres "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
            log "pg_ctl stop failed (log: $PG_DIR/server.log)"
    fi
    case $PG_DIR in
        */botilbud-pg.*) rm -rf -- "$PG_DIR" ;;
        *) log "refusing to delete unexpected directory $PG_DIR" ;;
    esac
    rm -f -- "$STATE"
    log "stopped"
}

start() {
    [[ -x $PGBIN/initdb ]] || die "no $PGBIN/initdb: run scripts/install_test_deps.sh"
    if read_state && [[ -f $PG_DIR/data/postmaster.pid ]]; then
        log "a test cluster from an earlier run is still there; stopping it"
        stop
    fi
    if [[ $(id -u) -eq 0 ]]; then
        id -u postgres >/dev/null 2>&1 || die "no 'postgres' user: run scripts/install_test_deps.sh"
    fi
    mkdir -p "$(dirname "$STATE")"
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/botilbud-pg.XXXXXX")
    chmod 0755 "$PG_DIR"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$PG_DIR"; fi
    printf 'PG_DIR=%q\n' "$PG_DIR" >"$STATE"

    if ! as_postgres "$PGBIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 \
        --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1; then
        cat "$PG_DIR/initdb.log" >&2
        die "initdb failed"
    fi

    # The port is free when we look; another process could take it before the
    # server binds it, so try a few times.
    local attempt
    for attempt in 1 2 3 4 5; do
        PG_PORT=$(free_port)
        if as_postgres "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
            -o "-k $PG_DIR -c listen_addresses=127.0.0.1 -p $PG_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
            start >/dev/null; then
            break
        fi
        PG_PORT=
        log "start on a free port failed (attempt $attempt)"
    done
    if [[ -z $PG_PORT ]]; then
        tail -n 40 "$PG_DIR/server.log" >&2 || true
        die "could not start PostgreSQL"
    fi
    printf 'PG_DIR=%q\nPG_PORT=%q\n' "$PG_DIR" "$PG_PORT" >"$STATE"

    local i
    for i in $(seq 1 60); do
        if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres; then
            break
        fi
        ((i == 60)) && die "server did not become ready (log: $PG_DIR/server.log)"
        sleep 0.5
    done
    as_postgres "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
        -c "CREATE DATABASE $DB_NAME" >/dev/null || die "could not create database $DB_NAME"
    log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR)"
    url
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    url)
        read_state || die "not running"
        url
        ;;
    *) die "usage: $0 start|stop|url" ;;
esac
