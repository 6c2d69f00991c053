-- Reports (plan sections III.1, III.2, III.4, III.5): templates and their content
-- versions, submissions with their figures, the consolidated reports with every saved
-- revision, and the Commission's number series. Obligations are derived from the
-- assignment matrix, the regional offices and the units when read; they are not stored.

CREATE TABLE report_templates (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    period_type TEXT NOT NULL CHECK (period_type IN ('weekly', 'monthly', 'quarterly', 'ad_hoc')),
    due_day INTEGER NOT NULL CHECK (due_day BETWEEN 0 AND 31),
    grace_days INTEGER NOT NULL CHECK (grace_days BETWEEN 0 AND 31),
    -- Comma-separated: members, regional_offices, unit_officers.
    reporters TEXT NOT NULL,
    content_version BIGINT NOT NULL,
    archived BOOLEAN NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX report_templates_name ON report_templates (name, id);

-- Each content version as submissions written against it see it (JSON arrays).
CREATE TABLE report_template_contents (
    template_id TEXT NOT NULL REFERENCES report_templates (id),
    content_version BIGINT NOT NULL,
    indicators TEXT NOT NULL,
    questions TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (template_id, content_version)
);

CREATE TABLE report_submissions (
    id TEXT PRIMARY KEY NOT NULL,
    template_id TEXT NOT NULL REFERENCES report_templates (id),
    content_version BIGINT NOT NULL,
    -- The period's dates follow from its key and the template's period type.
    period_key TEXT NOT NULL,
    due_on DATE NOT NULL,
    late_after DATE NOT NULL,
    reporter_id TEXT NOT NULL REFERENCES users (id),
    -- `template:period:reporter` for a periodic report, so that one is written per
    -- obligation; absent for ad hoc ones.
    obligation_key TEXT UNIQUE,
    -- What the reporter covers (JSON: sources, ids, covered days), fixed when started.
    basis TEXT NOT NULL,
    urgent BOOLEAN NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    narratives TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    FOREIGN KEY (template_id, content_version) REFERENCES report_template_contents (template_id, content_version)
);
-- The list's order is the last change, newest first; one index per filter in that order.
CREATE INDEX report_submissions_recent ON report_submissions (updated_at, id);
CREATE INDEX report_submissions_status ON report_submissions (status, updated_at, id);
CREATE INDEX report_submissions_reporter ON report_submissions (reporter_id, updated_at, id);
CREATE INDEX report_submissions_template ON report_submissions (template_id, updated_at, id);
CREATE INDEX report_submissions_period ON report_submissions (template_id, period_key, updated_at, id);

-- Each move of a submission: submitted, approved, sent back or reopened, with the
-- reviewer's comment. The first submission dates the report's timeliness.
CREATE TABLE report_submission_events (
    id TEXT PRIMARY KEY NOT NULL,
    submission_id TEXT NOT NULL REFERENCES report_submissions (id),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL CHECK (to_status IN ('submitted', 'approved', 'returned')),
    comment TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX report_submission_events_submission ON report_submission_events (submission_id, at, id);

-- `item_id` is empty for a figure of the whole report.
CREATE TABLE report_figures (
    submission_id TEXT NOT NULL REFERENCES report_submissions (id),
    indicator TEXT NOT NULL,
    item_id TEXT NOT NULL,
    value BIGINT NOT NULL CHECK (value >= 0),
    PRIMARY KEY (submission_id, indicator, item_id)
);

CREATE TABLE consolidated_reports (
    id TEXT PRIMARY KEY NOT NULL,
    template_id TEXT NOT NULL REFERENCES report_templates (id),
    period_key TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'signed_off')),
    number TEXT UNIQUE,
    title TEXT NOT NULL,
    revision BIGINT NOT NULL,
    -- The latest revision's content (JSON), so a read needs one row.
    body TEXT NOT NULL,
    signed_by TEXT REFERENCES users (id),
    signed_at TIMESTAMP,
    created_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (template_id, period_key),
    CHECK ((status = 'signed_off') = (number IS NOT NULL))
);
CREATE INDEX consolidated_reports_recent ON consolidated_reports (updated_at, id);
CREATE INDEX consolidated_reports_template ON consolidated_reports (template_id, updated_at, id);

CREATE TABLE consolidated_revisions (
    report_id TEXT NOT NULL REFERENCES consolidated_reports (id),
    revision BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    note TEXT NOT NULL,
    saved_by TEXT NOT NULL REFERENCES users (id),
    saved_at TIMESTAMP NOT NULL,
    PRIMARY KEY (report_id, revision)
);

-- The last number given in a series and year (`25-BC/BDVTW`).
CREATE TABLE report_number_series (
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (series, year)
);

-- Notifications now also tell of reports: due, overdue, sent back, urgent.
ALTER TABLE notifications ADD COLUMN report_template_id TEXT REFERENCES report_templates (id);
ALTER TABLE notifications ADD COLUMN report_submission_id TEXT REFERENCES report_submissions (id);
ALTER TABLE notifications ADD COLUMN report_period TEXT;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('assigned', 'status_changed', 'due_tomorrow', 'overdue', 'model_waiting',
                    'report_due', 'report_overdue', 'report_returned', 'report_urgent'));
ALTER TABLE notifications DROP CONSTRAINT notifications_subject_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_subject_check
    CHECK (num_nonnulls(task_id, model_id, report_template_id) = 1);

-- Files attach to submissions too.
ALTER TABLE attachments DROP CONSTRAINT attachments_owner_kind_check;
ALTER TABLE attachments ADD CONSTRAINT attachments_owner_kind_check
    CHECK (owner_kind IN ('team', 'team_activity', 'model_evaluation', 'team_model', 'report_submission'));
