//! Pledges: what a donor promises a campaign. What has come is counted on the pledge as
//! donations naming it are posted (and reversed), so its status is derived on read.

use super::rows::{PledgeLineRow, PledgeRow};
use super::totals::{self, ItemDelta};
use super::{campaigns, donors, names, vocabulary};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, paging, parse_id,
    schema::{pledge_lines, pledges},
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use danvan_domain::{
    aid::{pledge_status, CampaignStatus, CreatePledge, Pledge, PledgeLine, Quantity, UpdatePledge},
    audit::{AuditAction, AuditEntity},
    named::NamedRef,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// Filters of the pledge list.
#[derive(Debug, Clone, Default)]
pub struct PledgeFilter {
    pub campaign_id: Option<Uuid>,
    pub donor_id: Option<Uuid>,
}

fn assemble(conn: &mut DbConnection, rows: Vec<PledgeRow>) -> Result<Vec<Pledge>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let donor_ids: Vec<String> = rows.iter().map(|row| row.donor_id.clone()).collect();
    let campaign_ids: Vec<String> = rows.iter().map(|row| row.campaign_id.clone()).collect();
    let donor_names: HashMap<String, String> = names!(conn, donors, name, &donor_ids);
    let campaign_names: HashMap<String, String> = names!(conn, campaigns, name, &campaign_ids);
    let lines: Vec<PledgeLineRow> =
        pledge_lines::table.filter(pledge_lines::pledge_id.eq_any(&ids)).order(pledge_lines::item_id).load(conn)?;
    let item_ids: Vec<String> = lines.iter().map(|line| line.item_id.clone()).collect();
    let items = vocabulary::items_by_id(conn, &item_ids)?;
    let today = chrono::Utc::now().date_naive();
    rows.into_iter()
        .map(|row| {
            let lines = lines
                .iter()
                .filter(|line| line.pledge_id == row.id)
                .map(|line| {
                    let item = items.get(&line.item_id).ok_or_else(|| StoreError::Corrupt("unknown item".into()))?;
                    Ok(PledgeLine {
                        item: NamedRef { id: parse_id(&line.item_id)?, name: item.name_vi.clone() },
                        unit: item.unit()?,
                        quantity: Quantity(line.quantity_milli),
                        received: Quantity(line.received_milli),
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let mut promised: Vec<(i64, i64)> =
                lines.iter().map(|line| (line.quantity.milli(), line.received.milli())).collect();
            if row.cash_amount > 0 {
                promised.push((row.cash_amount, row.cash_received));
            }
            Ok(Pledge {
                id: parse_id(&row.id)?,
                donor: crate::named(&row.donor_id, &donor_names)?,
                campaign: crate::named(&row.campaign_id, &campaign_names)?,
                status: pledge_status(row.cancelled, &promised, row.due_on, today),
                cash_amount: row.cash_amount,
                cash_received: row.cash_received,
                lines,
                due_on: row.due_on,
                note: row.note,
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

/// Pledges of a campaign or a donor (or all), newest first, `limit` at a time.
pub fn list_pledges(
    conn: &mut DbConnection,
    filter: &PledgeFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<Pledge>, StoreError> {
    let after = paging::after_stamp(after)?;
    let mut query = pledges::table.into_boxed();
    if let Some(campaign) = filter.campaign_id {
        query = query.filter(pledges::campaign_id.eq(campaign.to_string()));
    }
    if let Some(donor) = filter.donor_id {
        query = query.filter(pledges::donor_id.eq(donor.to_string()));
    }
    let rows: Vec<PledgeRow> = paging::seek!(query, pledges::created_at, pledges::id, after, desc)
        .select(PledgeRow::as_select())
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(rows, limit, |row| paging::stamp_key(row.created_at, &row.id), |rows| assemble(conn, rows))
}

pub(super) fn find_pledge(conn: &mut DbConnection, id: Uuid) -> Result<PledgeRow, StoreError> {
    pledges::table.find(id.to_string()).select(PledgeRow::as_select()).first_row(conn).found()
}

pub fn get_pledge(conn: &mut DbConnection, id: Uuid) -> Result<Pledge, StoreError> {
    let row = find_pledge(conn, id)?;
    Ok(assemble(conn, vec![row])?.remove(0))
}

pub fn create_pledge(conn: &mut DbConnection, actor: &Actor, request: &CreatePledge) -> Result<Pledge, StoreError> {
    match donors::find_donor(conn, request.donor_id) {
        Err(StoreError::NotFound) => return Err(StoreError::invalid("donor_id", "unknown", "no donor has this id")),
        found => found?,
    };
    let campaign = match campaigns::find_campaign(conn, request.campaign_id) {
        Err(StoreError::NotFound) => {
            return Err(StoreError::invalid("campaign_id", "unknown", "no campaign has this id"))
        }
        found => found?,
    };
    if campaign.status == CampaignStatus::Closed.as_str() {
        return Err(StoreError::conflict("campaign_not_open", "the campaign is closed"));
    }
    let ids: Vec<Uuid> = request.lines.iter().map(|line| line.item_id).collect();
    vocabulary::live_items(conn, &ids, "lines")?;
    let at = now();
    let row = PledgeRow {
        id: new_id(),
        donor_id: request.donor_id.to_string(),
        campaign_id: campaign.id.clone(),
        cash_amount: request.cash_amount,
        cash_received: 0,
        due_on: request.due_on,
        cancelled: false,
        note: request.note.trim().to_owned(),
        created_by: crate::actor_id(actor)?,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(pledges::table).values(&row).execute(conn)?;
    let lines: Vec<PledgeLineRow> = request
        .lines
        .iter()
        .map(|line| PledgeLineRow {
            pledge_id: row.id.clone(),
            item_id: line.item_id.to_string(),
            quantity_milli: line.quantity.milli(),
            received_milli: 0,
        })
        .collect();
    crate::insert_many!(conn, pledge_lines::table, &lines, 4)?;
    count_promise(conn, &row, &lines, 1)?;
    let pledge = assemble(conn, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::Pledge,
        Some(&pledge.id.to_string()),
        None::<&()>,
        Some(&pledge),
    )?;
    Ok(pledge)
}

/// Adds (`sign` 1) or takes back (-1) what a pledge promises from its campaign's sums.
fn count_promise(
    conn: &mut DbConnection,
    row: &PledgeRow,
    lines: &[PledgeLineRow],
    sign: i64,
) -> Result<(), StoreError> {
    totals::add_campaign(conn, &row.campaign_id, sign * row.cash_amount, 0, 0)?;
    for line in lines {
        let delta = ItemDelta { pledged: sign * line.quantity_milli, ..ItemDelta::default() };
        totals::add_item(conn, &row.campaign_id, &line.item_id, delta)?;
    }
    Ok(())
}

pub fn update_pledge(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &UpdatePledge,
) -> Result<Pledge, StoreError> {
    let current = find_pledge(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = assemble(conn, vec![current.clone()])?.remove(0);
    let mut row = current;
    if let Some(due_on) = request.due_on {
        row.due_on = due_on;
    }
    if let Some(note) = &request.note {
        row.note = note.trim().to_owned();
    }
    match request.cancelled {
        Some(true) if !row.cancelled => {
            row.cancelled = true;
            let lines: Vec<PledgeLineRow> =
                pledge_lines::table.filter(pledge_lines::pledge_id.eq(&row.id)).load(conn)?;
            count_promise(conn, &row, &lines, -1)?;
        }
        Some(false) if row.cancelled => {
            return Err(StoreError::conflict("pledge_cancelled", "a cancelled pledge stays cancelled"));
        }
        _ => {}
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, pledges, &row, expected_version)?;
    let after = assemble(conn, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::Pledge,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// Counts a donation's cash and goods on the pledge it honours (`sign` -1 on reversal).
pub(super) fn honour(
    conn: &mut DbConnection,
    pledge_id: &str,
    cash: i64,
    goods: &[(String, i64)],
    sign: i64,
) -> Result<(), StoreError> {
    diesel::update(pledges::table.find(pledge_id))
        .set(pledges::cash_received.eq(pledges::cash_received + sign * cash))
        .execute(conn)?;
    for (item, quantity) in goods {
        diesel::update(pledge_lines::table.find((pledge_id, item)))
            .set(pledge_lines::received_milli.eq(pledge_lines::received_milli + sign * quantity))
            .execute(conn)?;
    }
    Ok(())
}
