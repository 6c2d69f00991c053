//! The bulk path for community teams: many synthetic teams with a year of indicator
//! values, for the benchmark (`danvan seed-synthetic --teams N`, `cargo xtask bench`; see
//! docs/performance.md). Each team gets the rows its registration, its roster and twelve
//! months of `POST …/indicator-values` would write, inserted many rows to a statement in
//! one transaction; the twelve months are then marked stale, so the first read of each
//! month's scorecard computes it as it would after a month of real reports.
//!
//! Left out: the members' phones (sealing them needs the keyring, and the benchmark reads
//! none), activity logs, models, and an audit row per team (one summary row says what was
//! loaded, as the task loader's does).
//!
//! The teams refer to what is already there: the communes and wards of both layouts, the
//! live team kinds and active indicators (loaded on first start), the live org units, and
//! an account that may register teams (`danvan seed-demo` provides the Office's).

use super::rows::{MemberRow, TeamRow};
use crate::tasks::Rng;
use crate::{
    audit,
    schema::{
        areas, community_teams, org_units, scorecard_periods, team_indicator_values, team_indicators, team_kinds,
        team_members, users,
    },
    Actor, DbConnection, StoreError,
};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use danvan_domain::{
    audit::{AuditAction, AuditEntity},
    community_team::{period_of, shift_period, Affiliation, MemberRole, TeamStatus},
    permission::{allows, Action},
    role::Role,
    text::fold,
};
use diesel::prelude::*;
use std::collections::HashMap;

/// What [`load_synthetic`] loads.
#[derive(Debug, Clone)]
pub struct SyntheticTeams {
    /// How many teams.
    pub count: usize,
    /// The same seed, `now` and reference data give the same rows, ids included.
    pub seed: u64,
    /// The moment the teams are loaded "as of": they were registered over the year before it.
    pub now: NaiveDateTime,
}

/// The months every team has values for: January to December 2021, the year the plan's
/// teams worked.
const FIRST_MONTH: (i32, u32) = (2021, 1);
const MONTHS: i32 = 12;

/// Teams whose rows are built and inserted at a time (about 75 rows each with a year of
/// six indicators): bounds the memory the rows take, not the transaction, which holds
/// the whole load.
const TEAMS_PER_BATCH: usize = 1_000;

/// Over how many days before `now` the teams were registered.
const REGISTERED_OVER_DAYS: i64 = 365;

/// An indicator value, as `record_values` writes it.
#[derive(Insertable)]
#[diesel(table_name = team_indicator_values)]
struct ValueInsert {
    team_id: String,
    period: String,
    indicator_id: String,
    value: f64,
    recorded_by: String,
    updated_at: NaiveDateTime,
}

/// A commune or ward a team may work in, with its province.
struct Commune {
    id: String,
    name: String,
    province_id: String,
}

/// An indicator the teams report on.
struct Indicator {
    id: String,
    code: String,
    higher_is_better: bool,
}

/// What the synthetic teams refer to, read once.
struct References {
    /// The communes of each province of both layouts that has any, provinces in turn by
    /// layout and code.
    provinces: Vec<Vec<Commune>>,
    kinds: Vec<(String, String)>,
    indicators: Vec<Indicator>,
    units: Vec<String>,
    /// Who registers the teams and records their values.
    registrar: String,
}

impl References {
    fn load(conn: &mut DbConnection) -> Result<References, StoreError> {
        let provinces: Vec<String> = areas::table
            .filter(areas::level.eq("province"))
            .order((areas::layout.asc(), areas::code.asc()))
            .select(areas::id)
            .load(conn)?;
        let mut communes: HashMap<String, Vec<Commune>> = HashMap::new();
        let rows: Vec<(String, String, String)> = areas::table
            .filter(areas::level.eq("commune"))
            .order(areas::code.asc())
            .select((areas::id, areas::name, areas::province_id))
            .load(conn)?;
        for (id, name, province_id) in rows {
            communes.entry(province_id.clone()).or_default().push(Commune { id, name, province_id });
        }
        let provinces: Vec<Vec<Commune>> = provinces.iter().filter_map(|province| communes.remove(province)).collect();
        let kinds: Vec<(String, String)> = team_kinds::table
            .filter(team_kinds::active.eq(true))
            .order((team_kinds::position.asc(), team_kinds::code.asc()))
            .select((team_kinds::id, team_kinds::name_vi))
            .load(conn)?;
        let indicators = team_indicators::table
            .filter(team_indicators::active.eq(true))
            .order((team_indicators::position.asc(), team_indicators::code.asc()))
            .select((team_indicators::id, team_indicators::code, team_indicators::higher_is_better))
            .load::<(String, String, bool)>(conn)?
            .into_iter()
            .map(|(id, code, higher_is_better)| Indicator { id, code, higher_is_better })
            .collect();
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
        // The Office registers teams; the administrator only where no Office account is.
        let may_register =
            |role: &str| Role::parse(role).is_some_and(|role| allows(role, Action::CommunityTeamsManage));
        let registrar = accounts
            .iter()
            .find(|(_, role)| may_register(role) && role != Role::Admin.as_str())
            .or_else(|| accounts.iter().find(|(_, role)| may_register(role)))
            .map(|(id, _)| id.clone());
        if provinces.is_empty() {
            return Err(StoreError::conflict("no_areas", "the communes and wards are not loaded"));
        }
        let Some(registrar) = registrar else {
            return Err(StoreError::conflict(
                "no_accounts",
                "synthetic teams need an active account that may register teams: run `danvan seed-demo` first",
            ));
        };
        if kinds.is_empty() {
            return Err(StoreError::conflict("no_team_kinds", "no team kind is in use"));
        }
        Ok(References { provinces, kinds, indicators, units, registrar })
    }
}

/// Loads `spec.count` synthetic teams, each with two or three members and a value of every
/// active indicator for each month of 2021, in one transaction with one summary audit row;
/// marks those months stale. Returns how many teams it loaded. Refuses a database without
/// the reference data the teams need (see the module's documentation).
///
/// On PostgreSQL it then vacuums and analyses the tables it wrote, as autovacuum soon would
/// (PostgreSQL 13 on vacuums tables after many inserts): the planner's statistics, and the
/// visibility map that lets a month's values be read from their index alone.
pub fn load_synthetic(conn: &mut DbConnection, actor: &Actor, spec: &SyntheticTeams) -> Result<usize, StoreError> {
    let refs = References::load(conn)?;
    let first = NaiveDate::from_ymd_opt(FIRST_MONTH.0, FIRST_MONTH.1, 1)
        .ok_or_else(|| StoreError::Config("the first month of synthetic values".into()))?;
    let months: Vec<NaiveDate> = (0..MONTHS).map(|offset| shift_period(first, offset)).collect();
    crate::db::write(conn, |conn| {
        let mut rng = Rng::new(spec.seed);
        let step = step_micros(spec.count);
        let start = spec.now - Duration::days(REGISTERED_OVER_DAYS);
        let mut loaded = 0;
        while loaded < spec.count {
            let end = (loaded + TEAMS_PER_BATCH).min(spec.count);
            let mut batch = Batch::default();
            for index in loaded..end {
                // Registration times grow with the index (so do the UUIDv7 ids): appends to
                // the primary keys, as a live system's registrations are.
                let offset = step * index as i64 + rng.below(step.max(1) as u64) as i64;
                batch.add(&refs, &mut rng, index, start + Duration::microseconds(offset), &months)?;
            }
            batch.insert(conn)?;
            loaded = end;
        }
        for month in &months {
            mark_stale(conn, &period_of(*month))?;
        }
        let summary = serde_json::json!({ "synthetic_teams": loaded, "seed": spec.seed });
        audit::record(conn, actor, AuditAction::Import, AuditEntity::CommunityTeam, None, None::<&()>, Some(&summary))?;
        Ok::<_, StoreError>(())
    })?;
    if let DbConnection::Pg(_) = conn {
        diesel::sql_query("VACUUM (ANALYZE) community_teams, team_members, team_indicator_values, scorecard_periods")
            .execute(conn)?;
    }
    Ok(spec.count)
}

/// Marks `period` stale whether or not it was scored before: its first read computes it.
fn mark_stale(conn: &mut DbConnection, period: &str) -> Result<(), StoreError> {
    let changed =
        diesel::update(scorecard_periods::table.find(period)).set(scorecard_periods::stale.eq(true)).execute(conn)?;
    if changed == 0 {
        diesel::insert_into(scorecard_periods::table)
            .values((scorecard_periods::period.eq(period), scorecard_periods::stale.eq(true)))
            .execute(conn)?;
    }
    Ok(())
}

/// Microseconds between the registration times of consecutive teams.
fn step_micros(count: usize) -> i64 {
    Duration::days(REGISTERED_OVER_DAYS).num_microseconds().unwrap_or(i64::MAX) / count.max(1) as i64
}

/// A number in `[0, 1)`.
fn fraction(rng: &mut Rng) -> f64 {
    rng.below(1_000_000) as f64 / 1_000_000.0
}

const FAMILY_NAMES: &[&str] =
    &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"];
const MIDDLE_NAMES: &[&str] = &["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Hữu", "Thanh"];
const GIVEN_NAMES: &[&str] =
    &["Hùng", "Lan", "Tuấn", "Hà", "Dũng", "Mai", "Sơn", "Hương", "Nam", "Trang", "Bình", "Thảo", "Long", "Yến"];

const PARTNERS: &[&str] =
    &["Ủy ban nhân dân", "Ủy ban Mặt trận Tổ quốc", "Trạm y tế", "Công an", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên"];

const DESCRIPTIONS: &[&str] = &[
    "Nắm chắc số hộ, số người trên địa bàn; theo dõi người cách ly và F0 điều trị tại nhà.",
    "Tuyên truyền phòng, chống dịch đến từng hộ; hỗ trợ lương thực, thực phẩm cho hộ khó khăn.",
    "Vận động người dân tiêm vắc-xin; tiếp nhận và phản hồi tin báo của người dân.",
];

/// How an indicator's values are drawn: the range of a month's value and its precision
/// (decimals); for the number of households, the team's own count scales the range.
fn value_range(code: &str) -> (f64, f64, i32) {
    match code {
        "households_covered" => (0.8, 1.0, 0),
        "f0_supported" => (0.0, 60.0, 0),
        "quarantine_monitored" => (0.0, 150.0, 0),
        "vaccination_rate" => (40.0, 100.0, 1),
        "response_hours" => (0.5, 48.0, 1),
        "satisfaction" => (50.0, 100.0, 1),
        _ => (0.0, 100.0, 1),
    }
}

/// The rows of one batch of teams.
#[derive(Default)]
struct Batch {
    teams: Vec<TeamRow>,
    members: Vec<MemberRow>,
    values: Vec<ValueInsert>,
}

impl Batch {
    /// Adds the rows of the team number `index`, registered at `created_at`.
    fn add(
        &mut self,
        refs: &References,
        rng: &mut Rng,
        index: usize,
        created_at: NaiveDateTime,
        months: &[NaiveDate],
    ) -> Result<(), StoreError> {
        let id = rng.uuid_v7(created_at).to_string();
        // The provinces of both layouts in turn, so each has the same number of teams give
        // or take one; within a province, any commune.
        let communes = refs.provinces.get(index % refs.provinces.len()).ok_or(StoreError::NotFound)?;
        let commune = rng.pick(communes).ok_or(StoreError::NotFound)?;
        let (kind_id, kind_name) = rng.pick(&refs.kinds).ok_or(StoreError::NotFound)?;
        let name = format!("{kind_name} {} số {}", commune.name, 1 + rng.below(12));
        let founded_on = NaiveDate::from_ymd_opt(2020, 3, 1).unwrap_or_default() + Duration::days(rng.between(0, 300));
        let roll = rng.below(100);
        let status = if roll < 90 {
            TeamStatus::Active
        } else if roll < 97 {
            TeamStatus::Paused
        } else {
            TeamStatus::Dissolved
        };
        let org_unit_id = if rng.below(2) == 0 { rng.pick(&refs.units).cloned() } else { None };
        let households = rng.between(30, 400);
        self.teams.push(TeamRow {
            id: id.clone(),
            name_folded: fold(&name),
            name,
            kind_id: kind_id.clone(),
            area_id: commune.id.clone(),
            province_id: commune.province_id.clone(),
            founded_on,
            status: status.as_str().to_owned(),
            org_unit_id,
            partner_body: format!("{} {}", rng.pick(PARTNERS).unwrap_or(&""), commune.name),
            description: rng.pick(DESCRIPTIONS).unwrap_or(&"").to_string(),
            households_covered: households,
            created_by: refs.registrar.clone(),
            version: 1,
            created_at,
            updated_at: created_at,
        });

        // A leader, a deputy, and a member one time in two.
        let roles: &[MemberRole] = if rng.below(2) == 0 {
            &[MemberRole::Leader, MemberRole::Deputy]
        } else {
            &[MemberRole::Leader, MemberRole::Deputy, MemberRole::Member]
        };
        for role in roles {
            let name = format!(
                "{} {} {}",
                rng.pick(FAMILY_NAMES).unwrap_or(&""),
                rng.pick(MIDDLE_NAMES).unwrap_or(&""),
                rng.pick(GIVEN_NAMES).unwrap_or(&"")
            );
            self.members.push(MemberRow {
                id: rng.uuid_v7(created_at).to_string(),
                team_id: id.clone(),
                name,
                role: role.as_str().to_owned(),
                affiliation: rng.pick(Affiliation::ALL).copied().unwrap_or(Affiliation::Resident).as_str().to_owned(),
                joined_on: founded_on + Duration::days(rng.between(0, 30)),
                left_on: None,
                phone_sealed: None,
                phone_hash: None,
                version: 1,
                created_at,
                updated_at: created_at,
            });
        }

        // A team's standing carries over from month to month, so that ranks and trends
        // look like real ones: its values are drawn around its own level.
        let level = fraction(rng);
        for month in months {
            let period = period_of(*month);
            // Reported on the fifth of the next month.
            let reported_at = shift_period(*month, 1).and_hms_opt(9, 0, 0).unwrap_or_default() + Duration::days(4);
            for indicator in &refs.indicators {
                let (low, high, decimals) = value_range(&indicator.code);
                let (low, high) = if indicator.code == "households_covered" {
                    (low * households as f64, high * households as f64)
                } else {
                    (low, high)
                };
                let standing = (0.6 * level + 0.4 * fraction(rng)).clamp(0.0, 1.0);
                let position = if indicator.higher_is_better { standing } else { 1.0 - standing };
                let scale = 10f64.powi(decimals);
                self.values.push(ValueInsert {
                    team_id: id.clone(),
                    period: period.clone(),
                    indicator_id: indicator.id.clone(),
                    value: ((low + (high - low) * position) * scale).round() / scale,
                    recorded_by: refs.registrar.clone(),
                    updated_at: reported_at,
                });
            }
        }
        Ok(())
    }

    /// Inserts the batch; teams first, as the foreign keys want.
    fn insert(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        crate::insert_many!(conn, community_teams::table, &self.teams, 16)?;
        crate::insert_many!(conn, team_members::table, &self.members, 12)?;
        crate::insert_many!(conn, team_indicator_values::table, &self.values, 6)?;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::schema::{audit_log, team_scores};
    use danvan_domain::user::CreateUser;
    use uuid::Uuid;

    fn database(name: &str) -> (std::path::PathBuf, crate::Pool) {
        let dir = std::env::temp_dir().join(format!("danvan-teams-bulk-{name}-{}", Uuid::now_v7()));
        let pool = crate::db::connect(&format!("sqlite://{}/danvan.db", dir.display()), 1).unwrap();
        let mut conn = pool.get().unwrap();
        crate::areas::ensure_loaded(&mut conn).unwrap();
        super::super::ensure_loaded(&mut conn).unwrap();
        let request = CreateUser {
            username: "office".into(),
            display_name: "Văn phòng".into(),
            email: None,
            role: Role::Office,
            org_unit_id: None,
            password: String::new(),
            scope_area_ids: Vec::new(),
            scope_area_group_ids: Vec::new(),
        };
        crate::db::write(&mut conn, |conn| crate::users::create(conn, &Actor::system("test"), &request, "x".into()))
            .unwrap();
        drop(conn);
        (dir, pool)
    }

    #[test]
    fn loads_teams_whose_months_score_and_the_same_seed_gives_the_same_rows() {
        let now = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
        let spec = SyntheticTeams { count: TEAMS_PER_BATCH + 150, seed: 7, now };
        let mut loads = Vec::new();
        for name in ["a", "b"] {
            let (dir, pool) = database(name);
            let mut conn = pool.get().unwrap();
            assert_eq!(load_synthetic(&mut conn, &Actor::system("test"), &spec).unwrap(), spec.count);
            let teams: Vec<TeamRow> = community_teams::table
                .order(community_teams::id.asc())
                .select(TeamRow::as_select())
                .load(&mut conn)
                .unwrap();
            assert_eq!(teams.len(), spec.count);
            assert!(teams.iter().all(|team| team.name_folded == fold(&team.name)));
            // Both layouts' provinces have teams.
            let provinces: Vec<String> =
                community_teams::table.select(community_teams::province_id).distinct().load(&mut conn).unwrap();
            assert!(provinces.len() > 63, "{}", provinces.len());
            let values: i64 = team_indicator_values::table.count().get_result(&mut conn).unwrap();
            assert_eq!(values as usize, spec.count * 12 * 6);
            let members: i64 = team_members::table.count().get_result(&mut conn).unwrap();
            assert!((2 * spec.count..=3 * spec.count).contains(&(members as usize)));
            let audited: i64 = audit_log::table
                .filter(audit_log::entity.eq(AuditEntity::CommunityTeam.as_str()))
                .count()
                .get_result(&mut conn)
                .unwrap();
            assert_eq!(audited, 1);
            // Every month waits for its first read, which scores every team.
            for month in ["2021-01", "2021-12"] {
                assert!(super::super::scorecard::is_stale(&mut conn, month).unwrap());
            }
            crate::db::write(&mut conn, |conn| super::super::scorecard::refresh(conn, "2021-12")).unwrap();
            let scored: i64 =
                team_scores::table.filter(team_scores::period.eq("2021-12")).count().get_result(&mut conn).unwrap();
            assert_eq!(scored as usize, spec.count);
            loads.push(teams.into_iter().map(|team| (team.id, team.name, team.area_id)).collect::<Vec<_>>());
            drop(conn);
            drop(pool);
            std::fs::remove_dir_all(dir).ok();
        }
        assert_eq!(loads[0], loads[1]);
    }
}
