-- Files attached to records. The bytes live in `blobs`, one row per distinct content
-- keyed by its SHA-256, so one backup of the database holds every file, servers keep no
-- state of their own, and the same file uploaded twice is stored once. `attachments`
-- holds what each upload was: whose record it belongs to, its name and its sniffed type.

CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
    size BIGINT NOT NULL CHECK (size >= 0),
    bytes BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('team', 'team_activity', 'model_evaluation', 'team_model')),
    owner_id TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN (
        'image/jpeg', 'image/png', 'image/webp', 'application/pdf',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    )),
    size BIGINT NOT NULL CHECK (size >= 0),
    sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    thumbnail_sha256 TEXT REFERENCES blobs (sha256),
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
-- An owner's files in the order they are listed.
CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id, created_at, id);
-- Whether a blob is still used, when an attachment is deleted.
CREATE INDEX attachments_sha256 ON attachments (sha256);
CREATE INDEX attachments_thumbnail ON attachments (thumbnail_sha256);
