#!/bin/bash
# PostgreSQL from Debian's packages, started the way the official postgres image starts: as root it prepares
# the socket and data directories and runs itself again as postgres; on an empty PGDATA it then creates the
# cluster with POSTGRES_USER as superuser and POSTGRES_PASSWORD as its password, and the database POSTGRES_DB.
# Clients of other hosts (the compose network) log in with that password.
set -euo pipefail

if [[ "$(id -u)" == 0 ]]; then
  install -d -o postgres -g postgres /var/run/postgresql
  install -d -o postgres -g postgres -m 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
user="${POSTGRES_USER:-postgres}"
database="${POSTGRES_DB:-$user}"

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  initdb --pgdata="$PGDATA" --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  if [[ "$database" != postgres ]]; then
    printf 'CREATE DATABASE "%s" OWNER "%s"\n' "$database" "$user" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
