//! Deliveries: a round's line handed over, or not. A delivery is one write: the line
//! becomes delivered (a statement only a planned or not-delivered line passes, so two
//! deliveries of one line record one), the round starts delivering, each of the round's
//! items leaves its location through the stock ledger and its cash leaves the campaign
//! through the cash ledger (both guarded: 409 `insufficient_stock` / `insufficient_funds`
//! and nothing is written), and the sums kept beside them move: the campaign's item
//! totals, `distribution_item_totals` and `distribution_totals` (what the public figures
//! read). Every delivery takes its locks in the same order (line, round, balances by item,
//! campaign cash, sums), so concurrent deliveries wait for each other and never deadlock.

use super::distributions::{self, covered, LineRow};
use super::ledger::{self, CashPosting, StockPosting};
use super::parse;
use super::totals::{self, insert_if_absent, ItemDelta};
use crate::limit::LimitInText;
use crate::{
    audit, now,
    schema::{
        beneficiaries, campaign_item_totals, distribution_item_totals, distribution_lines, distribution_round_items,
        distribution_totals,
    },
    scope::Viewer,
    Actor, DbConnection, StoreError,
};
use danvan_domain::{
    aid::{
        transparency::PublicItem, CashEntryKind, DeliverRequest, DistributionLine, LineStatus, MovementKind,
        NotDeliveredRequest, Quantity, RoundActor, RoundStatus,
    },
    audit::{AuditAction, AuditEntity},
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// The round and line of a delivery, checked: the caller delivers in the round's province,
/// the round is approved or delivering, the line is not delivered or cancelled, and the
/// person has not withdrawn consent. Answers the person's commune and province.
fn deliverable(
    conn: &mut DbConnection,
    viewer: &Viewer,
    round: Uuid,
    line_id: Uuid,
) -> Result<(distributions::RoundRow, LineRow, String, String), StoreError> {
    let (round, line) = open_line(conn, viewer, round, line_id)?;
    let (consent, commune, province): (String, String, String) = beneficiaries::table
        .find(&line.beneficiary_id)
        .select((beneficiaries::consent, beneficiaries::area_id, beneficiaries::province_id))
        .first_row(conn)?;
    if consent != "given" {
        return Err(StoreError::conflict(
            "consent_withdrawn",
            "this person withdrew consent: nothing more is recorded for them",
        ));
    }
    Ok((round, line, commune, province))
}

/// The line `line_id` of `round`, if the viewer sees it and may hand aid over in the round,
/// the round is open and the line still open.
fn open_line(
    conn: &mut DbConnection,
    viewer: &Viewer,
    round: Uuid,
    line_id: Uuid,
) -> Result<(distributions::RoundRow, LineRow), StoreError> {
    let (round, line) = distributions::visible_line(conn, viewer, round, line_id)?;
    if !distributions::actors(viewer, &round)?.contains(&RoundActor::Deliverer) {
        return Err(StoreError::Forbidden);
    }
    let status = parse(&round.status, RoundStatus::parse)?;
    if !matches!(status, RoundStatus::Approved | RoundStatus::Delivering) {
        return Err(StoreError::conflict(
            "round_not_open",
            format!("a {} round takes no deliveries: it must be approved and not completed", status.as_str()),
        ));
    }
    refuse_closed_line(&line)?;
    Ok((round, line))
}

fn refuse_closed_line(line: &LineRow) -> Result<(), StoreError> {
    match parse(&line.status, LineStatus::parse)? {
        LineStatus::Delivered => Err(StoreError::conflict("already_delivered", "this person received it already")),
        LineStatus::Cancelled => Err(StoreError::conflict("line_cancelled", "this person was left out of the round")),
        LineStatus::Planned | LineStatus::NotDelivered => Ok(()),
    }
}

/// Why a guarded line update changed nothing: it was delivered or left out meanwhile.
fn moved_on(conn: &mut DbConnection, line: &LineRow) -> StoreError {
    let current = distribution_lines::table
        .find(&line.id)
        .select(LineRow::as_select())
        .first_row(conn)
        .map_err(StoreError::from)
        .and_then(|current| refuse_closed_line(&current));
    match current {
        Err(error) => error,
        Ok(()) => StoreError::conflict("already_delivered", "this person received it already"),
    }
}

/// Records that the line's person received the round's cash and goods, confirmed by
/// `request.confirmation`; see the module's documentation.
pub fn deliver(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    round: Uuid,
    line_id: Uuid,
    request: &DeliverRequest,
) -> Result<DistributionLine, StoreError> {
    let (round, line, commune, province) = deliverable(conn, viewer, round, line_id)?;
    let (by, at) = (crate::actor_id(actor)?, now());
    let open = [LineStatus::Planned.as_str(), LineStatus::NotDelivered.as_str()];
    let changed =
        diesel::update(distribution_lines::table.find(&line.id).filter(distribution_lines::status.eq_any(open)))
            .set((
                distribution_lines::status.eq(LineStatus::Delivered.as_str()),
                distribution_lines::reason.eq(None::<String>),
                distribution_lines::delivered_by.eq(Some(&by)),
                distribution_lines::delivered_at.eq(Some(at)),
                distribution_lines::confirmation.eq(request.confirmation.trim()),
                distribution_lines::note.eq(request.note.trim()),
                distribution_lines::version.eq(distribution_lines::version + 1),
                distribution_lines::updated_at.eq(at),
            ))
            .execute(conn)
            .map_err(covered)?;
    if changed == 0 {
        return Err(moved_on(conn, &line));
    }
    distributions::start_delivering(conn, &round, at)?;
    let items: Vec<(String, i64)> = distribution_round_items::table
        .filter(distribution_round_items::round_id.eq(&round.id))
        .order(distribution_round_items::item_id)
        .select((distribution_round_items::item_id, distribution_round_items::quantity_milli))
        .load(conn)?;
    let note = round.name.clone();
    if !items.is_empty() {
        let location = round
            .location_id
            .as_deref()
            .ok_or_else(|| StoreError::Corrupt(format!("round {} hands out goods from nowhere", round.id)))?;
        for (item, quantity) in &items {
            ledger::post_stock(
                conn,
                StockPosting {
                    location_id: location,
                    item_id: item,
                    kind: MovementKind::Distributed,
                    delta: -quantity,
                    donation_id: None,
                    transfer_id: None,
                    adjustment_id: None,
                    reverses: None,
                    distribution_line_id: Some(&line.id),
                    note: &note,
                    recorded_by: &by,
                    at,
                },
            )?;
        }
    }
    if round.cash_each > 0 {
        ledger::post_cash(
            conn,
            CashPosting {
                campaign_id: &round.campaign_id,
                kind: CashEntryKind::Disbursed,
                amount: -round.cash_each,
                donation_id: None,
                reverses: None,
                distribution_line_id: Some(&line.id),
                reference: "",
                note: &note,
                occurred_on: at.date(),
                recorded_by: &by,
                at,
            },
        )?;
    }
    // The goods' value: what the campaign's donors said each unit was worth, on average.
    let item_ids: Vec<&String> = items.iter().map(|(item, _)| item).collect();
    let worth: HashMap<String, (i64, i64)> = campaign_item_totals::table
        .filter(campaign_item_totals::campaign_id.eq(&round.campaign_id))
        .filter(campaign_item_totals::item_id.eq_any(item_ids))
        .select((
            campaign_item_totals::item_id,
            (campaign_item_totals::received_milli, campaign_item_totals::received_value),
        ))
        .load::<(String, (i64, i64))>(conn)?
        .into_iter()
        .collect();
    let mut goods_value = 0i64;
    for (item, quantity) in &items {
        let (received, value) = worth.get(item).copied().unwrap_or_default();
        let share = PublicItem::value_of_distributed(Quantity(received), value, Quantity(*quantity));
        goods_value = goods_value.saturating_add(share);
        totals::add_item(conn, &round.campaign_id, item, ItemDelta { distributed: *quantity, ..ItemDelta::default() })?;
        add_item_totals(conn, &round.campaign_id, &province, &line.category_id, item, *quantity)?;
    }
    add_totals(conn, &round.campaign_id, &commune, &line.category_id, &province, round.cash_each, goods_value)?;
    finish(conn, actor, &line)
}

/// Records that the line's person was not reached, and why; the line may still be
/// delivered later in the round.
pub fn mark_not_delivered(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    round: Uuid,
    line_id: Uuid,
    request: &NotDeliveredRequest,
) -> Result<DistributionLine, StoreError> {
    let (round, line) = open_line(conn, viewer, round, line_id)?;
    let (by, at) = (crate::actor_id(actor)?, now());
    let open = [LineStatus::Planned.as_str(), LineStatus::NotDelivered.as_str()];
    let changed =
        diesel::update(distribution_lines::table.find(&line.id).filter(distribution_lines::status.eq_any(open)))
            .set((
                distribution_lines::status.eq(LineStatus::NotDelivered.as_str()),
                distribution_lines::reason.eq(Some(request.reason.as_str())),
                distribution_lines::delivered_by.eq(Some(&by)),
                distribution_lines::delivered_at.eq(Some(at)),
                distribution_lines::note.eq(request.note.trim()),
                distribution_lines::version.eq(distribution_lines::version + 1),
                distribution_lines::updated_at.eq(at),
            ))
            .execute(conn)?;
    if changed == 0 {
        return Err(moved_on(conn, &line));
    }
    distributions::start_delivering(conn, &round, at)?;
    finish(conn, actor, &line)
}

/// Audits the line's move and answers it as it is now.
fn finish(conn: &mut DbConnection, actor: &Actor, before: &LineRow) -> Result<DistributionLine, StoreError> {
    let after: LineRow = distribution_lines::table.find(&before.id).select(LineRow::as_select()).first_row(conn)?;
    audit::record(
        conn,
        actor,
        AuditAction::Transition,
        AuditEntity::DistributionLine,
        Some(&before.id),
        Some(&before.audit()),
        Some(&after.audit()),
    )?;
    Ok(distributions::assemble_lines(conn, vec![after])?.remove(0))
}

fn add_item_totals(
    conn: &mut DbConnection,
    campaign: &str,
    province: &str,
    category: &str,
    item: &str,
    quantity: i64,
) -> Result<(), StoreError> {
    use distribution_item_totals::dsl as t;
    insert_if_absent!(
        conn,
        t::distribution_item_totals,
        (
            t::campaign_id.eq(campaign),
            t::province_id.eq(province),
            t::category_id.eq(category),
            t::item_id.eq(item),
            t::quantity_milli.eq(0),
        )
    )?;
    diesel::update(t::distribution_item_totals.find((campaign, province, category, item)))
        .set(t::quantity_milli.eq(t::quantity_milli + quantity))
        .execute(conn)?;
    Ok(())
}

fn add_totals(
    conn: &mut DbConnection,
    campaign: &str,
    commune: &str,
    category: &str,
    province: &str,
    cash: i64,
    goods_value: i64,
) -> Result<(), StoreError> {
    use distribution_totals::dsl as t;
    insert_if_absent!(
        conn,
        t::distribution_totals,
        (
            t::campaign_id.eq(campaign),
            t::area_id.eq(commune),
            t::category_id.eq(category),
            t::province_id.eq(province),
            t::beneficiaries.eq(0),
            t::cash.eq(0),
            t::goods_value.eq(0),
        )
    )?;
    diesel::update(t::distribution_totals.find((campaign, commune, category)))
        .set((
            t::beneficiaries.eq(t::beneficiaries + 1),
            t::cash.eq(t::cash + cash),
            t::goods_value.eq(t::goods_value + goods_value),
        ))
        .execute(conn)?;
    Ok(())
}
