#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A throw-away PostgreSQL 15 server for the tests: initdb in a temporary folder
# as an unprivileged user, a Unix socket only (no TCP), trust for that socket.
#   tests/pg-server.sh start DIR   prints the connection string (MK_TEST_PG)
#   tests/pg-server.sh stop DIR
#   tests/pg-server.sh restart DIR
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/1[5-9]/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] || { echo "pg-server.sh: PostgreSQL 15 is not installed" >&2; exit 1; }
cmd=${1:?start|stop|restart}
dir=${2:?a folder}
user=$(id -un)

as_owner () {
  if [ "$(id -u)" -eq 0 ]; then
    id -u mekenjai-ci >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin mekenjai-ci
    runuser -u mekenjai-ci -- "$@"
  else
    "$@"
  fi
}
[ "$(id -u)" -eq 0 ] && user=mekenjai-ci
# Memory and WAL as README's "Department server" sets them for a large
# database (the defaults, 128 MB and 1 GB, checkpoint every few seconds
# while a million cases load); fsync off, as nothing here outlives the run.
options="-c listen_addresses='' -k $dir -c fsync=off -c max_connections=200 -c shared_buffers=1GB -c max_wal_size=8GB"

case "$cmd" in
  start)
    mkdir -p "$dir"
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && { as_owner true; chown mekenjai-ci "$dir"; }
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bindir/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    fi
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$options" start >/dev/null
    echo "host=$dir user=$user dbname=postgres"
    ;;
  stop)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  restart)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -o "$options" restart >/dev/null
    ;;
esac
