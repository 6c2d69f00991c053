-- The privileges of danvan_app, the role the server connects as: it reads and writes rows,
-- never changes the schema, and may only add to the audit log (no UPDATE, DELETE or TRUNCATE
-- of audit_log, whatever its triggers say).
--
-- Run as the owner of the tables, the role that runs `danvan migrate`, after every
-- `danvan migrate`: the REVOKEs must follow the tables they name. Running it again changes
-- nothing. The role itself is made beforehand (create-app-role.sh, with its password).

GRANT USAGE ON SCHEMA public TO danvan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO danvan_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO danvan_app;

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM danvan_app;
-- The server only checks that every migration is applied.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON __diesel_schema_migrations FROM danvan_app;

-- Tables and sequences that later migrations of the owner create.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO danvan_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO danvan_app;
