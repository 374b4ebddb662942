#!/usr/bin/env bash
# Prepare the local PostgreSQL server for the database-probe integration tests (run as root; idempotent;
# CI runs it too). The PostgreSQL on this machine trusts every local connection, so a wrong password
# would still get in: golive_app is given its own scram-sha-256 lines at the top of pg_hba.conf.
#   PostgreSQL: role golive_app (password golive-app-password), database golive_tenant owned by it.
set -euo pipefail

PG_HOST=127.0.0.1
APP_ROLE=golive_app
APP_PASSWORD=golive-app-password
APP_DB=golive_tenant

psql_admin() { psql -v ON_ERROR_STOP=1 -U postgres -h "$PG_HOST" -d test -Atc "$1"; }

if ! pg_isready -h "$PG_HOST" -p 5432 -q; then
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  echo "Starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -h "$PG_HOST" -p 5432 -q && break; sleep 1; done
fi

if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$APP_ROLE'")" != "1" ]; then
  psql_admin "CREATE ROLE $APP_ROLE LOGIN PASSWORD '$APP_PASSWORD'"
else
  # Keep the password what the tests expect even if someone changed it.
  psql_admin "ALTER ROLE $APP_ROLE LOGIN PASSWORD '$APP_PASSWORD'"
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$APP_DB'")" != "1" ]; then
  psql_admin "CREATE DATABASE $APP_DB OWNER $APP_ROLE"
fi

hba_file=$(psql_admin 'show hba_file')
changed=0
# Insert in reverse so the IPv4 line ends up first; each only when missing.
for line in "host all $APP_ROLE ::1/128 scram-sha-256" "host all $APP_ROLE 127.0.0.1/32 scram-sha-256"; do
  if ! grep -qxF "$line" "$hba_file"; then
    sed -i "1i $line" "$hba_file"
    changed=1
  fi
done
# The lines must come before the trust lines; if someone appended them later, they would not apply.
first_rule=$(grep -vE '^\s*(#|$)' "$hba_file" | head -n1)
if [ "$first_rule" != "host all $APP_ROLE 127.0.0.1/32 scram-sha-256" ] && [ "$first_rule" != "host all $APP_ROLE ::1/128 scram-sha-256" ]; then
  echo "pg_hba.conf: the $APP_ROLE lines are not at the top of $hba_file; move them above the trust lines" >&2
  exit 1
fi
if [ "$changed" = 1 ]; then
  psql_admin 'SELECT pg_reload_conf()' >/dev/null
  echo "pg_hba.conf: added scram-sha-256 lines for $APP_ROLE and reloaded"
fi
echo "PostgreSQL ready: $APP_ROLE / $APP_DB on $PG_HOST:5432"
