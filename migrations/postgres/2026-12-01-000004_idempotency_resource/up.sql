-- The created resource's id and version beside the kept answer, so that a replay sends
-- the same Location and ETag as the first answer without reading its own body.
ALTER TABLE idempotency_keys ADD COLUMN resource_id TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ADD COLUMN resource_version BIGINT;
UPDATE idempotency_keys
SET resource_id = COALESCE(response_body::jsonb ->> 'id', ''),
    resource_version = (response_body::jsonb ->> 'version')::bigint;
