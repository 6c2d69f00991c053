//! A plan, its status and the bodies that create and change it; the lengths plans,
//! items and tasks share.

use crate::{
    policy,
    role::Role,
    validation::{self, Errors, FieldError},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// Where a plan is in its life.
    pub enum PlanStatus {
        /// Being written; not yet binding.
        Draft = "draft",
        /// Issued and being carried out.
        InForce = "in_force",
        /// Finished; kept for the record.
        Closed = "closed",
    }
}

/// Longest plan number, e.g. `16-KH/BDVTW`.
pub const PLAN_NUMBER_MAX: usize = 64;
/// Longest title of a plan or item.
pub const TITLE_MAX: usize = 500;
/// Longest text of a plan item or task description.
pub const BODY_MAX: usize = 20_000;
/// Most basis documents a plan cites.
pub const BASIS_MAX: usize = 50;
/// The pattern of an item number: Roman or Arabic numerals joined by dots, e.g. `III.2`.
pub const ITEM_NUMBER_PATTERN: &str = "^[A-Za-z0-9]{1,8}(\\.[A-Za-z0-9]{1,8}){0,5}$";

/// A plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    pub id: Uuid,
    /// The plan's number as issued, unique, e.g. `16-KH/BDVTW`.
    pub number: String,
    pub title: String,
    /// The body that issued it, e.g. `Ban Dân vận Trung ương`.
    pub issuing_body: String,
    pub issued_on: NaiveDate,
    /// The documents it is based on ("Căn cứ …"), one per entry.
    pub basis: Vec<String>,
    pub status: PlanStatus,
    /// Whether the caller may change the plan and its items.
    pub can_edit: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Plan {
    /// The plan with the capability flags of a caller in `role`.
    pub fn for_caller(mut self, role: Role) -> Plan {
        self.can_edit = policy::may_edit_plan(role);
        self
    }
}

/// Body of `POST /api/v1/plans`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreatePlan {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub number: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub issuing_body: String,
    pub issued_on: NaiveDate,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub basis: Vec<String>,
    /// `draft` when absent.
    #[serde(default)]
    pub status: Option<PlanStatus>,
}

impl CreatePlan {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("number", &self.number, 1, PLAN_NUMBER_MAX);
        errors.text("title", &self.title, 1, TITLE_MAX);
        errors.text("issuing_body", &self.issuing_body, 1, validation::NAME_MAX);
        basis(&mut errors, &self.basis);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/plans/{id}`; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdatePlan {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub issuing_body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub basis: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PlanStatus>,
}

impl UpdatePlan {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("number", self.number.as_deref(), PLAN_NUMBER_MAX);
        errors.optional_text("title", self.title.as_deref(), TITLE_MAX);
        errors.optional_text("issuing_body", self.issuing_body.as_deref(), validation::NAME_MAX);
        if let Some(entries) = &self.basis {
            basis(&mut errors, entries);
        }
        errors.finish()
    }
}

fn basis(errors: &mut Errors, entries: &[String]) {
    errors.check("basis", entries.len() <= BASIS_MAX, "too_many", "must have at most 50 entries");
    for (index, entry) in entries.iter().enumerate() {
        errors.text(&format!("basis[{index}]"), entry, 1, TITLE_MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_without_title_or_with_empty_basis_is_refused() {
        let plan = CreatePlan {
            number: "16-KH/BDVTW".into(),
            title: " ".into(),
            issuing_body: "Ban Dân vận Trung ương".into(),
            issued_on: NaiveDate::from_ymd_opt(2021, 9, 13).unwrap_or_default(),
            basis: vec![String::new()],
            status: None,
        };
        let errors = plan.validate().err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|error| error.field.as_str()).collect();
        assert_eq!(fields, ["title", "basis[0]"]);
    }
}
