//! Donations received, each with its receipt. A donation is never edited: a mistake is
//! reversed (its ledger movements undone by movements that point to them) and entered again.

use super::{check_money, ItemUnit, Quantity, AID_NOTE_MAX, LINES_MAX, VND_MAX};
use crate::{
    named::NamedRef,
    validation::{Errors, FieldError},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// How a donation came.
    pub enum DonationChannel {
        Cash = "cash",
        BankTransfer = "bank_transfer",
        InKind = "in_kind",
    }
}

/// A line of goods received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DonationLine {
    pub item: NamedRef,
    pub unit: ItemUnit,
    pub quantity: Quantity,
    /// Estimated value of the line, in đồng.
    pub estimated_value: i64,
}

/// Who undid a posted record, when and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reversal {
    pub by: NamedRef,
    pub at: DateTime<Utc>,
    pub reason: String,
}

/// A donation and its receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Donation {
    pub id: Uuid,
    /// `BN-2021-000123`: from a gapless sequence per year of receipt.
    pub receipt_number: String,
    /// Absent for an anonymous gift.
    pub donor: Option<NamedRef>,
    pub campaign: NamedRef,
    pub pledge_id: Option<Uuid>,
    pub received_on: NaiveDate,
    pub channel: DonationChannel,
    pub bank_reference: Option<String>,
    /// Cash given, in đồng (0 for goods).
    pub cash_amount: i64,
    pub lines: Vec<DonationLine>,
    /// Sum of the lines' estimated values.
    pub goods_value: i64,
    /// Where the goods were received.
    pub location: Option<NamedRef>,
    pub note: String,
    pub recorded_by: NamedRef,
    pub reversal: Option<Reversal>,
    /// Whether the caller may reverse it.
    pub can_reverse: bool,
    pub created_at: DateTime<Utc>,
}

/// A line of goods in `POST /api/v1/donations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DonationLineRequest {
    pub item_id: Uuid,
    pub quantity: Quantity,
    /// Estimated value in đồng; 0 when unknown.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000000000000i64))]
    pub estimated_value: i64,
}

/// Body of `POST /api/v1/donations`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateDonation {
    /// Absent for an anonymous gift.
    #[serde(default)]
    pub donor_id: Option<Uuid>,
    /// An open campaign.
    pub campaign_id: Uuid,
    /// The donor's pledge to this campaign it honours, if any.
    #[serde(default)]
    pub pledge_id: Option<Uuid>,
    pub received_on: NaiveDate,
    pub channel: DonationChannel,
    /// The bank's transaction reference: required for a bank transfer.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub bank_reference: Option<String>,
    /// Cash in đồng: more than 0 for cash and bank transfers, 0 in kind.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000000000000i64))]
    pub cash_amount: i64,
    /// Goods: at least one line in kind, none otherwise.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub lines: Vec<DonationLineRequest>,
    /// Where the goods were received: required in kind.
    #[serde(default)]
    pub location_id: Option<Uuid>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: String,
}

/// Longest bank reference.
pub const REFERENCE_MAX: usize = 100;

impl CreateDonation {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        check_money(&mut errors, "cash_amount", self.cash_amount);
        errors.text("note", &self.note, 0, AID_NOTE_MAX);
        match self.channel {
            DonationChannel::Cash | DonationChannel::BankTransfer => {
                errors.check("cash_amount", self.cash_amount > 0, "required", "cash and transfers carry an amount");
                errors.check("lines", self.lines.is_empty(), "not_allowed", "goods come in kind");
            }
            DonationChannel::InKind => {
                errors.check("cash_amount", self.cash_amount == 0, "not_allowed", "a gift in kind carries no cash");
                errors.check("lines", !self.lines.is_empty(), "required", "a gift in kind lists its goods");
                errors.check("location_id", self.location_id.is_some(), "required", "goods are received somewhere");
            }
        }
        match (&self.bank_reference, self.channel) {
            (Some(reference), DonationChannel::BankTransfer) => {
                errors.text("bank_reference", reference, 1, REFERENCE_MAX)
            }
            (None, DonationChannel::BankTransfer) => {
                errors.check("bank_reference", false, "required", "a transfer has the bank's reference")
            }
            (Some(_), _) => errors.check("bank_reference", false, "not_allowed", "only transfers have one"),
            (None, _) => {}
        }
        errors.check("lines", self.lines.len() <= LINES_MAX, "too_many", "at most 50 lines");
        let mut items: Vec<Uuid> = self.lines.iter().map(|line| line.item_id).collect();
        items.sort();
        items.dedup();
        errors.check("lines", items.len() == self.lines.len(), "duplicate_item", "each item at most once");
        for (index, line) in self.lines.iter().enumerate() {
            errors.check(
                &format!("lines[{index}].quantity"),
                line.quantity.is_positive_within_limit(),
                "out_of_range",
                "must be more than 0 and at most 100000000",
            );
            errors.check(
                &format!("lines[{index}].estimated_value"),
                (0..=VND_MAX).contains(&line.estimated_value),
                "out_of_range",
                "must be whole đồng between 0 and 10^15",
            );
        }
        errors.finish()
    }
}

/// Body of every `POST …/reverse`: why a posted record is undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReverseRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 5, max_length = 500))]
    pub reason: String,
}

impl ReverseRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("reason", &self.reason, 5, 500);
        errors.finish()
    }
}

/// The receipt number of the `number`-th donation received in `year`.
pub fn receipt_number(year: i32, number: i64) -> String {
    format!("BN-{year}-{number:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_numbers_are_zero_padded_per_year() {
        assert_eq!(receipt_number(2021, 123), "BN-2021-000123");
        assert_eq!(receipt_number(2022, 1_234_567), "BN-2022-1234567");
    }

    #[test]
    fn channels_decide_what_a_donation_carries() {
        let cash = CreateDonation {
            donor_id: None,
            campaign_id: Uuid::nil(),
            pledge_id: None,
            received_on: NaiveDate::default(),
            channel: DonationChannel::Cash,
            bank_reference: None,
            cash_amount: 1_500_000,
            lines: Vec::new(),
            location_id: None,
            note: String::new(),
        };
        assert!(cash.validate().is_ok());
        assert!(CreateDonation { channel: DonationChannel::BankTransfer, ..cash.clone() }.validate().is_err());
        assert!(CreateDonation { channel: DonationChannel::InKind, ..cash.clone() }.validate().is_err());
        assert!(CreateDonation { cash_amount: 0, ..cash }.validate().is_err());
    }
}
