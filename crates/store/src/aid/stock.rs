//! Stock per location × item: balances, the movement history, transfers between
//! locations (one movement out and one in per line, in one transaction), and adjustments
//! that count only once a second person approves them.

use super::ledger::{self, StockPosting};
use super::rows::{AdjustmentRow, LocationRow, MovementRow, TransferLineRow, TransferRow};
use super::{names, parse, vocabulary};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, paging, parse_id,
    schema::{
        aid_locations, stock_adjustments, stock_balances, stock_movements, stock_transfer_lines, stock_transfers,
    },
    scope::Viewer,
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::NaiveDateTime;
use danvan_domain::{
    aid::{
        AdjustmentReason, AdjustmentStatus, CreateStockAdjustment, CreateStockTransfer, MovementKind, Quantity,
        Reversal, StockAdjustment, StockBalance, StockMovement, StockTransfer,
    },
    audit::{AuditAction, AuditEntity},
    named::NamedRef,
    policy,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// `id → name` of the locations of `ids`.
fn location_names(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
    Ok(names!(conn, aid_locations, name, ids))
}

fn item_ref(
    items: &HashMap<String, super::rows::ItemRow>,
    id: &str,
) -> Result<(NamedRef, danvan_domain::aid::ItemUnit), StoreError> {
    let item = items.get(id).ok_or_else(|| StoreError::Corrupt(format!("unknown item {id}")))?;
    Ok((NamedRef { id: parse_id(id)?, name: item.name_vi.clone() }, item.unit()?))
}

// --- balances ---

/// Filters of the balance list.
#[derive(Debug, Clone, Default)]
pub struct BalanceFilter {
    pub location_id: Option<Uuid>,
    pub item_id: Option<Uuid>,
}

type BalanceRow = (String, String, i64, NaiveDateTime);

fn balances_query(filter: &BalanceFilter) -> stock_balances::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut query = stock_balances::table.into_boxed();
    if let Some(location) = filter.location_id {
        query = query.filter(stock_balances::location_id.eq(location.to_string()));
    }
    if let Some(item) = filter.item_id {
        query = query.filter(stock_balances::item_id.eq(item.to_string()));
    }
    query
}

fn assemble_balances(conn: &mut DbConnection, rows: Vec<BalanceRow>) -> Result<Vec<StockBalance>, StoreError> {
    let locations: Vec<String> = rows.iter().map(|row| row.0.clone()).collect();
    let item_ids: Vec<String> = rows.iter().map(|row| row.1.clone()).collect();
    let location_names = location_names(conn, &locations)?;
    let items = vocabulary::items_by_id(conn, &item_ids)?;
    rows.into_iter()
        .map(|(location, item, quantity, updated_at)| {
            let (item, unit) = item_ref(&items, &item)?;
            Ok(StockBalance {
                location: crate::named(&location, &location_names)?,
                item,
                unit,
                quantity: Quantity(quantity),
                updated_at: utc(updated_at),
            })
        })
        .collect()
}

const BALANCE_COLUMNS: (
    stock_balances::location_id,
    stock_balances::item_id,
    stock_balances::quantity_milli,
    stock_balances::updated_at,
) = (stock_balances::location_id, stock_balances::item_id, stock_balances::quantity_milli, stock_balances::updated_at);

/// Balances by location then item, `limit` at a time.
pub fn list_balances(
    conn: &mut DbConnection,
    filter: &BalanceFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<StockBalance>, StoreError> {
    let after = after.map(paging::decode::<2>).transpose()?.map(|[location, item]| (location, item));
    let rows: Vec<BalanceRow> =
        paging::seek!(balances_query(filter), stock_balances::location_id, stock_balances::item_id, after, asc)
            .select(BALANCE_COLUMNS)
            .limit_in_text(paging::fetch(limit))
            .load(conn)?;
    paging::paginate(rows, limit, |row| vec![row.0.clone(), row.1.clone()], |rows| assemble_balances(conn, rows))
}

/// Every balance the list would show, up to `max` (`None` beyond it), for exports.
pub fn export_balances(
    conn: &mut DbConnection,
    filter: &BalanceFilter,
    max: usize,
) -> Result<Option<Vec<StockBalance>>, StoreError> {
    let rows: Vec<BalanceRow> = balances_query(filter)
        .order((stock_balances::location_id, stock_balances::item_id))
        .select(BALANCE_COLUMNS)
        .limit_in_text(max + 1)
        .load(conn)?;
    if rows.len() > max {
        return Ok(None);
    }
    assemble_balances(conn, rows).map(Some)
}

// --- movements ---

fn assemble_movements(conn: &mut DbConnection, rows: Vec<MovementRow>) -> Result<Vec<StockMovement>, StoreError> {
    let locations: Vec<String> = rows.iter().map(|row| row.location_id.clone()).collect();
    let item_ids: Vec<String> = rows.iter().map(|row| row.item_id.clone()).collect();
    let users: Vec<String> = rows.iter().map(|row| row.recorded_by.clone()).collect();
    let location_names = location_names(conn, &locations)?;
    let items = vocabulary::items_by_id(conn, &item_ids)?;
    let user_names = crate::tasks::user_names(conn, &users)?;
    let id = |text: &Option<String>| text.as_deref().map(parse_id).transpose();
    rows.into_iter()
        .map(|row| {
            let (item, unit) = item_ref(&items, &row.item_id)?;
            Ok(StockMovement {
                id: parse_id(&row.id)?,
                location: crate::named(&row.location_id, &location_names)?,
                item,
                unit,
                kind: parse(&row.kind, MovementKind::parse)?,
                quantity: Quantity(row.quantity_milli),
                balance_after: Quantity(row.balance_after_milli),
                donation_id: id(&row.donation_id)?,
                transfer_id: id(&row.transfer_id)?,
                adjustment_id: id(&row.adjustment_id)?,
                reverses: id(&row.reverses)?,
                recorded_by: crate::named(&row.recorded_by, &user_names)?,
                note: row.note,
                posted_at: utc(row.posted_at),
            })
        })
        .collect()
}

fn movements_query(
    location: Uuid,
    item: Option<Uuid>,
) -> stock_movements::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut query = stock_movements::table.filter(stock_movements::location_id.eq(location.to_string())).into_boxed();
    if let Some(item) = item {
        query = query.filter(stock_movements::item_id.eq(item.to_string()));
    }
    query
}

/// A location's movements, newest first, `limit` at a time.
pub fn list_movements(
    conn: &mut DbConnection,
    location: Uuid,
    item: Option<Uuid>,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<StockMovement>, StoreError> {
    vocabulary::find_location(conn, location)?;
    let after = paging::after_stamp(after)?;
    let rows: Vec<MovementRow> =
        paging::seek!(movements_query(location, item), stock_movements::posted_at, stock_movements::id, after, desc)
            .select(MovementRow::as_select())
            .limit_in_text(paging::fetch(limit))
            .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| paging::stamp_key(row.posted_at, &row.id),
        |rows| assemble_movements(conn, rows),
    )
}

/// The query `list_movements` runs for its first page, for the query-plan test.
pub fn explain_movements(
    conn: &mut DbConnection,
    location: Uuid,
    item: Option<Uuid>,
) -> Result<Vec<String>, StoreError> {
    let query = paging::seek!(
        movements_query(location, item),
        stock_movements::posted_at,
        stock_movements::id,
        None::<(NaiveDateTime, String)>,
        desc
    )
    .select(stock_movements::id)
    .limit_in_text(paging::fetch(danvan_domain::page::DEFAULT_LIMIT as usize));
    crate::explain::plan(conn, query)
}

// --- transfers ---

fn assemble_transfers(conn: &mut DbConnection, rows: Vec<TransferRow>) -> Result<Vec<StockTransfer>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let locations: Vec<String> =
        rows.iter().flat_map(|row| [row.from_location_id.clone(), row.to_location_id.clone()]).collect();
    let location_names = location_names(conn, &locations)?;
    let lines: Vec<TransferLineRow> = stock_transfer_lines::table
        .filter(stock_transfer_lines::transfer_id.eq_any(&ids))
        .order((stock_transfer_lines::transfer_id, stock_transfer_lines::position))
        .load(conn)?;
    let item_ids: Vec<String> = lines.iter().map(|line| line.item_id.clone()).collect();
    let items = vocabulary::items_by_id(conn, &item_ids)?;
    let reversals = ledger::reversals(conn, "stock_transfer", &ids)?;
    let mut users: Vec<String> = rows.iter().map(|row| row.recorded_by.clone()).collect();
    users.extend(reversals.values().map(|(by, _, _)| by.clone()));
    let user_names = crate::tasks::user_names(conn, &users)?;
    rows.into_iter()
        .map(|row| {
            let lines = super::campaigns::goods_amounts(
                lines
                    .iter()
                    .filter(|line| line.transfer_id == row.id)
                    .map(|line| (line.item_id.clone(), line.quantity_milli))
                    .collect(),
                &items,
            )?;
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
            Ok(StockTransfer {
                id: parse_id(&row.id)?,
                from_location: crate::named(&row.from_location_id, &location_names)?,
                to_location: crate::named(&row.to_location_id, &location_names)?,
                recorded_by: crate::named(&row.recorded_by, &user_names)?,
                lines,
                reversal,
                note: row.note,
                posted_at: utc(row.posted_at),
            })
        })
        .collect()
}

/// Transfers out of or into a location (either, or one way), or all; newest first.
pub fn list_transfers(
    conn: &mut DbConnection,
    location: Option<Uuid>,
    from_location: Option<Uuid>,
    to_location: Option<Uuid>,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<StockTransfer>, StoreError> {
    let after = paging::after_stamp(after)?;
    let mut query = stock_transfers::table.into_boxed();
    if let Some(location) = location {
        let location = location.to_string();
        query = query.filter(
            stock_transfers::from_location_id.eq(location.clone()).or(stock_transfers::to_location_id.eq(location)),
        );
    }
    if let Some(location) = from_location {
        query = query.filter(stock_transfers::from_location_id.eq(location.to_string()));
    }
    if let Some(location) = to_location {
        query = query.filter(stock_transfers::to_location_id.eq(location.to_string()));
    }
    let rows: Vec<TransferRow> = paging::seek!(query, stock_transfers::posted_at, stock_transfers::id, after, desc)
        .select(TransferRow::as_select())
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| paging::stamp_key(row.posted_at, &row.id),
        |rows| assemble_transfers(conn, rows),
    )
}

/// Moves goods from one location to another: per line one movement out (refused with 409
/// `insufficient_stock` when the source holds too little) and one in, all or none.
pub fn create_transfer(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    request: &CreateStockTransfer,
) -> Result<StockTransfer, StoreError> {
    let from = vocabulary::usable_location(conn, viewer, request.from_location_id, "from_location_id")?;
    let to: LocationRow = match vocabulary::find_location(conn, request.to_location_id) {
        Ok(row) if row.active => row,
        Ok(_) | Err(StoreError::NotFound) => {
            return Err(StoreError::invalid("to_location_id", "unknown", "no open location has this id"))
        }
        Err(error) => return Err(error),
    };
    let item_ids: Vec<Uuid> = request.lines.iter().map(|line| line.item_id).collect();
    vocabulary::known_items(conn, &item_ids, "lines")?;
    let (by, at) = (crate::actor_id(actor)?, now());
    let row = TransferRow {
        id: new_id(),
        from_location_id: from.id.clone(),
        to_location_id: to.id.clone(),
        note: request.note.trim().to_owned(),
        recorded_by: by.clone(),
        posted_at: at,
    };
    diesel::insert_into(stock_transfers::table).values(&row).execute(conn)?;
    let lines: Vec<TransferLineRow> = request
        .lines
        .iter()
        .enumerate()
        .map(|(position, line)| TransferLineRow {
            transfer_id: row.id.clone(),
            item_id: line.item_id.to_string(),
            position: position as i64,
            quantity_milli: line.quantity.milli(),
        })
        .collect();
    crate::insert_many!(conn, stock_transfer_lines::table, &lines, 4)?;
    for line in &lines {
        for (location, kind, delta) in [
            (&from.id, MovementKind::TransferOut, -line.quantity_milli),
            (&to.id, MovementKind::TransferIn, line.quantity_milli),
        ] {
            ledger::post_stock(
                conn,
                StockPosting {
                    location_id: location,
                    item_id: &line.item_id,
                    kind,
                    delta,
                    donation_id: None,
                    transfer_id: Some(&row.id),
                    adjustment_id: None,
                    reverses: None,
                    distribution_line_id: None,
                    note: &row.note,
                    recorded_by: &by,
                    at,
                },
            )?;
        }
    }
    let transfer = assemble_transfers(conn, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::StockTransfer,
        Some(&transfer.id.to_string()),
        None::<&()>,
        Some(&transfer),
    )?;
    Ok(transfer)
}

/// Undoes a transfer: the goods go back, if the receiving location still holds them.
pub fn reverse_transfer(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    reason: &str,
) -> Result<StockTransfer, StoreError> {
    let row: TransferRow =
        stock_transfers::table.find(id.to_string()).select(TransferRow::as_select()).first_row(conn).found()?;
    let from = vocabulary::find_location(conn, parse_id(&row.from_location_id)?)?;
    if !vocabulary::manages(viewer, &from)? {
        return Err(StoreError::Forbidden);
    }
    let (by, at) = (crate::actor_id(actor)?, now());
    ledger::mark_reversed(conn, "stock_transfer", &row.id, &by, reason, at)?;
    let movements: Vec<MovementRow> = stock_movements::table
        .filter(stock_movements::transfer_id.eq(&row.id))
        .filter(stock_movements::reverses.is_null())
        .select(MovementRow::as_select())
        .load(conn)?;
    ledger::reverse_movements(conn, &movements, reason.trim(), &by, at)?;
    let transfer = assemble_transfers(conn, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Reverse,
        AuditEntity::StockTransfer,
        Some(&id.to_string()),
        None::<&()>,
        Some(&transfer),
    )?;
    Ok(transfer)
}

// --- adjustments ---

/// Filters of the adjustment list.
#[derive(Debug, Clone, Default)]
pub struct AdjustmentFilter {
    pub status: Option<AdjustmentStatus>,
    pub location_id: Option<Uuid>,
}

fn assemble_adjustments(
    conn: &mut DbConnection,
    viewer: &Viewer,
    rows: Vec<AdjustmentRow>,
) -> Result<Vec<StockAdjustment>, StoreError> {
    let location_ids: Vec<String> = rows.iter().map(|row| row.location_id.clone()).collect();
    let locations: Vec<LocationRow> =
        aid_locations::table.filter(aid_locations::id.eq_any(&location_ids)).load(conn)?;
    let locations: HashMap<String, LocationRow> = locations.into_iter().map(|row| (row.id.clone(), row)).collect();
    let item_ids: Vec<String> = rows.iter().map(|row| row.item_id.clone()).collect();
    let items = vocabulary::items_by_id(conn, &item_ids)?;
    let users: Vec<String> =
        rows.iter().flat_map(|row| std::iter::once(row.requested_by.clone()).chain(row.decided_by.clone())).collect();
    let user_names = crate::tasks::user_names(conn, &users)?;
    rows.into_iter()
        .map(|row| {
            let location =
                locations.get(&row.location_id).ok_or_else(|| StoreError::Corrupt("unknown location".into()))?;
            let (item, unit) = item_ref(&items, &row.item_id)?;
            let status = parse(&row.status, AdjustmentStatus::parse)?;
            let requested_by = parse_id(&row.requested_by)?;
            Ok(StockAdjustment {
                id: parse_id(&row.id)?,
                location: NamedRef { id: parse_id(&location.id)?, name: location.name.clone() },
                item,
                unit,
                quantity: Quantity(row.quantity_milli),
                reason: parse(&row.reason, AdjustmentReason::parse)?,
                can_decide: status == AdjustmentStatus::Pending
                    && policy::may_decide_adjustment(
                        vocabulary::manages(viewer, location)?,
                        viewer.user_id,
                        requested_by,
                    ),
                status,
                requested_by: crate::named(&row.requested_by, &user_names)?,
                requested_at: utc(row.requested_at),
                decided_by: row.decided_by.as_deref().map(|id| crate::named(id, &user_names)).transpose()?,
                decided_at: row.decided_at.map(utc),
                movement_id: row.movement_id.as_deref().map(parse_id).transpose()?,
                note: row.note,
                decision_note: row.decision_note,
            })
        })
        .collect()
}

/// Adjustments, newest first, `limit` at a time.
pub fn list_adjustments(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &AdjustmentFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<StockAdjustment>, StoreError> {
    let after = paging::after_stamp(after)?;
    let mut query = stock_adjustments::table.into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(stock_adjustments::status.eq(status.as_str()));
    }
    if let Some(location) = filter.location_id {
        query = query.filter(stock_adjustments::location_id.eq(location.to_string()));
    }
    let rows: Vec<AdjustmentRow> =
        paging::seek!(query, stock_adjustments::requested_at, stock_adjustments::id, after, desc)
            .select(AdjustmentRow::as_select())
            .limit_in_text(paging::fetch(limit))
            .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| paging::stamp_key(row.requested_at, &row.id),
        |rows| assemble_adjustments(conn, viewer, rows),
    )
}

/// Asks for an adjustment; it changes nothing until someone else approves it.
pub fn create_adjustment(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    request: &CreateStockAdjustment,
) -> Result<StockAdjustment, StoreError> {
    let location = vocabulary::usable_location(conn, viewer, request.location_id, "location_id")?;
    // Retired items too: what is left of them is still counted, lost or expired.
    if vocabulary::items_by_id(conn, &[request.item_id.to_string()])?.is_empty() {
        return Err(StoreError::invalid("item_id", "unknown", "no item has this id"));
    }
    let row = AdjustmentRow {
        id: new_id(),
        location_id: location.id,
        item_id: request.item_id.to_string(),
        quantity_milli: request.quantity.milli(),
        reason: request.reason.as_str().to_owned(),
        note: request.note.trim().to_owned(),
        status: AdjustmentStatus::Pending.as_str().to_owned(),
        requested_by: crate::actor_id(actor)?,
        requested_at: now(),
        decided_by: None,
        decided_at: None,
        decision_note: String::new(),
        movement_id: None,
        version: 1,
    };
    diesel::insert_into(stock_adjustments::table).values(&row).execute(conn)?;
    let adjustment = assemble_adjustments(conn, viewer, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::StockAdjustment,
        Some(&adjustment.id.to_string()),
        None::<&()>,
        Some(&adjustment),
    )?;
    Ok(adjustment)
}

/// Approves (posting the movement, 409 `insufficient_stock` if it would go below zero) or
/// rejects a pending adjustment. The status changes first, by a statement that only a
/// pending row passes, so two approvals at once post once.
fn decide(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    approve: bool,
    note: &str,
) -> Result<StockAdjustment, StoreError> {
    let current: AdjustmentRow =
        stock_adjustments::table.find(id.to_string()).select(AdjustmentRow::as_select()).first_row(conn).found()?;
    let location = vocabulary::find_location(conn, parse_id(&current.location_id)?)?;
    let by = crate::actor_id(actor)?;
    if !policy::may_decide_adjustment(
        vocabulary::manages(viewer, &location)?,
        viewer.user_id,
        parse_id(&current.requested_by)?,
    ) {
        return Err(StoreError::Forbidden);
    }
    let before = assemble_adjustments(conn, viewer, vec![current.clone()])?.remove(0);
    let at = now();
    let status = if approve { AdjustmentStatus::Approved } else { AdjustmentStatus::Rejected };
    let decided = diesel::update(
        stock_adjustments::table
            .find(&current.id)
            .filter(stock_adjustments::status.eq(AdjustmentStatus::Pending.as_str())),
    )
    .set((
        stock_adjustments::status.eq(status.as_str()),
        stock_adjustments::decided_by.eq(&by),
        stock_adjustments::decided_at.eq(at),
        stock_adjustments::decision_note.eq(note.trim()),
        stock_adjustments::version.eq(stock_adjustments::version + 1),
    ))
    .execute(conn)?;
    if decided == 0 {
        return Err(StoreError::conflict("not_pending", "this adjustment was decided already"));
    }
    if approve {
        let movement = ledger::post_stock(
            conn,
            StockPosting {
                location_id: &current.location_id,
                item_id: &current.item_id,
                kind: MovementKind::Adjustment,
                delta: current.quantity_milli,
                donation_id: None,
                transfer_id: None,
                adjustment_id: Some(&current.id),
                reverses: None,
                distribution_line_id: None,
                note: &current.note,
                recorded_by: &by,
                at,
            },
        )?;
        diesel::update(stock_adjustments::table.find(&current.id))
            .set(stock_adjustments::movement_id.eq(&movement.id))
            .execute(conn)?;
    }
    let row: AdjustmentRow =
        stock_adjustments::table.find(&current.id).select(AdjustmentRow::as_select()).first_row(conn)?;
    let after = assemble_adjustments(conn, viewer, vec![row])?.remove(0);
    let action = if approve { AuditAction::Approve } else { AuditAction::Reject };
    audit::record(
        conn,
        actor,
        action,
        AuditEntity::StockAdjustment,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

pub fn approve_adjustment(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    note: &str,
) -> Result<StockAdjustment, StoreError> {
    decide(conn, actor, viewer, id, true, note)
}

pub fn reject_adjustment(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    note: &str,
) -> Result<StockAdjustment, StoreError> {
    decide(conn, actor, viewer, id, false, note)
}
