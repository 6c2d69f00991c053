//! Distribution rounds (đợt phát quà): what each beneficiary of an area gets from a
//! campaign, the people a round covers, and the delivery of each one. A round's statuses
//! and who moves it are [`ROUND_TRANSITIONS`], data the server checks and the app reads; a
//! person's line is planned, then delivered (who handed it over, when, the recipient's
//! confirmation) or not delivered (a reason), or cancelled with its round.

use super::{check_lines, check_money, GoodsAmount, GoodsLine, AID_NOTE_MAX};
use crate::{
    named::NamedRef,
    validation::{self, Errors, FieldError},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// Where a round stands.
    pub enum RoundStatus {
        /// Being built: its list of people may still change.
        Draft = "draft",
        /// Approved by a second person (or a leader): ready to hand out.
        Approved = "approved",
        /// Deliveries are being recorded.
        Delivering = "delivering",
        /// Every line is delivered or not delivered.
        Completed = "completed",
        /// Called off before any delivery; its people are free for another round.
        Cancelled = "cancelled",
    }
}

/// Who may move a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundActor {
    /// Office staff who build and cancel rounds in their provinces.
    Manager,
    /// A leader, or office staff other than the round's author.
    Approver,
    /// Those who record deliveries in the round's province.
    Deliverer,
}

/// One allowed move of a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundTransition {
    pub from: RoundStatus,
    pub to: RoundStatus,
    pub by: RoundActor,
}

const fn by(by: RoundActor, from: RoundStatus, to: RoundStatus) -> RoundTransition {
    RoundTransition { from, to, by }
}

/// Every allowed move of a round and who may make it; anything else is refused (409).
/// Approved → delivering also happens by itself with the first delivery.
pub const ROUND_TRANSITIONS: &[RoundTransition] = {
    use RoundActor::*;
    use RoundStatus::*;
    &[
        by(Approver, Draft, Approved),
        by(Deliverer, Approved, Delivering),
        by(Deliverer, Delivering, Completed),
        by(Manager, Draft, Cancelled),
        by(Manager, Approved, Cancelled),
    ]
};

/// Whether someone standing to the round as `actors` may move it from `from` to `to`.
pub fn may_move_round(from: RoundStatus, to: RoundStatus, actors: &[RoundActor]) -> bool {
    ROUND_TRANSITIONS.iter().any(|step| step.from == from && step.to == to && actors.contains(&step.by))
}

/// Whether the table has a move from `from` to `to` at all (else the answer is 409).
pub fn round_move_exists(from: RoundStatus, to: RoundStatus) -> bool {
    ROUND_TRANSITIONS.iter().any(|step| step.from == from && step.to == to)
}

crate::text_enum! {
    /// Where one beneficiary of a round stands.
    pub enum LineStatus {
        Planned = "planned",
        Delivered = "delivered",
        NotDelivered = "not_delivered",
        /// Left out of a draft, or cancelled with the round.
        Cancelled = "cancelled",
    }
}

crate::text_enum! {
    /// Why a planned delivery did not happen.
    pub enum NotDeliveredReason {
        Absent = "absent",
        Moved = "moved",
        Refused = "refused",
        Deceased = "deceased",
    }
}

/// Longest name of a round.
pub const ROUND_NAME_MAX: usize = validation::NAME_MAX;
/// Most categories a round names.
pub const ROUND_CATEGORIES_MAX: usize = 20;
/// Longest recipient's confirmation (the name of who signed, or a note of the thumbprint).
pub const CONFIRMATION_MAX: usize = 200;
/// Names a preview shows.
pub const PREVIEW_NAMES: usize = 50;

/// Body of `POST /api/v1/distribution-rounds` and `…/preview`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateRound {
    pub campaign_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    /// A province, district or commune: the round covers the people whose commune is it
    /// or lies inside it.
    pub area_id: Uuid,
    /// Where the goods come from; required when `items` is not empty.
    #[serde(default)]
    pub location_id: Option<Uuid>,
    /// Cash each person gets, in đồng.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000000000000i64))]
    pub cash_each: i64,
    /// Goods each person gets.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub items: Vec<GoodsLine>,
    /// A person needs one of these categories (ids of `GET /api/v1/support-categories`).
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub category_ids: Vec<Uuid>,
}

impl CreateRound {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("name", &self.name, 1, ROUND_NAME_MAX);
        check_money(&mut errors, "cash_each", self.cash_each);
        check_lines(&mut errors, "items", &self.items);
        errors.check(
            "items",
            self.cash_each > 0 || !self.items.is_empty(),
            "required",
            "a round hands out cash, goods or both",
        );
        errors.check(
            "location_id",
            self.items.is_empty() || self.location_id.is_some(),
            "required",
            "goods come from a location",
        );
        errors.check("category_ids", !self.category_ids.is_empty(), "required", "at least one category");
        errors.check(
            "category_ids",
            self.category_ids.len() <= ROUND_CATEGORIES_MAX,
            "too_many",
            "at most 20 categories",
        );
        let mut seen = self.category_ids.clone();
        seen.sort();
        seen.dedup();
        errors.check("category_ids", seen.len() == self.category_ids.len(), "duplicate", "each category once");
        errors.finish()
    }
}

/// One item of a preview: what the round needs and what its location holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockNeed {
    /// `quantity` is what every eligible person together needs.
    pub need: GoodsAmount,
    /// What the location holds now.
    pub available: super::Quantity,
    pub sufficient: bool,
}

/// `POST /api/v1/distribution-rounds/preview`: who a round would cover, and whether the
/// stock and the campaign's cash suffice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundPreview {
    /// People the round would cover.
    pub eligible: i64,
    /// The first 50 of them by name (`name`: "Nguyễn Văn An · Phường Bến Nghé").
    pub names: Vec<NamedRef>,
    /// People of the area and categories who already hold a planned or delivered line of
    /// this campaign, left out.
    pub already_covered: i64,
    /// `cash_each` × eligible.
    pub cash_needed: i64,
    /// The campaign's cash balance now.
    pub cash_available: i64,
    pub cash_sufficient: bool,
    pub goods: Vec<StockNeed>,
}

/// Counts of a round's lines by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineCounts {
    pub planned: i64,
    pub delivered: i64,
    pub not_delivered: i64,
    pub cancelled: i64,
}

impl LineCounts {
    /// Lines still counted: every line but the cancelled ones.
    pub fn covered(&self) -> i64 {
        self.planned + self.delivered + self.not_delivered
    }
}

/// A distribution round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DistributionRound {
    pub id: Uuid,
    pub campaign: NamedRef,
    pub name: String,
    /// The area it covers (a province, district or commune).
    pub area: NamedRef,
    pub province: NamedRef,
    pub location: Option<NamedRef>,
    /// Cash each person gets, in đồng.
    pub cash_each: i64,
    /// Goods each person gets.
    pub items: Vec<GoodsAmount>,
    pub categories: Vec<NamedRef>,
    pub status: RoundStatus,
    pub counts: LineCounts,
    pub created_by: NamedRef,
    pub approved_by: Option<NamedRef>,
    /// The caller may approve it now (a leader, or office staff other than its author).
    pub can_approve: bool,
    /// The caller may record deliveries now.
    pub can_deliver: bool,
    /// The caller may move it to delivering without a delivery.
    pub can_start: bool,
    /// The caller may complete it now (delivering, no line planned).
    pub can_complete: bool,
    pub can_cancel: bool,
    /// The caller may leave people out of the draft.
    pub can_edit: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One beneficiary of a round: the checklist's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DistributionLine {
    pub id: Uuid,
    pub round_id: Uuid,
    pub beneficiary: NamedRef,
    /// The household's name, when the person belongs to one.
    pub household: Option<String>,
    pub commune: NamedRef,
    pub address: String,
    /// The category the person is counted under.
    pub category: NamedRef,
    pub status: LineStatus,
    pub reason: Option<NotDeliveredReason>,
    pub delivered_by: Option<NamedRef>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// How the recipient confirmed: the name of who signed, or a note of the thumbprint.
    pub confirmation: String,
    pub note: String,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/distribution-rounds/{id}/lines/{line_id}/deliver`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeliverRequest {
    /// Who received and confirmed (the name of who signed), 1–200 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub confirmation: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: String,
}

impl DeliverRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("confirmation", &self.confirmation, 1, CONFIRMATION_MAX);
        errors.text("note", &self.note, 0, AID_NOTE_MAX);
        errors.finish()
    }
}

/// Body of `POST /api/v1/distribution-rounds/{id}/lines/{line_id}/not-delivered`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NotDeliveredRequest {
    pub reason: NotDeliveredReason,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: String,
}

impl NotDeliveredRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("note", &self.note, 0, AID_NOTE_MAX);
        errors.finish()
    }
}

/// Body of `POST /api/v1/distribution-rounds/{id}/cancel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    /// Why (5–2000 characters).
    #[cfg_attr(feature = "openapi", schema(min_length = 5, max_length = 2000))]
    pub reason: String,
}

impl CancelRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("reason", &self.reason, 5, AID_NOTE_MAX);
        errors.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RoundActor::*;
    use RoundStatus::*;

    fn round() -> CreateRound {
        CreateRound {
            campaign_id: Uuid::from_u128(1),
            name: "Đợt 1 phường Bến Nghé".into(),
            area_id: Uuid::from_u128(2),
            location_id: None,
            cash_each: 500_000,
            items: Vec::new(),
            category_ids: vec![Uuid::from_u128(3)],
        }
    }

    #[test]
    fn a_second_person_approves_and_only_a_draft_or_approved_round_is_cancelled() {
        assert!(may_move_round(Draft, Approved, &[Approver]));
        assert!(!may_move_round(Draft, Approved, &[Manager, Deliverer]));
        assert!(may_move_round(Approved, Delivering, &[Deliverer]));
        assert!(may_move_round(Delivering, Completed, &[Deliverer]));
        assert!(may_move_round(Draft, Cancelled, &[Manager]));
        assert!(may_move_round(Approved, Cancelled, &[Manager]));
        assert!(!round_move_exists(Delivering, Cancelled));
        assert!(!round_move_exists(Completed, Draft));
        assert!(!round_move_exists(Draft, Delivering));
        for step in ROUND_TRANSITIONS {
            assert_ne!(step.from, step.to);
            assert!(!matches!(step.from, Completed | Cancelled), "nothing leaves an end: {step:?}");
        }
    }

    #[test]
    fn a_round_hands_out_something_to_someone_and_goods_come_from_a_location() {
        assert_eq!(round().validate(), Ok(()));
        let nothing = CreateRound { cash_each: 0, ..round() };
        assert!(nothing.validate().is_err_and(|e| e.iter().any(|e| e.field == "items")));
        let goods = CreateRound {
            items: vec![GoodsLine { item_id: Uuid::from_u128(9), quantity: super::super::Quantity::units(10) }],
            ..round()
        };
        assert!(goods.validate().is_err_and(|e| e.iter().any(|e| e.field == "location_id")));
        let nobody = CreateRound { category_ids: Vec::new(), ..round() };
        assert!(nobody.validate().is_err_and(|e| e.iter().any(|e| e.field == "category_ids")));
        let twice = CreateRound { category_ids: vec![Uuid::from_u128(3), Uuid::from_u128(3)], ..round() };
        assert!(twice.validate().is_err());
        assert!(DeliverRequest { confirmation: " ".into(), note: String::new() }.validate().is_err());
        assert!(CancelRequest { reason: "no".into() }.validate().is_err());
    }
}
