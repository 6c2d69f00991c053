ALTER TABLE idempotency_keys DROP COLUMN resource_version;
ALTER TABLE idempotency_keys DROP COLUMN resource_id;
