//! The stored area group and its reading into an [`AreaGroup`]; its provinces live in
//! `area_group_members`.

use crate::{parse_id, schema::area_groups, utc, StoreError};
use chrono::NaiveDateTime;
use danvan_domain::area::{AreaGroup, AreaGroupKind, Layout};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = area_groups, treat_none_as_null = true)]
pub(super) struct GroupRow {
    pub(super) id: String,
    pub(super) code: String,
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) layout: String,
    pub(super) version: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
    pub(super) deleted_at: Option<NaiveDateTime>,
}

impl GroupRow {
    pub(super) fn into_domain(self, province_ids: Vec<Uuid>) -> Result<AreaGroup, StoreError> {
        Ok(AreaGroup {
            id: parse_id(&self.id)?,
            kind: AreaGroupKind::parse(&self.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("group kind {:?}", self.kind)))?,
            layout: Layout::parse(&self.layout)
                .ok_or_else(|| StoreError::Corrupt(format!("group layout {:?}", self.layout)))?,
            code: self.code,
            name: self.name,
            province_ids,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
            deleted_at: self.deleted_at.map(utc),
        })
    }
}
