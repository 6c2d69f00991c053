//! A group's roster: a membership, its position, and the bodies that add a member and
//! change a membership.

use crate::user::nullable;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// A member's position in the group.
    pub enum MemberPosition {
        /// Tổ trưởng: assigns the members' work.
        Head = "head",
        /// Tổ phó.
        Deputy = "deputy",
        /// Thành viên.
        Member = "member",
        /// Thư ký.
        Secretary = "secretary",
    }
}

/// One person's place on a group's roster, over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    pub id: Uuid,
    pub working_group_id: Uuid,
    pub user_id: Uuid,
    /// The member's display name, so the roster reads without the right to list users.
    pub display_name: String,
    /// The member's username, only for administrators and the group's managers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The member's org unit, if any.
    pub org_unit_id: Option<Uuid>,
    pub position: MemberPosition,
    pub joined_on: NaiveDate,
    /// The last day on the group; absent while still a member.
    pub left_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/working-groups/{id}/members`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddMember {
    pub user_id: Uuid,
    pub position: MemberPosition,
    /// Today (in Vietnam) when absent.
    #[serde(default)]
    pub joined_on: Option<NaiveDate>,
}

/// Body of `PATCH /api/v1/memberships/{id}`: a new position, or the day the member left.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMembership {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<MemberPosition>,
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub left_on: Option<Option<NaiveDate>>,
}
