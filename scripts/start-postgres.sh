#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on a free loopback port (trust auth, loopback only) and prints its
# connection string. Used by .ci/run and by developers: export PALERMO_TEST_POSTGRES="$(scripts/start-postgres.sh)"
# Stop it with: scripts/start-postgres.sh stop
set -euo pipefail
base=${PALERMO_PG_DIR:-/tmp/palermo-pg}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "PostgreSQL server binaries not found; install postgresql (apt-get install postgresql)" >&2
  exit 1
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "${1:-}" = stop ]; then
  as_pg "$bin/pg_ctl" -D "$base/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi
if [ -f "$base/port" ] && as_pg "$bin/pg_ctl" -D "$base/data" status >/dev/null 2>&1; then
  port=$(cat "$base/port")
else
  rm -rf "$base"
  mkdir -p "$base"
  [ "$(id -u)" = 0 ] && chown postgres "$base"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$bin/initdb" -D "$base/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
  as_pg "$bin/pg_ctl" -D "$base/data" -l "$base/log" -w -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$base -c fsync=off -c max_connections=200" start >/dev/null
  echo "$port" > "$base/port"
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
