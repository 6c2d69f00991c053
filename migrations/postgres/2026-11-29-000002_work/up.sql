-- The plan and its items, the managed lists (target groups, fields), working groups,
-- their rosters and the assignment matrix with its history. Dates are calendar dates
-- in Vietnam; list-valued fields live in link tables.

CREATE TABLE plans (
    id TEXT PRIMARY KEY NOT NULL,
    number TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    issuing_body TEXT NOT NULL,
    issued_on DATE NOT NULL,
    basis_json TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'in_force', 'closed')),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE plan_items (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES plans (id),
    parent_id TEXT REFERENCES plan_items (id),
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    position BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (plan_id, number)
);
CREATE INDEX plan_items_parent ON plan_items (parent_id);

CREATE TABLE catalog_entries (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('target_group', 'field')),
    code TEXT NOT NULL,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    position BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (kind, code)
);

CREATE TABLE working_groups (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    plan_id TEXT NOT NULL REFERENCES plans (id),
    standing_unit_id TEXT REFERENCES org_units (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
    id TEXT PRIMARY KEY NOT NULL,
    working_group_id TEXT NOT NULL REFERENCES working_groups (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    position TEXT NOT NULL CHECK (position IN ('head', 'deputy', 'member', 'secretary')),
    joined_on DATE NOT NULL,
    left_on DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX memberships_group ON memberships (working_group_id);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE assignments (
    id TEXT PRIMARY KEY NOT NULL,
    working_group_id TEXT NOT NULL REFERENCES working_groups (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    valid_from DATE NOT NULL,
    valid_to DATE,
    note TEXT NOT NULL,
    replaces_id TEXT REFERENCES assignments (id),
    replaced_by_id TEXT REFERENCES assignments (id),
    superseded_at TIMESTAMP,
    created_by TEXT REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX assignments_group ON assignments (working_group_id, valid_from);
CREATE INDEX assignments_user ON assignments (user_id);

-- One row per target group, field, area or area group an assignment names.
CREATE TABLE assignment_links (
    assignment_id TEXT NOT NULL REFERENCES assignments (id),
    kind TEXT NOT NULL CHECK (kind IN ('target_group', 'field', 'area', 'area_group')),
    ref_id TEXT NOT NULL,
    PRIMARY KEY (assignment_id, kind, ref_id)
);
