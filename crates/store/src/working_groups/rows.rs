//! The stored working group and membership, and their reading into a [`Membership`];
//! a `WorkingGroup` is made with its roster counts (`read::with_counts`).

use crate::{
    parse_id,
    schema::{memberships, working_groups},
    utc, StoreError,
};
use chrono::{NaiveDate, NaiveDateTime};
use danvan_domain::working_group::{MemberPosition, Membership};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = working_groups, treat_none_as_null = true)]
pub(super) struct GroupRow {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) plan_id: String,
    pub(super) standing_unit_id: Option<String>,
    pub(super) version: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = memberships, treat_none_as_null = true)]
pub(super) struct MembershipRow {
    pub(super) id: String,
    pub(super) working_group_id: String,
    pub(super) user_id: String,
    pub(super) position: String,
    pub(super) joined_on: NaiveDate,
    pub(super) left_on: Option<NaiveDate>,
    pub(super) version: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

/// The member's name, username and org unit, joined from `users`.
pub(super) type UserColumns = (String, String, Option<String>);

impl MembershipRow {
    pub(super) fn into_domain(
        self,
        (display_name, username, org_unit_id): UserColumns,
    ) -> Result<Membership, StoreError> {
        Ok(Membership {
            id: parse_id(&self.id)?,
            working_group_id: parse_id(&self.working_group_id)?,
            user_id: parse_id(&self.user_id)?,
            display_name,
            username: Some(username),
            org_unit_id: org_unit_id.as_deref().map(parse_id).transpose()?,
            position: MemberPosition::parse(&self.position)
                .ok_or_else(|| StoreError::Corrupt(format!("member position {:?}", self.position)))?,
            joined_on: self.joined_on,
            left_on: self.left_on,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }

    pub(super) fn on_roster(&self, date: NaiveDate) -> bool {
        self.joined_on <= date && self.left_on.is_none_or(|left| date <= left)
    }
}
