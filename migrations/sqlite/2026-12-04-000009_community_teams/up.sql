-- Community COVID teams (plan section III.3): the registry, rosters, activity logs,
-- indicators and their monthly values, the materialised scorecard, and the model
-- pipeline from nomination to adoption. `name_folded` lets lists sort and search
-- without diacritics; `province_id` is copied from the area so scope needs no join.

CREATE TABLE team_kinds (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    position BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE community_teams (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    kind_id TEXT NOT NULL REFERENCES team_kinds (id),
    area_id TEXT NOT NULL REFERENCES areas (id),
    province_id TEXT NOT NULL REFERENCES areas (id),
    founded_on DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'dissolved')),
    org_unit_id TEXT REFERENCES org_units (id),
    partner_body TEXT NOT NULL,
    description TEXT NOT NULL,
    households_covered BIGINT NOT NULL CHECK (households_covered >= 0),
    created_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- One index per filter, each in the list's order (folded name, then id).
CREATE INDEX community_teams_name ON community_teams (name_folded, id);
CREATE INDEX community_teams_province ON community_teams (province_id, name_folded, id);
CREATE INDEX community_teams_area ON community_teams (area_id, name_folded, id);
CREATE INDEX community_teams_kind ON community_teams (kind_id, name_folded, id);
CREATE INDEX community_teams_status ON community_teams (status, name_folded, id);

CREATE TABLE team_members (
    id TEXT PRIMARY KEY NOT NULL,
    team_id TEXT NOT NULL REFERENCES community_teams (id),
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('leader', 'deputy', 'member')),
    affiliation TEXT NOT NULL CHECK (affiliation IN ('party_member', 'fatherland_front', 'womens_union', 'youth_union', 'veterans', 'police', 'health_worker', 'resident')),
    joined_on DATE NOT NULL,
    left_on DATE,
    -- The contact phone, encrypted (see docs/security.md), and its keyed hash.
    phone_sealed TEXT,
    phone_hash TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX team_members_team ON team_members (team_id, joined_on, id);

CREATE TABLE team_activities (
    id TEXT PRIMARY KEY NOT NULL,
    team_id TEXT NOT NULL REFERENCES community_teams (id),
    occurred_on DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('door_to_door_information', 'f0_home_care', 'quarantine_monitoring', 'vaccination_mobilisation', 'goods_delivery', 'disinfection', 'hotline')),
    households_reached BIGINT NOT NULL CHECK (households_reached >= 0),
    people_supported BIGINT NOT NULL CHECK (people_supported >= 0),
    note TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX team_activities_team ON team_activities (team_id, occurred_on, id);

CREATE TABLE team_indicators (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit TEXT NOT NULL,
    higher_is_better BOOLEAN NOT NULL,
    weight DOUBLE NOT NULL CHECK (weight >= 0),
    active BOOLEAN NOT NULL,
    position BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- `period` is the month, `YYYY-MM`.
CREATE TABLE team_indicator_values (
    team_id TEXT NOT NULL REFERENCES community_teams (id),
    period TEXT NOT NULL,
    indicator_id TEXT NOT NULL REFERENCES team_indicators (id),
    value DOUBLE NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (team_id, period, indicator_id)
);
-- Scoring a month reads all its values from this index alone; without `team_id, value`
-- it fetched each of them from the table (60,000 random reads at 10,000 teams: 0.6 s of a
-- month's 0.7 s on SQLite).
CREATE INDEX team_indicator_values_period ON team_indicator_values (period, indicator_id, team_id, value);

-- The scorecard, computed per period from the values (docs/community-teams.md) when a
-- period is read after its values changed (`scorecard_periods.stale`).
CREATE TABLE scorecard_periods (
    period TEXT PRIMARY KEY NOT NULL,
    stale BOOLEAN NOT NULL,
    computed_at TIMESTAMP
);
CREATE TABLE team_scores (
    period TEXT NOT NULL,
    team_id TEXT NOT NULL REFERENCES community_teams (id),
    province_id TEXT NOT NULL,
    score DOUBLE NOT NULL,
    rank_national BIGINT NOT NULL,
    rank_province BIGINT NOT NULL,
    PRIMARY KEY (period, team_id)
);
CREATE INDEX team_scores_national ON team_scores (period, rank_national, team_id);
CREATE INDEX team_scores_province ON team_scores (period, province_id, rank_province, team_id);
-- A page's trends read the scores of its 50 teams from this index alone.
CREATE INDEX team_scores_team ON team_scores (team_id, period, score);
CREATE TABLE team_score_group_ranks (
    period TEXT NOT NULL,
    area_group_id TEXT NOT NULL REFERENCES area_groups (id),
    team_id TEXT NOT NULL REFERENCES community_teams (id),
    rank BIGINT NOT NULL,
    PRIMARY KEY (period, area_group_id, team_id)
);
CREATE INDEX team_score_group_ranks_order ON team_score_group_ranks (period, area_group_id, rank, team_id);
-- A page's group ranks, read by team from this index alone: with `(team_id, period)` only,
-- SQLite preferred the `_order` index and walked every rank of the month (16,000 rows at
-- 10,000 teams) for each page.
CREATE INDEX team_score_group_ranks_team ON team_score_group_ranks (team_id, period, area_group_id, rank);

CREATE TABLE team_models (
    id TEXT PRIMARY KEY NOT NULL,
    team_id TEXT NOT NULL REFERENCES community_teams (id),
    province_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('nominated', 'evaluating', 'awaiting_decision', 'recommended', 'not_recommended', 'needs_evidence', 'withdrawn')),
    rationale TEXT NOT NULL,
    evidence TEXT NOT NULL,
    nominated_by TEXT NOT NULL REFERENCES users (id),
    decision_note TEXT NOT NULL,
    decided_by TEXT REFERENCES users (id),
    decided_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- A team is in the pipeline once at a time: a new nomination waits for the last to end.
CREATE UNIQUE INDEX team_models_one_live ON team_models (team_id) WHERE status NOT IN ('not_recommended', 'withdrawn');
CREATE INDEX team_models_status ON team_models (status, updated_at, id);
CREATE INDEX team_models_updated ON team_models (updated_at, id);
CREATE INDEX team_models_province ON team_models (province_id, updated_at, id);

CREATE TABLE team_model_events (
    id TEXT PRIMARY KEY NOT NULL,
    model_id TEXT NOT NULL REFERENCES team_models (id),
    at TIMESTAMP NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('nominated', 'moved', 'evaluated', 'edited', 'adopted')),
    from_status TEXT,
    to_status TEXT,
    note TEXT NOT NULL
);
CREATE INDEX team_model_events_model ON team_model_events (model_id, at, id);

-- `scores_json`: one score 1-5 and a comment per rubric criterion.
CREATE TABLE model_evaluations (
    id TEXT PRIMARY KEY NOT NULL,
    model_id TEXT NOT NULL REFERENCES team_models (id),
    evaluator_id TEXT NOT NULL REFERENCES users (id),
    scores_json TEXT NOT NULL,
    average DOUBLE NOT NULL,
    comment TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (model_id, evaluator_id)
);

CREATE TABLE model_adoptions (
    id TEXT PRIMARY KEY NOT NULL,
    model_id TEXT NOT NULL REFERENCES team_models (id),
    team_id TEXT NOT NULL REFERENCES community_teams (id),
    province_id TEXT NOT NULL,
    adopted_on DATE NOT NULL,
    adaptations TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (model_id, team_id)
);
CREATE INDEX model_adoptions_team ON model_adoptions (team_id);

-- Notifications now also tell of models waiting for someone; SQLite changes a column's
-- constraints only by rebuilding the table (nothing references it).
CREATE TABLE notifications_new (
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
INSERT INTO notifications_new (id, user_id, kind, task_id, actor_id, status, due_on, dedupe_key, created_at, read_at)
    SELECT id, user_id, kind, task_id, actor_id, status, due_on, dedupe_key, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE UNIQUE INDEX notifications_dedupe ON notifications (user_id, dedupe_key);
