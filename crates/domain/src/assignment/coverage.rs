//! The coverage report of a group's matrix on a day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where a working group's matrix leaves gaps or doubles up, on one date and layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coverage {
    pub as_of: NaiveDate,
    pub layout: crate::area::Layout,
    /// Provinces of the layout that no assignment in force covers.
    pub uncovered_province_ids: Vec<Uuid>,
    /// Active target groups that no assignment in force names.
    pub uncovered_target_group_ids: Vec<Uuid>,
    /// Active fields that no assignment in force names.
    pub uncovered_field_ids: Vec<Uuid>,
    /// Pairs of members whose assignments share a target group in the same provinces.
    pub overlaps: Vec<Overlap>,
}

/// Two members covering the same target groups in the same provinces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overlap {
    /// The two members, in id order.
    pub user_ids: Vec<Uuid>,
    pub assignment_ids: Vec<Uuid>,
    pub target_group_ids: Vec<Uuid>,
    pub province_ids: Vec<Uuid>,
}
