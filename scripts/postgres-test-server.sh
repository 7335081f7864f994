#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the tests and prints its URL:
#   eval "$(bash scripts/postgres-test-server.sh start)"   # exports STREAMGAUGE_TEST_POSTGRES_URL
#   swift test
#   bash scripts/postgres-test-server.sh stop
# Needs Debian's postgresql package (apt-get install postgresql). The cluster lives in a
# temporary directory owned by the postgres user and listens on 127.0.0.1 only.
set -euo pipefail
PORT="${STREAMGAUGE_TEST_POSTGRES_PORT:-54329}"
DIR="${STREAMGAUGE_TEST_POSTGRES_DIR:-/tmp/streamgauge-postgres-test}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$BIN" ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 1; }

as_postgres() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "${1:-start}" in
start)
    if ! as_postgres "$BIN/pg_ctl -D $DIR status" >/dev/null 2>&1; then
        rm -rf "$DIR"
        mkdir -p "$DIR"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
        as_postgres "$BIN/initdb -D $DIR -U postgres --auth=trust --no-sync -E UTF8" >/dev/null
        as_postgres "$BIN/pg_ctl -D $DIR -l $DIR/server.log -o '-c listen_addresses=127.0.0.1 -c port=$PORT -k $DIR -c fsync=on' -w start" >/dev/null
    fi
    echo "export STREAMGAUGE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"
    ;;
stop)
    as_postgres "$BIN/pg_ctl -D $DIR -m fast -w stop" >/dev/null 2>&1 || true
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 64
    ;;
esac
