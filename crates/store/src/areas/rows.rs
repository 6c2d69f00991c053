//! The stored area, its id (the same on every installation) and its reading into an
//! [`Area`].

use crate::{schema::areas, StoreError};
use danvan_domain::area::{Area, AreaLevel, Layout, Region};
use diesel::prelude::*;
use uuid::Uuid;

/// Namespace of area ids: `Uuid::new_v5(AREA_NAMESPACE, "2025:01")` is Hà Nội in the 2025 layout.
pub const AREA_NAMESPACE: Uuid = Uuid::from_u128(0x6d1f_2c3a_9b7e_4d1a_8c55_0f2e_a1b3_c4d5);

pub fn area_id(layout: Layout, code: &str) -> Uuid {
    Uuid::new_v5(&AREA_NAMESPACE, format!("{}:{code}", layout.as_str()).as_bytes())
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = areas)]
pub(super) struct AreaRow {
    pub(super) id: String,
    pub(super) layout: String,
    pub(super) level: String,
    pub(super) code: String,
    pub(super) name: String,
    pub(super) name_folded: String,
    pub(super) kind: Option<String>,
    pub(super) parent_id: Option<String>,
    pub(super) province_id: String,
    pub(super) latitude: Option<f64>,
    pub(super) longitude: Option<f64>,
    pub(super) region: Option<String>,
    pub(super) child_count: i64,
}

impl AreaRow {
    pub(super) fn into_domain(self) -> Result<Area, StoreError> {
        let corrupt = |what: &str, value: &str| StoreError::Corrupt(format!("area {what} {value:?}"));
        Ok(Area {
            id: crate::parse_id(&self.id)?,
            layout: Layout::parse(&self.layout).ok_or_else(|| corrupt("layout", &self.layout))?,
            level: AreaLevel::parse(&self.level).ok_or_else(|| corrupt("level", &self.level))?,
            region: match self.region.as_deref() {
                Some(region) => Some(Region::parse(region).ok_or_else(|| corrupt("region", region))?),
                None => None,
            },
            parent_id: self.parent_id.as_deref().map(crate::parse_id).transpose()?,
            code: self.code,
            name: self.name,
            kind: self.kind,
            latitude: self.latitude,
            longitude: self.longitude,
            child_count: self.child_count,
        })
    }
}
