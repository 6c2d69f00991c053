-- Tasks, who and where they are assigned, their timeline, and the notifications they
-- raise. `priority_rank` and `title_folded` exist so lists sort and search in SQL.

CREATE TABLE tasks (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    title_folded TEXT NOT NULL,
    description TEXT NOT NULL,
    plan_item_id TEXT REFERENCES plan_items (id),
    working_group_id TEXT REFERENCES working_groups (id),
    target_group_id TEXT REFERENCES catalog_entries (id),
    due_on DATE NOT NULL,
    priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    priority_rank INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('new', 'accepted', 'in_progress', 'blocked', 'done', 'verified', 'cancelled', 'reopened')),
    percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    created_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX tasks_due ON tasks (due_on, id);
CREATE INDEX tasks_status ON tasks (status);
CREATE INDEX tasks_plan_item ON tasks (plan_item_id);
CREATE INDEX tasks_created_by ON tasks (created_by);
CREATE INDEX tasks_sync ON tasks (updated_at, id);

-- A person (`user`) or an org unit (`org_unit`) the task is assigned to.
CREATE TABLE task_assignees (
    task_id TEXT NOT NULL REFERENCES tasks (id),
    kind TEXT NOT NULL CHECK (kind IN ('user', 'org_unit')),
    ref_id TEXT NOT NULL,
    PRIMARY KEY (task_id, kind, ref_id)
);
CREATE INDEX task_assignees_ref ON task_assignees (ref_id);

-- `province_id` is copied from the area so that scope filters need no join.
CREATE TABLE task_areas (
    task_id TEXT NOT NULL REFERENCES tasks (id),
    area_id TEXT NOT NULL REFERENCES areas (id),
    province_id TEXT NOT NULL,
    PRIMARY KEY (task_id, area_id)
);
CREATE INDEX task_areas_province ON task_areas (province_id);

CREATE TABLE task_events (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks (id),
    kind TEXT NOT NULL CHECK (kind IN ('created', 'moved', 'progress', 'reassigned', 'edited')),
    at TIMESTAMP NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    from_status TEXT,
    to_status TEXT,
    percent INTEGER,
    comment TEXT NOT NULL,
    assignees_json TEXT NOT NULL
);
CREATE INDEX task_events_task ON task_events (task_id, at);

-- `dedupe_key` makes reminders (due tomorrow, overdue) appear once per task and day.
CREATE TABLE notifications (
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
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE UNIQUE INDEX notifications_dedupe ON notifications (user_id, dedupe_key);
