//! Campaigns (đợt vận động): what is asked for, for whom, by which org unit.

use super::{Quantity, AID_NOTE_MAX, VND_MAX};
use crate::{
    named::NamedRef,
    validation::{self, Errors, FieldError},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// Where a campaign stands. Donations are taken while it is open.
    pub enum CampaignStatus {
        Planned = "planned",
        Open = "open",
        Closed = "closed",
    }
}

impl CampaignStatus {
    /// Planned → open → closed; a closed campaign may reopen.
    pub fn may_become(self, next: CampaignStatus) -> bool {
        use CampaignStatus::*;
        matches!((self, next), (Planned, Open) | (Open, Closed) | (Closed, Open)) || self == next
    }
}

crate::text_enum! {
    /// The people a campaign serves (the plan's vulnerable groups).
    pub enum BeneficiaryCategory {
        PoorHouseholds = "poor_households",
        NearPoorHouseholds = "near_poor_households",
        /// Workers who lost their jobs or income to the outbreak.
        LostIncome = "lost_income",
        /// F0 patients and families in quarantine.
        PatientsAndQuarantined = "patients_and_quarantined",
        Elderly = "elderly",
        PeopleWithDisabilities = "people_with_disabilities",
        Children = "children",
        EthnicMinorities = "ethnic_minorities",
        FrontlineWorkers = "frontline_workers",
    }
}

/// A target or total of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoodsAmount {
    /// `name` is the item's Vietnamese name.
    pub item: NamedRef,
    pub unit: super::ItemUnit,
    pub quantity: Quantity,
}

/// A line of goods in a request: an item and how much of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GoodsLine {
    pub item_id: Uuid,
    pub quantity: Quantity,
}

/// Most goods lines on one record.
pub const LINES_MAX: usize = 50;

pub(super) fn check_lines(errors: &mut Errors, field: &str, lines: &[GoodsLine]) {
    errors.check(field, lines.len() <= LINES_MAX, "too_many", "at most 50 lines");
    for (index, line) in lines.iter().enumerate() {
        errors.check(
            &format!("{field}[{index}].quantity"),
            line.quantity.is_positive_within_limit(),
            "out_of_range",
            "must be more than 0 and at most 100000000",
        );
    }
    let mut seen: Vec<Uuid> = lines.iter().map(|line| line.item_id).collect();
    seen.sort();
    seen.dedup();
    errors.check(field, seen.len() == lines.len(), "duplicate_item", "each item at most once");
}

pub(super) fn check_money(errors: &mut Errors, field: &str, value: i64) {
    errors.check(field, (0..=VND_MAX).contains(&value), "out_of_range", "must be whole đồng between 0 and 10^15");
}

/// A campaign with its totals so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Campaign {
    pub id: Uuid,
    pub name: String,
    pub purpose: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// The plan item it serves (section II.3 of the plan).
    pub plan_item: Option<NamedRef>,
    pub status: CampaignStatus,
    /// The org unit that runs it.
    pub org_unit: NamedRef,
    /// The provinces, communes or wards it serves; empty for the whole country.
    pub areas: Vec<NamedRef>,
    pub beneficiary_categories: Vec<BeneficiaryCategory>,
    /// Cash asked for, in đồng.
    pub target_cash: i64,
    pub target_goods: Vec<GoodsAmount>,
    /// Cash promised by pledges not cancelled.
    pub pledged_cash: i64,
    /// Cash received (after reversals).
    pub received_cash: i64,
    /// Cash paid out of the campaign.
    pub disbursed_cash: i64,
    /// Estimated value of the goods received.
    pub received_goods_value: i64,
    pub donations: i64,
    /// Whether the caller may change the campaign.
    pub can_manage: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/campaigns`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateCampaign {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub purpose: String,
    pub starts_on: NaiveDate,
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    #[serde(default)]
    pub plan_item_id: Option<Uuid>,
    /// `planned` when absent.
    #[serde(default)]
    pub status: Option<CampaignStatus>,
    pub org_unit_id: Uuid,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub area_ids: Vec<Uuid>,
    #[serde(default)]
    pub beneficiary_categories: Vec<BeneficiaryCategory>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000000000000i64))]
    pub target_cash: i64,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub target_goods: Vec<GoodsLine>,
}

/// Most areas one campaign names.
pub const CAMPAIGN_AREAS_MAX: usize = 100;

impl CreateCampaign {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("name", &self.name, 1, validation::NAME_MAX);
        errors.text("purpose", &self.purpose, 0, AID_NOTE_MAX);
        if let Some(ends_on) = self.ends_on {
            errors.check("ends_on", ends_on >= self.starts_on, "before_start", "must not be before starts_on");
        }
        errors.check("area_ids", self.area_ids.len() <= CAMPAIGN_AREAS_MAX, "too_many", "at most 100 areas");
        check_money(&mut errors, "target_cash", self.target_cash);
        check_lines(&mut errors, "target_goods", &self.target_goods);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/campaigns/{id}`; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateCampaign {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub purpose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub ends_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub plan_item_id: Option<Option<Uuid>>,
    /// Planned → open → closed; a closed campaign may reopen. Anything else is 409.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CampaignStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_unit_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub area_ids: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficiary_categories: Option<Vec<BeneficiaryCategory>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000000000000000i64))]
    pub target_cash: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub target_goods: Option<Vec<GoodsLine>>,
}

impl UpdateCampaign {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name", self.name.as_deref(), validation::NAME_MAX);
        if let Some(value) = &self.purpose {
            errors.text("purpose", value, 0, AID_NOTE_MAX);
        }
        if let Some(areas) = &self.area_ids {
            errors.check("area_ids", areas.len() <= CAMPAIGN_AREAS_MAX, "too_many", "at most 100 areas");
        }
        if let Some(value) = self.target_cash {
            check_money(&mut errors, "target_cash", value);
        }
        if let Some(lines) = &self.target_goods {
            check_lines(&mut errors, "target_goods", lines);
        }
        errors.finish()
    }
}
