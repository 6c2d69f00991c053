//! The coverage report: what a group's matrix on a day leaves uncovered, and where two
//! members share a target group in a province.

use super::read::{in_force, provinces_named};
use crate::{catalog, parse_id, schema::areas, DbConnection, StoreError};
use chrono::NaiveDate;
use danvan_domain::{
    area::Layout,
    assignment::{Assignment, Coverage, Overlap},
    catalog::CatalogKind,
};
use diesel::prelude::*;
use std::collections::{BTreeSet, HashSet};
use uuid::Uuid;

/// The provinces of `layout` by code.
fn provinces_of_layout(conn: &mut DbConnection, layout: Layout) -> Result<Vec<String>, StoreError> {
    Ok(areas::table
        .filter(areas::layout.eq(layout.as_str()))
        .filter(areas::level.eq("province"))
        .order(areas::code)
        .select(areas::id)
        .load(conn)?)
}

/// The provinces of `layout` an assignment covers through its areas and area groups.
fn covered_provinces(
    conn: &mut DbConnection,
    assignment: &Assignment,
    layout_provinces: &HashSet<String>,
) -> Result<BTreeSet<String>, StoreError> {
    let found = provinces_named(conn, assignment)?;
    Ok(found.into_iter().filter(|province| layout_provinces.contains(province)).collect())
}

/// Entries of `all` that none of `named` mentions, in `all`'s order.
fn uncovered(all: Vec<String>, named: &HashSet<Uuid>) -> Result<Vec<Uuid>, StoreError> {
    all.iter().map(|id| parse_id(id)).filter(|id| id.as_ref().map_or(true, |id| !named.contains(id))).collect()
}

fn sorted_ids(ids: impl IntoIterator<Item = String>) -> Result<Vec<Uuid>, StoreError> {
    let mut parsed: Vec<Uuid> = ids.into_iter().map(|id| parse_id(&id)).collect::<Result<_, _>>()?;
    parsed.sort();
    Ok(parsed)
}

/// Where the group's matrix on `date` leaves provinces of `layout`, active target groups
/// or active fields uncovered, and where two members share a target group in a province.
pub fn coverage(conn: &mut DbConnection, group: Uuid, date: NaiveDate, layout: Layout) -> Result<Coverage, StoreError> {
    let matrix = in_force(conn, group, date)?;
    let all_provinces = provinces_of_layout(conn, layout)?;
    let layout_provinces: HashSet<String> = all_provinces.iter().cloned().collect();
    let mut covered: Vec<BTreeSet<String>> = Vec::with_capacity(matrix.len());
    for assignment in &matrix {
        covered.push(covered_provinces(conn, assignment, &layout_provinces)?);
    }
    let covered_anywhere: HashSet<Uuid> = covered.iter().flatten().map(|id| parse_id(id)).collect::<Result<_, _>>()?;
    let named_target_groups: HashSet<Uuid> = matrix.iter().flat_map(|a| a.target_group_ids.iter().copied()).collect();
    let named_fields: HashSet<Uuid> = matrix.iter().flat_map(|a| a.field_ids.iter().copied()).collect();
    let mut overlaps = Vec::new();
    for (i, first) in matrix.iter().enumerate() {
        for (j, second) in matrix.iter().enumerate().skip(i + 1) {
            if first.user_id == second.user_id {
                continue;
            }
            let mut target_groups: Vec<Uuid> =
                first.target_group_ids.iter().filter(|id| second.target_group_ids.contains(id)).copied().collect();
            let provinces = sorted_ids(covered[i].intersection(&covered[j]).cloned())?;
            if target_groups.is_empty() || provinces.is_empty() {
                continue;
            }
            target_groups.sort();
            let (a, b) = if first.user_id <= second.user_id { (first, second) } else { (second, first) };
            overlaps.push(Overlap {
                user_ids: vec![a.user_id, b.user_id],
                assignment_ids: vec![a.id, b.id],
                target_group_ids: target_groups,
                province_ids: provinces,
            });
        }
    }
    Ok(Coverage {
        as_of: date,
        layout,
        uncovered_province_ids: uncovered(all_provinces, &covered_anywhere)?,
        uncovered_target_group_ids: uncovered(
            catalog::active_ids(conn, CatalogKind::TargetGroup)?,
            &named_target_groups,
        )?,
        uncovered_field_ids: uncovered(catalog::active_ids(conn, CatalogKind::Field)?, &named_fields)?,
        overlaps,
    })
}
