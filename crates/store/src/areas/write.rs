//! The one write of areas: loading both layouts and the default area groups into an
//! empty database on first start-up.

use super::rows::{area_id, AreaRow};
use crate::{audit, schema::areas, Actor, DbConnection, StoreError};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::{
    area::{AreaGroupKind, Layout, Region},
    text::fold,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

const AREAS_2021: &str = include_str!("../../../../data/areas/areas_2021.csv");
const AREAS_2025: &str = include_str!("../../../../data/areas/areas_2025.csv");

/// What [`ensure_loaded`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub areas: usize,
    pub area_groups: usize,
}

/// Loads the areas and the default area groups into an empty database; does nothing
/// when areas are already there.
pub fn ensure_loaded(conn: &mut DbConnection) -> Result<Option<ImportReport>, StoreError> {
    crate::db::write(conn, |conn| {
        let present: i64 = areas::table.count().get_result(conn)?;
        if present > 0 {
            return Ok(None);
        }
        let mut rows = parse_layout(Layout::L2021, AREAS_2021)?;
        rows.extend(parse_layout(Layout::L2025, AREAS_2025)?);
        insert_areas(conn, &rows)?;
        let groups = insert_default_groups(conn, &rows)?;
        let report = ImportReport { areas: rows.len(), area_groups: groups };
        let summary = serde_json::json!({ "areas": report.areas, "area_groups": report.area_groups });
        audit::record(
            conn,
            &Actor::system("import"),
            AuditAction::Import,
            AuditEntity::Area,
            None,
            None::<&()>,
            Some(&summary),
        )?;
        Ok(Some(report))
    })
}

fn parse_layout(layout: Layout, csv_text: &str) -> Result<Vec<AreaRow>, StoreError> {
    let bad = |e: csv::Error| StoreError::Corrupt(format!("area data {}: {e}", layout.as_str()));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let mut rows = Vec::new();
    let mut province_of: HashMap<String, String> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(bad)?;
        let field = |i: usize| record.get(i).unwrap_or_default().to_owned();
        let (code, parent_code, level, name) = (field(0), field(1), field(2), field(3));
        let id = area_id(layout, &code).to_string();
        let parent_id = (!parent_code.is_empty()).then(|| area_id(layout, &parent_code).to_string());
        let province_id = match &parent_id {
            None => id.clone(),
            Some(parent) => province_of
                .get(parent)
                .cloned()
                .ok_or_else(|| StoreError::Corrupt(format!("area {code} comes before its parent {parent_code}")))?,
        };
        province_of.insert(id.clone(), province_id.clone());
        let number = |i: usize| field(i).parse::<f64>().ok();
        rows.push(AreaRow {
            name_folded: fold(&name),
            kind: Some(field(4)).filter(|k| !k.is_empty()),
            latitude: number(5),
            longitude: number(6),
            region: Some(field(7)).filter(|r| !r.is_empty()),
            id,
            layout: layout.as_str().to_owned(),
            level,
            code,
            name,
            parent_id,
            province_id,
            child_count: 0,
        });
    }
    let mut children: HashMap<String, i64> = HashMap::new();
    for row in &rows {
        if let Some(parent) = &row.parent_id {
            *children.entry(parent.clone()).or_default() += 1;
        }
    }
    for row in &mut rows {
        row.child_count = children.get(&row.id).copied().unwrap_or_default();
    }
    Ok(rows)
}

fn insert_areas(conn: &mut DbConnection, rows: &[AreaRow]) -> Result<(), StoreError> {
    Ok(crate::insert_many!(conn, areas::table, rows, 13)?)
}

/// The regions of each layout and the coverage of the standing offices: T78 (Ho Chi Minh
/// City and the South) and T26 (the Centre and the Central Highlands).
fn insert_default_groups(conn: &mut DbConnection, rows: &[AreaRow]) -> Result<usize, StoreError> {
    let actor = Actor::system("import");
    let mut count = 0;
    for layout in Layout::ALL {
        let provinces_in = |regions: &[Region]| -> Vec<Uuid> {
            rows.iter()
                .filter(|row| row.layout == layout.as_str() && row.level == "province")
                .filter(|row| regions.iter().any(|r| row.region.as_deref() == Some(r.as_str())))
                .filter_map(|row| Uuid::parse_str(&row.id).ok())
                .collect()
        };
        let year = layout.as_str();
        let groups = [
            ("north", format!("Miền Bắc ({year})"), AreaGroupKind::Region, vec![Region::North]),
            ("central", format!("Miền Trung ({year})"), AreaGroupKind::Region, vec![Region::Central]),
            ("highlands", format!("Tây Nguyên ({year})"), AreaGroupKind::Region, vec![Region::Highlands]),
            ("south", format!("Miền Nam ({year})"), AreaGroupKind::Region, vec![Region::South]),
            ("T78", format!("Địa bàn Cơ quan thường trực T78 ({year})"), AreaGroupKind::Coverage, vec![Region::South]),
            (
                "T26",
                format!("Địa bàn Cơ quan thường trực T26 ({year})"),
                AreaGroupKind::Coverage,
                vec![Region::Central, Region::Highlands],
            ),
        ];
        for (code, name, kind, regions) in groups {
            let request = danvan_domain::area::CreateAreaGroup {
                code: format!("{code}-{year}"),
                name,
                kind,
                layout,
                province_ids: provinces_in(&regions),
            };
            crate::area_groups::create(conn, &actor, &request)?;
            count += 1;
        }
    }
    Ok(count)
}
