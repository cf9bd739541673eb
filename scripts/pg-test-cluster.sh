#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on a loopback port for the test suites and prints the
# LATCHKEY_TEST_POSTGRES_URL to use. Usage: scripts/pg-test-cluster.sh start|stop [DIR] [PORT]
set -euo pipefail
cmd=${1:-start}
dir=${2:-/tmp/latchkey-pg}
port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      run "$bin/initdb" -D "$dir" -U latchkey --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! run "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      run "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    fi
    run "$bin/psql" -h 127.0.0.1 -p "$port" -U latchkey -d postgres -tAc "select 1 from pg_database where datname='latchkey_test'" | grep -q 1 \
      || run "$bin/createdb" -h 127.0.0.1 -p "$port" -U latchkey latchkey_test
    echo "postgres://latchkey@127.0.0.1:$port/latchkey_test"
    ;;
  stop)
    run "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop [DIR] [PORT]" >&2; exit 2 ;;
esac
