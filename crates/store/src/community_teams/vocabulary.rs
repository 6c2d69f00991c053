//! The module's two managed lists, team kinds and indicators: read, added, changed, and
//! loaded with the plan's defaults on first start. Entries are retired, never deleted,
//! since teams and values keep pointing at them.

use super::rows::{IndicatorRow, KindRow};
use crate::limit::LimitInText;
use crate::{
    audit, db, new_id, now, parse_id,
    schema::{team_indicators, team_kinds},
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::community_team::{
    CreateTeamIndicator, CreateTeamKind, TeamIndicator, TeamKind, UpdateTeamIndicator, UpdateTeamKind,
};
use diesel::prelude::*;
use uuid::Uuid;

const KIND_TAKEN: &str = "another team kind has this code";
const INDICATOR_TAKEN: &str = "another indicator has this code";

/// Namespace of default ids, so they are the same on every installation.
const NAMESPACE: Uuid = Uuid::from_u128(0x7d0c_2f5e_93a1_4b8e_a6c4_1e2f_3b4c_5d6e);

/// (code, Vietnamese name, English name)
const KINDS: &[(&str, &str, &str)] = &[
    ("community_covid", "Tổ COVID cộng đồng", "Community COVID team"),
    ("self_managed", "Tổ tự quản", "Self-managed group"),
    ("f0_home_support", "Tổ hỗ trợ F0 tại nhà", "Home F0 support team"),
    ("volunteers", "Nhóm thiện nguyện", "Volunteer group"),
];

/// (code, Vietnamese name, English name, unit, higher is better, weight)
const INDICATORS: &[(&str, &str, &str, &str, bool, f64)] = &[
    ("households_covered", "Số hộ được phụ trách", "Households covered", "hộ", true, 1.0),
    ("f0_supported", "F0 được hỗ trợ tại nhà", "F0 supported at home", "người", true, 2.0),
    ("quarantine_monitored", "Người cách ly được theo dõi", "People in quarantine monitored", "người", true, 1.5),
    ("vaccination_rate", "Tỷ lệ vận động tiêm chủng", "Vaccination mobilisation rate", "%", true, 2.0),
    ("response_hours", "Thời gian phản hồi tin báo", "Response time to a report", "giờ", false, 1.5),
    ("satisfaction", "Mức độ hài lòng của người dân", "Residents' satisfaction", "%", true, 2.0),
];

/// The id a default entry gets.
fn default_id(list: &str, code: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{list}:{code}").as_bytes())
}

impl KindRow {
    fn into_domain(self) -> Result<TeamKind, StoreError> {
        Ok(TeamKind {
            id: parse_id(&self.id)?,
            code: self.code,
            name_vi: self.name_vi,
            name_en: self.name_en,
            active: self.active,
            position: self.position,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

impl IndicatorRow {
    pub(super) fn into_domain(self) -> Result<TeamIndicator, StoreError> {
        Ok(TeamIndicator {
            id: parse_id(&self.id)?,
            code: self.code,
            name_vi: self.name_vi,
            name_en: self.name_en,
            unit: self.unit,
            higher_is_better: self.higher_is_better,
            weight: self.weight,
            active: self.active,
            position: self.position,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

/// Team kinds in their order; only live or only retired ones when `active` is given.
pub fn list_team_kinds(conn: &mut DbConnection, active: Option<bool>) -> Result<Vec<TeamKind>, StoreError> {
    let mut query = team_kinds::table.into_boxed();
    if let Some(active) = active {
        query = query.filter(team_kinds::active.eq(active));
    }
    let rows: Vec<KindRow> = query.order((team_kinds::position, team_kinds::code)).load(conn)?;
    rows.into_iter().map(KindRow::into_domain).collect()
}

/// Whether a live kind has this id.
pub(super) fn live_kind(conn: &mut DbConnection, id: Uuid) -> Result<bool, StoreError> {
    let found: i64 =
        team_kinds::table.find(id.to_string()).filter(team_kinds::active.eq(true)).count().get_result(conn)?;
    Ok(found > 0)
}

fn next_position(last: Option<i64>) -> i64 {
    last.map_or(0, |last| last + 1)
}

pub fn create_team_kind(
    conn: &mut DbConnection,
    actor: &Actor,
    request: &CreateTeamKind,
) -> Result<TeamKind, StoreError> {
    let holders = team_kinds::table.filter(team_kinds::code.eq(request.code.clone())).into_boxed();
    crate::refuse_taken!(conn, holders, team_kinds::id, None::<&str>, "code", KIND_TAKEN)?;
    let position = match request.position {
        Some(position) => position,
        None => next_position(team_kinds::table.select(diesel::dsl::max(team_kinds::position)).first_row(conn)?),
    };
    let at = now();
    let row = KindRow {
        id: new_id(),
        code: request.code.clone(),
        name_vi: request.name_vi.trim().to_owned(),
        name_en: request.name_en.trim().to_owned(),
        active: true,
        position,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(team_kinds::table).values(&row).execute(conn).map_err(crate::taken("code", KIND_TAKEN))?;
    let kind = row.into_domain()?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::TeamKind,
        Some(&kind.id.to_string()),
        None::<&()>,
        Some(&kind),
    )?;
    Ok(kind)
}

pub fn update_team_kind(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &UpdateTeamKind,
) -> Result<TeamKind, StoreError> {
    let current: KindRow = team_kinds::table.find(id.to_string()).first_row(conn).found()?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = current.clone().into_domain()?;
    let mut row = current;
    if let Some(name) = &request.name_vi {
        row.name_vi = name.trim().to_owned();
    }
    if let Some(name) = &request.name_en {
        row.name_en = name.trim().to_owned();
    }
    row.active = request.active.unwrap_or(row.active);
    row.position = request.position.unwrap_or(row.position);
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, team_kinds, &row, expected_version)?;
    let after = row.into_domain()?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::TeamKind,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// Indicators in their order; only live or only retired ones when `active` is given.
pub fn list_team_indicators(conn: &mut DbConnection, active: Option<bool>) -> Result<Vec<TeamIndicator>, StoreError> {
    let mut query = team_indicators::table.into_boxed();
    if let Some(active) = active {
        query = query.filter(team_indicators::active.eq(active));
    }
    let rows: Vec<IndicatorRow> = query.order((team_indicators::position, team_indicators::code)).load(conn)?;
    rows.into_iter().map(IndicatorRow::into_domain).collect()
}

pub fn create_team_indicator(
    conn: &mut DbConnection,
    actor: &Actor,
    request: &CreateTeamIndicator,
) -> Result<TeamIndicator, StoreError> {
    let holders = team_indicators::table.filter(team_indicators::code.eq(request.code.clone())).into_boxed();
    crate::refuse_taken!(conn, holders, team_indicators::id, None::<&str>, "code", INDICATOR_TAKEN)?;
    let position = match request.position {
        Some(position) => position,
        None => {
            next_position(team_indicators::table.select(diesel::dsl::max(team_indicators::position)).first_row(conn)?)
        }
    };
    let at = now();
    let row = IndicatorRow {
        id: new_id(),
        code: request.code.clone(),
        name_vi: request.name_vi.trim().to_owned(),
        name_en: request.name_en.trim().to_owned(),
        unit: request.unit.trim().to_owned(),
        higher_is_better: request.higher_is_better,
        weight: request.weight,
        active: true,
        position,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(team_indicators::table)
        .values(&row)
        .execute(conn)
        .map_err(crate::taken("code", INDICATOR_TAKEN))?;
    super::scorecard::mark_all_stale(conn)?;
    let indicator = row.into_domain()?;
    let id = indicator.id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::TeamIndicator,
        Some(&id),
        None::<&()>,
        Some(&indicator),
    )?;
    Ok(indicator)
}

/// Changes an indicator; a change of direction, weight or liveness makes every period's
/// scores be computed again when next read.
pub fn update_team_indicator(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &UpdateTeamIndicator,
) -> Result<TeamIndicator, StoreError> {
    let current: IndicatorRow = team_indicators::table.find(id.to_string()).first_row(conn).found()?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = current.clone().into_domain()?;
    let mut row = current;
    if let Some(name) = &request.name_vi {
        row.name_vi = name.trim().to_owned();
    }
    if let Some(name) = &request.name_en {
        row.name_en = name.trim().to_owned();
    }
    if let Some(unit) = &request.unit {
        row.unit = unit.trim().to_owned();
    }
    row.higher_is_better = request.higher_is_better.unwrap_or(row.higher_is_better);
    row.weight = request.weight.unwrap_or(row.weight);
    row.active = request.active.unwrap_or(row.active);
    row.position = request.position.unwrap_or(row.position);
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, team_indicators, &row, expected_version)?;
    if (row.higher_is_better, row.weight, row.active) != (before.higher_is_better, before.weight, before.active) {
        super::scorecard::mark_all_stale(conn)?;
    }
    let after = row.into_domain()?;
    let id = id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::TeamIndicator,
        Some(&id),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// Loads the default kinds and indicators into empty lists; returns how many entries.
pub fn ensure_loaded(conn: &mut DbConnection) -> Result<usize, StoreError> {
    db::write(conn, |conn| {
        let mut inserted = 0;
        let at = now();
        if team_kinds::table.count().get_result::<i64>(conn)? == 0 {
            for (position, (code, name_vi, name_en)) in KINDS.iter().enumerate() {
                let row = KindRow {
                    id: default_id("kind", code).to_string(),
                    code: (*code).to_owned(),
                    name_vi: (*name_vi).to_owned(),
                    name_en: (*name_en).to_owned(),
                    active: true,
                    position: position as i64,
                    version: 1,
                    created_at: at,
                    updated_at: at,
                };
                inserted += diesel::insert_into(team_kinds::table).values(&row).execute(conn)?;
            }
        }
        if team_indicators::table.count().get_result::<i64>(conn)? == 0 {
            for (position, (code, name_vi, name_en, unit, higher_is_better, weight)) in INDICATORS.iter().enumerate() {
                let row = IndicatorRow {
                    id: default_id("indicator", code).to_string(),
                    code: (*code).to_owned(),
                    name_vi: (*name_vi).to_owned(),
                    name_en: (*name_en).to_owned(),
                    unit: (*unit).to_owned(),
                    higher_is_better: *higher_is_better,
                    weight: *weight,
                    active: true,
                    position: position as i64,
                    version: 1,
                    created_at: at,
                    updated_at: at,
                };
                inserted += diesel::insert_into(team_indicators::table).values(&row).execute(conn)?;
            }
        }
        if inserted > 0 {
            let summary = serde_json::json!({ "team_kinds": KINDS.len(), "team_indicators": INDICATORS.len() });
            audit::record(
                conn,
                &Actor::system("import"),
                AuditAction::Import,
                AuditEntity::TeamKind,
                None,
                None::<&()>,
                Some(&summary),
            )?;
        }
        Ok(inserted)
    })
}
