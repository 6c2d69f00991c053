-- The keys each task is listed under, so that every filter of the task list walks one
-- index in the order of its sort and a page costs the same at any table size. A key
-- names one thing a list filters on: `all` (every task), `area:<id>` (the task's areas
-- and their provinces), `user:<id>` and `unit:<id>` (assignees), `creator:<id>`,
-- `item:<id>` (plan item) and `group:<id>` (working group). Each row carries the task's
-- status and sort columns, copied by the store whenever the task changes.
CREATE TABLE task_list_keys (
    task_id TEXT NOT NULL REFERENCES tasks (id),
    key TEXT NOT NULL,
    status TEXT NOT NULL,
    due_on DATE NOT NULL,
    priority_rank INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (task_id, key)
);
-- One index per sort, each with the key first and the columns most filters read after
-- the sort, so that a filtered page is read from the index alone.
CREATE INDEX task_list_keys_due ON task_list_keys (key, due_on, task_id, status);
CREATE INDEX task_list_keys_priority ON task_list_keys (key, priority_rank, task_id, status, due_on);
CREATE INDEX task_list_keys_created ON task_list_keys (key, created_at, task_id, status, due_on);
CREATE INDEX task_list_keys_updated ON task_list_keys (key, updated_at, task_id, status, due_on);

INSERT INTO task_list_keys (task_id, key, status, due_on, priority_rank, created_at, updated_at)
SELECT id, 'all', status, due_on, priority_rank, created_at, updated_at FROM tasks
UNION
SELECT id, 'creator:' || created_by, status, due_on, priority_rank, created_at, updated_at FROM tasks
UNION
SELECT id, 'item:' || plan_item_id, status, due_on, priority_rank, created_at, updated_at
FROM tasks WHERE plan_item_id IS NOT NULL
UNION
SELECT id, 'group:' || working_group_id, status, due_on, priority_rank, created_at, updated_at
FROM tasks WHERE working_group_id IS NOT NULL
UNION
SELECT t.id, CASE a.kind WHEN 'user' THEN 'user:' ELSE 'unit:' END || a.ref_id,
       t.status, t.due_on, t.priority_rank, t.created_at, t.updated_at
FROM task_assignees a JOIN tasks t ON t.id = a.task_id
UNION
SELECT t.id, 'area:' || a.area_id, t.status, t.due_on, t.priority_rank, t.created_at, t.updated_at
FROM task_areas a JOIN tasks t ON t.id = a.task_id
UNION
SELECT t.id, 'area:' || a.province_id, t.status, t.due_on, t.priority_rank, t.created_at, t.updated_at
FROM task_areas a JOIN tasks t ON t.id = a.task_id;
