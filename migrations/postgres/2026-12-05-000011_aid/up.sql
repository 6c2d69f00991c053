-- Aid, part one (plan section II.3): donors, campaigns, pledges, donations with receipts,
-- items and locations, and two append-only ledgers (stock per location × item, cash per
-- campaign). Quantities are exact thousandths of the item's unit (`*_milli`), money is
-- whole đồng; neither is ever a float. The `*_totals` and `*_balances` tables are kept
-- in the same transaction as the ledger rows they sum, so reports read a few rows and a
-- balance is checked against zero inside the write.

CREATE TABLE aid_items (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit TEXT NOT NULL CHECK (unit IN ('kg', 'bag', 'box', 'bottle', 'piece', 'package')),
    category TEXT NOT NULL CHECK (category IN ('food', 'medical', 'hygiene', 'cash_equivalent')),
    active BOOLEAN NOT NULL,
    position BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE aid_locations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('warehouse', 'collection_point')),
    org_unit_id TEXT NOT NULL REFERENCES org_units (id),
    area_id TEXT NOT NULL REFERENCES areas (id),
    province_id TEXT NOT NULL REFERENCES areas (id),
    address TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX aid_locations_name ON aid_locations (name_folded, id);
CREATE INDEX aid_locations_province ON aid_locations (province_id, name_folded, id);

CREATE TABLE donors (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('business', 'organisation', 'individual', 'overseas_vietnamese', 'anonymous')),
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    -- Normal form (`0101234567` or `0101234567-001`): one donor per tax code.
    tax_code TEXT UNIQUE,
    contact_person TEXT NOT NULL,
    -- Phone and e-mail, encrypted (see docs/security.md); the phone's keyed hash finds
    -- the same person entered twice.
    phone_sealed TEXT,
    phone_hash TEXT,
    email_sealed TEXT,
    public_consent BOOLEAN NOT NULL,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX donors_name ON donors (name_folded, id);
CREATE INDEX donors_kind ON donors (kind, name_folded, id);
CREATE INDEX donors_phone ON donors (phone_hash);

CREATE TABLE campaigns (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    purpose TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE,
    plan_item_id TEXT REFERENCES plan_items (id),
    status TEXT NOT NULL CHECK (status IN ('planned', 'open', 'closed')),
    org_unit_id TEXT NOT NULL REFERENCES org_units (id),
    -- Comma-separated `BeneficiaryCategory` values.
    beneficiary_categories TEXT NOT NULL,
    target_cash BIGINT NOT NULL CHECK (target_cash >= 0),
    created_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX campaigns_starts ON campaigns (starts_on, id);
CREATE INDEX campaigns_status ON campaigns (status, starts_on, id);
CREATE INDEX campaigns_org_unit ON campaigns (org_unit_id, starts_on, id);

CREATE TABLE campaign_areas (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    area_id TEXT NOT NULL REFERENCES areas (id),
    PRIMARY KEY (campaign_id, area_id)
);

CREATE TABLE campaign_targets (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    item_id TEXT NOT NULL REFERENCES aid_items (id),
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    PRIMARY KEY (campaign_id, item_id)
);

-- One row per campaign: its cash and counts. The cash balance (received - disbursed)
-- never goes below zero.
CREATE TABLE campaign_totals (
    campaign_id TEXT PRIMARY KEY NOT NULL REFERENCES campaigns (id),
    pledged_cash BIGINT NOT NULL,
    received_cash BIGINT NOT NULL,
    disbursed_cash BIGINT NOT NULL,
    received_goods_value BIGINT NOT NULL,
    donations BIGINT NOT NULL,
    CHECK (received_cash - disbursed_cash >= 0)
);

CREATE TABLE campaign_item_totals (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    item_id TEXT NOT NULL REFERENCES aid_items (id),
    pledged_milli BIGINT NOT NULL,
    received_milli BIGINT NOT NULL,
    received_value BIGINT NOT NULL,
    distributed_milli BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, item_id)
);

-- `donor_key` is the donor's id, or '' for anonymous gifts together.
CREATE TABLE campaign_donor_totals (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    donor_key TEXT NOT NULL,
    donations BIGINT NOT NULL,
    cash BIGINT NOT NULL,
    goods_value BIGINT NOT NULL,
    total_value BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, donor_key)
);
CREATE INDEX campaign_donor_totals_largest ON campaign_donor_totals (campaign_id, total_value);
CREATE INDEX campaign_donor_totals_donor ON campaign_donor_totals (donor_key, campaign_id);

CREATE TABLE campaign_location_totals (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    location_id TEXT NOT NULL REFERENCES aid_locations (id),
    item_id TEXT NOT NULL REFERENCES aid_items (id),
    quantity_milli BIGINT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, location_id, item_id)
);

-- `month` is `YYYY-MM` of the day received.
CREATE TABLE campaign_month_totals (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    month TEXT NOT NULL,
    donations BIGINT NOT NULL,
    cash BIGINT NOT NULL,
    goods_value BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, month)
);

CREATE TABLE pledges (
    id TEXT PRIMARY KEY NOT NULL,
    donor_id TEXT NOT NULL REFERENCES donors (id),
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    cash_amount BIGINT NOT NULL CHECK (cash_amount >= 0),
    cash_received BIGINT NOT NULL,
    due_on DATE,
    cancelled BOOLEAN NOT NULL,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX pledges_campaign ON pledges (campaign_id, created_at, id);
CREATE INDEX pledges_donor ON pledges (donor_id, created_at, id);

CREATE TABLE pledge_lines (
    pledge_id TEXT NOT NULL REFERENCES pledges (id),
    item_id TEXT NOT NULL REFERENCES aid_items (id),
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    received_milli BIGINT NOT NULL,
    PRIMARY KEY (pledge_id, item_id)
);

-- The last receipt number given in each year. Taking the next one updates this row in
-- the donation's transaction, so numbers are gapless and unique under concurrency.
CREATE TABLE receipt_sequences (
    year BIGINT PRIMARY KEY NOT NULL,
    last_number BIGINT NOT NULL
);

CREATE TABLE donations (
    id TEXT PRIMARY KEY NOT NULL,
    receipt_year BIGINT NOT NULL,
    receipt_sequence BIGINT NOT NULL,
    receipt_number TEXT NOT NULL UNIQUE,
    donor_id TEXT REFERENCES donors (id),
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    pledge_id TEXT REFERENCES pledges (id),
    received_on DATE NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('cash', 'bank_transfer', 'in_kind')),
    bank_reference TEXT,
    cash_amount BIGINT NOT NULL CHECK (cash_amount >= 0),
    goods_value BIGINT NOT NULL CHECK (goods_value >= 0),
    location_id TEXT REFERENCES aid_locations (id),
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (receipt_year, receipt_sequence)
);
-- One index per filter, each in the list's order (newest day first).
CREATE INDEX donations_received ON donations (received_on, id);
CREATE INDEX donations_campaign ON donations (campaign_id, received_on, id);
CREATE INDEX donations_donor ON donations (donor_id, received_on, id);
CREATE INDEX donations_location ON donations (location_id, received_on, id);
CREATE INDEX donations_channel ON donations (channel, received_on, id);

CREATE TABLE donation_lines (
    donation_id TEXT NOT NULL REFERENCES donations (id),
    item_id TEXT NOT NULL REFERENCES aid_items (id),
    position BIGINT NOT NULL,
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    estimated_value BIGINT NOT NULL CHECK (estimated_value >= 0),
    PRIMARY KEY (donation_id, item_id)
);

CREATE TABLE stock_transfers (
    id TEXT PRIMARY KEY NOT NULL,
    from_location_id TEXT NOT NULL REFERENCES aid_locations (id),
    to_location_id TEXT NOT NULL REFERENCES aid_locations (id),
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    posted_at TIMESTAMP NOT NULL
);
CREATE INDEX stock_transfers_posted ON stock_transfers (posted_at, id);
CREATE INDEX stock_transfers_from ON stock_transfers (from_location_id, posted_at, id);
CREATE INDEX stock_transfers_to ON stock_transfers (to_location_id, posted_at, id);

CREATE TABLE stock_transfer_lines (
    transfer_id TEXT NOT NULL REFERENCES stock_transfers (id),
    item_id TEXT NOT NULL REFERENCES aid_items (id),
    position BIGINT NOT NULL,
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
    PRIMARY KEY (transfer_id, item_id)
);

CREATE TABLE stock_adjustments (
    id TEXT PRIMARY KEY NOT NULL,
    location_id TEXT NOT NULL REFERENCES aid_locations (id),
    item_id TEXT NOT NULL REFERENCES aid_items (id),
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli <> 0),
    reason TEXT NOT NULL CHECK (reason IN ('loss', 'damage', 'expiry', 'count_correction')),
    note TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    requested_by TEXT NOT NULL REFERENCES users (id),
    requested_at TIMESTAMP NOT NULL,
    decided_by TEXT REFERENCES users (id),
    decided_at TIMESTAMP,
    decision_note TEXT NOT NULL,
    movement_id TEXT,
    version BIGINT NOT NULL,
    -- Approved by someone other than who asked.
    CHECK (decided_by IS NULL OR decided_by <> requested_by)
);
CREATE INDEX stock_adjustments_requested ON stock_adjustments (requested_at, id);
CREATE INDEX stock_adjustments_status ON stock_adjustments (status, requested_at, id);
CREATE INDEX stock_adjustments_location ON stock_adjustments (location_id, requested_at, id);

-- What a location holds of an item: the sum of its movements, kept in the movement's
-- transaction and never below zero.
CREATE TABLE stock_balances (
    location_id TEXT NOT NULL REFERENCES aid_locations (id),
    item_id TEXT NOT NULL REFERENCES aid_items (id),
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli >= 0),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (location_id, item_id)
);
CREATE INDEX stock_balances_item ON stock_balances (item_id, location_id);

CREATE TABLE stock_movements (
    id TEXT PRIMARY KEY NOT NULL,
    location_id TEXT NOT NULL REFERENCES aid_locations (id),
    item_id TEXT NOT NULL REFERENCES aid_items (id),
    kind TEXT NOT NULL CHECK (kind IN ('received', 'transfer_out', 'transfer_in', 'distributed', 'adjustment')),
    quantity_milli BIGINT NOT NULL CHECK (quantity_milli <> 0),
    balance_after_milli BIGINT NOT NULL CHECK (balance_after_milli >= 0),
    donation_id TEXT REFERENCES donations (id),
    transfer_id TEXT REFERENCES stock_transfers (id),
    adjustment_id TEXT REFERENCES stock_adjustments (id),
    -- The movement this one undoes; each is undone at most once.
    reverses TEXT UNIQUE REFERENCES stock_movements (id),
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    posted_at TIMESTAMP NOT NULL
);
CREATE INDEX stock_movements_location ON stock_movements (location_id, posted_at, id);
CREATE INDEX stock_movements_location_item ON stock_movements (location_id, item_id, posted_at, id);
CREATE INDEX stock_movements_donation ON stock_movements (donation_id);
CREATE INDEX stock_movements_transfer ON stock_movements (transfer_id);

-- Who undid a posted donation, transfer or disbursement, and why: a row of its own, so
-- the posted row is never edited; the key lets each be undone once.
CREATE TABLE aid_reversals (
    record_kind TEXT NOT NULL CHECK (record_kind IN ('donation', 'stock_transfer', 'cash_entry')),
    record_id TEXT NOT NULL,
    reversed_by TEXT NOT NULL REFERENCES users (id),
    reversed_at TIMESTAMP NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (record_kind, record_id)
);

CREATE TABLE cash_entries (
    id TEXT PRIMARY KEY NOT NULL,
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    kind TEXT NOT NULL CHECK (kind IN ('received', 'disbursed')),
    amount BIGINT NOT NULL CHECK (amount <> 0),
    balance_after BIGINT NOT NULL CHECK (balance_after >= 0),
    donation_id TEXT REFERENCES donations (id),
    reverses TEXT UNIQUE REFERENCES cash_entries (id),
    reference TEXT NOT NULL,
    note TEXT NOT NULL,
    occurred_on DATE NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    posted_at TIMESTAMP NOT NULL
);
CREATE INDEX cash_entries_campaign ON cash_entries (campaign_id, posted_at, id);
CREATE INDEX cash_entries_donation ON cash_entries (donation_id);
