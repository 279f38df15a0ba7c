# A throw-away PostgreSQL cluster for the test suite and the benchmark: started as an ordinary
# user in a temporary folder on a free port, stopped and removed on exit. Source this file, then
# call `pg_start` (it exports DATABASE_URL); it installs the Debian package if it is missing.

find_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

pg_install() {
  if [ -z "$(find_pg_bin)" ]; then
    printf '\n=== PostgreSQL is missing: installing the Debian package ===\n'
    scripts/apt-install postgresql || { echo "FAILED: PostgreSQL is not installed and could not be installed." >&2; return 1; }
  fi
}

pg_start() {  # starts the cluster and exports DATABASE_URL; returns non-zero if it cannot
  pg_install || return 1
  PG_BIN=$(find_pg_bin)
  PGDIR=$(mktemp -d /tmp/openips-pg.XXXXXX)
  PGPORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg_user() { "$@"; }
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: use an ordinary system user for the cluster.
    id openips-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin openips-pg
    chown openips-pg "$PGDIR"
    as_pg_user() { runuser -u openips-pg -- "$@"; }
  fi
  trap pg_stop EXIT
  printf '\n=== Starting PostgreSQL (%s) on port %s ===\n' "$("$PG_BIN/postgres" --version)" "$PGPORT"
  if as_pg_user "$PG_BIN/initdb" -D "$PGDIR/data" -U openips --auth=trust -E UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 \
     && as_pg_user "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -c port=$PGPORT -c unix_socket_directories=$PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60" start >/dev/null \
     && as_pg_user "$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U openips openips; then
    export DATABASE_URL="postgres://openips@127.0.0.1:$PGPORT/openips"
  else
    cat "$PGDIR"/*.log >&2 2>/dev/null
    echo "FAILED: could not start PostgreSQL." >&2
    return 1
  fi
}

pg_stop() {
  [ -n "${PGDIR:-}" ] || return 0
  as_pg_user "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$PGDIR"
}
