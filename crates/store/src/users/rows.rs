//! The stored user account and its reading into a [`User`]; its scope lives in
//! `user_scope_areas` and `user_scope_area_groups`.

use crate::{parse_id, schema::users, utc, StoreError};
use chrono::NaiveDateTime;
use danvan_domain::{role::Role, user::User};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = users, treat_none_as_null = true)]
pub(super) struct UserRow {
    pub(super) id: String,
    pub(super) username: String,
    pub(super) display_name: String,
    pub(super) display_name_folded: String,
    pub(super) email: Option<String>,
    pub(super) role: String,
    pub(super) org_unit_id: Option<String>,
    pub(super) password_hash: String,
    pub(super) active: bool,
    pub(super) session_epoch: i64,
    pub(super) version: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

impl UserRow {
    pub(super) fn into_domain(
        self,
        scope_area_ids: Vec<Uuid>,
        scope_area_group_ids: Vec<Uuid>,
    ) -> Result<User, StoreError> {
        Ok(User {
            id: parse_id(&self.id)?,
            role: Role::parse(&self.role).ok_or_else(|| StoreError::Corrupt(format!("role {:?}", self.role)))?,
            org_unit_id: self.org_unit_id.as_deref().map(parse_id).transpose()?,
            username: self.username,
            display_name: self.display_name,
            email: self.email,
            scope_area_ids,
            scope_area_group_ids,
            active: self.active,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}
