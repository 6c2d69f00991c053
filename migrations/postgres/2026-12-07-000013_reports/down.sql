DELETE FROM attachments WHERE owner_kind = 'report_submission';
ALTER TABLE attachments DROP CONSTRAINT attachments_owner_kind_check;
ALTER TABLE attachments ADD CONSTRAINT attachments_owner_kind_check
    CHECK (owner_kind IN ('team', 'team_activity', 'model_evaluation', 'team_model'));
DELETE FROM notifications WHERE report_template_id IS NOT NULL;
ALTER TABLE notifications DROP CONSTRAINT notifications_subject_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check CHECK ((task_id IS NULL) <> (model_id IS NULL));
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('assigned', 'status_changed', 'due_tomorrow', 'overdue', 'model_waiting'));
ALTER TABLE notifications DROP COLUMN report_period;
ALTER TABLE notifications DROP COLUMN report_submission_id;
ALTER TABLE notifications DROP COLUMN report_template_id;
DROP TABLE report_number_series;
DROP TABLE consolidated_revisions;
DROP TABLE consolidated_reports;
DROP TABLE report_figures;
DROP TABLE report_submission_events;
DROP TABLE report_submissions;
DROP TABLE report_template_contents;
DROP TABLE report_templates;
