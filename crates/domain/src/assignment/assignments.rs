//! One row of the matrix and the bodies that create, change and end it.

use crate::validation::{Errors, FieldError};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Most entries in one of an assignment's lists.
pub const LIST_MAX: usize = 100;
/// Longest note on an assignment.
pub const NOTE_MAX: usize = 2_000;

/// One member's assignment over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub id: Uuid,
    pub working_group_id: Uuid,
    /// The member (a user on the group's roster).
    pub user_id: Uuid,
    pub target_group_ids: Vec<Uuid>,
    pub field_ids: Vec<Uuid>,
    /// Areas (any level, either layout) the member covers.
    pub area_ids: Vec<Uuid>,
    /// Area groups the member covers (all their provinces).
    pub area_group_ids: Vec<Uuid>,
    /// First day in force.
    pub valid_from: NaiveDate,
    /// Last day in force; absent while open-ended.
    pub valid_to: Option<NaiveDate>,
    pub note: String,
    /// The row this one replaced, if it is a change of an earlier assignment.
    pub replaces_id: Option<Uuid>,
    /// The row that replaced this one; only a row without it can be changed.
    pub replaced_by_id: Option<Uuid>,
    /// Set when a correction replaced this row before it took effect; such a row is
    /// history only and never part of the matrix.
    pub superseded_at: Option<DateTime<Utc>>,
    pub created_by: Option<Uuid>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Assignment {
    /// Whether the row is part of the matrix on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.superseded_at.is_none() && self.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }
}

/// Body of `POST /api/v1/working-groups/{id}/assignments`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAssignment {
    pub user_id: Uuid,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub target_group_ids: Vec<Uuid>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub field_ids: Vec<Uuid>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub area_ids: Vec<Uuid>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub area_group_ids: Vec<Uuid>,
    /// Today (in Vietnam) when absent.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: String,
}

impl CreateAssignment {
    /// `today` fills in an absent `valid_from` for the date check.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        lists(&mut errors, [&self.target_group_ids, &self.field_ids, &self.area_ids, &self.area_group_ids]);
        errors.check(
            "target_group_ids",
            !(self.target_group_ids.is_empty() && self.field_ids.is_empty()),
            "required",
            "name at least one target group or field",
        );
        errors.check(
            "area_ids",
            !(self.area_ids.is_empty() && self.area_group_ids.is_empty()),
            "required",
            "name at least one area or area group",
        );
        period(&mut errors, self.valid_from.unwrap_or(today), self.valid_to);
        errors.text("note", &self.note, 0, NOTE_MAX);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/assignments/{id}`: the new values (absent ones are carried
/// over) and the day they take effect. The answer is the successor row.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangeAssignment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub target_group_ids: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub field_ids: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub area_ids: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub area_group_ids: Option<Vec<Uuid>>,
    /// The new last day; `null` makes it open-ended.
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub valid_to: Option<Option<NaiveDate>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
    /// The first day of the new values; today (in Vietnam) when absent. On or before
    /// the changed row's first day it is a correction that supersedes that row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<NaiveDate>,
}

impl ChangeAssignment {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        let empty = Vec::new();
        lists(
            &mut errors,
            [
                self.target_group_ids.as_ref().unwrap_or(&empty),
                self.field_ids.as_ref().unwrap_or(&empty),
                self.area_ids.as_ref().unwrap_or(&empty),
                self.area_group_ids.as_ref().unwrap_or(&empty),
            ],
        );
        if let (Some(from), Some(Some(to))) = (self.effective_from, self.valid_to) {
            period(&mut errors, from, Some(to));
        }
        if let Some(note) = &self.note {
            errors.text("note", note, 0, NOTE_MAX);
        }
        errors.finish()
    }
}

/// Body of `POST /api/v1/assignments/{id}/end`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EndAssignment {
    /// The last day in force; today (in Vietnam) when absent.
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

const LIST_NAMES: [&str; 4] = ["target_group_ids", "field_ids", "area_ids", "area_group_ids"];

fn lists(errors: &mut Errors, lists: [&Vec<Uuid>; 4]) {
    for (name, list) in LIST_NAMES.into_iter().zip(lists) {
        errors.check(name, list.len() <= LIST_MAX, "too_many", "must have at most 100 entries");
        let mut sorted = list.clone();
        sorted.sort();
        sorted.dedup();
        errors.check(name, sorted.len() == list.len(), "duplicate", "must not repeat an entry");
    }
}

fn period(errors: &mut Errors, from: NaiveDate, to: Option<NaiveDate>) {
    errors.check("valid_to", to.is_none_or(|to| from <= to), "before_start", "must not be before the first day");
}
