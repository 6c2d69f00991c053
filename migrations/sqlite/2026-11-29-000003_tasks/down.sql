DROP TABLE notifications;
DROP TABLE task_events;
DROP TABLE task_areas;
DROP TABLE task_assignees;
DROP TABLE tasks;
