#!/usr/bin/env bash
# Backup and restore drill (SECURITY.md 29): proves that a backup of the
# PostgreSQL database can be restored and is complete, and that the dump
# never lies on disk unencrypted.
#
#   DATABASE_URL=postgres://user@host:5432/botilbud \
#   BACKUP_ENCRYPTION_KEY_FILE=/run/credentials/backup.key \
#       scripts/backup_drill.sh
#
# Steps: pg_dump -Fc inside an exported REPEATABLE READ snapshot (so the row
# counts of the source are taken from exactly the data that was dumped, even
# while the service writes), encrypt the dump (gpg AES-256 with integrity
# check; openssl AES-256-CBC/PBKDF2 when gpg is missing), delete the plaintext,
# check that the encrypted file holds neither the dump header nor the known
# plaintext marker, decrypt, restore into a new scratch database, compare the
# exact row count of every table (0 differences required), run
# `manage.py verify_audit` against the scratch database, drop it, and print
# one summary line. Exit 0 only when every check passed.
#
# Environment:
#   DATABASE_URL                 source database (postgres://…), required
#   BACKUP_ENCRYPTION_KEY[_FILE] passphrase (≥ 32 characters), required
#   BACKUP_DRILL_MARKER          a string known to be in the data: must be in
#                                the restored dump, must not be in the encrypted file
#   BACKUP_CIPHER                gpg (default when installed) or openssl
#   BACKUP_KEEP                  a path: keep the encrypted dump there
#   BACKUP_DRILL_REPORT          a path: also write the figures there as JSON
#   PGBIN                        default /usr/lib/postgresql/15/bin
#   PYTHON                       default .venv/bin/python of this repository
# The Django settings of the environment apply to verify_audit (AUDIT_HMAC_KEY,
# AUDIT_ANCHOR_DIR, BOTILBUD_ENV …): the restored chain is checked against the
# same key and external anchors as the live one.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PYTHON=${PYTHON:-$REPO/.venv/bin/python}

die() {
    echo "backup_drill: FAIL: $*" >&2
    exit 1
}
log() { echo "backup_drill: $*" >&2; }

[[ -n ${DATABASE_URL:-} ]] || die "DATABASE_URL is not set"
[[ $DATABASE_URL == postgres://* || $DATABASE_URL == postgresql://* ]] ||
    die "DATABASE_URL must be a postgres:// URL"
for tool in pg_dump pg_restore psql; do
    [[ -x $PGBIN/$tool ]] || die "no $PGBIN/$tool (set PGBIN)"
done

CIPHER=${BACKUP_CIPHER:-}
if [[ -z $CIPHER ]]; then
    if command -v gpg >/dev/null; then CIPHER=gpg; else CIPHER=openssl; fi
fi
case $CIPHER in
    gpg) command -v gpg >/dev/null || die "BACKUP_CIPHER=gpg but gpg is not installed" ;;
    openssl) command -v openssl >/dev/null || die "openssl is not installed" ;;
    *) die "BACKUP_CIPHER must be gpg or openssl" ;;
esac

umask 077
WORK=$(mktemp -d "${TMPDIR:-/tmp}/botilbud-drill.XXXXXX")
SCRATCH_DB=
SCRATCH_URL=
SNAP_PID=

cleanup() {
    local rc=$?
    if [[ -n $SNAP_PID ]] && kill -0 "$SNAP_PID" 2>/dev/null; then
        kill "$SNAP_PID" 2>/dev/null || true
    fi
    if [[ -n $SCRATCH_DB ]]; then
        "$PGBIN/psql" -X -q -d "$DATABASE_URL" -v ON_ERROR_STOP=1 \
            -c "DROP DATABASE IF EXISTS \"$SCRATCH_DB\"" >/dev/null 2>&1 ||
            log "could not drop scratch database $SCRATCH_DB: drop it by hand"
    fi
    rm -rf -- "$WORK"
    exit "$rc"
}
trap cleanup EXIT

# --- the key ------------------------------------------------------------------
KEY_FILE=$WORK/key
if [[ -n ${BACKUP_ENCRYPTION_KEY_FILE:-} ]]; then
    [[ -r $BACKUP_ENCRYPTION_KEY_FILE ]] || die "BACKUP_ENCRYPTION_KEY_FILE is not readable"
    head -n 1 "$BACKUP_ENCRYPTION_KEY_FILE" | tr -d '\r\n' >"$KEY_FILE"
elif [[ -n ${BACKUP_ENCRYPTION_KEY:-} ]]; then
    printf '%s' "$BACKUP_ENCRYPTION_KEY" >"$KEY_FILE"
else
    die "no encryption key: set BACKUP_ENCRYPTION_KEY or BACKUP_ENCRYPTION_KEY_FILE (never back up unencrypted)"
fi
(($(wc -c <"$KEY_FILE") >= 32)) || die "the encryption key must be at least 32 characters"

encrypt() { # in out
    if [[ $CIPHER == gpg ]]; then
        GNUPGHOME=$WORK/gnupg gpg --batch --quiet --yes --no-symkey-cache --pinentry-mode loopback \
            --passphrase-file "$KEY_FILE" --symmetric --cipher-algo AES256 \
            --s2k-mode 3 --s2k-digest-algo SHA512 --s2k-count 65011712 \
            --compress-algo none --force-mdc --output "$2" "$1"
    else
        openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -salt -pass "file:$KEY_FILE" -in "$1" -out "$2"
    fi
}

decrypt() { # in out
    if [[ $CIPHER == gpg ]]; then
        GNUPGHOME=$WORK/gnupg gpg --batch --quiet --yes --no-symkey-cache --pinentry-mode loopback \
            --passphrase-file "$KEY_FILE" --decrypt --output "$2" "$1"
    else
        openssl enc -d -aes-256-cbc -pbkdf2 -iter 600000 -pass "file:$KEY_FILE" -in "$1" -out "$2"
    fi
}
mkdir -m 0700 "$WORK/gnupg"

# --- exact row counts of every table ------------------------------------------
COUNT_SQL="SELECT format('%s.%s', table_schema, table_name) || ' ' ||
  (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I',
   table_schema, table_name), false, true, '')))[1]::text
 FROM information_schema.tables
 WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
 ORDER BY 1;"

# --- 1. dump from one snapshot, counting the source in the same snapshot -------
# A psql session holds a REPEATABLE READ transaction open and exports its
# snapshot; pg_dump --snapshot dumps exactly that state, and the counts are
# read inside the same transaction afterwards.
coproc SNAP { "$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$DATABASE_URL" 2>&1; }
SNAP_PID=$SNAP_PID
echo "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();" >&"${SNAP[1]}"
read -r -t 60 SNAPSHOT <&"${SNAP[0]}" || die "could not export a snapshot from the source"
[[ $SNAPSHOT =~ ^[0-9A-F-]+$ ]] || die "unexpected answer from the source: $SNAPSHOT"

DUMP=$WORK/botilbud.dump
ENCRYPTED=$WORK/botilbud.dump.$CIPHER
dump_start=$EPOCHREALTIME
"$PGBIN/pg_dump" -d "$DATABASE_URL" -Fc --snapshot="$SNAPSHOT" -f "$DUMP" || die "pg_dump failed"
dump_seconds=$(awk -v a="$dump_start" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b-a}')

printf '%s\nSELECT %s;\nCOMMIT;\n' "$COUNT_SQL" "'__end__'" >&"${SNAP[1]}"
: >"$WORK/source.counts"
while read -r -t 600 line <&"${SNAP[0]}"; do
    [[ $line == __end__ ]] && break
    echo "$line" >>"$WORK/source.counts"
done
[[ $line == __end__ ]] || die "could not count the source tables"
snap_in=${SNAP[1]}
exec {snap_in}>&-
wait "$SNAP_PID" 2>/dev/null || true
SNAP_PID=
grep -Eq '^[^ ]+ [0-9]+$' "$WORK/source.counts" || die "source counts look wrong: $(head -n 3 "$WORK/source.counts")"

# --- 2. encrypt, drop the plaintext, look for plaintext in the encrypted file --
encrypt "$DUMP" "$ENCRYPTED" || die "encryption failed"
dump_bytes=$(wc -c <"$DUMP")
encrypted_bytes=$(wc -c <"$ENCRYPTED")
rm -f -- "$DUMP"
# PGDMP is the header of every custom-format dump.
if grep -aqF PGDMP "$ENCRYPTED"; then die "the encrypted file contains the pg_dump header"; fi
if [[ -n ${BACKUP_DRILL_MARKER:-} ]] && grep -aqF -- "$BACKUP_DRILL_MARKER" "$ENCRYPTED"; then
    die "the encrypted file contains the plaintext marker"
fi
if [[ -n ${BACKUP_KEEP:-} ]]; then
    cp -- "$ENCRYPTED" "$BACKUP_KEEP"
    log "kept the encrypted dump as $BACKUP_KEEP"
fi

# --- 3. decrypt ----------------------------------------------------------------
RESTORED_DUMP=$WORK/restored.dump
decrypt "$ENCRYPTED" "$RESTORED_DUMP" || die "decryption failed (wrong key or damaged file)"
[[ $(head -c 5 "$RESTORED_DUMP") == PGDMP ]] || die "the decrypted file is not a pg_dump archive"
marker_found=n/a
if [[ -n ${BACKUP_DRILL_MARKER:-} ]]; then
    # The marker must be in the data, or its absence above proved nothing.
    # (grep -c, not -q: an early exit would SIGPIPE pg_restore and fail the pipe.)
    hits=$("$PGBIN/pg_restore" -f - "$RESTORED_DUMP" | grep -cF -- "$BACKUP_DRILL_MARKER" || true)
    if ((hits > 0)); then
        marker_found=yes
    else
        die "the plaintext marker is not in the restored dump, so the check above proved nothing"
    fi
fi

# --- 4. restore into a scratch database ----------------------------------------
SOURCE_DB=$(python3 -c 'import sys, urllib.parse as u; print(u.unquote(u.urlsplit(sys.argv[1]).path.lstrip("/")))' "$DATABASE_URL")
SCRATCH_DB="${SOURCE_DB:-botilbud}_drill_$(date +%Y%m%d%H%M%S)_$$"
SCRATCH_DB=${SCRATCH_DB:0:63}
SCRATCH_URL=$(python3 -c 'import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1])
print(u.urlunsplit(p._replace(path="/" + u.quote(sys.argv[2]))))' "$DATABASE_URL" "$SCRATCH_DB")
"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -c "CREATE DATABASE \"$SCRATCH_DB\"" >/dev/null ||
    die "could not create the scratch database"
restore_start=$EPOCHREALTIME
"$PGBIN/pg_restore" --exit-on-error --no-owner -d "$SCRATCH_URL" "$RESTORED_DUMP" ||
    die "pg_restore failed"
restore_seconds=$(awk -v a="$restore_start" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b-a}')
rm -f -- "$RESTORED_DUMP"

# --- 5. compare row counts -----------------------------------------------------
"$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$SCRATCH_URL" -c "$COUNT_SQL" >"$WORK/restore.counts" ||
    die "could not count the restored tables"
tables=$(wc -l <"$WORK/source.counts")
rows=$(awk '{s += $2} END {print s + 0}' "$WORK/source.counts")
differences=$(diff "$WORK/source.counts" "$WORK/restore.counts" | grep -c '^[<>]' || true)
if ((differences > 0)); then
    diff "$WORK/source.counts" "$WORK/restore.counts" >&2 || true
    die "$differences table row count(s) differ between source and restore"
fi
audit_rows=$(awk '$1 == "public.audit_auditentry" {print $2}' "$WORK/source.counts")

# --- 6. verify the audit chain of the restored database ------------------------
verify_out=$(cd "$REPO" && DATABASE_URL=$SCRATCH_URL "$PYTHON" manage.py verify_audit 2>&1) || {
    echo "$verify_out" >&2
    die "verify_audit failed on the restored database"
}
log "$verify_out"

# --- 7. drop the scratch database (cleanup does it) and report ----------------
summary="backup drill ok: cipher=$CIPHER tables=$tables rows=$rows audit_entries=${audit_rows:-0} differences=$differences dump_bytes=$dump_bytes encrypted_bytes=$encrypted_bytes dump_seconds=$dump_seconds restore_seconds=$restore_seconds marker_checked=$marker_found verify_audit=ok"
if [[ -n ${BACKUP_DRILL_REPORT:-} ]]; then
    cat >"$BACKUP_DRILL_REPORT" <<EOF
{"cipher": "$CIPHER", "tables": $tables, "rows": $rows, "audit_entries": ${audit_rows:-0}, "differences": $differences, "dump_bytes": $dump_bytes, "encrypted_bytes": $encrypted_bytes, "dump_seconds": $dump_seconds, "restore_seconds": $restore_seconds, "marker_checked": "$marker_found", "verify_audit": "ok"}
EOF
fi
echo "$summary"
