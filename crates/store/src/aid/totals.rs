//! The sums kept beside the ledgers, in the same transaction as the rows they sum: a
//! campaign's cash and counts, per item, per donor, per location, per month. Each is a
//! row made on first use (an upsert, which both backends make safe under concurrency)
//! and then moved by a delta, so a report reads a few rows whatever the ledger's length.

use crate::schema::{
    campaign_donor_totals as donor_totals, campaign_item_totals as item_totals,
    campaign_location_totals as location_totals, campaign_month_totals as month_totals, campaign_totals,
};
use crate::{DbConnection, StoreError};
use diesel::prelude::*;

/// Runs `$body` with `$c` bound to the backend's own connection, for the statements diesel
/// builds per backend (upserts).
macro_rules! on_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            crate::DbConnection::Sqlite($c) => $body,
            crate::DbConnection::Pg($c) => $body,
        }
    };
}
pub(super) use on_backend;

/// Inserts `$values` into `$table` unless a row with the same key exists.
macro_rules! insert_if_absent {
    ($conn:expr, $table:expr, $values:expr) => {
        super::totals::on_backend!($conn, c => diesel::insert_into($table).values($values).on_conflict_do_nothing().execute(c))
    };
}
pub(super) use insert_if_absent;

/// The campaign's own row, made with the campaign.
pub(super) fn open_campaign_totals(conn: &mut DbConnection, campaign: &str) -> Result<(), StoreError> {
    diesel::insert_into(campaign_totals::table)
        .values((
            campaign_totals::campaign_id.eq(campaign),
            campaign_totals::pledged_cash.eq(0),
            campaign_totals::received_cash.eq(0),
            campaign_totals::disbursed_cash.eq(0),
            campaign_totals::received_goods_value.eq(0),
            campaign_totals::donations.eq(0),
        ))
        .execute(conn)?;
    Ok(())
}

/// Moves a campaign's counts: cash promised, goods value and donations received.
pub(super) fn add_campaign(
    conn: &mut DbConnection,
    campaign: &str,
    pledged_cash: i64,
    goods_value: i64,
    donations: i64,
) -> Result<(), StoreError> {
    use campaign_totals::dsl as t;
    diesel::update(t::campaign_totals.find(campaign))
        .set((
            t::pledged_cash.eq(t::pledged_cash + pledged_cash),
            t::received_goods_value.eq(t::received_goods_value + goods_value),
            t::donations.eq(t::donations + donations),
        ))
        .execute(conn)?;
    Ok(())
}

/// An item's sums in a campaign.
#[derive(Default)]
pub(super) struct ItemDelta {
    pub pledged: i64,
    pub received: i64,
    pub received_value: i64,
    pub distributed: i64,
}

pub(super) fn add_item(
    conn: &mut DbConnection,
    campaign: &str,
    item: &str,
    delta: ItemDelta,
) -> Result<(), StoreError> {
    use item_totals::dsl as t;
    insert_if_absent!(
        conn,
        t::campaign_item_totals,
        (
            t::campaign_id.eq(campaign),
            t::item_id.eq(item),
            t::pledged_milli.eq(0),
            t::received_milli.eq(0),
            t::received_value.eq(0),
            t::distributed_milli.eq(0),
        )
    )?;
    diesel::update(t::campaign_item_totals.find((campaign, item)))
        .set((
            t::pledged_milli.eq(t::pledged_milli + delta.pledged),
            t::received_milli.eq(t::received_milli + delta.received),
            t::received_value.eq(t::received_value + delta.received_value),
            t::distributed_milli.eq(t::distributed_milli + delta.distributed),
        ))
        .execute(conn)?;
    Ok(())
}

/// What a donation adds to (or, reversed, takes from) its donor's, location's and month's sums.
pub(super) struct DonationDelta<'a> {
    pub campaign: &'a str,
    /// The donor's id, or '' for an anonymous gift.
    pub donor_key: &'a str,
    /// `YYYY-MM`.
    pub month: String,
    /// 1, or -1 for a reversal.
    pub count: i64,
    pub cash: i64,
    pub goods_value: i64,
}

pub(super) fn add_donation(conn: &mut DbConnection, delta: &DonationDelta) -> Result<(), StoreError> {
    {
        use donor_totals::dsl as t;
        insert_if_absent!(
            conn,
            t::campaign_donor_totals,
            (
                t::campaign_id.eq(delta.campaign),
                t::donor_key.eq(delta.donor_key),
                t::donations.eq(0),
                t::cash.eq(0),
                t::goods_value.eq(0),
                t::total_value.eq(0),
            )
        )?;
        diesel::update(t::campaign_donor_totals.find((delta.campaign, delta.donor_key)))
            .set((
                t::donations.eq(t::donations + delta.count),
                t::cash.eq(t::cash + delta.cash),
                t::goods_value.eq(t::goods_value + delta.goods_value),
                t::total_value.eq(t::total_value + (delta.cash + delta.goods_value)),
            ))
            .execute(conn)?;
    }
    use month_totals::dsl as t;
    insert_if_absent!(
        conn,
        t::campaign_month_totals,
        (
            t::campaign_id.eq(delta.campaign),
            t::month.eq(&delta.month),
            t::donations.eq(0),
            t::cash.eq(0),
            t::goods_value.eq(0),
        )
    )?;
    diesel::update(t::campaign_month_totals.find((delta.campaign, &delta.month)))
        .set((
            t::donations.eq(t::donations + delta.count),
            t::cash.eq(t::cash + delta.cash),
            t::goods_value.eq(t::goods_value + delta.goods_value),
        ))
        .execute(conn)?;
    add_campaign(conn, delta.campaign, 0, delta.goods_value, delta.count)
}

pub(super) fn add_location(
    conn: &mut DbConnection,
    campaign: &str,
    location: &str,
    item: &str,
    quantity: i64,
    value: i64,
) -> Result<(), StoreError> {
    use location_totals::dsl as t;
    insert_if_absent!(
        conn,
        t::campaign_location_totals,
        (
            t::campaign_id.eq(campaign),
            t::location_id.eq(location),
            t::item_id.eq(item),
            t::quantity_milli.eq(0),
            t::value.eq(0),
        )
    )?;
    diesel::update(t::campaign_location_totals.find((campaign, location, item)))
        .set((t::quantity_milli.eq(t::quantity_milli + quantity), t::value.eq(t::value + value)))
        .execute(conn)?;
    Ok(())
}
