-- Aid, part two (plan section II.3): the people aid is for, the rounds that hand it to
-- them, and the sums the public pages read. Citizen IDs, phones, birth dates, disability
-- and health are kept sealed (AES-256-GCM, `*_sealed`) with a keyed hash beside the ones
-- looked up exactly (`*_hash`); see docs/security.md. Nothing here is a float.

-- The plan's categories of people to support, as a list office staff manage.
CREATE TABLE support_categories (
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

CREATE TABLE households (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    area_id TEXT NOT NULL REFERENCES areas (id),
    province_id TEXT NOT NULL REFERENCES areas (id),
    address TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX households_name ON households (name_folded, id);
CREATE INDEX households_area ON households (area_id, name_folded, id);
CREATE INDEX households_province ON households (province_id, name_folded, id);

-- A person, alone or a member of a household (one head per household). A merged record
-- stays, pointing to the one it was merged into, so its history keeps its meaning.
CREATE TABLE beneficiaries (
    id TEXT PRIMARY KEY NOT NULL,
    household_id TEXT REFERENCES households (id),
    is_head BOOLEAN NOT NULL,
    full_name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    area_id TEXT NOT NULL REFERENCES areas (id),
    province_id TEXT NOT NULL REFERENCES areas (id),
    address TEXT NOT NULL,
    -- Comma-separated hardships: lost_job, lost_income, illness, isolation.
    hardships TEXT NOT NULL,
    consent TEXT NOT NULL CHECK (consent IN ('given', 'withdrawn')),
    merged_into TEXT REFERENCES beneficiaries (id),
    created_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (household_id IS NOT NULL OR NOT is_head)
);
CREATE UNIQUE INDEX beneficiaries_one_head ON beneficiaries (household_id) WHERE is_head;
CREATE INDEX beneficiaries_name ON beneficiaries (name_folded, id);
CREATE INDEX beneficiaries_area ON beneficiaries (area_id, name_folded, id);
CREATE INDEX beneficiaries_province ON beneficiaries (province_id, name_folded, id);
CREATE INDEX beneficiaries_household ON beneficiaries (household_id, name_folded, id);

-- The sealed personal data of a person, one row each. The citizen ID's hash is unique:
-- one record per person.
CREATE TABLE beneficiary_personal (
    beneficiary_id TEXT PRIMARY KEY NOT NULL REFERENCES beneficiaries (id),
    citizen_id_sealed TEXT,
    citizen_id_hash TEXT UNIQUE,
    phone_sealed TEXT,
    phone_hash TEXT,
    birth_date_sealed TEXT,
    disability_sealed TEXT,
    health_sealed TEXT
);
CREATE INDEX beneficiary_personal_phone ON beneficiary_personal (phone_hash);

-- A person's categories, with the name so that a list by category walks one index.
CREATE TABLE beneficiary_category_links (
    category_id TEXT NOT NULL REFERENCES support_categories (id),
    beneficiary_id TEXT NOT NULL REFERENCES beneficiaries (id),
    name_folded TEXT NOT NULL,
    PRIMARY KEY (category_id, beneficiary_id)
);
CREATE INDEX beneficiary_category_links_list ON beneficiary_category_links (category_id, name_folded, beneficiary_id);
CREATE INDEX beneficiary_category_links_person ON beneficiary_category_links (beneficiary_id);

-- Consent given or withdrawn: when, by whom, recorded by whom, for what purpose.
CREATE TABLE beneficiary_consents (
    id TEXT PRIMARY KEY NOT NULL,
    beneficiary_id TEXT NOT NULL REFERENCES beneficiaries (id),
    kind TEXT NOT NULL CHECK (kind IN ('given', 'withdrawn')),
    given_by TEXT NOT NULL,
    purpose TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX beneficiary_consents_person ON beneficiary_consents (beneficiary_id, recorded_at, id);

-- Who merged which record into which, and why.
CREATE TABLE beneficiary_merges (
    merged_id TEXT PRIMARY KEY NOT NULL REFERENCES beneficiaries (id),
    survivor_id TEXT NOT NULL REFERENCES beneficiaries (id),
    reason TEXT NOT NULL,
    merged_by TEXT NOT NULL REFERENCES users (id),
    merged_at TIMESTAMP NOT NULL
);
CREATE INDEX beneficiary_merges_survivor ON beneficiary_merges (survivor_id);

-- A distribution round: what each beneficiary of an area gets from a campaign.
CREATE TABLE distribution_rounds (
    id TEXT PRIMARY KEY NOT NULL,
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    name TEXT NOT NULL,
    area_id TEXT NOT NULL REFERENCES areas (id),
    province_id TEXT NOT NULL REFERENCES areas (id),
    -- Where the goods come from; none for a round of cash only.
    location_id TEXT REFERENCES aid_locations (id),
    cash_each BIGINT NOT NULL CHECK (cash_each >= 0),
    -- Comma-separated category codes; a beneficiary needs one of them.
    categories TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'delivering', 'completed', 'cancelled')),
    created_by TEXT NOT NULL REFERENCES users (id),
    approved_by TEXT REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX distribution_rounds_created ON distribution_rounds (created_at, id);
CREATE INDEX distribution_rounds_campaign ON distribution_rounds (campaign_id, created_at, id);
CREATE INDEX distribution_rounds_status ON distribution_rounds (status, created_at, id);
CREATE INDEX distribution_rounds_province ON distribution_rounds (province_id, created_at, id);

CREATE TABLE distribution_round_items (
    round_id TEXT NOT NULL REFERENCES distribution_rounds (id),
    item_id TEXT NOT NULL REFERENCES aid_items (id),
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    PRIMARY KEY (round_id, item_id)
);

-- One beneficiary of a round. A person gets a campaign's entitlement once: at most one
-- planned or delivered line per campaign and person.
CREATE TABLE distribution_lines (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES distribution_rounds (id),
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    beneficiary_id TEXT NOT NULL REFERENCES beneficiaries (id),
    -- The category the person is counted under in public figures.
    category_id TEXT NOT NULL REFERENCES support_categories (id),
    name_folded TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'delivered', 'not_delivered', 'cancelled')),
    reason TEXT CHECK (reason IN ('absent', 'moved', 'refused', 'deceased')),
    delivered_by TEXT REFERENCES users (id),
    delivered_at TIMESTAMP,
    -- How the recipient confirmed: the name of who signed, or a note of the thumbprint.
    confirmation TEXT NOT NULL,
    note TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((status = 'not_delivered') = (reason IS NOT NULL))
);
CREATE UNIQUE INDEX distribution_lines_once ON distribution_lines (campaign_id, beneficiary_id)
    WHERE status IN ('planned', 'delivered');
CREATE INDEX distribution_lines_round ON distribution_lines (round_id, name_folded, id);
CREATE INDEX distribution_lines_round_status ON distribution_lines (round_id, status, name_folded, id);
CREATE INDEX distribution_lines_beneficiary ON distribution_lines (beneficiary_id, updated_at);

-- A delivery's goods leave the round's location through the stock ledger, its cash
-- through the campaign's cash ledger; each movement names the line it hands over.
ALTER TABLE stock_movements ADD COLUMN distribution_line_id TEXT REFERENCES distribution_lines (id);
ALTER TABLE cash_entries ADD COLUMN distribution_line_id TEXT REFERENCES distribution_lines (id);
CREATE INDEX stock_movements_distribution ON stock_movements (distribution_line_id);
CREATE INDEX cash_entries_distribution ON cash_entries (distribution_line_id);

-- What was delivered per campaign, commune and category, kept with each delivery: the
-- public figures read these rows, never a person.
CREATE TABLE distribution_totals (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    area_id TEXT NOT NULL REFERENCES areas (id),
    category_id TEXT NOT NULL REFERENCES support_categories (id),
    province_id TEXT NOT NULL REFERENCES areas (id),
    beneficiaries BIGINT NOT NULL,
    cash BIGINT NOT NULL,
    goods_value BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, area_id, category_id)
);

CREATE TABLE distribution_item_totals (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    province_id TEXT NOT NULL REFERENCES areas (id),
    category_id TEXT NOT NULL REFERENCES support_categories (id),
    item_id TEXT NOT NULL REFERENCES aid_items (id),
    quantity_milli BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, province_id, category_id, item_id)
);
