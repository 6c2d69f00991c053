#!/bin/sh
# Run once by the postgres image when it creates the database (/docker-entrypoint-initdb.d):
# the login role the server connects as, with the password in DANVAN_APP_DB_PASSWORD. Its
# privileges are granted by app-role.sql once the migrations have made the tables.
set -eu
psql -v ON_ERROR_STOP=1 -v password="$DANVAN_APP_DB_PASSWORD" \
    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE danvan_app LOGIN PASSWORD :'password';
SQL
