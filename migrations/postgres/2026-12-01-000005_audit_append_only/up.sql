-- The audit log is append-only (the foundation's row trigger refuses UPDATE and DELETE);
-- TRUNCATE passes row triggers by, so it is refused by a statement trigger of its own.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
