//! Campaigns: what is asked for, for whom, and the org unit that runs it; their cash
//! totals come from `campaign_totals`, kept with every donation and payment.

use super::rows::{CampaignAreaRow, CampaignRow, CampaignTargetRow, ItemRow};
use super::{contains, names, parse, totals, vocabulary};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, paging, parse_id,
    schema::{areas, campaign_areas, campaign_targets, campaign_totals, campaigns, plan_items},
    scope::Viewer,
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use danvan_domain::{
    aid::{
        BeneficiaryCategory, Campaign, CampaignStatus, CreateCampaign, GoodsAmount, GoodsLine, Quantity, UpdateCampaign,
    },
    audit::{AuditAction, AuditEntity},
    named::NamedRef,
    permission::{allows, Action},
    text::fold,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// Filters of the campaign list.
#[derive(Debug, Clone, Default)]
pub struct CampaignFilter {
    pub status: Option<CampaignStatus>,
    pub org_unit_id: Option<Uuid>,
    /// Words of the name, without diacritics.
    pub q: Option<String>,
}

pub(super) fn find_campaign(conn: &mut DbConnection, id: Uuid) -> Result<CampaignRow, StoreError> {
    campaigns::table.find(id.to_string()).select(CampaignRow::as_select()).first_row(conn).found()
}

fn categories(text: &str) -> Result<Vec<BeneficiaryCategory>, StoreError> {
    text.split(',').filter(|part| !part.is_empty()).map(|part| parse(part, BeneficiaryCategory::parse)).collect()
}

fn categories_text(list: &[BeneficiaryCategory]) -> String {
    let mut list = list.to_vec();
    list.sort();
    list.dedup();
    list.iter().map(|category| category.as_str()).collect::<Vec<_>>().join(",")
}

/// Goods lines with their items' names and units.
pub(super) fn goods_amounts(
    lines: Vec<(String, i64)>,
    items: &HashMap<String, ItemRow>,
) -> Result<Vec<GoodsAmount>, StoreError> {
    lines
        .into_iter()
        .map(|(item_id, quantity)| {
            let item = items.get(&item_id).ok_or_else(|| StoreError::Corrupt(format!("unknown item {item_id}")))?;
            Ok(GoodsAmount {
                item: NamedRef { id: parse_id(&item_id)?, name: item.name_vi.clone() },
                unit: item.unit()?,
                quantity: Quantity(quantity),
            })
        })
        .collect()
}

fn assemble(conn: &mut DbConnection, viewer: &Viewer, rows: Vec<CampaignRow>) -> Result<Vec<Campaign>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let units: Vec<String> = rows.iter().map(|row| row.org_unit_id.clone()).collect();
    let plan_item_ids: Vec<String> = rows.iter().filter_map(|row| row.plan_item_id.clone()).collect();
    let unit_names: HashMap<String, String> = names!(conn, org_units, name, &units);
    let item_titles: HashMap<String, String> = plan_items::table
        .filter(plan_items::id.eq_any(&plan_item_ids))
        .select((plan_items::id, plan_items::number, plan_items::title))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, number, title)| (id, format!("{number} {title}")))
        .collect();
    let area_links: Vec<(String, String, String)> = campaign_areas::table
        .inner_join(areas::table.on(areas::id.eq(campaign_areas::area_id)))
        .filter(campaign_areas::campaign_id.eq_any(&ids))
        .select((campaign_areas::campaign_id, areas::id, areas::name))
        .order((campaign_areas::campaign_id, areas::name))
        .load(conn)?;
    let targets: Vec<CampaignTargetRow> =
        campaign_targets::table.filter(campaign_targets::campaign_id.eq_any(&ids)).load(conn)?;
    let item_ids: Vec<String> = targets.iter().map(|target| target.item_id.clone()).collect();
    let items = vocabulary::items_by_id(conn, &item_ids)?;
    let totals: HashMap<String, (i64, i64, i64, i64, i64)> = campaign_totals::table
        .filter(campaign_totals::campaign_id.eq_any(&ids))
        .select((
            campaign_totals::campaign_id,
            (
                campaign_totals::pledged_cash,
                campaign_totals::received_cash,
                campaign_totals::disbursed_cash,
                campaign_totals::received_goods_value,
                campaign_totals::donations,
            ),
        ))
        .load::<(String, (i64, i64, i64, i64, i64))>(conn)?
        .into_iter()
        .collect();
    let can_manage = allows(viewer.role, Action::AidManage);
    rows.into_iter()
        .map(|row| {
            let (pledged_cash, received_cash, disbursed_cash, received_goods_value, donations) =
                totals.get(&row.id).copied().unwrap_or_default();
            let areas = area_links
                .iter()
                .filter(|(campaign, _, _)| *campaign == row.id)
                .map(|(_, id, name)| Ok(NamedRef { id: parse_id(id)?, name: name.clone() }))
                .collect::<Result<Vec<_>, StoreError>>()?;
            let target_goods = goods_amounts(
                targets
                    .iter()
                    .filter(|target| target.campaign_id == row.id)
                    .map(|target| (target.item_id.clone(), target.quantity_milli))
                    .collect(),
                &items,
            )?;
            Ok(Campaign {
                id: parse_id(&row.id)?,
                status: parse(&row.status, CampaignStatus::parse)?,
                org_unit: crate::named(&row.org_unit_id, &unit_names)?,
                plan_item: row.plan_item_id.as_deref().map(|id| crate::named(id, &item_titles)).transpose()?,
                beneficiary_categories: categories(&row.beneficiary_categories)?,
                areas,
                target_goods,
                pledged_cash,
                received_cash,
                disbursed_cash,
                received_goods_value,
                donations,
                can_manage,
                name: row.name,
                purpose: row.purpose,
                starts_on: row.starts_on,
                ends_on: row.ends_on,
                target_cash: row.target_cash,
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

/// Campaigns, the latest to start first, `limit` at a time.
pub fn list_campaigns(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &CampaignFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<Campaign>, StoreError> {
    let after = after
        .map(|cursor| {
            let [day, id] = paging::decode(cursor)?;
            Ok::<_, StoreError>((paging::parse_date(&day)?, id))
        })
        .transpose()?;
    let mut query = campaigns::table.into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(campaigns::status.eq(status.as_str()));
    }
    if let Some(unit) = filter.org_unit_id {
        query = query.filter(campaigns::org_unit_id.eq(unit.to_string()));
    }
    if let Some(words) = filter.q.as_deref().map(fold).filter(|words| !words.is_empty()) {
        query = query.filter(campaigns::name_folded.like(contains(&words)).escape('\\'));
    }
    let rows: Vec<CampaignRow> = paging::seek!(query, campaigns::starts_on, campaigns::id, after, desc)
        .select(CampaignRow::as_select())
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.starts_on.to_string(), row.id.clone()],
        |rows| assemble(conn, viewer, rows),
    )
}

pub fn get_campaign(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<Campaign, StoreError> {
    let row = find_campaign(conn, id)?;
    Ok(assemble(conn, viewer, vec![row])?.remove(0))
}

fn check_plan_item(conn: &mut DbConnection, id: Uuid) -> Result<(), StoreError> {
    let found: i64 = plan_items::table.find(id.to_string()).count().get_result(conn)?;
    if found == 0 {
        return Err(StoreError::invalid("plan_item_id", "unknown", "no plan item has this id"));
    }
    Ok(())
}

fn check_areas(conn: &mut DbConnection, ids: &[Uuid]) -> Result<Vec<String>, StoreError> {
    let mut wanted: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    wanted.sort();
    wanted.dedup();
    let found: i64 = areas::table.filter(areas::id.eq_any(&wanted)).count().get_result(conn)?;
    if found != wanted.len() as i64 {
        return Err(StoreError::invalid("area_ids", "unknown", "every area must exist"));
    }
    Ok(wanted)
}

fn write_links(
    conn: &mut DbConnection,
    campaign: &str,
    areas: &[String],
    goods: &[GoodsLine],
) -> Result<(), StoreError> {
    diesel::delete(campaign_areas::table.filter(campaign_areas::campaign_id.eq(campaign))).execute(conn)?;
    diesel::delete(campaign_targets::table.filter(campaign_targets::campaign_id.eq(campaign))).execute(conn)?;
    let links: Vec<CampaignAreaRow> =
        areas.iter().map(|area| CampaignAreaRow { campaign_id: campaign.to_owned(), area_id: area.clone() }).collect();
    crate::insert_many!(conn, campaign_areas::table, &links, 2)?;
    let ids: Vec<Uuid> = goods.iter().map(|line| line.item_id).collect();
    vocabulary::live_items(conn, &ids, "target_goods")?;
    let targets: Vec<CampaignTargetRow> = goods
        .iter()
        .map(|line| CampaignTargetRow {
            campaign_id: campaign.to_owned(),
            item_id: line.item_id.to_string(),
            quantity_milli: line.quantity.milli(),
        })
        .collect();
    crate::insert_many!(conn, campaign_targets::table, &targets, 3)?;
    Ok(())
}

pub fn create_campaign(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    request: &CreateCampaign,
) -> Result<Campaign, StoreError> {
    vocabulary::known_org_unit(conn, request.org_unit_id)?;
    if let Some(item) = request.plan_item_id {
        check_plan_item(conn, item)?;
    }
    let areas = check_areas(conn, &request.area_ids)?;
    let at = now();
    let row = CampaignRow {
        id: new_id(),
        name: request.name.trim().to_owned(),
        name_folded: fold(&request.name),
        purpose: request.purpose.trim().to_owned(),
        starts_on: request.starts_on,
        ends_on: request.ends_on,
        plan_item_id: request.plan_item_id.map(|id| id.to_string()),
        status: request.status.unwrap_or(CampaignStatus::Planned).as_str().to_owned(),
        org_unit_id: request.org_unit_id.to_string(),
        beneficiary_categories: categories_text(&request.beneficiary_categories),
        target_cash: request.target_cash,
        created_by: crate::actor_id(actor)?,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(campaigns::table).values(&row).execute(conn)?;
    totals::open_campaign_totals(conn, &row.id)?;
    write_links(conn, &row.id, &areas, &request.target_goods)?;
    let campaign = assemble(conn, viewer, vec![row])?.remove(0);
    let id = campaign.id.to_string();
    audit::record(conn, actor, AuditAction::Create, AuditEntity::Campaign, Some(&id), None::<&()>, Some(&campaign))?;
    Ok(campaign)
}

pub fn update_campaign(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
    request: &UpdateCampaign,
) -> Result<Campaign, StoreError> {
    let current = find_campaign(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = assemble(conn, viewer, vec![current.clone()])?.remove(0);
    let mut row = current;
    if let Some(name) = &request.name {
        row.name = name.trim().to_owned();
        row.name_folded = fold(name);
    }
    if let Some(purpose) = &request.purpose {
        row.purpose = purpose.trim().to_owned();
    }
    row.starts_on = request.starts_on.unwrap_or(row.starts_on);
    if let Some(ends_on) = request.ends_on {
        row.ends_on = ends_on;
    }
    if row.ends_on.is_some_and(|ends_on| ends_on < row.starts_on) {
        return Err(StoreError::invalid("ends_on", "before_start", "must not be before starts_on"));
    }
    if let Some(item) = request.plan_item_id {
        if let Some(item) = item {
            check_plan_item(conn, item)?;
        }
        row.plan_item_id = item.map(|id| id.to_string());
    }
    if let Some(status) = request.status {
        if !before.status.may_become(status) {
            return Err(StoreError::conflict(
                "invalid_transition",
                format!("a {} campaign cannot become {status}", before.status),
            ));
        }
        row.status = status.as_str().to_owned();
    }
    if let Some(unit) = request.org_unit_id {
        vocabulary::known_org_unit(conn, unit)?;
        row.org_unit_id = unit.to_string();
    }
    if let Some(list) = &request.beneficiary_categories {
        row.beneficiary_categories = categories_text(list);
    }
    row.target_cash = request.target_cash.unwrap_or(row.target_cash);
    if request.area_ids.is_some() || request.target_goods.is_some() {
        let areas = match &request.area_ids {
            Some(ids) => check_areas(conn, ids)?,
            None => before.areas.iter().map(|area| area.id.to_string()).collect(),
        };
        let goods: Vec<GoodsLine> = match &request.target_goods {
            Some(lines) => lines.clone(),
            None => before
                .target_goods
                .iter()
                .map(|line| GoodsLine { item_id: line.item.id, quantity: line.quantity })
                .collect(),
        };
        write_links(conn, &row.id, &areas, &goods)?;
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, campaigns, &row, expected_version)?;
    let after = assemble(conn, viewer, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::Campaign,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// A campaign donations may go to now, or why not.
pub(super) fn open_campaign(conn: &mut DbConnection, id: Uuid) -> Result<CampaignRow, StoreError> {
    let row = match find_campaign(conn, id) {
        Err(StoreError::NotFound) => {
            return Err(StoreError::invalid("campaign_id", "unknown", "no campaign has this id"))
        }
        found => found?,
    };
    if row.status != CampaignStatus::Open.as_str() {
        return Err(StoreError::conflict("campaign_not_open", format!("the campaign is {}, not open", row.status)));
    }
    Ok(row)
}
