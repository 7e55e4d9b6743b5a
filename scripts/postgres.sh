#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the tests: `postgres.sh start` installs Debian's postgresql when
# it is missing (as root, with apt), starts a fresh cluster on a free 127.0.0.1 port and writes its URL to
# .pg/url; `postgres.sh stop` stops it and deletes its data. Without PostgreSQL (not root, no apt, or a failed
# install) it writes the reason to .pg/skip instead, and the PostgreSQL runs of the tests skip with it.
set -u
cd "$(dirname "$0")/.."
STATE=.pg
mkdir -p "$STATE"

bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

skip() {
  echo "postgres: $1; the PostgreSQL runs of the tests will be skipped" >&2
  echo "$1" > "$STATE/skip"
  rm -f "$STATE/url"
  exit 0
}

as_owner() {  # initdb and postgres refuse to run as root: run them as the postgres user then
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  [ -f "$STATE/url" ] && stop
  rm -f "$STATE/skip"
  BIN=$(bindir)
  if [ -z "$BIN" ]; then
    [ "$(id -u)" -eq 0 ] || skip "PostgreSQL is not installed and this is not root (apt-get install postgresql)"
    command -v apt-get >/dev/null 2>&1 || skip "PostgreSQL is not installed and there is no apt-get"
    echo "postgres: installing Debian's postgresql (once)" >&2
    export DEBIAN_FRONTEND=noninteractive
    (apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null) \
      || skip "apt-get install postgresql failed"
    BIN=$(bindir)
    [ -n "$BIN" ] || skip "postgresql installed but initdb not found"
  fi
  DATA=$(mktemp -d /tmp/marsad-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && { id postgres >/dev/null 2>&1 || skip "no postgres user to run the cluster as"; chown postgres "$DATA"; }
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$BIN/initdb" -D "$DATA/data" -U marsad --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 \
    || skip "initdb failed (see $STATE/initdb.log)"
  as_owner "$BIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >"$STATE/start.log" 2>&1 || skip "the cluster did not start (see $DATA/server.log)"
  echo "$DATA" > "$STATE/dir"
  echo "$BIN" > "$STATE/bin"
  echo "postgresql+psycopg://marsad@127.0.0.1:$PORT/postgres" > "$STATE/url"
  echo "postgres: throwaway cluster on 127.0.0.1:$PORT ($DATA)" >&2
}

stop() {
  if [ -f "$STATE/dir" ]; then
    DATA=$(cat "$STATE/dir"); BIN=$(cat "$STATE/bin")
    as_owner "$BIN/pg_ctl" -D "$DATA/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$DATA"
  fi
  rm -f "$STATE/dir" "$STATE/bin" "$STATE/url"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
