//! The stored org unit and its reading into an [`OrgUnit`].

use crate::{parse_id, schema::org_units, utc, StoreError};
use chrono::NaiveDateTime;
use danvan_domain::org_unit::{OrgUnit, OrgUnitKind};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = org_units, treat_none_as_null = true)]
pub(super) struct OrgUnitRow {
    pub(super) id: String,
    pub(super) parent_id: Option<String>,
    pub(super) code: String,
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) version: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
    pub(super) deleted_at: Option<NaiveDateTime>,
}

impl OrgUnitRow {
    pub(super) fn into_domain(self) -> Result<OrgUnit, StoreError> {
        Ok(OrgUnit {
            id: parse_id(&self.id)?,
            parent_id: self.parent_id.as_deref().map(parse_id).transpose()?,
            kind: OrgUnitKind::parse(&self.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("org unit kind {:?}", self.kind)))?,
            code: self.code,
            name: self.name,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
            deleted_at: self.deleted_at.map(utc),
        })
    }
}
