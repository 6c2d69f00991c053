//! Pledges: what a donor promises a campaign, and how far their donations honour it.

use super::{check_lines, check_money, GoodsLine, Quantity, AID_NOTE_MAX};
use crate::{
    named::NamedRef,
    validation::{Errors, FieldError},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// How far a pledge is honoured, derived from the donations that name it.
    pub enum PledgeStatus {
        Pledged = "pledged",
        PartlyFulfilled = "partly_fulfilled",
        Fulfilled = "fulfilled",
        /// Its due date passed before it was fulfilled.
        Lapsed = "lapsed",
        Cancelled = "cancelled",
    }
}

/// What was promised and what came, for one item of a pledge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PledgeLine {
    pub item: NamedRef,
    pub unit: super::ItemUnit,
    pub quantity: Quantity,
    pub received: Quantity,
}

/// A pledge with its fulfilment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pledge {
    pub id: Uuid,
    pub donor: NamedRef,
    pub campaign: NamedRef,
    /// Cash promised, in đồng (0 when only goods).
    pub cash_amount: i64,
    pub cash_received: i64,
    pub lines: Vec<PledgeLine>,
    pub due_on: Option<NaiveDate>,
    pub status: PledgeStatus,
    pub note: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The status a pledge has from what was promised and received, on `today`.
pub fn pledge_status(
    cancelled: bool,
    promised: &[(i64, i64)],
    due_on: Option<NaiveDate>,
    today: NaiveDate,
) -> PledgeStatus {
    if cancelled {
        return PledgeStatus::Cancelled;
    }
    let fulfilled = promised.iter().all(|(promised, received)| received >= promised);
    if fulfilled {
        return PledgeStatus::Fulfilled;
    }
    if due_on.is_some_and(|due| due < today) {
        return PledgeStatus::Lapsed;
    }
    if promised.iter().any(|(_, received)| *received > 0) {
        PledgeStatus::PartlyFulfilled
    } else {
        PledgeStatus::Pledged
    }
}

/// Body of `POST /api/v1/pledges`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreatePledge {
    pub donor_id: Uuid,
    pub campaign_id: Uuid,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000000000000i64))]
    pub cash_amount: i64,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub lines: Vec<GoodsLine>,
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: String,
}

impl CreatePledge {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        check_money(&mut errors, "cash_amount", self.cash_amount);
        check_lines(&mut errors, "lines", &self.lines);
        errors.check(
            "cash_amount",
            self.cash_amount > 0 || !self.lines.is_empty(),
            "empty",
            "a pledge promises cash, goods or both",
        );
        errors.text("note", &self.note, 0, AID_NOTE_MAX);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/pledges/{id}`: its due date, note, or its cancellation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdatePledge {
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub due_on: Option<Option<NaiveDate>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
    /// `true` cancels the pledge; a cancelled pledge stays cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<bool>,
}

impl UpdatePledge {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        if let Some(value) = &self.note {
            errors.text("note", value, 0, AID_NOTE_MAX);
        }
        errors.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 8, d).unwrap_or_default()
    }

    #[test]
    fn status_follows_what_came() {
        let today = day(15);
        assert_eq!(pledge_status(false, &[(100, 0)], None, today), PledgeStatus::Pledged);
        assert_eq!(pledge_status(false, &[(100, 40)], None, today), PledgeStatus::PartlyFulfilled);
        assert_eq!(pledge_status(false, &[(100, 100), (5, 6)], None, today), PledgeStatus::Fulfilled);
        assert_eq!(pledge_status(false, &[(100, 40)], Some(day(14)), today), PledgeStatus::Lapsed);
        assert_eq!(pledge_status(false, &[(100, 100)], Some(day(14)), today), PledgeStatus::Fulfilled);
        assert_eq!(pledge_status(true, &[(100, 100)], None, today), PledgeStatus::Cancelled);
    }
}
