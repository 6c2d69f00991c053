-- SQLite has no TRUNCATE: the foundation's UPDATE and DELETE triggers already keep the
-- audit log append-only. This migration exists so that both trees have the same names.
SELECT 1;
