//! A working group, with what the caller may do to it, and the bodies that create and
//! change it.

use crate::{
    policy,
    role::Role,
    user::nullable,
    validation::{self, Errors, FieldError},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A working group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkingGroup {
    pub id: Uuid,
    pub name: String,
    /// The plan the group carries out.
    pub plan_id: Uuid,
    /// The org unit that is the group's standing unit (bộ phận thường trực).
    pub standing_unit_id: Option<Uuid>,
    /// The user who is head today; absent while nobody is.
    pub head_user_id: Option<Uuid>,
    /// Members on the roster today.
    pub member_count: i64,
    /// Whether the caller may add members, change positions and record leaving days.
    pub can_manage_roster: bool,
    /// Whether the caller may add, change and end rows of the group's assignment matrix.
    pub can_manage_assignments: bool,
    /// Whether the caller sees the whole assignment matrix and so its coverage report;
    /// otherwise the matrix lists only the rows within the caller's reach.
    pub sees_whole_matrix: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl WorkingGroup {
    /// The group with the capability flags of a caller in `role`, who is `user` and whose
    /// scope covers every area or not (`all_areas`), from `danvan_domain::policy`.
    pub fn for_caller(mut self, role: Role, user: Uuid, all_areas: bool) -> WorkingGroup {
        let heads = self.head_user_id == Some(user);
        self.can_manage_roster = policy::may_manage_roster(role, heads);
        self.can_manage_assignments = policy::may_manage_assignments(role, heads);
        self.sees_whole_matrix = policy::sees_whole_matrix(role, all_areas);
        self
    }
}

/// Body of `POST /api/v1/working-groups`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateWorkingGroup {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    pub plan_id: Uuid,
    #[serde(default)]
    pub standing_unit_id: Option<Uuid>,
}

impl CreateWorkingGroup {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("name", &self.name, 1, validation::NAME_MAX);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/working-groups/{id}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateWorkingGroup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub standing_unit_id: Option<Option<Uuid>>,
}

impl UpdateWorkingGroup {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name", self.name.as_deref(), validation::NAME_MAX);
        errors.finish()
    }
}
