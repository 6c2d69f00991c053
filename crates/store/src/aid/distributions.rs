//! Distribution rounds: built from every eligible beneficiary of an area (one of the
//! round's categories, consent given, not merged, no planned or delivered line of the same
//! campaign), approved by a second person, delivered line by line (`deliveries.rs`),
//! completed or cancelled. The moves are `danvan_domain::aid::ROUND_TRANSITIONS`.
//!
//! Rounds are read and changed by their `province_id` (the province of the round's area):
//! a caller who does not reach it gets 404, one who reaches it but may not act 403. A
//! person is covered by a campaign once: the partial unique index `distribution_lines_once`
//! refuses a second planned or delivered line (409 `already_covered`).

use super::households::{reaches, scope_provinces};
use super::rows::LocationRow;
use super::{campaigns, contains, names, parse, vocabulary};
use crate::limit::LimitInText;
use crate::{
    audit, expect_version, new_id, now, paging, parse_id,
    schema::{
        areas, beneficiaries, beneficiary_category_links, campaign_totals, distribution_lines,
        distribution_round_items, distribution_rounds, stock_balances, support_categories,
    },
    scope::Viewer,
    utc, Actor, DbConnection, Found, OptionalRow, StoreError,
};
use chrono::NaiveDateTime;
use danvan_domain::{
    aid::{
        CreateRound, DistributionLine, DistributionRound, GoodsAmount, LineCounts, LineStatus, NotDeliveredReason,
        Quantity, RoundActor, RoundPreview, RoundStatus, StockNeed, PREVIEW_NAMES,
    },
    area::AreaLevel,
    audit::{AuditAction, AuditEntity},
    named::NamedRef,
    permission::{allows, Action},
    policy,
    text::fold,
};
use diesel::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = distribution_rounds)]
pub(super) struct RoundRow {
    pub id: String,
    pub campaign_id: String,
    pub name: String,
    pub area_id: String,
    pub province_id: String,
    pub location_id: Option<String>,
    pub cash_each: i64,
    pub categories: String,
    pub status: String,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = distribution_lines)]
pub(super) struct LineRow {
    pub id: String,
    pub round_id: String,
    pub campaign_id: String,
    pub beneficiary_id: String,
    pub category_id: String,
    pub name_folded: String,
    pub status: String,
    pub reason: Option<String>,
    pub delivered_by: Option<String>,
    pub delivered_at: Option<NaiveDateTime>,
    pub confirmation: String,
    pub note: String,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

/// What a line's audit row keeps: its state, never the person's details.
#[derive(Debug, Serialize)]
pub(super) struct LineAudit<'a> {
    pub round_id: &'a str,
    pub beneficiary_id: &'a str,
    pub status: &'a str,
    pub reason: Option<&'a str>,
    pub note: &'a str,
}

impl LineRow {
    pub(super) fn audit(&self) -> LineAudit<'_> {
        LineAudit {
            round_id: &self.round_id,
            beneficiary_id: &self.beneficiary_id,
            status: &self.status,
            reason: self.reason.as_deref(),
            note: &self.note,
        }
    }
}

/// Statuses that hold a person for a campaign (the partial unique index's).
pub(super) const HOLDING: [&str; 2] = ["planned", "delivered"];

// --- scope ---

fn in_scope(viewer: &Viewer, province: Uuid) -> bool {
    viewer.scope.all_areas || viewer.scope.province_ids.contains(&province)
}

/// How the viewer stands to a round: the moves of `ROUND_TRANSITIONS` they may make.
pub(super) fn actors(viewer: &Viewer, row: &RoundRow) -> Result<Vec<RoundActor>, StoreError> {
    let province = parse_id(&row.province_id)?;
    if !in_scope(viewer, province) {
        return Ok(Vec::new());
    }
    let mut actors = Vec::new();
    if allows(viewer.role, Action::DistributionsManage) {
        actors.push(RoundActor::Manager);
    }
    if policy::may_approve_round(viewer.role, viewer.user_id, parse_id(&row.created_by)?) {
        actors.push(RoundActor::Approver);
    }
    if allows(viewer.role, Action::DistributionsDeliver) {
        actors.push(RoundActor::Deliverer);
    }
    Ok(actors)
}

/// The round `id` if the viewer reaches it; 404 otherwise.
pub(super) fn visible_round(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<RoundRow, StoreError> {
    let row: RoundRow =
        distribution_rounds::table.find(id.to_string()).select(RoundRow::as_select()).first_row(conn).found()?;
    if !reaches(viewer, &row.province_id)? {
        return Err(StoreError::NotFound);
    }
    Ok(row)
}

/// The line `line_id` of the round `round` the viewer reaches; 404 otherwise.
pub(super) fn visible_line(
    conn: &mut DbConnection,
    viewer: &Viewer,
    round: Uuid,
    line_id: Uuid,
) -> Result<(RoundRow, LineRow), StoreError> {
    let round = visible_round(conn, viewer, round)?;
    let line: LineRow = distribution_lines::table
        .find(line_id.to_string())
        .filter(distribution_lines::round_id.eq(&round.id))
        .select(LineRow::as_select())
        .first_row(conn)
        .found()?;
    Ok((round, line))
}

// --- eligibility ---

/// The area a round covers, with its level and province.
struct RoundArea {
    id: String,
    level: AreaLevel,
    province_id: String,
}

fn round_area(conn: &mut DbConnection, id: Uuid) -> Result<RoundArea, StoreError> {
    let found: Option<(String, String, String)> = areas::table
        .find(id.to_string())
        .select((areas::id, areas::level, areas::province_id))
        .first_row(conn)
        .optional()?;
    let (id, level, province_id) =
        found.ok_or_else(|| StoreError::invalid("area_id", "unknown", "no area has this id"))?;
    let level = AreaLevel::parse(&level).ok_or_else(|| StoreError::Corrupt(format!("unknown area level {level:?}")))?;
    Ok(RoundArea { id, level, province_id })
}

/// The people of `$area` with one of `$categories` (ids), consent given and not merged,
/// joined with their category links; `$covered` picks those who already hold a planned or
/// delivered line of `$campaign` (true) or those who do not (false).
macro_rules! people {
    ($area:expr, $categories:expr, $campaign:expr, $through_merged:expr, $covered:expr) => {{
        let area: &RoundArea = $area;
        let mut query = beneficiaries::table
            .inner_join(
                beneficiary_category_links::table.on(beneficiary_category_links::beneficiary_id.eq(beneficiaries::id)),
            )
            .filter(beneficiary_category_links::category_id.eq_any($categories.to_vec()))
            .filter(beneficiaries::consent.eq("given"))
            .filter(beneficiaries::merged_into.is_null())
            .into_boxed();
        query = match area.level {
            AreaLevel::Commune => query.filter(beneficiaries::area_id.eq(area.id.clone())),
            AreaLevel::District => query.filter(
                beneficiaries::area_id
                    .eq_any(areas::table.filter(areas::parent_id.eq(area.id.clone())).select(areas::id)),
            ),
            AreaLevel::Province => query.filter(beneficiaries::province_id.eq(area.id.clone())),
        };
        let holding = distribution_lines::table
            .filter(distribution_lines::campaign_id.eq($campaign.to_owned()))
            .filter(distribution_lines::status.eq_any(HOLDING))
            .select(distribution_lines::beneficiary_id);
        let through_merged: Vec<String> = $through_merged;
        if $covered {
            query.filter(beneficiaries::id.eq_any(holding).or(beneficiaries::id.eq_any(through_merged)))
        } else {
            query.filter(beneficiaries::id.ne_all(holding)).filter(beneficiaries::id.ne_all(through_merged))
        }
    }};
}

/// The people into whom a record was merged that holds a line of `campaign`: the survivor
/// of a merge has had the campaign's entitlement through the merged record.
fn held_through_merged(conn: &mut DbConnection, campaign: &str) -> Result<Vec<String>, StoreError> {
    let survivors: Vec<Option<String>> = distribution_lines::table
        .inner_join(beneficiaries::table.on(beneficiaries::id.eq(distribution_lines::beneficiary_id)))
        .filter(distribution_lines::campaign_id.eq(campaign))
        .filter(distribution_lines::status.eq_any(HOLDING))
        .filter(beneficiaries::merged_into.is_not_null())
        .select(beneficiaries::merged_into)
        .load(conn)?;
    Ok(survivors.into_iter().flatten().collect())
}

/// What a create or preview names, checked: the campaign, the area, the categories (ids
/// in the round's order, with their codes), the location and the items.
struct Checked {
    campaign_id: String,
    area: RoundArea,
    categories: Vec<(String, String)>,
    location: Option<LocationRow>,
    items: HashMap<String, super::rows::ItemRow>,
}

fn check(conn: &mut DbConnection, viewer: &Viewer, request: &CreateRound) -> Result<Checked, StoreError> {
    let campaign = match campaigns::find_campaign(conn, request.campaign_id) {
        Ok(row) => row,
        Err(StoreError::NotFound) => {
            return Err(StoreError::invalid("campaign_id", "unknown", "no campaign has this id"))
        }
        Err(error) => return Err(error),
    };
    let area = round_area(conn, request.area_id)?;
    if !(allows(viewer.role, Action::DistributionsManage) && in_scope(viewer, parse_id(&area.province_id)?)) {
        return Err(StoreError::invalid("area_id", "out_of_scope", "is outside your provinces"));
    }
    let wanted: Vec<String> = request.category_ids.iter().map(Uuid::to_string).collect();
    let found: HashMap<String, String> = support_categories::table
        .filter(support_categories::id.eq_any(&wanted))
        .filter(support_categories::active.eq(true))
        .select((support_categories::id, support_categories::code))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut categories = Vec::new();
    for (index, id) in wanted.iter().enumerate() {
        let code = found.get(id).ok_or_else(|| {
            StoreError::invalid(&format!("category_ids[{index}]"), "unknown", "no active category has this id")
        })?;
        categories.push((id.clone(), code.clone()));
    }
    let location =
        request.location_id.map(|id| vocabulary::usable_location(conn, viewer, id, "location_id")).transpose()?;
    let item_ids: Vec<Uuid> = request.items.iter().map(|line| line.item_id).collect();
    let items = vocabulary::known_items(conn, &item_ids, "items")?;
    Ok(Checked { campaign_id: campaign.id, area, categories, location, items })
}

/// Who a round would cover and whether the stock and the campaign's cash suffice.
pub fn preview_round(
    conn: &mut DbConnection,
    viewer: &Viewer,
    request: &CreateRound,
) -> Result<RoundPreview, StoreError> {
    let checked = check(conn, viewer, request)?;
    let category_ids: Vec<String> = checked.categories.iter().map(|(id, _)| id.clone()).collect();
    let campaign = checked.campaign_id.as_str();
    let merged = held_through_merged(conn, campaign)?;
    let eligible: i64 = people!(&checked.area, category_ids, campaign, merged.clone(), false)
        .select(diesel::dsl::count(beneficiaries::id).aggregate_distinct())
        .get_result(conn)?;
    let already_covered: i64 = people!(&checked.area, category_ids, campaign, merged.clone(), true)
        .select(diesel::dsl::count(beneficiaries::id).aggregate_distinct())
        .get_result(conn)?;
    let first: Vec<(String, String, String, String)> =
        people!(&checked.area, category_ids, campaign, merged.clone(), false)
            .select((beneficiaries::name_folded, beneficiaries::id, beneficiaries::full_name, beneficiaries::area_id))
            .distinct()
            .order((beneficiaries::name_folded, beneficiaries::id))
            .limit_in_text(PREVIEW_NAMES)
            .load(conn)?;
    let communes: Vec<String> = first.iter().map(|row| row.3.clone()).collect();
    let commune_names: HashMap<String, String> = names!(conn, areas, name, &communes);
    let names = first
        .into_iter()
        .map(|(_, id, name, commune)| {
            let commune = commune_names.get(&commune).cloned().unwrap_or_default();
            Ok(NamedRef { id: parse_id(&id)?, name: format!("{name} · {commune}") })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let (received, disbursed): (i64, i64) = campaign_totals::table
        .find(campaign)
        .select((campaign_totals::received_cash, campaign_totals::disbursed_cash))
        .first_row(conn)
        .optional()?
        .unwrap_or_default();
    let cash_needed = request.cash_each.saturating_mul(eligible);
    let held: HashMap<String, i64> = match &checked.location {
        Some(location) => stock_balances::table
            .filter(stock_balances::location_id.eq(&location.id))
            .filter(stock_balances::item_id.eq_any(checked.items.keys()))
            .select((stock_balances::item_id, stock_balances::quantity_milli))
            .load::<(String, i64)>(conn)?
            .into_iter()
            .collect(),
        None => HashMap::new(),
    };
    let goods = request
        .items
        .iter()
        .map(|line| {
            let id = line.item_id.to_string();
            let item = checked.items.get(&id).ok_or_else(|| StoreError::Corrupt(format!("unknown item {id}")))?;
            let need = line.quantity.milli().saturating_mul(eligible);
            let available = held.get(&id).copied().unwrap_or(0);
            Ok(StockNeed {
                need: GoodsAmount {
                    item: NamedRef { id: line.item_id, name: item.name_vi.clone() },
                    unit: item.unit()?,
                    quantity: Quantity(need),
                },
                available: Quantity(available),
                sufficient: available >= need,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(RoundPreview {
        eligible,
        names,
        already_covered,
        cash_needed,
        cash_available: received - disbursed,
        cash_sufficient: received - disbursed >= cash_needed,
        goods,
    })
}

/// A draft round whose lines are every eligible person; 409 `already_covered` when every
/// person of the area and categories holds a line of the campaign already, and
/// `no_eligible_beneficiaries` when the area has nobody of these categories.
pub fn create_round(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    request: &CreateRound,
) -> Result<DistributionRound, StoreError> {
    let checked = check(conn, viewer, request)?;
    let category_ids: Vec<String> = checked.categories.iter().map(|(id, _)| id.clone()).collect();
    let campaign = checked.campaign_id.clone();
    let merged = held_through_merged(conn, &campaign)?;
    let people: Vec<(String, String, String)> =
        people!(&checked.area, category_ids, campaign.as_str(), merged.clone(), false)
            .select((beneficiaries::id, beneficiaries::name_folded, beneficiary_category_links::category_id))
            .load(conn)?;
    if people.is_empty() {
        let covered: i64 = people!(&checked.area, category_ids, campaign.as_str(), merged.clone(), true)
            .select(diesel::dsl::count(beneficiaries::id).aggregate_distinct())
            .get_result(conn)?;
        return Err(if covered > 0 {
            StoreError::conflict(
                "already_covered",
                format!("all {covered} people of this area and these categories already receive from this campaign"),
            )
        } else {
            StoreError::conflict("no_eligible_beneficiaries", "nobody of these categories lives in this area")
        });
    }
    // Each person once, counted under the first of the round's categories they have.
    let rank: HashMap<&str, usize> = category_ids.iter().enumerate().map(|(index, id)| (id.as_str(), index)).collect();
    let mut chosen: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (id, folded, category) in people {
        let better =
            chosen.get(&id).is_none_or(|(current, _)| rank.get(category.as_str()) < rank.get(current.as_str()));
        if better {
            chosen.insert(id, (category, folded));
        }
    }
    let (by, at) = (crate::actor_id(actor)?, now());
    let row = RoundRow {
        id: new_id(),
        campaign_id: campaign.clone(),
        name: request.name.trim().to_owned(),
        area_id: checked.area.id.clone(),
        province_id: checked.area.province_id.clone(),
        location_id: checked.location.as_ref().map(|location| location.id.clone()),
        cash_each: request.cash_each,
        categories: checked.categories.iter().map(|(_, code)| code.as_str()).collect::<Vec<_>>().join(","),
        status: RoundStatus::Draft.as_str().to_owned(),
        created_by: by,
        approved_by: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(distribution_rounds::table).values(&row).execute(conn)?;
    let items: Vec<(String, String, i64)> =
        request.items.iter().map(|line| (row.id.clone(), line.item_id.to_string(), line.quantity.milli())).collect();
    for (round, item, quantity) in &items {
        diesel::insert_into(distribution_round_items::table)
            .values((
                distribution_round_items::round_id.eq(round),
                distribution_round_items::item_id.eq(item),
                distribution_round_items::quantity_milli.eq(quantity),
            ))
            .execute(conn)?;
    }
    let lines: Vec<LineRow> = chosen
        .into_iter()
        .map(|(beneficiary_id, (category_id, name_folded))| LineRow {
            id: new_id(),
            round_id: row.id.clone(),
            campaign_id: campaign.clone(),
            beneficiary_id,
            category_id,
            name_folded,
            status: LineStatus::Planned.as_str().to_owned(),
            reason: None,
            delivered_by: None,
            delivered_at: None,
            confirmation: String::new(),
            note: String::new(),
            version: 1,
            updated_at: at,
        })
        .collect();
    crate::insert_many!(conn, distribution_lines::table, &lines, 14).map_err(covered)?;
    let round = assemble_rounds(conn, viewer, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::DistributionRound,
        Some(&round.id.to_string()),
        None::<&()>,
        Some(&round),
    )?;
    Ok(round)
}

/// A unique-index violation of `distribution_lines_once`: the person holds a line of the
/// campaign already (two rounds built at once, a second delivery after another round).
pub(super) fn covered(error: diesel::result::Error) -> StoreError {
    match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            StoreError::conflict("already_covered", "this person already receives from this campaign")
        }
        other => other.into(),
    }
}

// --- reading ---

fn counts(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, LineCounts>, StoreError> {
    let rows: Vec<(String, String, i64)> = distribution_lines::table
        .filter(distribution_lines::round_id.eq_any(ids))
        .group_by((distribution_lines::round_id, distribution_lines::status))
        .select((distribution_lines::round_id, distribution_lines::status, diesel::dsl::count_star()))
        .load(conn)?;
    let mut counts: HashMap<String, LineCounts> = HashMap::new();
    for (round, status, count) in rows {
        let entry = counts.entry(round).or_default();
        match parse(&status, LineStatus::parse)? {
            LineStatus::Planned => entry.planned = count,
            LineStatus::Delivered => entry.delivered = count,
            LineStatus::NotDelivered => entry.not_delivered = count,
            LineStatus::Cancelled => entry.cancelled = count,
        }
    }
    Ok(counts)
}

pub(super) fn assemble_rounds(
    conn: &mut DbConnection,
    viewer: &Viewer,
    rows: Vec<RoundRow>,
) -> Result<Vec<DistributionRound>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let campaign_ids: Vec<String> = rows.iter().map(|row| row.campaign_id.clone()).collect();
    let area_ids: Vec<String> = rows.iter().flat_map(|row| [row.area_id.clone(), row.province_id.clone()]).collect();
    let location_ids: Vec<String> = rows.iter().filter_map(|row| row.location_id.clone()).collect();
    let users: Vec<String> =
        rows.iter().flat_map(|row| std::iter::once(row.created_by.clone()).chain(row.approved_by.clone())).collect();
    let campaign_names: HashMap<String, String> = names!(conn, campaigns, name, &campaign_ids);
    let area_names: HashMap<String, String> = names!(conn, areas, name, &area_ids);
    let location_names: HashMap<String, String> = names!(conn, aid_locations, name, &location_ids);
    let user_names = crate::tasks::user_names(conn, &users)?;
    let codes: Vec<String> =
        rows.iter().flat_map(|row| row.categories.split(',').map(str::to_owned).collect::<Vec<_>>()).collect();
    let categories: HashMap<String, (String, String)> = support_categories::table
        .filter(support_categories::code.eq_any(&codes))
        .select((support_categories::code, support_categories::id, support_categories::name_vi))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(code, id, name)| (code, (id, name)))
        .collect();
    let items: Vec<(String, String, i64)> = distribution_round_items::table
        .filter(distribution_round_items::round_id.eq_any(&ids))
        .order((distribution_round_items::round_id, distribution_round_items::item_id))
        .select((
            distribution_round_items::round_id,
            distribution_round_items::item_id,
            distribution_round_items::quantity_milli,
        ))
        .load(conn)?;
    let item_ids: Vec<String> = items.iter().map(|row| row.1.clone()).collect();
    let item_rows = vocabulary::items_by_id(conn, &item_ids)?;
    let counts = counts(conn, &ids)?;
    rows.into_iter()
        .map(|row| {
            let status = parse(&row.status, RoundStatus::parse)?;
            let counts = counts.get(&row.id).cloned().unwrap_or_default();
            let actors = actors(viewer, &row)?;
            let may = |to: RoundStatus| danvan_domain::aid::may_move_round(status, to, &actors);
            let items = campaigns::goods_amounts(
                items
                    .iter()
                    .filter(|(round, _, _)| *round == row.id)
                    .map(|(_, item, quantity)| (item.clone(), *quantity))
                    .collect(),
                &item_rows,
            )?;
            let categories = row
                .categories
                .split(',')
                .filter(|code| !code.is_empty())
                .map(|code| {
                    let (id, name) = categories
                        .get(code)
                        .ok_or_else(|| StoreError::Corrupt(format!("unknown category {code:?}")))?;
                    Ok(NamedRef { id: parse_id(id)?, name: name.clone() })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let open = matches!(status, RoundStatus::Approved | RoundStatus::Delivering);
            Ok(DistributionRound {
                id: parse_id(&row.id)?,
                campaign: crate::named(&row.campaign_id, &campaign_names)?,
                area: crate::named(&row.area_id, &area_names)?,
                province: crate::named(&row.province_id, &area_names)?,
                location: row.location_id.as_deref().map(|id| crate::named(id, &location_names)).transpose()?,
                cash_each: row.cash_each,
                items,
                categories,
                can_approve: may(RoundStatus::Approved) && counts.planned > 0,
                can_deliver: open && actors.contains(&RoundActor::Deliverer),
                can_start: may(RoundStatus::Delivering),
                can_complete: may(RoundStatus::Completed) && counts.planned == 0,
                can_cancel: may(RoundStatus::Cancelled),
                can_edit: status == RoundStatus::Draft && actors.contains(&RoundActor::Manager),
                status,
                counts,
                created_by: crate::named(&row.created_by, &user_names)?,
                approved_by: row.approved_by.as_deref().map(|id| crate::named(id, &user_names)).transpose()?,
                name: row.name,
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

pub fn get_round(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<DistributionRound, StoreError> {
    let row = visible_round(conn, viewer, id)?;
    Ok(assemble_rounds(conn, viewer, vec![row])?.remove(0))
}

/// Filters of the round list.
#[derive(Debug, Clone, Default)]
pub struct RoundFilter {
    pub campaign_id: Option<Uuid>,
    pub status: Option<RoundStatus>,
    pub province_id: Option<Uuid>,
}

fn rounds_query(
    viewer: &Viewer,
    filter: &RoundFilter,
) -> distribution_rounds::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut query = distribution_rounds::table.into_boxed();
    if let Some(campaign) = filter.campaign_id {
        query = query.filter(distribution_rounds::campaign_id.eq(campaign.to_string()));
    }
    if let Some(status) = filter.status {
        query = query.filter(distribution_rounds::status.eq(status.as_str()));
    }
    if let Some(province) = filter.province_id {
        query = query.filter(distribution_rounds::province_id.eq(province.to_string()));
    }
    if let Some(provinces) = scope_provinces(viewer) {
        query = query.filter(distribution_rounds::province_id.eq_any(provinces));
    }
    query
}

/// Rounds the viewer reaches, newest first, `limit` at a time.
pub fn list_rounds(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &RoundFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<DistributionRound>, StoreError> {
    let after = paging::after_stamp(after)?;
    let rows: Vec<RoundRow> = paging::seek!(
        rounds_query(viewer, filter),
        distribution_rounds::created_at,
        distribution_rounds::id,
        after,
        desc
    )
    .select(RoundRow::as_select())
    .limit_in_text(paging::fetch(limit))
    .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| paging::stamp_key(row.created_at, &row.id),
        |rows| assemble_rounds(conn, viewer, rows),
    )
}

/// The query `list_rounds` runs for its first page, for the query-plan test.
pub fn explain_rounds(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &RoundFilter,
) -> Result<Vec<String>, StoreError> {
    let query = paging::seek!(
        rounds_query(viewer, filter),
        distribution_rounds::created_at,
        distribution_rounds::id,
        None::<(NaiveDateTime, String)>,
        desc
    )
    .select(distribution_rounds::id)
    .limit_in_text(paging::fetch(danvan_domain::page::DEFAULT_LIMIT as usize));
    crate::explain::plan(conn, query)
}

/// Filters of a round's lines.
#[derive(Debug, Clone, Default)]
pub struct LineFilter {
    pub status: Option<LineStatus>,
    /// Words of the name, without diacritics.
    pub q: Option<String>,
}

fn lines_query(round: &str, filter: &LineFilter) -> distribution_lines::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut query = distribution_lines::table.filter(distribution_lines::round_id.eq(round.to_owned())).into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(distribution_lines::status.eq(status.as_str()));
    }
    if let Some(q) = filter.q.as_deref().map(fold).filter(|q| !q.is_empty()) {
        query = query.filter(distribution_lines::name_folded.like(contains(&q)).escape('\\'));
    }
    query
}

pub(super) fn assemble_lines(conn: &mut DbConnection, rows: Vec<LineRow>) -> Result<Vec<DistributionLine>, StoreError> {
    let people: Vec<String> = rows.iter().map(|row| row.beneficiary_id.clone()).collect();
    type Person = (String, String, Option<String>, String, String);
    let persons: HashMap<String, Person> = beneficiaries::table
        .filter(beneficiaries::id.eq_any(&people))
        .select((
            beneficiaries::id,
            beneficiaries::full_name,
            beneficiaries::household_id,
            beneficiaries::area_id,
            beneficiaries::address,
        ))
        .load::<Person>(conn)?
        .into_iter()
        .map(|person| (person.0.clone(), person))
        .collect();
    let household_ids: Vec<String> = persons.values().filter_map(|person| person.2.clone()).collect();
    let household_names: HashMap<String, String> = names!(conn, households, name, &household_ids);
    let communes: Vec<String> = persons.values().map(|person| person.3.clone()).collect();
    let commune_names: HashMap<String, String> = names!(conn, areas, name, &communes);
    let category_ids: Vec<String> = rows.iter().map(|row| row.category_id.clone()).collect();
    let category_names: HashMap<String, String> = names!(conn, support_categories, name_vi, &category_ids);
    let users: Vec<String> = rows.iter().filter_map(|row| row.delivered_by.clone()).collect();
    let user_names = crate::tasks::user_names(conn, &users)?;
    rows.into_iter()
        .map(|row| {
            let person = persons
                .get(&row.beneficiary_id)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown beneficiary {}", row.beneficiary_id)))?;
            Ok(DistributionLine {
                id: parse_id(&row.id)?,
                round_id: parse_id(&row.round_id)?,
                beneficiary: NamedRef { id: parse_id(&person.0)?, name: person.1.clone() },
                household: person.2.as_ref().and_then(|id| household_names.get(id).cloned()),
                commune: crate::named(&person.3, &commune_names)?,
                address: person.4.clone(),
                category: crate::named(&row.category_id, &category_names)?,
                status: parse(&row.status, LineStatus::parse)?,
                reason: row.reason.as_deref().map(|reason| parse(reason, NotDeliveredReason::parse)).transpose()?,
                delivered_by: row.delivered_by.as_deref().map(|id| crate::named(id, &user_names)).transpose()?,
                delivered_at: row.delivered_at.map(utc),
                confirmation: row.confirmation,
                note: row.note,
                version: row.version,
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

/// A round's lines by name, `limit` at a time (the delivery checklist).
pub fn list_lines(
    conn: &mut DbConnection,
    viewer: &Viewer,
    round: Uuid,
    filter: &LineFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<DistributionLine>, StoreError> {
    let round = visible_round(conn, viewer, round)?;
    let after = after.map(paging::decode::<2>).transpose()?.map(|[name, id]| (name, id));
    let rows: Vec<LineRow> = paging::seek!(
        lines_query(&round.id, filter),
        distribution_lines::name_folded,
        distribution_lines::id,
        after,
        asc
    )
    .select(LineRow::as_select())
    .limit_in_text(paging::fetch(limit))
    .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.name_folded.clone(), row.id.clone()],
        |rows| assemble_lines(conn, rows),
    )
}

/// The query `list_lines` runs for its first page, for the query-plan test.
pub fn explain_lines(conn: &mut DbConnection, round: Uuid, filter: &LineFilter) -> Result<Vec<String>, StoreError> {
    let query = paging::seek!(
        lines_query(&round.to_string(), filter),
        distribution_lines::name_folded,
        distribution_lines::id,
        None::<(String, String)>,
        asc
    )
    .select(distribution_lines::id)
    .limit_in_text(paging::fetch(danvan_domain::page::DEFAULT_LIMIT as usize));
    crate::explain::plan(conn, query)
}

/// One line the viewer reaches, wherever its round.
pub fn get_line(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<DistributionLine, StoreError> {
    let line: LineRow =
        distribution_lines::table.find(id.to_string()).select(LineRow::as_select()).first_row(conn).found()?;
    visible_round(conn, viewer, parse_id(&line.round_id)?)?;
    Ok(assemble_lines(conn, vec![line])?.remove(0))
}

// --- moves ---

/// Moves a round to `to` as read at `version` (412 when it moved on; 409 when the table
/// has no such move, or completing with lines still planned; 403 when the caller may not
/// make it). Cancelling cancels its planned lines, which frees their people.
pub fn move_round(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    version: i64,
    to: RoundStatus,
    reason: Option<&str>,
) -> Result<DistributionRound, StoreError> {
    let row = visible_round(conn, viewer, id)?;
    expect_version(version, Found::Version(row.version))?;
    let from = parse(&row.status, RoundStatus::parse)?;
    if !danvan_domain::aid::round_move_exists(from, to) {
        return Err(StoreError::conflict(
            "invalid_transition",
            format!("a {} round cannot become {}", from.as_str(), to.as_str()),
        ));
    }
    if !danvan_domain::aid::may_move_round(from, to, &actors(viewer, &row)?) {
        return Err(StoreError::Forbidden);
    }
    let before = assemble_rounds(conn, viewer, vec![row.clone()])?.remove(0);
    match to {
        RoundStatus::Approved if before.counts.planned == 0 => {
            return Err(StoreError::conflict("empty_round", "a round without anyone planned is not approved"));
        }
        RoundStatus::Completed if before.counts.planned > 0 => {
            return Err(StoreError::conflict(
                "lines_planned",
                format!("{} people are still to be visited: mark each delivered or not", before.counts.planned),
            ));
        }
        _ => {}
    }
    let at = now();
    let by = crate::actor_id(actor)?;
    let approved_by = if to == RoundStatus::Approved { Some(by.clone()) } else { row.approved_by.clone() };
    let moved = diesel::update(
        distribution_rounds::table
            .find(&row.id)
            .filter(distribution_rounds::version.eq(version))
            .filter(distribution_rounds::status.eq(from.as_str())),
    )
    .set((
        distribution_rounds::status.eq(to.as_str()),
        distribution_rounds::approved_by.eq(approved_by),
        distribution_rounds::version.eq(distribution_rounds::version + 1),
        distribution_rounds::updated_at.eq(at),
    ))
    .execute(conn)?;
    expect_version(version, Found::Rows(moved))?;
    if to == RoundStatus::Cancelled {
        diesel::update(
            distribution_lines::table
                .filter(distribution_lines::round_id.eq(&row.id))
                .filter(distribution_lines::status.eq(LineStatus::Planned.as_str())),
        )
        .set((
            distribution_lines::status.eq(LineStatus::Cancelled.as_str()),
            distribution_lines::version.eq(distribution_lines::version + 1),
            distribution_lines::updated_at.eq(at),
        ))
        .execute(conn)?;
    }
    let row: RoundRow = distribution_rounds::table.find(&row.id).select(RoundRow::as_select()).first_row(conn)?;
    let after = assemble_rounds(conn, viewer, vec![row])?.remove(0);
    #[derive(Serialize)]
    struct Moved<'a> {
        #[serde(flatten)]
        round: &'a DistributionRound,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<&'a str>,
    }
    let action = if to == RoundStatus::Approved { AuditAction::Approve } else { AuditAction::Transition };
    audit::record(
        conn,
        actor,
        action,
        AuditEntity::DistributionRound,
        Some(&id.to_string()),
        Some(&before),
        Some(&Moved { round: &after, reason: reason.map(str::trim) }),
    )?;
    Ok(after)
}

/// Moves an approved round to delivering, as the first delivery does; nothing when it is
/// delivering already. Only the first delivery writes the round's row.
pub(super) fn start_delivering(conn: &mut DbConnection, round: &RoundRow, at: NaiveDateTime) -> Result<(), StoreError> {
    if round.status != RoundStatus::Approved.as_str() {
        return Ok(());
    }
    diesel::update(
        distribution_rounds::table
            .find(&round.id)
            .filter(distribution_rounds::status.eq(RoundStatus::Approved.as_str())),
    )
    .set((
        distribution_rounds::status.eq(RoundStatus::Delivering.as_str()),
        distribution_rounds::version.eq(distribution_rounds::version + 1),
        distribution_rounds::updated_at.eq(at),
    ))
    .execute(conn)?;
    Ok(())
}

/// Leaves a person out of a draft round: the line is cancelled, the person free.
pub fn exclude_line(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    round: Uuid,
    line_id: Uuid,
) -> Result<DistributionLine, StoreError> {
    let (round, line) = visible_line(conn, viewer, round, line_id)?;
    let status = parse(&round.status, RoundStatus::parse)?;
    if status != RoundStatus::Draft {
        return Err(StoreError::conflict("round_not_draft", "people are left out only while the round is a draft"));
    }
    if !actors(viewer, &round)?.contains(&RoundActor::Manager) {
        return Err(StoreError::Forbidden);
    }
    let changed = diesel::update(
        distribution_lines::table.find(&line.id).filter(distribution_lines::status.eq(LineStatus::Planned.as_str())),
    )
    .set((
        distribution_lines::status.eq(LineStatus::Cancelled.as_str()),
        distribution_lines::version.eq(distribution_lines::version + 1),
        distribution_lines::updated_at.eq(now()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(StoreError::conflict("line_not_planned", "this person is left out already"));
    }
    let after: LineRow = distribution_lines::table.find(&line.id).select(LineRow::as_select()).first_row(conn)?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::DistributionLine,
        Some(&line.id),
        Some(&line.audit()),
        Some(&after.audit()),
    )?;
    Ok(assemble_lines(conn, vec![after])?.remove(0))
}
