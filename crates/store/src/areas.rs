//! Administrative areas: read-only reference data in two layouts, loaded from the
//! project's own extract (`data/areas/*.csv`) on first start-up.
//!
//! An area's id is a UUIDv5 of its layout and official code, so every installation
//! gives the same area the same id.

use crate::{
    audit, paging,
    schema::{area_group_members, area_groups, areas},
    Actor, DbConnection, OptionalRow, StoreError,
};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::{
    area::{Area, AreaCount, AreaGroupKind, AreaLevel, AreaNode, Layout, Region},
    text::fold,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

const AREAS_2021: &str = include_str!("../../../data/areas/areas_2021.csv");
const AREAS_2025: &str = include_str!("../../../data/areas/areas_2025.csv");

/// Namespace of area ids: `Uuid::new_v5(AREA_NAMESPACE, "2025:01")` is Hà Nội in the 2025 layout.
pub const AREA_NAMESPACE: Uuid = Uuid::from_u128(0x6d1f_2c3a_9b7e_4d1a_8c55_0f2e_a1b3_c4d5);

pub fn area_id(layout: Layout, code: &str) -> Uuid {
    Uuid::new_v5(&AREA_NAMESPACE, format!("{}:{code}", layout.as_str()).as_bytes())
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = areas)]
struct AreaRow {
    id: String,
    layout: String,
    level: String,
    code: String,
    name: String,
    name_folded: String,
    kind: Option<String>,
    parent_id: Option<String>,
    province_id: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    region: Option<String>,
    child_count: i64,
}

impl AreaRow {
    fn into_domain(self) -> Result<Area, StoreError> {
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
    // 13 columns a row keeps each statement under SQLite's limit of bound parameters.
    for chunk in rows.chunks(500) {
        match conn {
            DbConnection::Sqlite(c) => diesel::insert_into(areas::table).values(chunk).execute(c)?,
            DbConnection::Pg(c) => diesel::insert_into(areas::table).values(chunk).execute(c)?,
        };
    }
    Ok(())
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

/// Filters of the area list; all optional.
#[derive(Debug, Default, Clone)]
pub struct AreaFilter {
    pub layout: Option<Layout>,
    pub level: Option<AreaLevel>,
    pub parent_id: Option<Uuid>,
    /// Part of the name, matched without diacritics or case.
    pub q: Option<String>,
    pub code: Option<String>,
    /// Only areas inside these provinces.
    pub province_ids: Option<Vec<Uuid>>,
}

/// Areas in (layout, level from province down, code) order.
pub fn list(
    conn: &mut DbConnection,
    filter: &AreaFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<Area>, StoreError> {
    let mut query = areas::table.into_boxed();
    if let Some(layout) = filter.layout {
        query = query.filter(areas::layout.eq(layout.as_str()));
    }
    if let Some(level) = filter.level {
        query = query.filter(areas::level.eq(level.as_str()));
    }
    if let Some(parent) = filter.parent_id {
        query = query.filter(areas::parent_id.eq(parent.to_string()));
    }
    if let Some(code) = &filter.code {
        query = query.filter(areas::code.eq(code.clone()));
    }
    if let Some(q) = &filter.q {
        let needle: String = fold(q).chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
        query = query.filter(areas::name_folded.like(format!("%{needle}%")));
    }
    if let Some(provinces) = &filter.province_ids {
        query = query.filter(areas::province_id.eq_any(provinces.iter().map(Uuid::to_string).collect::<Vec<_>>()));
    }
    if let Some(cursor) = after {
        let [layout, level, code] = paging::decode(cursor)?;
        query = query.filter(
            areas::layout.gt(layout.clone()).or(areas::layout
                .eq(layout.clone())
                .and(areas::level.lt(level.clone()).or(areas::level.eq(level).and(areas::code.gt(code))))),
        );
    }
    let rows: Vec<AreaRow> =
        query.order((areas::layout, areas::level.desc(), areas::code)).limit(paging::fetch(limit)).load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.layout.clone(), row.level.clone(), row.code.clone()],
        |rows| rows.into_iter().map(AreaRow::into_domain).collect(),
    )
}

pub fn get(conn: &mut DbConnection, id: Uuid) -> Result<Area, StoreError> {
    areas::table.find(id.to_string()).first::<AreaRow>(conn).found()?.into_domain()
}

pub fn by_code(conn: &mut DbConnection, layout: Layout, code: &str) -> Result<Area, StoreError> {
    get(conn, area_id(layout, code))
}

/// Every area directly below `id`, by code.
pub fn children(conn: &mut DbConnection, id: Uuid) -> Result<Vec<Area>, StoreError> {
    get(conn, id)?;
    areas::table
        .filter(areas::parent_id.eq(id.to_string()))
        .order(areas::code)
        .load::<AreaRow>(conn)?
        .into_iter()
        .map(AreaRow::into_domain)
        .collect()
}

/// The provinces of a layout with `depth - 1` levels below them: depth 2 adds districts
/// in the 2021 layout and communes in the 2025 one; 3 reaches communes in both.
pub fn tree(conn: &mut DbConnection, layout: Layout, depth: u8) -> Result<Vec<AreaNode>, StoreError> {
    let layout_levels: &[&str] = match layout {
        Layout::L2021 => &["province", "district", "commune"],
        Layout::L2025 => &["province", "commune"],
    };
    let levels: Vec<&str> = layout_levels.iter().copied().take(depth.clamp(1, 3) as usize).collect();
    let rows: Vec<AreaRow> = areas::table
        .filter(areas::layout.eq(layout.as_str()))
        .filter(areas::level.eq_any(levels))
        .order(areas::code)
        .load(conn)?;
    let mut by_parent: HashMap<Option<String>, Vec<AreaRow>> = HashMap::new();
    for row in rows {
        by_parent.entry(row.parent_id.clone()).or_default().push(row);
    }
    fn build(
        parent: Option<String>,
        by_parent: &mut HashMap<Option<String>, Vec<AreaRow>>,
    ) -> Result<Vec<AreaNode>, StoreError> {
        let rows = by_parent.remove(&parent).unwrap_or_default();
        rows.into_iter()
            .map(|row| {
                let children = build(Some(row.id.clone()), by_parent)?;
                Ok(AreaNode { area: row.into_domain()?, children })
            })
            .collect()
    }
    build(None, &mut by_parent)
}

/// How many areas each layout has at each level.
pub fn counts(conn: &mut DbConnection) -> Result<Vec<AreaCount>, StoreError> {
    let rows: Vec<(String, String, i64)> = areas::table
        .group_by((areas::layout, areas::level))
        .select((areas::layout, areas::level, diesel::dsl::count_star()))
        .order((areas::layout, areas::level.desc()))
        .load(conn)?;
    rows.into_iter()
        .map(|(layout, level, count)| {
            Ok(AreaCount {
                layout: Layout::parse(&layout).ok_or_else(|| StoreError::Corrupt(layout.clone()))?,
                level: AreaLevel::parse(&level).ok_or_else(|| StoreError::Corrupt(level.clone()))?,
                count,
            })
        })
        .collect()
}

/// The province (of the area's own layout) each of `ids` lies in; unknown ids are left out.
pub fn provinces_of(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<String>, StoreError> {
    Ok(areas::table.filter(areas::id.eq_any(ids)).select(areas::province_id).distinct().load(conn)?)
}

/// The provinces of the given area groups.
pub fn provinces_of_groups(conn: &mut DbConnection, group_ids: &[String]) -> Result<Vec<String>, StoreError> {
    Ok(area_group_members::table
        .inner_join(area_groups::table)
        .filter(area_groups::deleted_at.is_null())
        .filter(area_group_members::area_group_id.eq_any(group_ids))
        .select(area_group_members::area_id)
        .distinct()
        .load(conn)?)
}

/// The ids among `ids` that are areas, with their layout and level.
pub fn describe(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<(String, String, String)>, StoreError> {
    Ok(areas::table.filter(areas::id.eq_any(ids)).select((areas::id, areas::layout, areas::level)).load(conn)?)
}
