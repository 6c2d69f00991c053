//! A plan's numbered items, the bodies that add and change them, and how far the tasks
//! of each item have got.

use super::plans::{BODY_MAX, TITLE_MAX};
use crate::validation::{self, Errors, FieldError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One numbered section of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanItem {
    pub id: Uuid,
    pub plan_id: Uuid,
    /// The section this one sits in; absent for a top-level section (I, II, III).
    pub parent_id: Option<Uuid>,
    /// The full number, unique within the plan, e.g. `III.2`.
    pub number: String,
    /// The heading, e.g. `TỔ CHỨC THỰC HIỆN`, or the first words of an unheaded section.
    pub title: String,
    /// The section's own text.
    pub body: String,
    /// Order among its siblings.
    pub position: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/plans/{id}/items`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreatePlanItem {
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9]{1,8}(\\.[A-Za-z0-9]{1,8}){0,5}$"))]
    pub number: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub body: String,
    /// Order among siblings; after the last sibling when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub position: Option<i64>,
}

impl CreatePlanItem {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        item_number(&mut errors, &self.number);
        errors.text("title", &self.title, 1, TITLE_MAX);
        errors.text("body", &self.body, 0, BODY_MAX);
        validation::position(&mut errors, self.position);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/plan-items/{id}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdatePlanItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9]{1,8}(\\.[A-Za-z0-9]{1,8}){0,5}$"))]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub position: Option<i64>,
}

impl UpdatePlanItem {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        if let Some(number) = &self.number {
            item_number(&mut errors, number);
        }
        errors.optional_text("title", self.title.as_deref(), TITLE_MAX);
        if let Some(body) = &self.body {
            errors.text("body", body, 0, BODY_MAX);
        }
        validation::position(&mut errors, self.position);
        errors.finish()
    }
}

/// Whether `value` is a well-formed item number such as `II` or `III.2`.
pub fn is_valid_item_number(value: &str) -> bool {
    let parts: Vec<&str> = value.split('.').collect();
    parts.len() <= 6
        && parts.iter().all(|part| (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn item_number(errors: &mut Errors, value: &str) {
    errors.check("number", is_valid_item_number(value), "invalid_format", "must look like I, II.3 or III.2.a");
}

/// How far the tasks under one plan item have got.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanItemProgress {
    pub plan_item_id: Uuid,
    /// Tasks linked to the item that the caller may see, cancelled ones excluded.
    pub total: i64,
    /// Of those, done or verified.
    pub done: i64,
    /// Of those, verified.
    pub verified: i64,
    /// Of those, past their due date and not done.
    pub overdue: i64,
    /// Mean reported percent of those tasks (0–100).
    pub percent: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_numbers_follow_the_plans_numbering() {
        for good in ["I", "II.3", "III.2", "III.2.a", "1"] {
            assert!(is_valid_item_number(good), "{good}");
        }
        for bad in ["", "II.", ".2", "II 3", "II-3", "Ⅲ", "1.2.3.4.5.6.7"] {
            assert!(!is_valid_item_number(bad), "{bad}");
        }
    }
}
