//! The stored rows of the aid module.

use crate::schema::{
    aid_items, aid_locations, aid_reversals, campaign_areas, campaign_targets, campaign_totals, campaigns,
    cash_entries, donation_lines, donations, donors, pledge_lines, pledges, stock_adjustments, stock_movements,
    stock_transfer_lines, stock_transfers,
};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = aid_items)]
#[diesel(treat_none_as_null = true)]
pub(super) struct ItemRow {
    pub id: String,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub unit: String,
    pub category: String,
    pub active: bool,
    pub position: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = aid_locations)]
#[diesel(treat_none_as_null = true)]
pub(super) struct LocationRow {
    pub id: String,
    pub name: String,
    pub name_folded: String,
    pub kind: String,
    pub org_unit_id: String,
    pub area_id: String,
    pub province_id: String,
    pub address: String,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = donors)]
#[diesel(treat_none_as_null = true)]
pub(super) struct DonorRow {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub name_folded: String,
    pub tax_code: Option<String>,
    pub contact_person: String,
    pub phone_sealed: Option<String>,
    pub phone_hash: Option<String>,
    pub email_sealed: Option<String>,
    pub public_consent: bool,
    pub note: String,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = campaigns)]
#[diesel(treat_none_as_null = true)]
pub(super) struct CampaignRow {
    pub id: String,
    pub name: String,
    pub name_folded: String,
    pub purpose: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub plan_item_id: Option<String>,
    pub status: String,
    pub org_unit_id: String,
    pub beneficiary_categories: String,
    pub target_cash: i64,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = campaign_areas)]
pub(super) struct CampaignAreaRow {
    pub campaign_id: String,
    pub area_id: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = campaign_targets)]
pub(super) struct CampaignTargetRow {
    pub campaign_id: String,
    pub item_id: String,
    pub quantity_milli: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = campaign_totals)]
pub(super) struct CampaignTotalsRow {
    pub campaign_id: String,
    pub pledged_cash: i64,
    pub received_cash: i64,
    pub disbursed_cash: i64,
    pub received_goods_value: i64,
    pub donations: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = pledges)]
#[diesel(treat_none_as_null = true)]
pub(super) struct PledgeRow {
    pub id: String,
    pub donor_id: String,
    pub campaign_id: String,
    pub cash_amount: i64,
    pub cash_received: i64,
    pub due_on: Option<NaiveDate>,
    pub cancelled: bool,
    pub note: String,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pledge_lines)]
pub(super) struct PledgeLineRow {
    pub pledge_id: String,
    pub item_id: String,
    pub quantity_milli: i64,
    pub received_milli: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = donations)]
pub(super) struct DonationRow {
    pub id: String,
    pub receipt_year: i64,
    pub receipt_sequence: i64,
    pub receipt_number: String,
    pub donor_id: Option<String>,
    pub campaign_id: String,
    pub pledge_id: Option<String>,
    pub received_on: NaiveDate,
    pub channel: String,
    pub bank_reference: Option<String>,
    pub cash_amount: i64,
    pub goods_value: i64,
    pub location_id: Option<String>,
    pub note: String,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = donation_lines)]
pub(super) struct DonationLineRow {
    pub donation_id: String,
    pub item_id: String,
    pub position: i64,
    pub quantity_milli: i64,
    pub estimated_value: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = stock_transfers)]
pub(super) struct TransferRow {
    pub id: String,
    pub from_location_id: String,
    pub to_location_id: String,
    pub note: String,
    pub recorded_by: String,
    pub posted_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = stock_transfer_lines)]
pub(super) struct TransferLineRow {
    pub transfer_id: String,
    pub item_id: String,
    pub position: i64,
    pub quantity_milli: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = stock_adjustments)]
#[diesel(treat_none_as_null = true)]
pub(super) struct AdjustmentRow {
    pub id: String,
    pub location_id: String,
    pub item_id: String,
    pub quantity_milli: i64,
    pub reason: String,
    pub note: String,
    pub status: String,
    pub requested_by: String,
    pub requested_at: NaiveDateTime,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_note: String,
    pub movement_id: Option<String>,
    pub version: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = stock_movements)]
pub(super) struct MovementRow {
    pub id: String,
    pub location_id: String,
    pub item_id: String,
    pub kind: String,
    pub quantity_milli: i64,
    pub balance_after_milli: i64,
    pub donation_id: Option<String>,
    pub transfer_id: Option<String>,
    pub adjustment_id: Option<String>,
    pub reverses: Option<String>,
    pub note: String,
    pub recorded_by: String,
    pub posted_at: NaiveDateTime,
    pub distribution_line_id: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = aid_reversals)]
pub(super) struct ReversalRow {
    pub record_kind: String,
    pub record_id: String,
    pub reversed_by: String,
    pub reversed_at: NaiveDateTime,
    pub reason: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cash_entries)]
pub(super) struct CashEntryRow {
    pub id: String,
    pub campaign_id: String,
    pub kind: String,
    pub amount: i64,
    pub balance_after: i64,
    pub donation_id: Option<String>,
    pub reverses: Option<String>,
    pub reference: String,
    pub note: String,
    pub occurred_on: NaiveDate,
    pub recorded_by: String,
    pub posted_at: NaiveDateTime,
    pub distribution_line_id: Option<String>,
}
