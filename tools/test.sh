#!/usr/bin/env bash
# The whole check, as CI runs it (`make test` calls this after installing).
#
#  1. lint: ruff check + import-linter
#  2. migrations: makemigrations --check; migrate on a fresh SQLite file and a
#     fresh PostgreSQL database
#  3. check --deploy with production-like settings (any warning fails)
#  4. compilemessages
#  5. pytest pass 1: the whole suite on PostgreSQL (xdist, 2 workers), browser
#     tests included
#  6. pytest pass 2: tests marked db_guarantees again on SQLite
#
# PostgreSQL: the server on 127.0.0.1:5432 when it answers, else a throwaway
# cluster on a loopback port.  Redis: 127.0.0.1:6379 when it answers, else a
# throwaway server.  Both throwaway servers are stopped on exit.
# YAKUBA_TEST_THROWAWAY=1 starts throwaway servers even when others answer.
# Every step runs even when an earlier one failed; the exit status is non-zero
# when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"

export DJANGO_SETTINGS_MODULE=config.settings.test
export PYTHONDONTWRITEBYTECODE=1
# Settings a developer's shell may carry that would change what the suite tests.
unset YAKUBA_TASK_BACKEND YAKUBA_SITE_TIER DEBUG SECRET_KEY YAKUBA_HTTPS

RUN=$(mktemp -d "${TMPDIR:-/tmp}/yakuba-test.XXXXXX")
PG_DIR=""
PG_BIN=""
REDIS_STARTED_PORT=""
as_postgres=()

cleanup() {
    if [ -n "$PG_DIR" ]; then
        "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
    if [ -n "$REDIS_STARTED_PORT" ]; then
        redis-cli -h 127.0.0.1 -p "$REDIS_STARTED_PORT" shutdown nosave >/dev/null 2>&1 || true
    fi
    rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_answers() {  # is anything listening on 127.0.0.1:$1?
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {  # first port from $1 upwards that nothing listens on
    local port=$1
    while port_answers "$port"; do port=$((port + 1)); done
    echo "$port"
}

# --- PostgreSQL ------------------------------------------------------------------
THROWAWAY=${YAKUBA_TEST_THROWAWAY:-0}
if [ "$THROWAWAY" != 1 ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null \
    && psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    PG_PORT=5432
    echo "test: using the PostgreSQL server on 127.0.0.1:5432"
else
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$PG_BIN" ]; then
        echo "test: no PostgreSQL answers on 127.0.0.1:5432 and no server binaries are installed" >&2
        echo "test: run 'make system-deps' (package postgresql)" >&2
        exit 1
    fi
    PG_PORT=$(free_port 55432)
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/yakuba-pg.XXXXXX")
    if [ "$(id -u)" -eq 0 ]; then  # initdb refuses to run as root
        chown postgres:postgres "$PG_DIR"
        as_postgres=(runuser -u postgres --)
    fi
    echo "test: starting a throwaway PostgreSQL cluster on 127.0.0.1:$PG_PORT"
    "${as_postgres[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; exit 1; }
    "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$PG_DIR/server.log"; exit 1; }
fi
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/yakuba_test_run"

# --- Redis -------------------------------------------------------------------------
if [ "$THROWAWAY" != 1 ] && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; then
    REDIS_PORT=6379
    echo "test: using the Redis server on 127.0.0.1:6379"
else
    if ! command -v redis-server >/dev/null 2>&1; then
        echo "test: no Redis answers on 127.0.0.1:6379 and redis-server is not installed" >&2
        echo "test: run 'make system-deps' (package redis-server)" >&2
        exit 1
    fi
    REDIS_PORT=$(free_port 6391)
    echo "test: starting a throwaway Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
        --dir "$RUN" --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log" >/dev/null
    REDIS_STARTED_PORT=$REDIS_PORT
    for _ in $(seq 50); do
        [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ] && break
        sleep 0.1
    done
fi
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"

# --- steps ---------------------------------------------------------------------------
failures=()
summary=()
step() {
    local name=$1 started rc
    shift
    echo
    echo "==> $name"
    started=$(date +%s)
    "$@"
    rc=$?
    local took=$(($(date +%s) - started))
    if [ "$rc" -eq 0 ]; then
        summary+=("ok      ${took}s  $name")
    else
        summary+=("FAILED  ${took}s  $name (exit $rc)")
        failures+=("$name")
    fi
    echo "<== $name: exit $rc after ${took}s"
}

manage() {
    "$PY" manage.py "$@"
}

lint() {
    make --no-print-directory lint
}

makemigrations_check() {
    DATABASE_URL="sqlite:///$RUN/makemigrations.sqlite3" manage makemigrations --check --dry-run
}

migrate_sqlite() {
    DATABASE_URL="sqlite:///$RUN/migrate.sqlite3" manage migrate --noinput -v 1
}

migrate_postgresql() {
    local database="yakuba_migrate_check_$$" rc
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE $database" || return 1
    DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$database" manage migrate --noinput -v 1
    rc=$?
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "DROP DATABASE $database WITH (FORCE)"
    return "$rc"
}

check_deploy() {
    local secret
    secret=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50)[:50])')
    # Production names its Web Push (VAPID) key; a throwaway one for the check.
    "$PY" -c 'import sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
key = ec.generate_private_key(ec.SECP256R1())
sys.stdout.buffer.write(key.private_bytes(serialization.Encoding.PEM,
    serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))' >"$RUN/vapid.pem"
    YAKUBA_VAPID_PRIVATE_KEY_FILE="$RUN/vapid.pem" \
    SECRET_KEY="$secret" YAKUBA_HTTPS=1 DJANGO_SETTINGS_MODULE=config.settings.prod \
        DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" \
        manage check --deploy --fail-level WARNING
}

compile_messages() {
    make --no-print-directory messages
}

pytest_postgresql() {
    mkdir -p test-artifacts
    "$PY" -m pytest -n 2 --dist loadgroup -q -ra --durations=10
}

pytest_sqlite() {
    DATABASE_URL="sqlite:///$RUN/guarantees.sqlite3" "$PY" -m pytest -m db_guarantees -q -ra
}

suite_started=$(date +%s)
step "lint (ruff check, import-linter)" lint
step "makemigrations --check" makemigrations_check
step "migrate on a fresh SQLite database" migrate_sqlite
step "migrate on a fresh PostgreSQL database" migrate_postgresql
step "check --deploy (config.settings.prod)" check_deploy
step "compilemessages" compile_messages
step "pytest pass 1: whole suite on PostgreSQL" pytest_postgresql
step "pytest pass 2: db_guarantees on SQLite" pytest_sqlite

echo
echo "==> summary ($(($(date +%s) - suite_started))s; PostgreSQL 127.0.0.1:$PG_PORT, Redis 127.0.0.1:$REDIS_PORT)"
printf '    %s\n' "${summary[@]}"
if [ "${#failures[@]}" -gt 0 ]; then
    echo "test: FAILED: ${failures[*]}" >&2
    exit 1
fi
echo "test: all steps passed"
