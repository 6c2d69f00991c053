//! Reading areas: the list and its filters, one area, its children, the tree of a
//! layout, the counts per level, and the provinces that scopes and assignments resolve to.

use super::rows::{area_id, AreaRow};
use crate::limit::LimitInText;
use crate::{
    paging,
    schema::{area_group_members, area_groups, areas},
    DbConnection, OptionalRow, StoreError,
};
use danvan_domain::{
    area::{Area, AreaCount, AreaLevel, AreaNode, Layout},
    text::fold,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

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
    let rows: Vec<AreaRow> = query
        .order((areas::layout, areas::level.desc(), areas::code))
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.layout.clone(), row.level.clone(), row.code.clone()],
        |rows| rows.into_iter().map(AreaRow::into_domain).collect(),
    )
}

pub fn get(conn: &mut DbConnection, id: Uuid) -> Result<Area, StoreError> {
    areas::table.find(id.to_string()).first_row::<AreaRow>(conn).found()?.into_domain()
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

/// The first `count` communes and wards of a province, by code.
pub fn communes_of(conn: &mut DbConnection, province: Uuid, count: usize) -> Result<Vec<Area>, StoreError> {
    use crate::limit::LimitInText;
    areas::table
        .filter(areas::province_id.eq(province.to_string()))
        .filter(areas::level.eq("commune"))
        .order(areas::code)
        .limit_in_text(count)
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
