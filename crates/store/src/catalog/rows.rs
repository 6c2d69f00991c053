//! The stored catalogue entry and its reading into a [`CatalogEntry`].

use crate::{parse_id, schema::catalog_entries, utc, StoreError};
use chrono::NaiveDateTime;
use danvan_domain::catalog::{CatalogEntry, CatalogKind};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = catalog_entries, treat_none_as_null = true)]
pub(super) struct EntryRow {
    pub(super) id: String,
    pub(super) kind: String,
    pub(super) code: String,
    pub(super) name_vi: String,
    pub(super) name_en: String,
    pub(super) active: bool,
    pub(super) position: i64,
    pub(super) version: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
}

impl EntryRow {
    pub(super) fn into_domain(self) -> Result<CatalogEntry, StoreError> {
        Ok(CatalogEntry {
            id: parse_id(&self.id)?,
            kind: CatalogKind::parse(&self.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("catalog kind {:?}", self.kind)))?,
            code: self.code,
            name_vi: self.name_vi,
            name_en: self.name_en,
            active: self.active,
            position: self.position,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}
