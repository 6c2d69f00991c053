-- The foundation: org units, areas, area groups, users, sessions, idempotency, audit.
-- Ids are UUIDs as text, times UTC timestamps, enums text with a CHECK.

CREATE TABLE org_units (
    id TEXT PRIMARY KEY NOT NULL,
    parent_id TEXT REFERENCES org_units (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('commission', 'department', 'office', 'association', 'standing_office', 'other')),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX org_units_live_code ON org_units (code) WHERE deleted_at IS NULL;
CREATE INDEX org_units_parent ON org_units (parent_id);
CREATE INDEX org_units_sync ON org_units (updated_at, id);

CREATE TABLE areas (
    id TEXT PRIMARY KEY NOT NULL,
    layout TEXT NOT NULL CHECK (layout IN ('2021', '2025')),
    level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    kind TEXT,
    parent_id TEXT REFERENCES areas (id),
    province_id TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    region TEXT CHECK (region IN ('north', 'central', 'highlands', 'south')),
    child_count BIGINT NOT NULL,
    UNIQUE (layout, code)
);
CREATE INDEX areas_parent ON areas (parent_id, code);
CREATE INDEX areas_layout_level ON areas (layout, level, code);

CREATE TABLE area_groups (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('region', 'coverage', 'custom')),
    layout TEXT NOT NULL CHECK (layout IN ('2021', '2025')),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX area_groups_live_code ON area_groups (code) WHERE deleted_at IS NULL;
CREATE INDEX area_groups_sync ON area_groups (updated_at, id);

CREATE TABLE area_group_members (
    area_group_id TEXT NOT NULL REFERENCES area_groups (id),
    area_id TEXT NOT NULL REFERENCES areas (id),
    PRIMARY KEY (area_group_id, area_id)
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    display_name_folded TEXT NOT NULL,
    email TEXT,
    role TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'group_head', 'standing_unit', 'member', 'office', 'regional_office', 'unit_officer', 'viewer')),
    org_unit_id TEXT REFERENCES org_units (id),
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    session_epoch BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX users_org_unit ON users (org_unit_id);
CREATE INDEX users_sync ON users (updated_at, id);

CREATE TABLE user_scope_areas (
    user_id TEXT NOT NULL REFERENCES users (id),
    area_id TEXT NOT NULL REFERENCES areas (id),
    PRIMARY KEY (user_id, area_id)
);

CREATE TABLE user_scope_area_groups (
    user_id TEXT NOT NULL REFERENCES users (id),
    area_group_id TEXT NOT NULL REFERENCES area_groups (id),
    PRIMARY KEY (user_id, area_group_id)
);

CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    issued_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE idempotency_keys (
    actor_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    operation TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response_status INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (actor_id, idempotency_key)
);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id TEXT,
    actor_username TEXT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    before_json TEXT,
    after_json TEXT,
    request_id TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
