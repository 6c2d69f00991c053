DELETE FROM attachments WHERE owner_kind = 'report_submission';
CREATE TABLE attachments_old (
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
INSERT INTO attachments_old SELECT * FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_old RENAME TO attachments;
CREATE INDEX attachments_owner ON attachments (owner_kind, owner_id, created_at, id);
CREATE INDEX attachments_sha256 ON attachments (sha256);
CREATE INDEX attachments_thumbnail ON attachments (thumbnail_sha256);
DELETE FROM notifications WHERE report_template_id IS NOT NULL;
CREATE TABLE notifications_old (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('assigned', 'status_changed', 'due_tomorrow', 'overdue', 'model_waiting')),
    task_id TEXT REFERENCES tasks (id),
    model_id TEXT REFERENCES team_models (id),
    actor_id TEXT REFERENCES users (id),
    status TEXT,
    due_on DATE,
    dedupe_key TEXT,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    CHECK ((task_id IS NULL) <> (model_id IS NULL))
);
INSERT INTO notifications_old (id, user_id, kind, task_id, model_id, actor_id, status, due_on, dedupe_key, created_at, read_at)
    SELECT id, user_id, kind, task_id, model_id, actor_id, status, due_on, dedupe_key, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_old RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE UNIQUE INDEX notifications_dedupe ON notifications (user_id, dedupe_key);
DROP TABLE report_number_series;
DROP TABLE consolidated_revisions;
DROP TABLE consolidated_reports;
DROP TABLE report_figures;
DROP TABLE report_submission_events;
DROP TABLE report_submissions;
DROP TABLE report_template_contents;
DROP TABLE report_templates;
