//! The two append-only ledgers: stock per location × item, cash per campaign. A balance is
//! the sum of its movements and never goes below zero; nothing posted is edited, a mistake
//! is undone by a movement that points to the one it corrects.

use super::{check_lines, GoodsAmount, GoodsLine, ItemUnit, Quantity, Reversal, AID_NOTE_MAX, VND_MAX};
use crate::{
    named::NamedRef,
    validation::{Errors, FieldError},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// What moved goods.
    pub enum MovementKind {
        /// Goods of a donation arrived.
        Received = "received",
        TransferOut = "transfer_out",
        TransferIn = "transfer_in",
        /// Goods handed to beneficiaries.
        Distributed = "distributed",
        /// Loss, damage, expiry or a count correction, once approved.
        Adjustment = "adjustment",
    }
}

/// One posted movement of stock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockMovement {
    pub id: Uuid,
    pub location: NamedRef,
    pub item: NamedRef,
    pub unit: ItemUnit,
    pub kind: MovementKind,
    /// Signed: positive into the location, negative out of it.
    pub quantity: Quantity,
    /// The location's balance of the item after this movement.
    pub balance_after: Quantity,
    pub donation_id: Option<Uuid>,
    pub transfer_id: Option<Uuid>,
    pub adjustment_id: Option<Uuid>,
    /// The movement this one undoes.
    pub reverses: Option<Uuid>,
    pub note: String,
    pub recorded_by: NamedRef,
    pub posted_at: DateTime<Utc>,
}

/// What a location holds of an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockBalance {
    pub location: NamedRef,
    pub item: NamedRef,
    pub unit: ItemUnit,
    pub quantity: Quantity,
    pub updated_at: DateTime<Utc>,
}

/// A transfer of goods between two locations: one movement out and one in per line,
/// posted together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockTransfer {
    pub id: Uuid,
    pub from_location: NamedRef,
    pub to_location: NamedRef,
    pub lines: Vec<GoodsAmount>,
    pub note: String,
    pub recorded_by: NamedRef,
    pub reversal: Option<Reversal>,
    pub posted_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/stock-transfers`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateStockTransfer {
    pub from_location_id: Uuid,
    pub to_location_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub lines: Vec<GoodsLine>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: String,
}

impl CreateStockTransfer {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.check(
            "to_location_id",
            self.to_location_id != self.from_location_id,
            "same_location",
            "goods move between two different locations",
        );
        errors.check("lines", !self.lines.is_empty(), "required", "at least one line");
        check_lines(&mut errors, "lines", &self.lines);
        errors.text("note", &self.note, 0, AID_NOTE_MAX);
        errors.finish()
    }
}

crate::text_enum! {
    /// Why stock is adjusted.
    pub enum AdjustmentReason {
        Loss = "loss",
        Damage = "damage",
        Expiry = "expiry",
        /// A physical count found more or less than the ledger.
        CountCorrection = "count_correction",
    }
}

crate::text_enum! {
    /// An adjustment counts only once a second person approves it.
    pub enum AdjustmentStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
}

/// A requested change of stock outside donations, transfers and distributions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockAdjustment {
    pub id: Uuid,
    pub location: NamedRef,
    pub item: NamedRef,
    pub unit: ItemUnit,
    /// Signed: negative for a loss.
    pub quantity: Quantity,
    pub reason: AdjustmentReason,
    pub note: String,
    pub status: AdjustmentStatus,
    pub requested_by: NamedRef,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<NamedRef>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: String,
    /// The movement posted on approval.
    pub movement_id: Option<Uuid>,
    /// Whether the caller may approve or reject it (someone else than who asked).
    pub can_decide: bool,
}

/// Body of `POST /api/v1/stock-adjustments`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateStockAdjustment {
    pub location_id: Uuid,
    pub item_id: Uuid,
    /// Signed and not zero: `-12.5` removes 12.5 units.
    pub quantity: Quantity,
    pub reason: AdjustmentReason,
    /// What happened (5–2000 characters).
    #[cfg_attr(feature = "openapi", schema(min_length = 5, max_length = 2000))]
    pub note: String,
}

impl CreateStockAdjustment {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.check(
            "quantity",
            self.quantity.milli() != 0 && self.quantity.milli().abs() <= super::QUANTITY_MAX,
            "out_of_range",
            "must not be zero and at most 100000000 either way",
        );
        errors.text("note", &self.note, 5, AID_NOTE_MAX);
        errors.finish()
    }
}

/// Body of `POST /api/v1/stock-adjustments/{id}/approve` and `…/reject`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecideAdjustment {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: String,
}

impl DecideAdjustment {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("note", &self.note, 0, AID_NOTE_MAX);
        errors.finish()
    }
}

crate::text_enum! {
    /// What moved money.
    pub enum CashEntryKind {
        /// A donation in cash or by transfer.
        Received = "received",
        /// Money paid out of the campaign.
        Disbursed = "disbursed",
    }
}

/// One posted entry of a campaign's cash ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CashEntry {
    pub id: Uuid,
    pub campaign: NamedRef,
    pub kind: CashEntryKind,
    /// Signed, in đồng: positive in, negative out.
    pub amount: i64,
    /// The campaign's balance after this entry.
    pub balance_after: i64,
    pub donation_id: Option<Uuid>,
    pub reverses: Option<Uuid>,
    pub reversed: bool,
    pub reference: String,
    pub note: String,
    pub occurred_on: NaiveDate,
    pub recorded_by: NamedRef,
    pub posted_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/campaigns/{id}/disbursements`: money paid out of a campaign.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateDisbursement {
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000000000000000i64))]
    pub amount: i64,
    pub occurred_on: NaiveDate,
    /// What it paid for (5–2000 characters).
    #[cfg_attr(feature = "openapi", schema(min_length = 5, max_length = 2000))]
    pub note: String,
    /// A voucher or bank reference.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub reference: String,
}

impl CreateDisbursement {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.check("amount", (1..=VND_MAX).contains(&self.amount), "out_of_range", "must be 1 to 10^15 đồng");
        errors.text("note", &self.note, 5, AID_NOTE_MAX);
        errors.text("reference", &self.reference, 0, super::REFERENCE_MAX);
        errors.finish()
    }
}
