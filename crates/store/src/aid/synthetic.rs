//! The bulk path for aid: a long stock ledger and the donations behind it, for the
//! benchmark (`danvan seed-synthetic --aid-ledger N`, `cargo xtask bench`; see
//! docs/performance.md). Five campaigns (four closed, one open and the largest), 2,000
//! donors, 50 locations, then donations and transfers in the order they happened from
//! July 2021 to now until about N stock movements are posted: most of them `received`
//! (donations in kind, one to three lines each), a few transfers between locations (a
//! movement out and one in per line), besides cash donations, which post to the cash
//! ledger only. Each gets the rows `create_donation` and `create_transfer` would write,
//! inserted many rows to a statement.
//!
//! Every invariant holds at the end of the load: each movement carries the balance it
//! left and no balance goes below zero (a transfer moves part of what the location holds),
//! `stock_balances` is the sum of the movements, each cash entry carries its campaign's
//! balance, the `campaign_*totals` are the sums of the donations, and receipt numbers
//! continue each year's sequence without a gap, `receipt_sequences` set to the last. The
//! rows are built in memory as the ledger runs, a transaction of them at a time; the sums,
//! balances and sequences are written by the last transaction, so a load that fails
//! midway leaves donations without their sums: load into throwaway databases.
//!
//! Left out: donors' phones and e-mails (sealing them needs the keyring, and the benchmark
//! reads none), pledges, reversals, payments and adjustments, and an audit row per
//! donation (one `import` row says what was loaded, as the other loaders' do).
//!
//! The records refer to what is there: the items in use (loaded on first start), the
//! communes and wards of the 2025 layout, the live org units and an account that may
//! record donations (`danvan seed-demo` provides the Office's).

use super::rows::{
    CampaignRow, CampaignTargetRow, CampaignTotalsRow, DonationLineRow, DonorRow, LocationRow, TransferLineRow,
    TransferRow,
};
use crate::load_indexes::{build_indexes, drop_indexes, quoted};
use crate::tasks::{Progress, Rng};
use crate::{
    audit,
    schema::{
        aid_items, aid_locations, areas, campaign_donor_totals, campaign_item_totals, campaign_location_totals,
        campaign_month_totals, campaign_targets, campaign_totals, campaigns, cash_entries, donation_lines, donations,
        donors, org_units, receipt_sequences, stock_balances, stock_movements, stock_transfer_lines, stock_transfers,
        users,
    },
    Actor, DbConnection, StoreError,
};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use danvan_domain::{
    aid::{receipt_number, CampaignStatus, CashEntryKind, DonationChannel, DonorKind, LocationKind, MovementKind},
    audit::{AuditAction, AuditEntity},
    permission::{allows, Action},
    role::Role,
    text::fold,
};
use diesel::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// What [`load_synthetic`] loads.
#[derive(Debug, Clone)]
pub struct SyntheticAid {
    /// About how many stock movements (a few more, so the last donation keeps its lines).
    pub movements: usize,
    /// The same seed, `now` and reference data give the same rows, ids included.
    pub seed: u64,
    /// The moment the ledger is loaded "as of": it runs from July 2021 to shortly before it.
    pub now: NaiveDateTime,
}

/// What a load wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyntheticAidLoaded {
    pub campaigns: usize,
    pub donors: usize,
    pub locations: usize,
    pub donations: usize,
    pub donation_lines: usize,
    pub cash_entries: usize,
    pub transfers: usize,
    pub movements: usize,
}

/// The open synthetic campaign, which gets the most donations: the benchmark records
/// donations to it and reads its report.
pub const SYNTHETIC_OPEN_CAMPAIGN: &str = "Chung tay vì cộng đồng (dữ liệu tổng hợp)";

/// (name, year of its donations; `None` for the open one, which takes donations all along)
const CAMPAIGNS: [(&str, Option<i32>); 5] = [
    ("Tiếp sức tuyến đầu chống dịch 2021 (dữ liệu tổng hợp)", Some(2021)),
    ("Hỗ trợ đồng bào miền Trung khắc phục bão lũ 2022 (dữ liệu tổng hợp)", Some(2022)),
    ("Tết vì người nghèo 2023 (dữ liệu tổng hợp)", Some(2023)),
    ("Ủng hộ đồng bào vùng lũ phía Bắc 2024 (dữ liệu tổng hợp)", Some(2024)),
    (SYNTHETIC_OPEN_CAMPAIGN, None),
];
const OPEN: usize = 4;

const DONORS: usize = 2_000;
const LOCATIONS: usize = 50;

/// Events (donations and transfers) whose rows are built and committed at a time: about
/// 60,000 rows, which bounds the memory the rows take and what a failure loses.
const EVENTS_PER_TRANSACTION: usize = 10_000;

/// The day the ledger starts.
const FIRST_DAY: (i32, u32, u32) = (2021, 7, 1);

/// Stock movements an event posts on average: 4% transfers of 1.5 lines (two movements
/// each), else 70% in kind of two lines; to spread the events over the time.
const MOVEMENTS_PER_EVENT: f64 = 0.04 * 3.0 + 0.96 * 0.7 * 2.0;

/// (item code, estimated value of a unit in đồng, smallest and largest quantity of a gift)
const GOODS: [(&str, i64, i64, i64); 8] = [
    ("rice", 15_000, 10, 2_000),
    ("noodles", 100_000, 1, 200),
    ("cooking_oil", 50_000, 2, 300),
    ("masks", 60_000, 1, 200),
    ("sanitiser", 80_000, 1, 100),
    ("test_kits", 90_000, 5, 500),
    ("oximeters", 600_000, 1, 20),
    ("essentials_package", 300_000, 1, 100),
];

/// A donation as `create_donation` writes it. [`super::rows::DonationRow`] would insert its
/// empty fields as `DEFAULT`, which SQLite cannot take in a multi-row insert: diesel would
/// insert its rows one statement each. These rows write `NULL` (so do the two below).
#[derive(Insertable)]
#[diesel(table_name = donations, treat_none_as_default_value = false)]
struct DonationInsert {
    id: String,
    receipt_year: i64,
    receipt_sequence: i64,
    receipt_number: String,
    donor_id: Option<String>,
    campaign_id: String,
    pledge_id: Option<String>,
    received_on: NaiveDate,
    channel: &'static str,
    bank_reference: Option<String>,
    cash_amount: i64,
    goods_value: i64,
    location_id: Option<String>,
    note: &'static str,
    recorded_by: String,
    created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = stock_movements, treat_none_as_default_value = false)]
struct MovementInsert {
    id: String,
    location_id: String,
    item_id: String,
    kind: &'static str,
    quantity_milli: i64,
    balance_after_milli: i64,
    donation_id: Option<String>,
    transfer_id: Option<String>,
    adjustment_id: Option<String>,
    reverses: Option<String>,
    note: String,
    recorded_by: String,
    posted_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = cash_entries, treat_none_as_default_value = false)]
struct CashInsert {
    id: String,
    campaign_id: String,
    kind: &'static str,
    amount: i64,
    balance_after: i64,
    donation_id: Option<String>,
    reverses: Option<String>,
    reference: String,
    note: &'static str,
    occurred_on: NaiveDate,
    recorded_by: String,
    posted_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = campaign_item_totals)]
struct ItemTotalInsert {
    campaign_id: String,
    item_id: String,
    pledged_milli: i64,
    received_milli: i64,
    received_value: i64,
    distributed_milli: i64,
}

#[derive(Insertable)]
#[diesel(table_name = campaign_donor_totals)]
struct DonorTotalInsert {
    campaign_id: String,
    donor_key: String,
    donations: i64,
    cash: i64,
    goods_value: i64,
    total_value: i64,
}

#[derive(Insertable)]
#[diesel(table_name = campaign_location_totals)]
struct LocationTotalInsert {
    campaign_id: String,
    location_id: String,
    item_id: String,
    quantity_milli: i64,
    value: i64,
}

#[derive(Insertable)]
#[diesel(table_name = campaign_month_totals)]
struct MonthTotalInsert {
    campaign_id: String,
    month: String,
    donations: i64,
    cash: i64,
    goods_value: i64,
}

#[derive(Insertable)]
#[diesel(table_name = stock_balances)]
struct BalanceInsert {
    location_id: String,
    item_id: String,
    quantity_milli: i64,
    updated_at: NaiveDateTime,
}

/// An item the donations give, with how gifts of it are drawn.
struct Good {
    id: String,
    /// Đồng per unit.
    value: i64,
    low: i64,
    high: i64,
}

/// A commune or ward, with its name and its province's.
struct Ward {
    id: String,
    name: String,
    province_id: String,
    province_name: String,
}

/// What the synthetic records refer to, read once.
struct References {
    goods: Vec<Good>,
    /// The wards of each province of the 2025 layout, provinces by code.
    provinces: Vec<Vec<Ward>>,
    units: Vec<String>,
    /// Who records the donations and registers the donors.
    clerk: String,
}

impl References {
    fn load(conn: &mut DbConnection) -> Result<References, StoreError> {
        let goods: Vec<Good> = aid_items::table
            .filter(aid_items::active.eq(true))
            .order((aid_items::position.asc(), aid_items::code.asc()))
            .select((aid_items::id, aid_items::code))
            .load::<(String, String)>(conn)?
            .into_iter()
            .map(|(id, code)| {
                let (value, low, high) = GOODS
                    .iter()
                    .find(|(known, ..)| *known == code)
                    .map_or((50_000, 1, 100), |(_, value, low, high)| (*value, *low, *high));
                Good { id, value, low, high }
            })
            .collect();
        let province_names: HashMap<String, String> = areas::table
            .filter(areas::layout.eq("2025"))
            .filter(areas::level.eq("province"))
            .select((areas::id, areas::name))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect();
        let mut by_province: BTreeMap<String, Vec<Ward>> = BTreeMap::new();
        let rows: Vec<(String, String, String)> = areas::table
            .filter(areas::layout.eq("2025"))
            .filter(areas::level.eq("commune"))
            .order(areas::code.asc())
            .select((areas::id, areas::name, areas::province_id))
            .load(conn)?;
        for (id, name, province_id) in rows {
            let province_name = province_names.get(&province_id).cloned().unwrap_or_default();
            by_province.entry(province_id.clone()).or_default().push(Ward { id, name, province_id, province_name });
        }
        let units: Vec<String> = org_units::table
            .filter(org_units::deleted_at.is_null())
            .order(org_units::code.asc())
            .select(org_units::id)
            .load(conn)?;
        let accounts: Vec<(String, String)> = users::table
            .filter(users::active.eq(true))
            .order(users::username.asc())
            .select((users::id, users::role))
            .load(conn)?;
        // The Office records donations; the administrator only where no Office account is.
        let may_record = |role: &str| Role::parse(role).is_some_and(|role| allows(role, Action::AidManage));
        let clerk = accounts
            .iter()
            .find(|(_, role)| may_record(role) && role != Role::Admin.as_str())
            .or_else(|| accounts.iter().find(|(_, role)| may_record(role)))
            .map(|(id, _)| id.clone());
        if goods.is_empty() {
            return Err(StoreError::conflict("no_items", "no aid item is in use"));
        }
        if by_province.is_empty() {
            return Err(StoreError::conflict("no_areas", "the communes and wards of 2025 are not loaded"));
        }
        let Some(clerk) = clerk else {
            return Err(StoreError::conflict(
                "no_accounts",
                "synthetic donations need an active account that may run campaigns: run `danvan seed-demo` first",
            ));
        };
        if units.is_empty() {
            return Err(StoreError::conflict("no_org_units", "locations and campaigns need an org unit"));
        }
        Ok(References { goods, provinces: by_province.into_values().collect(), units, clerk })
    }
}

/// Loads the synthetic campaigns, donors, locations and about `spec.movements` stock
/// movements with the donations and transfers behind them (see the module's
/// documentation), telling `progress` how many movements are loaded after each
/// transaction. Refuses a database that has them already, or lacks what they refer to.
///
/// From [`REBUILD_INDEXES_FROM`] movements on, the plain secondary indexes of the ledger's
/// tables are dropped first and built again at the end, even when the load fails, as the
/// task loader does (`tasks::load_synthetic`): each index is then built once from sorted
/// rows rather than updated for every row (on SQLite, a million movements load in about
/// half the time). On PostgreSQL their foreign keys are dropped too and added back at the
/// end, which checks every row in one query per key (the triggers that check each row took
/// half the time). A load that is killed midway leaves the database without them. On
/// SQLite the connection's page cache is enlarged meanwhile.
///
/// On PostgreSQL it then analyses the tables it wrote, as autovacuum soon would.
pub fn load_synthetic(
    conn: &mut DbConnection,
    actor: &Actor,
    spec: &SyntheticAid,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyntheticAidLoaded, StoreError> {
    let loaded_before: i64 =
        campaigns::table.filter(campaigns::name.eq(SYNTHETIC_OPEN_CAMPAIGN)).count().get_result(conn)?;
    if loaded_before > 0 {
        return Err(StoreError::conflict("already_loaded", "this database has the synthetic aid records already"));
    }
    let refs = References::load(conn)?;
    let first = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2)
        .and_then(|day| day.and_hms_opt(8, 0, 0))
        .ok_or_else(|| StoreError::Config("the first day of the synthetic ledger".into()))?;
    let mut ledger = Ledger::new(&refs, spec, first);
    let cache = widen_cache(conn)?;
    let large = spec.movements >= REBUILD_INDEXES_FROM;
    let relaxed = if large { relax_foreign_keys(conn) } else { Vec::new() };
    let dropped = if large { drop_indexes(conn, &LEDGER_TABLES, "aid ledger") } else { Vec::new() };
    let loaded = load_ledger(conn, &mut ledger, spec, progress);
    if !dropped.is_empty() {
        progress(Progress::BuildingIndexes(dropped.len()));
    }
    let rebuilt = build_indexes(conn, &dropped);
    let checked = restore_foreign_keys(conn, relaxed);
    let restored = restore_cache(conn, cache);
    let loaded_movements = loaded?;
    rebuilt?;
    checked?;
    restored?;
    crate::db::write(conn, |conn| {
        ledger.insert_sums(conn)?;
        let summary = serde_json::json!({
            "synthetic_aid_movements": loaded_movements,
            "donations": ledger.loaded.donations,
            "seed": spec.seed,
        });
        audit::record(conn, actor, AuditAction::Import, AuditEntity::Donation, None, None::<&()>, Some(&summary))
    })?;
    if let DbConnection::Pg(_) = conn {
        diesel::sql_query(
            "ANALYZE donors, campaigns, aid_locations, donations, donation_lines, stock_movements, stock_balances, \
             stock_transfers, stock_transfer_lines, cash_entries, campaign_totals, campaign_item_totals, \
             campaign_donor_totals, campaign_location_totals, campaign_month_totals, receipt_sequences",
        )
        .execute(conn)?;
    }
    Ok(ledger.loaded)
}

/// The references, then the events a transaction at a time; how many movements it loaded.
fn load_ledger(
    conn: &mut DbConnection,
    ledger: &mut Ledger,
    spec: &SyntheticAid,
    progress: &mut dyn FnMut(Progress),
) -> Result<usize, StoreError> {
    crate::db::write(conn, |conn| ledger.insert_references(conn))?;
    while ledger.movements < spec.movements {
        let mut batch = Batch::default();
        for _ in 0..EVENTS_PER_TRANSACTION {
            if ledger.movements >= spec.movements {
                break;
            }
            ledger.event(&mut batch);
        }
        // Nothing else writes what the load writes: PostgreSQL's serializable checks
        // (a predicate lock for each row a foreign key reads) would cost without guarding.
        crate::db::write_at(conn, crate::db::Isolation::ReadCommitted, |conn| batch.insert(conn))?;
        progress(Progress::Loaded(ledger.movements));
    }
    Ok(ledger.movements)
}

/// The tables whose indexes a large load drops and builds again.
const LEDGER_TABLES: [&str; 6] =
    ["donations", "donation_lines", "stock_transfers", "stock_transfer_lines", "stock_movements", "cash_entries"];

/// Loads of this many movements or more drop the indexes first (see [`load_synthetic`]).
const REBUILD_INDEXES_FROM: usize = 10_000;

/// A foreign key of a ledger table, as PostgreSQL defines it.
#[derive(QueryableByName)]
struct ForeignKey {
    #[diesel(sql_type = diesel::sql_types::Text)]
    table_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    definition: String,
}

/// The foreign keys of the ledger's tables dropped for a large load on PostgreSQL; adding
/// them back checks every row, in one query each.
type Relaxed = Vec<ForeignKey>;

/// On PostgreSQL, drops the foreign keys of [`LEDGER_TABLES`] for the load: a trigger
/// and a query per row and key took half its time. Nothing is dropped when any cannot be.
/// SQLite keeps checking them row by row: a look-up in an index it has in its cache, which
/// costs less than checking every row again at the end.
fn relax_foreign_keys(conn: &mut DbConnection) -> Relaxed {
    if let DbConnection::Sqlite(_) = conn {
        return Vec::new();
    }
    let tables = LEDGER_TABLES.map(|table| format!("'{table}'")).join(", ");
    let query = format!(
        "SELECT conrelid::regclass::text AS table_name, conname AS name, pg_get_constraintdef(oid) AS definition \
         FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text IN ({tables}) ORDER BY conname"
    );
    let dropped = crate::db::write(conn, |conn| {
        let keys: Vec<ForeignKey> = diesel::sql_query(&query).load(conn)?;
        for key in &keys {
            diesel::sql_query(format!("ALTER TABLE {} DROP CONSTRAINT {}", key.table_name, quoted(&key.name)))
                .execute(conn)?;
        }
        Ok::<_, StoreError>(keys)
    });
    dropped.unwrap_or_else(|error| {
        tracing::warn!(%error, "cannot drop the aid ledger's foreign keys for the load; loading with them");
        Vec::new()
    })
}

/// Adds back the foreign keys [`relax_foreign_keys`] dropped, which checks every row.
fn restore_foreign_keys(conn: &mut DbConnection, keys: Relaxed) -> Result<(), StoreError> {
    if keys.is_empty() {
        return Ok(());
    }
    crate::db::write(conn, |conn| {
        for key in &keys {
            diesel::sql_query(format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {}",
                key.table_name,
                quoted(&key.name),
                key.definition
            ))
            .execute(conn)?;
        }
        Ok(())
    })
}

/// SQLite's page cache for the load, in KiB: the pages the inserts go to (the last pages
/// of each index, one per campaign, donor, location and item in the indexes that start
/// with them) stay in it, rather than being read back from the file again and again.
const LOAD_CACHE_KIB: i64 = 256 * 1024;

#[derive(QueryableByName)]
struct CacheSize {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    cache_size: i64,
}

/// On SQLite, enlarges the connection's page cache for the load; what it was.
fn widen_cache(conn: &mut DbConnection) -> Result<Option<i64>, StoreError> {
    if let DbConnection::Pg(_) = conn {
        return Ok(None);
    }
    let before: CacheSize = diesel::sql_query("PRAGMA cache_size").get_result(conn)?;
    diesel::sql_query(format!("PRAGMA cache_size = -{LOAD_CACHE_KIB}")).execute(conn)?;
    Ok(Some(before.cache_size))
}

fn restore_cache(conn: &mut DbConnection, before: Option<i64>) -> Result<(), StoreError> {
    if let Some(size) = before {
        diesel::sql_query(format!("PRAGMA cache_size = {size}")).execute(conn)?;
    }
    Ok(())
}

/// The rows of one transaction's events, parents before children.
#[derive(Default)]
struct Batch {
    donations: Vec<DonationInsert>,
    lines: Vec<DonationLineRow>,
    transfers: Vec<TransferRow>,
    transfer_lines: Vec<TransferLineRow>,
    movements: Vec<MovementInsert>,
    cash: Vec<CashInsert>,
}

impl Batch {
    fn insert(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        crate::insert_many!(conn, donations::table, &self.donations, 16)?;
        crate::insert_many!(conn, donation_lines::table, &self.lines, 5)?;
        crate::insert_many!(conn, stock_transfers::table, &self.transfers, 6)?;
        crate::insert_many!(conn, stock_transfer_lines::table, &self.transfer_lines, 4)?;
        crate::insert_many!(conn, stock_movements::table, &self.movements, 13)?;
        crate::insert_many!(conn, cash_entries::table, &self.cash, 12)?;
        Ok(())
    }
}

/// A donor as the ledger needs it.
struct Giver {
    id: String,
    kind: DonorKind,
}

/// A campaign's running sums.
#[derive(Default, Clone, Copy)]
struct CampaignSums {
    cash: i64,
    goods_value: i64,
    donations: i64,
}

/// A donor's sums in a campaign.
#[derive(Default, Clone, Copy)]
struct DonorSums {
    donations: i64,
    cash: i64,
    goods_value: i64,
}

/// The ledger as it runs: the references' rows, what every location holds, the sums and
/// the receipt sequences, and the rows still to write.
struct Ledger<'a> {
    refs: &'a References,
    seed: u64,
    rng: Rng,
    now: NaiveDateTime,
    first: NaiveDateTime,
    /// Microseconds between events.
    step: i64,
    events: i64,
    last_at: NaiveDateTime,
    campaign_ids: Vec<String>,
    campaign_rows: Vec<CampaignRow>,
    donor_rows: Vec<DonorRow>,
    givers: Vec<Giver>,
    location_rows: Vec<LocationRow>,
    /// Per location, per item (index of `refs.goods`): thousandths held.
    held: Vec<Vec<i64>>,
    /// When each location × item last moved.
    moved_at: Vec<Vec<Option<NaiveDateTime>>>,
    sums: Vec<CampaignSums>,
    item_sums: BTreeMap<(usize, usize), (i64, i64)>,
    donor_sums: BTreeMap<(usize, Option<usize>), DonorSums>,
    location_sums: BTreeMap<(usize, usize, usize), (i64, i64)>,
    month_sums: BTreeMap<(usize, String), CampaignSums>,
    /// The last receipt number of each year, from the database and then as given.
    receipts: BTreeMap<i32, i64>,
    /// The years whose sequence row exists already.
    stored_years: Vec<i32>,
    movements: usize,
    loaded: SyntheticAidLoaded,
}

impl<'a> Ledger<'a> {
    fn new(refs: &'a References, spec: &SyntheticAid, first: NaiveDateTime) -> Ledger<'a> {
        // Events spread evenly over the time up to an hour before now, with some room for
        // a draw of more events than expected.
        let end = spec.now - Duration::hours(1);
        let span = (end - first).num_microseconds().unwrap_or(0).max(1);
        let expected = (spec.movements as f64 / MOVEMENTS_PER_EVENT * 1.05).ceil().max(1.0) as i64;
        Ledger {
            refs,
            seed: spec.seed,
            rng: Rng::new(spec.seed),
            now: end,
            first,
            step: (span / expected).max(2_000),
            events: 0,
            last_at: first,
            campaign_ids: Vec::new(),
            campaign_rows: Vec::new(),
            donor_rows: Vec::new(),
            givers: Vec::new(),
            location_rows: Vec::new(),
            held: Vec::new(),
            moved_at: Vec::new(),
            sums: vec![CampaignSums::default(); CAMPAIGNS.len()],
            item_sums: BTreeMap::new(),
            donor_sums: BTreeMap::new(),
            location_sums: BTreeMap::new(),
            month_sums: BTreeMap::new(),
            receipts: BTreeMap::new(),
            stored_years: Vec::new(),
            movements: 0,
            loaded: SyntheticAidLoaded::default(),
        }
    }

    /// Builds and inserts the campaigns (with the open one's targets), donors and
    /// locations, and reads the receipt sequences.
    fn insert_references(&mut self, conn: &mut DbConnection) -> Result<(), StoreError> {
        let refs = self.refs;
        let registered = self.first - Duration::days(30);
        // A generator of their own, so the references do not shift the ledger's draws.
        let mut rng = Rng::new(self.seed ^ 0x5EED_A1D0);
        self.campaign_rows.clear();
        for (index, (name, year)) in CAMPAIGNS.iter().enumerate() {
            let at = registered + Duration::seconds(index as i64);
            let (starts_on, ends_on, status) = match year {
                Some(2021) => (self.first.date(), NaiveDate::from_ymd_opt(2021, 12, 31), CampaignStatus::Closed),
                Some(year) => (
                    NaiveDate::from_ymd_opt(*year, 1, 1).unwrap_or(self.first.date()),
                    NaiveDate::from_ymd_opt(*year, 12, 31),
                    CampaignStatus::Closed,
                ),
                None => (self.first.date(), None, CampaignStatus::Open),
            };
            self.campaign_rows.push(CampaignRow {
                id: rng.uuid_v7(at).to_string(),
                name: (*name).to_owned(),
                name_folded: fold(name),
                purpose: "Dữ liệu tổng hợp để đo hiệu năng: tiền và hàng hóa ủng hộ theo đợt vận động.".to_owned(),
                starts_on,
                ends_on,
                plan_item_id: None,
                status: status.as_str().to_owned(),
                org_unit_id: rng.pick(&refs.units).cloned().unwrap_or_default(),
                beneficiary_categories: "lost_income,poor_households".to_owned(),
                target_cash: 50_000_000_000 * (1 + index as i64),
                created_by: refs.clerk.clone(),
                version: 1,
                created_at: at,
                updated_at: at,
            });
        }
        self.campaign_ids = self.campaign_rows.iter().map(|row| row.id.clone()).collect();
        let targets: Vec<CampaignTargetRow> = refs
            .goods
            .iter()
            .map(|good| CampaignTargetRow {
                campaign_id: self.campaign_ids[OPEN].clone(),
                item_id: good.id.clone(),
                quantity_milli: good.high * 1_000 * 10_000,
            })
            .collect();
        self.donor_rows.clear();
        self.givers.clear();
        let tax_base = 8_000_000_000 + (self.seed % 900) as i64 * 1_000_000;
        for index in 0..DONORS {
            let at = registered + Duration::seconds(60 + index as i64);
            let roll = rng.below(100);
            let kind = match roll {
                0..=14 => DonorKind::Business,
                15..=24 => DonorKind::Organisation,
                25..=84 => DonorKind::Individual,
                85..=94 => DonorKind::OverseasVietnamese,
                _ => DonorKind::Anonymous,
            };
            let name = donor_name(&mut rng, kind, index);
            let tax_code = (kind == DonorKind::Business).then(|| {
                let code = format!("{:010}", tax_base + index as i64);
                // One business in five gives as a branch (`0101234567-001`).
                if index % 5 == 0 {
                    format!("{code}-{:03}", 1 + index % 7)
                } else {
                    code
                }
            });
            let id = rng.uuid_v7(at).to_string();
            self.givers.push(Giver { id: id.clone(), kind });
            self.donor_rows.push(DonorRow {
                id,
                kind: kind.as_str().to_owned(),
                name_folded: fold(&name),
                name,
                tax_code,
                contact_person: String::new(),
                phone_sealed: None,
                phone_hash: None,
                email_sealed: None,
                public_consent: rng.below(3) > 0,
                note: String::new(),
                created_by: refs.clerk.clone(),
                version: 1,
                created_at: at,
                updated_at: at,
            });
        }
        self.location_rows.clear();
        for index in 0..LOCATIONS {
            let at = registered + Duration::seconds(3_000 + index as i64);
            let wards = &refs.provinces[index % refs.provinces.len()];
            let ward = rng.pick(wards).ok_or(StoreError::NotFound)?;
            let kind = if index % 5 < 2 { LocationKind::Warehouse } else { LocationKind::CollectionPoint };
            let name = match kind {
                LocationKind::Warehouse => format!("Kho hàng cứu trợ {} số {}", ward.name, 1 + index / 34),
                LocationKind::CollectionPoint => format!("Điểm tiếp nhận {} số {}", ward.name, 1 + index / 34),
            };
            self.location_rows.push(LocationRow {
                id: rng.uuid_v7(at).to_string(),
                name_folded: fold(&name),
                name,
                kind: kind.as_str().to_owned(),
                org_unit_id: rng.pick(&refs.units).cloned().unwrap_or_default(),
                area_id: ward.id.clone(),
                province_id: ward.province_id.clone(),
                address: format!(
                    "Số {} đường số {}, {}, {}",
                    1 + rng.below(300),
                    1 + rng.below(30),
                    ward.name,
                    ward.province_name
                ),
                active: true,
                version: 1,
                created_at: at,
                updated_at: at,
            });
        }
        self.held = vec![vec![0; refs.goods.len()]; LOCATIONS];
        self.moved_at = vec![vec![None; refs.goods.len()]; LOCATIONS];
        crate::insert_many!(conn, campaigns::table, &self.campaign_rows, 15)?;
        crate::insert_many!(conn, campaign_targets::table, &targets, 3)?;
        crate::insert_many!(conn, donors::table, &self.donor_rows, 15)?;
        crate::insert_many!(conn, aid_locations::table, &self.location_rows, 12)?;
        self.receipts = receipt_sequences::table
            .select((receipt_sequences::year, receipt_sequences::last_number))
            .load::<(i64, i64)>(conn)?
            .into_iter()
            .map(|(year, last)| (year as i32, last))
            .collect();
        self.stored_years = self.receipts.keys().copied().collect();
        self.loaded.campaigns = CAMPAIGNS.len();
        self.loaded.donors = DONORS;
        self.loaded.locations = LOCATIONS;
        Ok(())
    }

    /// The moment of the next event: evenly spread, a little jitter, always later than
    /// the one before (by a millisecond at least, so UUIDv7 ids grow with it).
    fn next_moment(&mut self) -> NaiveDateTime {
        let jitter = self.rng.below((self.step / 2).max(1) as u64) as i64;
        let planned = self.first + Duration::microseconds(self.step * self.events + jitter);
        self.events += 1;
        let at = planned.min(self.now).max(self.last_at + Duration::milliseconds(1));
        self.last_at = at;
        at
    }

    /// The next donation or transfer, with its rows in `batch`.
    fn event(&mut self, batch: &mut Batch) {
        let at = self.next_moment();
        if self.rng.below(100) < 4 && self.transfer(batch, at) {
            return;
        }
        self.donation(batch, at);
    }

    /// A campaign taking donations on `day`: the open one half of the time, else the
    /// closed one of the year, if any.
    fn campaign_of(&mut self, day: NaiveDate) -> usize {
        if self.rng.below(2) == 0 {
            return OPEN;
        }
        CAMPAIGNS.iter().position(|(_, year)| *year == Some(day.year())).unwrap_or(OPEN)
    }

    fn donation(&mut self, batch: &mut Batch, at: NaiveDateTime) {
        let refs = self.refs;
        let received_on = at.date();
        let campaign = self.campaign_of(received_on);
        // One gift in thirty is anonymous.
        let donor = if self.rng.below(30) == 0 { None } else { Some(self.rng.below(DONORS as u64) as usize) };
        let kind = donor.map(|index| self.givers[index].kind);
        let id = self.rng.uuid_v7(at).to_string();
        let year = received_on.year();
        let sequence = {
            let last = self.receipts.entry(year).or_insert(0);
            *last += 1;
            *last
        };
        let number = receipt_number(year, sequence);
        let in_kind = self.rng.below(10) < 7;
        let scale = match kind {
            Some(DonorKind::Business) => 5,
            Some(DonorKind::Organisation) => 2,
            _ => 1,
        };
        let (channel, cash, lines, location) = if in_kind {
            let location = self.rng.below(LOCATIONS as u64) as usize;
            let count = 1 + self.rng.below(3) as usize;
            let mut chosen: Vec<usize> = Vec::with_capacity(count);
            while chosen.len() < count.min(refs.goods.len()) {
                let item = self.rng.below(refs.goods.len() as u64) as usize;
                if !chosen.contains(&item) {
                    chosen.push(item);
                }
            }
            let lines: Vec<(usize, i64)> = chosen
                .into_iter()
                .map(|item| {
                    let good = &refs.goods[item];
                    (item, (good.low + self.rng.below((good.high - good.low + 1) as u64) as i64) * scale)
                })
                .collect();
            (DonationChannel::InKind, 0, lines, Some(location))
        } else {
            let amounts: &[i64] = match kind {
                Some(DonorKind::Business) => &[20_000_000, 50_000_000, 100_000_000, 200_000_000, 500_000_000],
                Some(DonorKind::Organisation) => &[5_000_000, 10_000_000, 20_000_000, 50_000_000],
                Some(DonorKind::OverseasVietnamese) => &[2_300_000, 5_000_000, 11_500_000, 23_000_000],
                _ => &[100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000],
            };
            let cash = *self.rng.pick(amounts).unwrap_or(&500_000);
            let channel = if self.rng.below(2) == 0 { DonationChannel::Cash } else { DonationChannel::BankTransfer };
            (channel, cash, Vec::new(), None)
        };
        let goods_value: i64 = lines.iter().map(|(item, units)| units * refs.goods[*item].value).sum();
        let bank_reference = (channel == DonationChannel::BankTransfer)
            .then(|| format!("FT{:02}{:03}{:07}", year % 100, received_on.ordinal(), sequence));
        let campaign_id = self.campaign_ids[campaign].clone();
        for (position, (item, units)) in lines.iter().enumerate() {
            let quantity = units * 1_000;
            let value = units * refs.goods[*item].value;
            batch.lines.push(DonationLineRow {
                donation_id: id.clone(),
                item_id: refs.goods[*item].id.clone(),
                position: position as i64,
                quantity_milli: quantity,
                estimated_value: value,
            });
            if let Some(location) = location {
                let movement = self.post(location, *item, quantity, MovementKind::Received, at);
                batch.movements.push(MovementInsert {
                    donation_id: Some(id.clone()),
                    note: number.clone(),
                    ..movement
                });
                let sum = self.location_sums.entry((campaign, location, *item)).or_default();
                sum.0 += quantity;
                sum.1 += value;
            }
            let sum = self.item_sums.entry((campaign, *item)).or_default();
            sum.0 += quantity;
            sum.1 += value;
        }
        self.loaded.donation_lines += lines.len();
        if cash > 0 {
            self.sums[campaign].cash += cash;
            batch.cash.push(CashInsert {
                id: self.rng.uuid_v7(at).to_string(),
                campaign_id: campaign_id.clone(),
                kind: CashEntryKind::Received.as_str(),
                amount: cash,
                balance_after: self.sums[campaign].cash,
                donation_id: Some(id.clone()),
                reverses: None,
                reference: bank_reference.clone().unwrap_or_else(|| number.clone()),
                note: "",
                occurred_on: received_on,
                recorded_by: refs.clerk.clone(),
                posted_at: at,
            });
            self.loaded.cash_entries += 1;
        }
        self.sums[campaign].goods_value += goods_value;
        self.sums[campaign].donations += 1;
        let donor_sum = self.donor_sums.entry((campaign, donor)).or_default();
        donor_sum.donations += 1;
        donor_sum.cash += cash;
        donor_sum.goods_value += goods_value;
        let month = self.month_sums.entry((campaign, received_on.format("%Y-%m").to_string())).or_default();
        month.donations += 1;
        month.cash += cash;
        month.goods_value += goods_value;
        batch.donations.push(DonationInsert {
            id,
            receipt_year: i64::from(year),
            receipt_sequence: sequence,
            receipt_number: number,
            donor_id: donor.map(|index| self.givers[index].id.clone()),
            campaign_id,
            pledge_id: None,
            received_on,
            channel: channel.as_str(),
            bank_reference,
            cash_amount: cash,
            goods_value,
            location_id: location.map(|index| self.location_rows[index].id.clone()),
            note: "",
            recorded_by: refs.clerk.clone(),
            created_at: at,
        });
        self.loaded.donations += 1;
    }

    /// Part of what a location holds, moved to another; `false` when the location drawn
    /// holds nothing (a donation is made instead).
    fn transfer(&mut self, batch: &mut Batch, at: NaiveDateTime) -> bool {
        let refs = self.refs;
        let from = self.rng.below(LOCATIONS as u64) as usize;
        let mut to = self.rng.below(LOCATIONS as u64 - 1) as usize;
        if to >= from {
            to += 1;
        }
        let stocked: Vec<usize> = (0..refs.goods.len()).filter(|item| self.held[from][*item] >= 1_000).collect();
        if stocked.is_empty() {
            return false;
        }
        let count = (1 + self.rng.below(2) as usize).min(stocked.len());
        let first = self.rng.below(stocked.len() as u64) as usize;
        let id = self.rng.uuid_v7(at).to_string();
        let note = "Điều chuyển hàng giữa các kho (dữ liệu tổng hợp)".to_owned();
        batch.transfers.push(TransferRow {
            id: id.clone(),
            from_location_id: self.location_rows[from].id.clone(),
            to_location_id: self.location_rows[to].id.clone(),
            note: note.clone(),
            recorded_by: refs.clerk.clone(),
            posted_at: at,
        });
        for position in 0..count {
            let item = stocked[(first + position) % stocked.len()];
            // A tenth to a half of what is there, in whole units.
            let units = (self.held[from][item] / 1_000 * (10 + self.rng.below(41) as i64) / 100).max(1);
            let quantity = units * 1_000;
            batch.transfer_lines.push(TransferLineRow {
                transfer_id: id.clone(),
                item_id: refs.goods[item].id.clone(),
                position: position as i64,
                quantity_milli: quantity,
            });
            for (location, kind, delta) in
                [(from, MovementKind::TransferOut, -quantity), (to, MovementKind::TransferIn, quantity)]
            {
                let movement = self.post(location, item, delta, kind, at);
                batch.movements.push(MovementInsert { transfer_id: Some(id.clone()), note: note.clone(), ..movement });
            }
        }
        self.loaded.transfers += 1;
        true
    }

    /// Moves a location's balance of an item by `delta`; the movement, without what it
    /// belongs to.
    fn post(
        &mut self,
        location: usize,
        item: usize,
        delta: i64,
        kind: MovementKind,
        at: NaiveDateTime,
    ) -> MovementInsert {
        let balance = &mut self.held[location][item];
        *balance += delta;
        self.moved_at[location][item] = Some(at);
        self.movements += 1;
        self.loaded.movements += 1;
        MovementInsert {
            id: self.rng.uuid_v7(at).to_string(),
            location_id: self.location_rows[location].id.clone(),
            item_id: self.refs.goods[item].id.clone(),
            kind: kind.as_str(),
            quantity_milli: delta,
            balance_after_milli: *balance,
            donation_id: None,
            transfer_id: None,
            adjustment_id: None,
            reverses: None,
            note: String::new(),
            recorded_by: self.refs.clerk.clone(),
            posted_at: at,
        }
    }

    /// The sums kept beside the ledgers, the stock balances and the receipt sequences.
    fn insert_sums(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        let refs = self.refs;
        let campaign = |index: usize| self.campaign_ids[index].clone();
        let totals: Vec<CampaignTotalsRow> = self
            .sums
            .iter()
            .enumerate()
            .map(|(index, sums)| CampaignTotalsRow {
                campaign_id: campaign(index),
                pledged_cash: 0,
                received_cash: sums.cash,
                disbursed_cash: 0,
                received_goods_value: sums.goods_value,
                donations: sums.donations,
            })
            .collect();
        let items: Vec<ItemTotalInsert> = self
            .item_sums
            .iter()
            .map(|((index, item), (quantity, value))| ItemTotalInsert {
                campaign_id: campaign(*index),
                item_id: refs.goods[*item].id.clone(),
                pledged_milli: 0,
                received_milli: *quantity,
                received_value: *value,
                distributed_milli: 0,
            })
            .collect();
        let givers: Vec<DonorTotalInsert> = self
            .donor_sums
            .iter()
            .map(|((index, donor), sums)| DonorTotalInsert {
                campaign_id: campaign(*index),
                donor_key: donor.map(|donor| self.givers[donor].id.clone()).unwrap_or_default(),
                donations: sums.donations,
                cash: sums.cash,
                goods_value: sums.goods_value,
                total_value: sums.cash + sums.goods_value,
            })
            .collect();
        let places: Vec<LocationTotalInsert> = self
            .location_sums
            .iter()
            .map(|((index, location, item), (quantity, value))| LocationTotalInsert {
                campaign_id: campaign(*index),
                location_id: self.location_rows[*location].id.clone(),
                item_id: refs.goods[*item].id.clone(),
                quantity_milli: *quantity,
                value: *value,
            })
            .collect();
        let months: Vec<MonthTotalInsert> = self
            .month_sums
            .iter()
            .map(|((index, month), sums)| MonthTotalInsert {
                campaign_id: campaign(*index),
                month: month.clone(),
                donations: sums.donations,
                cash: sums.cash,
                goods_value: sums.goods_value,
            })
            .collect();
        let mut balances = Vec::new();
        for (location, held) in self.held.iter().enumerate() {
            for (item, quantity) in held.iter().enumerate() {
                if let Some(at) = self.moved_at[location][item] {
                    balances.push(BalanceInsert {
                        location_id: self.location_rows[location].id.clone(),
                        item_id: refs.goods[item].id.clone(),
                        quantity_milli: *quantity,
                        updated_at: at,
                    });
                }
            }
        }
        crate::insert_many!(conn, campaign_totals::table, &totals, 6)?;
        crate::insert_many!(conn, campaign_item_totals::table, &items, 6)?;
        crate::insert_many!(conn, campaign_donor_totals::table, &givers, 6)?;
        crate::insert_many!(conn, campaign_location_totals::table, &places, 5)?;
        crate::insert_many!(conn, campaign_month_totals::table, &months, 5)?;
        crate::insert_many!(conn, stock_balances::table, &balances, 4)?;
        for (year, last) in &self.receipts {
            let year = i64::from(*year);
            if self.stored_years.contains(&(year as i32)) {
                diesel::update(receipt_sequences::table.find(year))
                    .set(receipt_sequences::last_number.eq(*last))
                    .execute(conn)?;
            } else {
                diesel::insert_into(receipt_sequences::table)
                    .values((receipt_sequences::year.eq(year), receipt_sequences::last_number.eq(*last)))
                    .execute(conn)?;
            }
        }
        Ok(())
    }
}

const FAMILY_NAMES: &[&str] =
    &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"];
const MIDDLE_NAMES: &[&str] = &["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Hữu", "Thanh", "Quốc", "Kim"];
const GIVEN_NAMES: &[&str] = &[
    "Hùng", "Lan", "Tuấn", "Hà", "Dũng", "Mai", "Sơn", "Hương", "Nam", "Trang", "Bình", "Thảo", "Long", "Yến", "Phúc",
    "Ngân",
];
const TRADES: &[&str] =
    &["Thương mại", "Thực phẩm", "Xây dựng", "Dược phẩm", "Vận tải", "Công nghệ", "May mặc", "Nông sản"];
const BRANDS: &[&str] = &[
    "Hưng Thịnh",
    "Phú An",
    "Minh Long",
    "Thành Công",
    "Đại Việt",
    "Hoàng Gia",
    "Tân Phát",
    "Sao Mai",
    "Bình Minh",
    "Việt Á",
    "Trường Sơn",
    "Cửu Long",
    "Hồng Hà",
    "An Khang",
];
const GROUPS: &[&str] = &[
    "Hội Liên hiệp Phụ nữ",
    "Hội Cựu chiến binh",
    "Hội Nông dân",
    "Đoàn Thanh niên",
    "Hội Chữ thập đỏ",
    "Câu lạc bộ Thiện nguyện",
];
const PLACES: &[&str] = &["Ba Đình", "Hoàn Kiếm", "Hải Châu", "Bến Thành", "Thủ Đức", "Ninh Kiều", "Vinh", "Thanh Khê"];
const ABROAD: &[&str] =
    &["Sydney, Úc", "Paris, Pháp", "Berlin, Đức", "San Jose, Hoa Kỳ", "Tokyo, Nhật Bản", "Seoul, Hàn Quốc"];

fn person(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        rng.pick(FAMILY_NAMES).unwrap_or(&""),
        rng.pick(MIDDLE_NAMES).unwrap_or(&""),
        rng.pick(GIVEN_NAMES).unwrap_or(&"")
    )
}

fn donor_name(rng: &mut Rng, kind: DonorKind, index: usize) -> String {
    match kind {
        DonorKind::Business => format!(
            "Công ty {} {} {} {}",
            if rng.below(2) == 0 { "TNHH" } else { "Cổ phần" },
            rng.pick(TRADES).unwrap_or(&""),
            rng.pick(BRANDS).unwrap_or(&""),
            1 + index % 97
        ),
        DonorKind::Organisation => {
            format!("{} {}", rng.pick(GROUPS).unwrap_or(&""), rng.pick(PLACES).unwrap_or(&""))
        }
        DonorKind::Individual => person(rng),
        DonorKind::OverseasVietnamese => format!("{} ({})", person(rng), rng.pick(ABROAD).unwrap_or(&"")),
        DonorKind::Anonymous => "Nhà hảo tâm giấu tên".to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::load_indexes::IndexDefinition;
    use danvan_domain::{
        org_unit::{CreateOrgUnit, OrgUnitKind},
        user::CreateUser,
    };
    use uuid::Uuid;

    fn database(name: &str) -> (std::path::PathBuf, crate::Pool) {
        let dir = std::env::temp_dir().join(format!("danvan-aid-bulk-{name}-{}", Uuid::now_v7()));
        let pool = crate::db::connect(&format!("sqlite://{}/danvan.db", dir.display()), 1).unwrap();
        let mut conn = pool.get().unwrap();
        crate::areas::ensure_loaded(&mut conn).unwrap();
        super::super::ensure_items(&mut conn).unwrap();
        let actor = Actor::system("test");
        crate::db::write(&mut conn, |conn| -> Result<(), StoreError> {
            let unit = crate::org_units::create(
                conn,
                &actor,
                &CreateOrgUnit {
                    parent_id: None,
                    code: "VP".into(),
                    name: "Văn phòng".into(),
                    kind: OrgUnitKind::Office,
                },
            )?;
            let request = CreateUser {
                username: "office".into(),
                display_name: "Văn phòng".into(),
                email: None,
                role: Role::Office,
                org_unit_id: Some(unit.id),
                password: String::new(),
                scope_area_ids: Vec::new(),
                scope_area_group_ids: Vec::new(),
            };
            crate::users::create(conn, &actor, &request, "not-a-hash".into())?;
            // Donations entered before the load: its receipt numbers continue the year's.
            diesel::insert_into(receipt_sequences::table)
                .values((receipt_sequences::year.eq(2021), receipt_sequences::last_number.eq(5)))
                .execute(conn)?;
            Ok(())
        })
        .unwrap();
        drop(conn);
        (dir, pool)
    }

    type DonationFacts = (String, i64, i64, String, Option<String>, i64, i64, Option<String>, NaiveDate);

    /// Every sum kept beside the ledgers is the sum of what it counts.
    fn sums_match(conn: &mut DbConnection) {
        let rows: Vec<DonationFacts> = donations::table
            .select((
                donations::id,
                donations::receipt_year,
                donations::receipt_sequence,
                donations::campaign_id,
                donations::donor_id,
                donations::cash_amount,
                donations::goods_value,
                donations::location_id,
                donations::received_on,
            ))
            .load(conn)
            .unwrap();
        let lines: Vec<(String, String, i64, i64)> = donation_lines::table
            .select((
                donation_lines::donation_id,
                donation_lines::item_id,
                donation_lines::quantity_milli,
                donation_lines::estimated_value,
            ))
            .load(conn)
            .unwrap();
        let by_id: HashMap<&str, &DonationFacts> = rows.iter().map(|row| (row.0.as_str(), row)).collect();
        let mut campaigns: HashMap<String, (i64, i64, i64)> = HashMap::new();
        let mut givers: HashMap<(String, String), (i64, i64, i64)> = HashMap::new();
        let mut months: HashMap<(String, String), (i64, i64, i64)> = HashMap::new();
        for (_, _, _, campaign, donor, cash, goods, _, day) in &rows {
            let sums = campaigns.entry(campaign.clone()).or_default();
            sums.0 += cash;
            sums.1 += goods;
            sums.2 += 1;
            let giver = givers.entry((campaign.clone(), donor.clone().unwrap_or_default())).or_default();
            giver.0 += cash;
            giver.1 += goods;
            giver.2 += 1;
            let month = months.entry((campaign.clone(), day.format("%Y-%m").to_string())).or_default();
            month.0 += cash;
            month.1 += goods;
            month.2 += 1;
        }
        let mut items: HashMap<(String, String), (i64, i64)> = HashMap::new();
        let mut places: HashMap<(String, String, String), (i64, i64)> = HashMap::new();
        for (donation, item, quantity, value) in &lines {
            let facts = by_id[donation.as_str()];
            let sums = items.entry((facts.3.clone(), item.clone())).or_default();
            sums.0 += quantity;
            sums.1 += value;
            let place = facts.7.clone().unwrap();
            let sums = places.entry((facts.3.clone(), place, item.clone())).or_default();
            sums.0 += quantity;
            sums.1 += value;
        }
        let stored: Vec<(String, i64, i64, i64)> = campaign_totals::table
            .select((
                campaign_totals::campaign_id,
                campaign_totals::received_cash,
                campaign_totals::received_goods_value,
                campaign_totals::donations,
            ))
            .load(conn)
            .unwrap();
        assert_eq!(stored.len(), CAMPAIGNS.len());
        for (campaign, cash, goods, count) in stored {
            assert_eq!(campaigns.get(&campaign).copied().unwrap_or_default(), (cash, goods, count), "{campaign}");
        }
        let stored: HashMap<(String, String), (i64, i64, i64)> = campaign_donor_totals::table
            .select((
                campaign_donor_totals::campaign_id,
                campaign_donor_totals::donor_key,
                (campaign_donor_totals::cash, campaign_donor_totals::goods_value, campaign_donor_totals::donations),
            ))
            .load::<(String, String, (i64, i64, i64))>(conn)
            .unwrap()
            .into_iter()
            .map(|(campaign, donor, sums)| ((campaign, donor), sums))
            .collect();
        assert_eq!(stored, givers);
        let totals: Vec<(i64, i64, i64)> = campaign_donor_totals::table
            .select((
                campaign_donor_totals::cash,
                campaign_donor_totals::goods_value,
                campaign_donor_totals::total_value,
            ))
            .load(conn)
            .unwrap();
        assert!(totals.iter().all(|(cash, goods, total)| cash + goods == *total));
        let stored: HashMap<(String, String), (i64, i64, i64)> = campaign_month_totals::table
            .select((
                campaign_month_totals::campaign_id,
                campaign_month_totals::month,
                (campaign_month_totals::cash, campaign_month_totals::goods_value, campaign_month_totals::donations),
            ))
            .load::<(String, String, (i64, i64, i64))>(conn)
            .unwrap()
            .into_iter()
            .map(|(campaign, month, sums)| ((campaign, month), sums))
            .collect();
        assert_eq!(stored, months);
        let stored: HashMap<(String, String), (i64, i64)> = campaign_item_totals::table
            .select((
                campaign_item_totals::campaign_id,
                campaign_item_totals::item_id,
                (campaign_item_totals::received_milli, campaign_item_totals::received_value),
            ))
            .load::<(String, String, (i64, i64))>(conn)
            .unwrap()
            .into_iter()
            .map(|(campaign, item, sums)| ((campaign, item), sums))
            .collect();
        assert_eq!(stored, items);
        let stored: HashMap<(String, String, String), (i64, i64)> = campaign_location_totals::table
            .select((
                campaign_location_totals::campaign_id,
                campaign_location_totals::location_id,
                campaign_location_totals::item_id,
                (campaign_location_totals::quantity_milli, campaign_location_totals::value),
            ))
            .load::<(String, String, String, (i64, i64))>(conn)
            .unwrap()
            .into_iter()
            .map(|(campaign, location, item, sums)| ((campaign, location, item), sums))
            .collect();
        assert_eq!(stored, places);
        // Receipt numbers: each year's from after what was there (5 in 2021) to its sequence.
        let mut years: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for (_, year, sequence, ..) in &rows {
            years.entry(*year).or_default().push(*sequence);
        }
        let sequences: BTreeMap<i64, i64> = receipt_sequences::table
            .select((receipt_sequences::year, receipt_sequences::last_number))
            .load::<(i64, i64)>(conn)
            .unwrap()
            .into_iter()
            .collect();
        assert!(years.len() >= 5, "{:?}", years.keys());
        for (year, mut numbers) in years {
            numbers.sort_unstable();
            let from = if year == 2021 { 6 } else { 1 };
            assert_eq!(numbers, (from..from + numbers.len() as i64).collect::<Vec<_>>(), "{year}");
            assert_eq!(sequences[&year], from + numbers.len() as i64 - 1, "{year}");
        }
    }

    /// Each movement carries the balance it left, never below zero; so does each cash entry.
    fn ledgers_run(conn: &mut DbConnection) {
        let movements: Vec<(String, String, i64, i64)> = stock_movements::table
            .order((
                stock_movements::location_id,
                stock_movements::item_id,
                stock_movements::posted_at,
                stock_movements::id,
            ))
            .select((
                stock_movements::location_id,
                stock_movements::item_id,
                stock_movements::quantity_milli,
                stock_movements::balance_after_milli,
            ))
            .load(conn)
            .unwrap();
        let mut running: HashMap<(String, String), i64> = HashMap::new();
        for (location, item, quantity, after) in movements {
            let balance = running.entry((location, item)).or_default();
            *balance += quantity;
            assert!(*balance >= 0 && *balance == after);
        }
        let entries: Vec<(String, i64, i64)> = cash_entries::table
            .order((cash_entries::campaign_id, cash_entries::posted_at, cash_entries::id))
            .select((cash_entries::campaign_id, cash_entries::amount, cash_entries::balance_after))
            .load(conn)
            .unwrap();
        let mut running: HashMap<String, i64> = HashMap::new();
        for (campaign, amount, after) in entries {
            let balance = running.entry(campaign).or_default();
            *balance += amount;
            assert_eq!(*balance, after);
        }
    }

    #[test]
    fn loads_a_ledger_whose_balances_and_sums_hold_and_the_same_seed_gives_the_same_rows() {
        let now = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
        // Two transactions of events.
        let spec = SyntheticAid { movements: 16_000, seed: 7, now };
        let mut loads = Vec::new();
        for name in ["a", "b"] {
            let (dir, pool) = database(name);
            let mut conn = pool.get().unwrap();
            let indexes = |conn: &mut DbConnection| {
                let query = "SELECT name, coalesce(sql, '') AS definition FROM sqlite_master WHERE type = 'index' \
                             ORDER BY name";
                diesel::sql_query(query)
                    .load::<IndexDefinition>(conn)
                    .unwrap()
                    .into_iter()
                    .map(|index| (index.name, index.definition))
                    .collect::<Vec<_>>()
            };
            let before = indexes(&mut conn);
            let mut seen = Vec::new();
            let loaded = load_synthetic(&mut conn, &Actor::system("test"), &spec, &mut |n| seen.push(n)).unwrap();
            assert_eq!(seen.len(), 3, "{seen:?}");
            // The indexes dropped for the load are back as they were.
            assert!(matches!(seen[2], Progress::BuildingIndexes(count) if count >= 10), "{seen:?}");
            assert_eq!(indexes(&mut conn), before);
            assert!((spec.movements..spec.movements + 6).contains(&loaded.movements), "{loaded:?}");
            let stored: i64 = stock_movements::table.count().get_result(&mut conn).unwrap();
            assert_eq!(stored as usize, loaded.movements);
            let kinds: Vec<String> =
                stock_movements::table.select(stock_movements::kind).distinct().load(&mut conn).unwrap();
            assert_eq!(kinds.len(), 3, "{kinds:?}");
            assert!(loaded.transfers > 50 && loaded.cash_entries > 1_000, "{loaded:?}");
            assert_eq!((loaded.campaigns, loaded.donors, loaded.locations), (5, DONORS, LOCATIONS));
            assert!(super::super::balance_sum_matches(&mut conn).unwrap());
            sums_match(&mut conn);
            ledgers_run(&mut conn);
            // Nothing is dated after now.
            let last: Option<NaiveDateTime> =
                stock_movements::table.select(diesel::dsl::max(stock_movements::posted_at)).first(&mut conn).unwrap();
            assert!(last.unwrap() < now);
            // The open campaign is the largest, and its report reads.
            let open: String = campaigns::table
                .filter(campaigns::name.eq(SYNTHETIC_OPEN_CAMPAIGN))
                .select(campaigns::id)
                .first(&mut conn)
                .unwrap();
            let largest: String = campaign_totals::table
                .order(campaign_totals::donations.desc())
                .select(campaign_totals::campaign_id)
                .first(&mut conn)
                .unwrap();
            assert_eq!(open, largest);
            let report = super::super::campaign_report(&mut conn, Uuid::parse_str(&open).unwrap()).unwrap();
            assert!(report.goods.iter().any(|line| line.received.milli() > 0));
            // A second load is refused.
            let again = load_synthetic(&mut conn, &Actor::system("test"), &spec, &mut |_| ());
            assert!(matches!(again, Err(StoreError::Conflict { .. })), "{again:?}");
            let ids: Vec<String> = donations::table.order(donations::id).select(donations::id).load(&mut conn).unwrap();
            loads.push((ids, loaded));
            drop(conn);
            drop(pool);
            std::fs::remove_dir_all(dir).ok();
        }
        assert_eq!(loads[0], loads[1]);
    }
}
