CREATE TABLE notifications_old (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('assigned', 'status_changed', 'due_tomorrow', 'overdue')),
    task_id TEXT NOT NULL REFERENCES tasks (id),
    actor_id TEXT REFERENCES users (id),
    status TEXT,
    due_on DATE,
    dedupe_key TEXT,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
INSERT INTO notifications_old (id, user_id, kind, task_id, actor_id, status, due_on, dedupe_key, created_at, read_at)
    SELECT id, user_id, kind, task_id, actor_id, status, due_on, dedupe_key, created_at, read_at FROM notifications
    WHERE task_id IS NOT NULL;
DROP TABLE notifications;
ALTER TABLE notifications_old RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE UNIQUE INDEX notifications_dedupe ON notifications (user_id, dedupe_key);
DROP TABLE model_adoptions;
DROP TABLE model_evaluations;
DROP TABLE team_model_events;
DROP TABLE team_models;
DROP TABLE team_score_group_ranks;
DROP TABLE team_scores;
DROP TABLE scorecard_periods;
DROP TABLE team_indicator_values;
DROP TABLE team_indicators;
DROP TABLE team_activities;
DROP TABLE team_members;
DROP TABLE community_teams;
DROP TABLE team_kinds;
