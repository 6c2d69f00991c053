//! Donations: each posted once, with a receipt number from a gapless yearly sequence,
//! its cash on the campaign's ledger and its goods on the receiving location's stock, and
//! the campaign's sums moved in the same transaction. A mistake is reversed, never edited.

use super::ledger::{self, CashPosting, StockPosting};
use super::rows::{DonationLineRow, DonationRow, MovementRow};
use super::totals::{self, insert_if_absent, DonationDelta, ItemDelta};
use super::{campaigns, donors, names, parse, pledges, vocabulary};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, paging, parse_id,
    schema::{aid_locations, donation_lines, donations, org_units, receipt_sequences, stock_movements},
    scope::Viewer,
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::{Datelike, NaiveDate};
use danvan_domain::{
    aid::{
        receipt_number, CashEntryKind, CreateDonation, Donation, DonationChannel, DonationLine, MovementKind, Quantity,
        Reversal,
    },
    audit::{AuditAction, AuditEntity},
    named::NamedRef,
    permission::{allows, Action},
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// Filters of the donation list.
#[derive(Debug, Clone, Default)]
pub struct DonationFilter {
    pub campaign_id: Option<Uuid>,
    pub donor_id: Option<Uuid>,
    pub location_id: Option<Uuid>,
    pub channel: Option<DonationChannel>,
    /// Received on or after.
    pub from: Option<NaiveDate>,
    /// Received on or before.
    pub to: Option<NaiveDate>,
}

type DonationQuery = donations::BoxedQuery<'static, crate::db::MultiBackend>;

fn filtered(filter: &DonationFilter) -> DonationQuery {
    let mut query = donations::table.into_boxed();
    if let Some(campaign) = filter.campaign_id {
        query = query.filter(donations::campaign_id.eq(campaign.to_string()));
    }
    if let Some(donor) = filter.donor_id {
        query = query.filter(donations::donor_id.eq(donor.to_string()));
    }
    if let Some(location) = filter.location_id {
        query = query.filter(donations::location_id.eq(location.to_string()));
    }
    if let Some(channel) = filter.channel {
        query = query.filter(donations::channel.eq(channel.as_str()));
    }
    if let Some(from) = filter.from {
        query = query.filter(donations::received_on.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(donations::received_on.le(to));
    }
    query
}

fn assemble(conn: &mut DbConnection, viewer: &Viewer, rows: Vec<DonationRow>) -> Result<Vec<Donation>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let donor_ids: Vec<String> = rows.iter().filter_map(|row| row.donor_id.clone()).collect();
    let campaign_ids: Vec<String> = rows.iter().map(|row| row.campaign_id.clone()).collect();
    let location_ids: Vec<String> = rows.iter().filter_map(|row| row.location_id.clone()).collect();
    let donor_names: HashMap<String, String> = names!(conn, donors, name, &donor_ids);
    let campaign_names: HashMap<String, String> = names!(conn, campaigns, name, &campaign_ids);
    let location_names: HashMap<String, String> = names!(conn, aid_locations, name, &location_ids);
    let lines: Vec<DonationLineRow> = donation_lines::table
        .filter(donation_lines::donation_id.eq_any(&ids))
        .order((donation_lines::donation_id, donation_lines::position))
        .load(conn)?;
    let item_ids: Vec<String> = lines.iter().map(|line| line.item_id.clone()).collect();
    let items = vocabulary::items_by_id(conn, &item_ids)?;
    let reversals = ledger::reversals(conn, "donation", &ids)?;
    let mut users: Vec<String> = rows.iter().map(|row| row.recorded_by.clone()).collect();
    users.extend(reversals.values().map(|(by, _, _)| by.clone()));
    let user_names = crate::tasks::user_names(conn, &users)?;
    let may_reverse = allows(viewer.role, Action::AidManage);
    rows.into_iter()
        .map(|row| {
            let lines = lines
                .iter()
                .filter(|line| line.donation_id == row.id)
                .map(|line| {
                    let item = items.get(&line.item_id).ok_or_else(|| StoreError::Corrupt("unknown item".into()))?;
                    Ok(DonationLine {
                        item: NamedRef { id: parse_id(&line.item_id)?, name: item.name_vi.clone() },
                        unit: item.unit()?,
                        quantity: Quantity(line.quantity_milli),
                        estimated_value: line.estimated_value,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let reversal = reversals
                .get(&row.id)
                .map(|(by, at, reason)| {
                    Ok::<_, StoreError>(Reversal {
                        by: crate::named(by, &user_names)?,
                        at: utc(*at),
                        reason: reason.clone(),
                    })
                })
                .transpose()?;
            Ok(Donation {
                id: parse_id(&row.id)?,
                donor: row.donor_id.as_deref().map(|id| crate::named(id, &donor_names)).transpose()?,
                campaign: crate::named(&row.campaign_id, &campaign_names)?,
                pledge_id: row.pledge_id.as_deref().map(parse_id).transpose()?,
                channel: parse(&row.channel, DonationChannel::parse)?,
                location: row.location_id.as_deref().map(|id| crate::named(id, &location_names)).transpose()?,
                recorded_by: crate::named(&row.recorded_by, &user_names)?,
                can_reverse: may_reverse && reversal.is_none(),
                reversal,
                lines,
                receipt_number: row.receipt_number,
                received_on: row.received_on,
                bank_reference: row.bank_reference,
                cash_amount: row.cash_amount,
                goods_value: row.goods_value,
                note: row.note,
                created_at: utc(row.created_at),
            })
        })
        .collect()
}

/// Donations, the latest received first, `limit` at a time.
pub fn list_donations(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &DonationFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<Donation>, StoreError> {
    let after = after
        .map(|cursor| {
            let [day, id] = paging::decode(cursor)?;
            Ok::<_, StoreError>((paging::parse_date(&day)?, id))
        })
        .transpose()?;
    let rows: Vec<DonationRow> = paging::seek!(filtered(filter), donations::received_on, donations::id, after, desc)
        .select(DonationRow::as_select())
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.received_on.to_string(), row.id.clone()],
        |rows| assemble(conn, viewer, rows),
    )
}

/// The query `list_donations` runs for its first page, for the query-plan test.
pub fn explain_donations(conn: &mut DbConnection, filter: &DonationFilter) -> Result<Vec<String>, StoreError> {
    let query =
        paging::seek!(filtered(filter), donations::received_on, donations::id, None::<(NaiveDate, String)>, desc)
            .select(donations::id)
            .limit_in_text(paging::fetch(danvan_domain::page::DEFAULT_LIMIT as usize));
    crate::explain::plan(conn, query)
}

/// Every donation the list would show, up to `max` (`None` beyond it), for exports.
pub fn export_donations(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &DonationFilter,
    max: usize,
) -> Result<Option<Vec<Donation>>, StoreError> {
    let rows: Vec<DonationRow> = filtered(filter)
        .order((donations::received_on.desc(), donations::id.desc()))
        .select(DonationRow::as_select())
        .limit_in_text(max + 1)
        .load(conn)?;
    if rows.len() > max {
        return Ok(None);
    }
    assemble(conn, viewer, rows).map(Some)
}

fn find_donation(conn: &mut DbConnection, id: Uuid) -> Result<DonationRow, StoreError> {
    donations::table.find(id.to_string()).select(DonationRow::as_select()).first_row(conn).found()
}

pub fn get_donation(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<Donation, StoreError> {
    let row = find_donation(conn, id)?;
    Ok(assemble(conn, viewer, vec![row])?.remove(0))
}

/// The next receipt number of `year`. The sequence row stays locked by this transaction
/// until it commits, and goes back with it if it rolls back, so numbers have no gaps and
/// no repeats however many donations are entered at once.
fn next_receipt(conn: &mut DbConnection, year: i32) -> Result<i64, StoreError> {
    use receipt_sequences::dsl as s;
    let year = i64::from(year);
    insert_if_absent!(conn, s::receipt_sequences, (s::year.eq(year), s::last_number.eq(0)))?;
    diesel::update(s::receipt_sequences.find(year)).set(s::last_number.eq(s::last_number + 1)).execute(conn)?;
    Ok(s::receipt_sequences.find(year).select(s::last_number).first_row(conn)?)
}

pub fn create_donation(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    request: &CreateDonation,
) -> Result<Donation, StoreError> {
    let campaign = campaigns::open_campaign(conn, request.campaign_id)?;
    if let Some(donor) = request.donor_id {
        match donors::find_donor(conn, donor) {
            Err(StoreError::NotFound) => {
                return Err(StoreError::invalid("donor_id", "unknown", "no donor has this id"))
            }
            found => found?,
        };
    }
    if let Some(pledge) = request.pledge_id {
        let honours = match pledges::find_pledge(conn, pledge) {
            Ok(row) => {
                !row.cancelled
                    && row.campaign_id == campaign.id
                    && Some(row.donor_id.as_str()) == request.donor_id.map(|id| id.to_string()).as_deref()
            }
            Err(StoreError::NotFound) => false,
            Err(error) => return Err(error),
        };
        if !honours {
            return Err(StoreError::invalid("pledge_id", "unknown", "no open pledge of this donor to this campaign"));
        }
    }
    let location =
        request.location_id.map(|id| vocabulary::usable_location(conn, viewer, id, "location_id")).transpose()?;
    let item_ids: Vec<Uuid> = request.lines.iter().map(|line| line.item_id).collect();
    vocabulary::live_items(conn, &item_ids, "lines")?;
    let (by, at) = (crate::actor_id(actor)?, now());
    let year = request.received_on.year();
    let sequence = next_receipt(conn, year)?;
    let goods_value: i64 = request.lines.iter().map(|line| line.estimated_value).sum();
    let row = DonationRow {
        id: new_id(),
        receipt_year: i64::from(year),
        receipt_sequence: sequence,
        receipt_number: receipt_number(year, sequence),
        donor_id: request.donor_id.map(|id| id.to_string()),
        campaign_id: campaign.id.clone(),
        pledge_id: request.pledge_id.map(|id| id.to_string()),
        received_on: request.received_on,
        channel: request.channel.as_str().to_owned(),
        bank_reference: request.bank_reference.as_deref().map(|reference| reference.trim().to_owned()),
        cash_amount: request.cash_amount,
        goods_value,
        location_id: location.as_ref().map(|location| location.id.clone()),
        note: request.note.trim().to_owned(),
        recorded_by: by.clone(),
        created_at: at,
    };
    diesel::insert_into(donations::table).values(&row).execute(conn)?;
    let lines: Vec<DonationLineRow> = request
        .lines
        .iter()
        .enumerate()
        .map(|(position, line)| DonationLineRow {
            donation_id: row.id.clone(),
            item_id: line.item_id.to_string(),
            position: position as i64,
            quantity_milli: line.quantity.milli(),
            estimated_value: line.estimated_value,
        })
        .collect();
    crate::insert_many!(conn, donation_lines::table, &lines, 5)?;
    if row.cash_amount > 0 {
        ledger::post_cash(
            conn,
            CashPosting {
                campaign_id: &row.campaign_id,
                kind: CashEntryKind::Received,
                amount: row.cash_amount,
                donation_id: Some(&row.id),
                reverses: None,
                distribution_line_id: None,
                reference: row.bank_reference.as_deref().unwrap_or(&row.receipt_number),
                note: &row.note,
                occurred_on: row.received_on,
                recorded_by: &by,
                at,
            },
        )?;
    }
    if let Some(location) = &row.location_id {
        for line in &lines {
            ledger::post_stock(
                conn,
                StockPosting {
                    location_id: location,
                    item_id: &line.item_id,
                    kind: MovementKind::Received,
                    delta: line.quantity_milli,
                    donation_id: Some(&row.id),
                    transfer_id: None,
                    adjustment_id: None,
                    reverses: None,
                    distribution_line_id: None,
                    note: &row.receipt_number,
                    recorded_by: &by,
                    at,
                },
            )?;
        }
    }
    count(conn, &row, &lines, 1)?;
    let donation = assemble(conn, viewer, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::Donation,
        Some(&donation.id.to_string()),
        None::<&()>,
        Some(&donation),
    )?;
    Ok(donation)
}

/// Moves the campaign's and pledge's sums by a donation (`sign` -1 when it is reversed).
fn count(conn: &mut DbConnection, row: &DonationRow, lines: &[DonationLineRow], sign: i64) -> Result<(), StoreError> {
    let delta = DonationDelta {
        campaign: &row.campaign_id,
        donor_key: row.donor_id.as_deref().unwrap_or_default(),
        month: row.received_on.format("%Y-%m").to_string(),
        count: sign,
        cash: sign * row.cash_amount,
        goods_value: sign * row.goods_value,
    };
    totals::add_donation(conn, &delta)?;
    for line in lines {
        let item = ItemDelta {
            received: sign * line.quantity_milli,
            received_value: sign * line.estimated_value,
            ..ItemDelta::default()
        };
        totals::add_item(conn, &row.campaign_id, &line.item_id, item)?;
        if let Some(location) = &row.location_id {
            totals::add_location(
                conn,
                &row.campaign_id,
                location,
                &line.item_id,
                sign * line.quantity_milli,
                sign * line.estimated_value,
            )?;
        }
    }
    if let Some(pledge) = &row.pledge_id {
        let goods: Vec<(String, i64)> = lines.iter().map(|line| (line.item_id.clone(), line.quantity_milli)).collect();
        pledges::honour(conn, pledge, row.cash_amount, &goods, sign)?;
    }
    Ok(())
}

/// Reverses a donation: its goods leave the location again (409 `insufficient_stock` if
/// they have moved on), its cash leaves the campaign, its sums are taken back. The
/// receipt number stays used, and the receipt shows the reversal.
pub fn reverse_donation(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    reason: &str,
) -> Result<Donation, StoreError> {
    let row = find_donation(conn, id)?;
    let (by, at) = (crate::actor_id(actor)?, now());
    ledger::mark_reversed(conn, "donation", &row.id, &by, reason, at)?;
    let movements: Vec<MovementRow> = stock_movements::table
        .filter(stock_movements::donation_id.eq(&row.id))
        .filter(stock_movements::reverses.is_null())
        .select(MovementRow::as_select())
        .load(conn)?;
    ledger::reverse_movements(conn, &movements, reason.trim(), &by, at)?;
    if row.cash_amount > 0 {
        let entry: Option<String> = crate::schema::cash_entries::table
            .filter(crate::schema::cash_entries::donation_id.eq(&row.id))
            .filter(crate::schema::cash_entries::reverses.is_null())
            .select(crate::schema::cash_entries::id)
            .first_row(conn)
            .optional()?;
        ledger::post_cash(
            conn,
            CashPosting {
                campaign_id: &row.campaign_id,
                kind: CashEntryKind::Received,
                amount: -row.cash_amount,
                donation_id: Some(&row.id),
                reverses: entry.as_deref(),
                distribution_line_id: None,
                reference: &row.receipt_number,
                note: reason.trim(),
                occurred_on: at.date(),
                recorded_by: &by,
                at,
            },
        )?;
    }
    let lines: Vec<DonationLineRow> =
        donation_lines::table.filter(donation_lines::donation_id.eq(&row.id)).load(conn)?;
    count(conn, &row, &lines, -1)?;
    let donation = assemble(conn, viewer, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Reverse,
        AuditEntity::Donation,
        Some(&id.to_string()),
        None::<&()>,
        Some(&donation),
    )?;
    Ok(donation)
}

/// What a donation's receipt shows besides the donation itself.
#[derive(Debug, Clone)]
pub struct ReceiptFacts {
    pub donation: Donation,
    /// The org unit that runs the campaign, and the unit above it.
    pub issuer: String,
    pub issuer_parent: String,
    pub donor_tax_code: Option<String>,
    pub donor_contact_person: String,
    /// The province of the receiving location, if any.
    pub place: Option<String>,
}

pub fn receipt_data(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<ReceiptFacts, StoreError> {
    let row = find_donation(conn, id)?;
    let campaign = campaigns::find_campaign(conn, parse_id(&row.campaign_id)?)?;
    let unit: (String, Option<String>) =
        org_units::table.find(&campaign.org_unit_id).select((org_units::name, org_units::parent_id)).first_row(conn)?;
    let parent: Option<String> = match &unit.1 {
        Some(parent) => org_units::table.find(parent).select(org_units::name).first_row(conn).optional()?,
        None => None,
    };
    let donor =
        row.donor_id.as_deref().map(|id| parse_id(id).and_then(|id| donors::find_donor(conn, id))).transpose()?;
    let place: Option<String> = match &row.location_id {
        Some(location) => {
            use crate::schema::areas;
            aid_locations::table
                .find(location)
                .inner_join(areas::table.on(areas::id.eq(aid_locations::province_id)))
                .select(areas::name)
                .first_row(conn)
                .optional()?
        }
        None => None,
    };
    Ok(ReceiptFacts {
        donation: assemble(conn, viewer, vec![row])?.remove(0),
        issuer: unit.0,
        issuer_parent: parent.unwrap_or_default(),
        donor_tax_code: donor.as_ref().and_then(|donor| donor.tax_code.clone()),
        donor_contact_person: donor.map(|donor| donor.contact_person).unwrap_or_default(),
        place,
    })
}
