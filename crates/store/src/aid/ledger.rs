//! Posting to the two ledgers. A movement moves its balance in the same statement that
//! checks the result is not below zero (`UPDATE … WHERE balance + delta >= 0`): on
//! PostgreSQL the row lock makes a concurrent posting wait and re-check against the new
//! balance, on SQLite writers are one at a time, so no interleaving of transfers can
//! overdraw a stock or a campaign's cash. The movement row is then appended with the
//! balance it left. Nothing posted is edited; a reversal posts the opposite movement,
//! pointing to the one it undoes.

use super::rows::{CashEntryRow, MovementRow};
use super::totals::insert_if_absent;
use super::{names, parse};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, paging, parse_id,
    schema::{aid_reversals, campaign_totals, cash_entries, stock_balances, stock_movements},
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::{NaiveDate, NaiveDateTime};
use danvan_domain::{
    aid::{format_vnd, CashEntry, CashEntryKind, CreateDisbursement, MovementKind, Quantity},
    audit::{AuditAction, AuditEntity},
    lang::Lang,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// One movement of stock to post.
pub(super) struct StockPosting<'a> {
    pub location_id: &'a str,
    pub item_id: &'a str,
    pub kind: MovementKind,
    /// Thousandths, signed.
    pub delta: i64,
    pub donation_id: Option<&'a str>,
    pub transfer_id: Option<&'a str>,
    pub adjustment_id: Option<&'a str>,
    pub reverses: Option<&'a str>,
    /// The delivery of a distribution line this movement hands over.
    pub distribution_line_id: Option<&'a str>,
    pub note: &'a str,
    pub recorded_by: &'a str,
    pub at: NaiveDateTime,
}

/// Posts a movement of stock, or refuses it (409 `insufficient_stock`) when the balance
/// would go below zero.
pub(super) fn post_stock(conn: &mut DbConnection, posting: StockPosting) -> Result<MovementRow, StoreError> {
    use stock_balances::dsl as b;
    insert_if_absent!(
        conn,
        b::stock_balances,
        (
            b::location_id.eq(posting.location_id),
            b::item_id.eq(posting.item_id),
            b::quantity_milli.eq(0),
            b::updated_at.eq(posting.at),
        )
    )?;
    let key = (posting.location_id, posting.item_id);
    let moved = diesel::update(b::stock_balances.find(key).filter((b::quantity_milli + posting.delta).ge(0)))
        .set((b::quantity_milli.eq(b::quantity_milli + posting.delta), b::updated_at.eq(posting.at)))
        .execute(conn)?;
    let balance: i64 = b::stock_balances.find(key).select(b::quantity_milli).first_row(conn)?;
    if moved == 0 {
        let (item, unit) = super::vocabulary::items_by_id(conn, &[posting.item_id.to_owned()])?
            .remove(posting.item_id)
            .map(|item| (item.name_vi.clone(), item.unit().map(|unit| unit.symbol(Lang::Vi)).unwrap_or_default()))
            .unwrap_or_default();
        return Err(StoreError::conflict(
            "insufficient_stock",
            format!(
                "{item}: the location holds {} {unit}, {} {unit} cannot leave it",
                Quantity(balance),
                Quantity(-posting.delta)
            ),
        ));
    }
    let row = MovementRow {
        id: new_id(),
        location_id: posting.location_id.to_owned(),
        item_id: posting.item_id.to_owned(),
        kind: posting.kind.as_str().to_owned(),
        quantity_milli: posting.delta,
        balance_after_milli: balance,
        donation_id: posting.donation_id.map(str::to_owned),
        transfer_id: posting.transfer_id.map(str::to_owned),
        adjustment_id: posting.adjustment_id.map(str::to_owned),
        reverses: posting.reverses.map(str::to_owned),
        distribution_line_id: posting.distribution_line_id.map(str::to_owned),
        note: posting.note.to_owned(),
        recorded_by: posting.recorded_by.to_owned(),
        posted_at: posting.at,
    };
    diesel::insert_into(stock_movements::table).values(&row).execute(conn)?;
    Ok(row)
}

/// Posts the opposite of each of `originals`, pointing to it.
pub(super) fn reverse_movements(
    conn: &mut DbConnection,
    originals: &[MovementRow],
    reason: &str,
    recorded_by: &str,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    // Goods that arrived leave first, so a transfer's reversal takes them back from the
    // location they reached before returning them where they came from.
    let mut ordered: Vec<&MovementRow> = originals.iter().collect();
    ordered.sort_by_key(|row| std::cmp::Reverse(row.quantity_milli));
    for original in ordered {
        post_stock(
            conn,
            StockPosting {
                location_id: &original.location_id,
                item_id: &original.item_id,
                kind: parse(&original.kind, MovementKind::parse)?,
                delta: -original.quantity_milli,
                donation_id: original.donation_id.as_deref(),
                transfer_id: original.transfer_id.as_deref(),
                adjustment_id: original.adjustment_id.as_deref(),
                reverses: Some(&original.id),
                distribution_line_id: original.distribution_line_id.as_deref(),
                note: reason,
                recorded_by,
                at,
            },
        )?;
    }
    Ok(())
}

/// Marks a posted record as reversed, once: 409 `already_reversed` the second time, also
/// when two reversals race.
pub(super) fn mark_reversed(
    conn: &mut DbConnection,
    kind: &str,
    id: &str,
    by: &str,
    reason: &str,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    use aid_reversals::dsl as r;
    let inserted = insert_if_absent!(
        conn,
        r::aid_reversals,
        (
            r::record_kind.eq(kind),
            r::record_id.eq(id),
            r::reversed_by.eq(by),
            r::reversed_at.eq(at),
            r::reason.eq(reason.trim())
        )
    )?;
    if inserted == 0 {
        return Err(StoreError::conflict("already_reversed", "this was reversed already"));
    }
    Ok(())
}

/// The reversals of `ids` of one kind, by id: (by, at, reason).
pub(super) fn reversals(
    conn: &mut DbConnection,
    kind: &str,
    ids: &[String],
) -> Result<HashMap<String, (String, NaiveDateTime, String)>, StoreError> {
    use aid_reversals::dsl as r;
    let rows: Vec<(String, String, NaiveDateTime, String)> = r::aid_reversals
        .filter(r::record_kind.eq(kind))
        .filter(r::record_id.eq_any(ids))
        .select((r::record_id, r::reversed_by, r::reversed_at, r::reason))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, by, at, reason)| (id, (by, at, reason))).collect())
}

/// One entry of a campaign's cash ledger to post.
pub(super) struct CashPosting<'a> {
    pub campaign_id: &'a str,
    pub kind: CashEntryKind,
    /// Signed đồng: in for receipts, out for payments.
    pub amount: i64,
    pub donation_id: Option<&'a str>,
    pub reverses: Option<&'a str>,
    /// The delivery of a distribution line this payment hands over.
    pub distribution_line_id: Option<&'a str>,
    pub reference: &'a str,
    pub note: &'a str,
    pub occurred_on: NaiveDate,
    pub recorded_by: &'a str,
    pub at: NaiveDateTime,
}

/// Posts to a campaign's cash, or refuses (409 `insufficient_funds`) what would take its
/// balance below zero.
pub(super) fn post_cash(conn: &mut DbConnection, posting: CashPosting) -> Result<CashEntryRow, StoreError> {
    use campaign_totals::dsl as t;
    let campaign = t::campaign_totals.find(posting.campaign_id);
    let moved = match posting.kind {
        CashEntryKind::Received => {
            diesel::update(campaign.filter((t::received_cash + posting.amount - t::disbursed_cash).ge(0)))
                .set(t::received_cash.eq(t::received_cash + posting.amount))
                .execute(conn)?
        }
        CashEntryKind::Disbursed => {
            diesel::update(campaign.filter((t::received_cash - (t::disbursed_cash - posting.amount)).ge(0)))
                .set(t::disbursed_cash.eq(t::disbursed_cash - posting.amount))
                .execute(conn)?
        }
    };
    let (received, disbursed): (i64, i64) = campaign.select((t::received_cash, t::disbursed_cash)).first_row(conn)?;
    if moved == 0 {
        return Err(StoreError::conflict(
            "insufficient_funds",
            format!(
                "the campaign holds {}, {} cannot leave it",
                format_vnd(received - disbursed, Lang::Vi),
                format_vnd(-posting.amount, Lang::Vi)
            ),
        ));
    }
    let row = CashEntryRow {
        id: new_id(),
        campaign_id: posting.campaign_id.to_owned(),
        kind: posting.kind.as_str().to_owned(),
        amount: posting.amount,
        balance_after: received - disbursed,
        donation_id: posting.donation_id.map(str::to_owned),
        reverses: posting.reverses.map(str::to_owned),
        distribution_line_id: posting.distribution_line_id.map(str::to_owned),
        reference: posting.reference.to_owned(),
        note: posting.note.to_owned(),
        occurred_on: posting.occurred_on,
        recorded_by: posting.recorded_by.to_owned(),
        posted_at: posting.at,
    };
    diesel::insert_into(cash_entries::table).values(&row).execute(conn)?;
    Ok(row)
}

fn assemble_cash(conn: &mut DbConnection, rows: Vec<CashEntryRow>) -> Result<Vec<CashEntry>, StoreError> {
    let campaigns: Vec<String> = rows.iter().map(|row| row.campaign_id.clone()).collect();
    let users: Vec<String> = rows.iter().map(|row| row.recorded_by.clone()).collect();
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let campaign_names: HashMap<String, String> = names!(conn, campaigns, name, &campaigns);
    let user_names = crate::tasks::user_names(conn, &users)?;
    let reversed: Vec<String> = cash_entries::table
        .filter(cash_entries::reverses.eq_any(&ids))
        .select(cash_entries::reverses.assume_not_null())
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            Ok(CashEntry {
                id: parse_id(&row.id)?,
                campaign: crate::named(&row.campaign_id, &campaign_names)?,
                kind: parse(&row.kind, CashEntryKind::parse)?,
                amount: row.amount,
                balance_after: row.balance_after,
                donation_id: row.donation_id.as_deref().map(parse_id).transpose()?,
                reverses: row.reverses.as_deref().map(parse_id).transpose()?,
                reversed: reversed.contains(&row.id),
                recorded_by: crate::named(&row.recorded_by, &user_names)?,
                reference: row.reference,
                note: row.note,
                occurred_on: row.occurred_on,
                posted_at: utc(row.posted_at),
            })
        })
        .collect()
}

/// A campaign's cash ledger, newest first, `limit` at a time.
pub fn list_cash(
    conn: &mut DbConnection,
    campaign_id: Uuid,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<CashEntry>, StoreError> {
    super::campaigns::find_campaign(conn, campaign_id)?;
    let after = paging::after_stamp(after)?;
    let query = cash_entries::table.filter(cash_entries::campaign_id.eq(campaign_id.to_string())).into_boxed();
    let rows: Vec<CashEntryRow> = paging::seek!(query, cash_entries::posted_at, cash_entries::id, after, desc)
        .select(CashEntryRow::as_select())
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(rows, limit, |row| paging::stamp_key(row.posted_at, &row.id), |rows| assemble_cash(conn, rows))
}

/// Pays money out of a campaign.
pub fn create_disbursement(
    conn: &mut DbConnection,
    actor: &Actor,
    campaign_id: Uuid,
    request: &CreateDisbursement,
) -> Result<CashEntry, StoreError> {
    let campaign = super::campaigns::find_campaign(conn, campaign_id)?;
    let by = crate::actor_id(actor)?;
    let row = post_cash(
        conn,
        CashPosting {
            campaign_id: &campaign.id,
            kind: CashEntryKind::Disbursed,
            amount: -request.amount,
            donation_id: None,
            reverses: None,
            distribution_line_id: None,
            reference: request.reference.trim(),
            note: request.note.trim(),
            occurred_on: request.occurred_on,
            recorded_by: &by,
            at: now(),
        },
    )?;
    let entry = assemble_cash(conn, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::CashEntry,
        Some(&entry.id.to_string()),
        None::<&()>,
        Some(&entry),
    )?;
    Ok(entry)
}

/// Undoes a payment: posts it back, pointing to it. A receipt is undone with its donation.
pub fn reverse_cash_entry(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    reason: &str,
) -> Result<CashEntry, StoreError> {
    let original: CashEntryRow =
        cash_entries::table.find(id.to_string()).select(CashEntryRow::as_select()).first_row(conn).found()?;
    if original.kind != CashEntryKind::Disbursed.as_str() || original.reverses.is_some() {
        return Err(StoreError::conflict(
            "not_reversible",
            "only a payment is reversed here; a donation's receipt is reversed with the donation",
        ));
    }
    let (by, at) = (crate::actor_id(actor)?, now());
    mark_reversed(conn, "cash_entry", &original.id, &by, reason, at)?;
    let row = post_cash(
        conn,
        CashPosting {
            campaign_id: &original.campaign_id,
            kind: CashEntryKind::Disbursed,
            amount: -original.amount,
            donation_id: None,
            reverses: Some(&original.id),
            distribution_line_id: original.distribution_line_id.as_deref(),
            reference: &original.reference,
            note: reason.trim(),
            occurred_on: at.date(),
            recorded_by: &by,
            at,
        },
    )?;
    let entry = assemble_cash(conn, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Reverse,
        AuditEntity::CashEntry,
        Some(&original.id),
        None::<&()>,
        Some(&entry),
    )?;
    Ok(entry)
}

/// Whether every stock balance equals the sum of its movements and every campaign's cash
/// the sum of its ledger: the invariant the tests check after concurrent postings.
pub fn balance_sum_matches(conn: &mut DbConnection) -> Result<bool, StoreError> {
    let balances: Vec<(String, String, i64)> = stock_balances::table
        .select((stock_balances::location_id, stock_balances::item_id, stock_balances::quantity_milli))
        .load(conn)?;
    let movements: Vec<(String, String, i64)> = stock_movements::table
        .select((stock_movements::location_id, stock_movements::item_id, stock_movements::quantity_milli))
        .load(conn)?;
    let mut sums: HashMap<(String, String), i64> = HashMap::new();
    for (location, item, quantity) in movements {
        *sums.entry((location, item)).or_default() += quantity;
    }
    let stock_ok = balances.iter().all(|(location, item, quantity)| {
        *quantity >= 0 && sums.get(&(location.clone(), item.clone())).copied().unwrap_or(0) == *quantity
    }) && sums.len() <= balances.len();
    let cash: Vec<(String, i64, i64)> = campaign_totals::table
        .select((campaign_totals::campaign_id, campaign_totals::received_cash, campaign_totals::disbursed_cash))
        .load(conn)?;
    let entries: Vec<(String, i64)> =
        cash_entries::table.select((cash_entries::campaign_id, cash_entries::amount)).load(conn)?;
    let mut cash_sums: HashMap<String, i64> = HashMap::new();
    for (campaign, amount) in entries {
        *cash_sums.entry(campaign).or_default() += amount;
    }
    let cash_ok = cash.iter().all(|(campaign, received, disbursed)| {
        received - disbursed >= 0 && cash_sums.get(campaign).copied().unwrap_or(0) == received - disbursed
    });
    Ok(stock_ok && cash_ok)
}
