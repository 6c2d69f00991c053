//! Reading the matrix: a group's rows in force on a day, one row and its history, each
//! as far as the caller's reach goes.

use super::rows::{AssignmentRow, Lists, LINK_KINDS};
use crate::limit::LimitInText;
use crate::{
    areas, parse_id,
    schema::{assignment_links, assignments, users, working_groups},
    scope::Viewer,
    DbConnection, OptionalRow, StoreError,
};
use chrono::NaiveDate;
use danvan_domain::{
    assignment::Assignment,
    policy::{self, Reach},
};
use diesel::prelude::*;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The lists of each of `ids`.
fn lists_of(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, Lists>, StoreError> {
    let links: Vec<(String, String, String)> = assignment_links::table
        .filter(assignment_links::assignment_id.eq_any(ids))
        .order(assignment_links::ref_id)
        .load(conn)?;
    let mut by_row: HashMap<String, Lists> = HashMap::new();
    for (assignment, kind, reference) in links {
        let index = LINK_KINDS
            .iter()
            .position(|known| *known == kind)
            .ok_or_else(|| StoreError::Corrupt(format!("assignment link kind {kind:?}")))?;
        by_row.entry(assignment).or_default().0[index].push(reference);
    }
    Ok(by_row)
}

fn to_domain(conn: &mut DbConnection, rows: Vec<AssignmentRow>) -> Result<Vec<Assignment>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let lists = lists_of(conn, &ids)?;
    let empty = Lists::default();
    rows.into_iter()
        .map(|row| {
            let row_lists = lists.get(&row.id).unwrap_or(&empty);
            row.into_domain(row_lists)
        })
        .collect()
}

pub(super) fn one(conn: &mut DbConnection, row: AssignmentRow) -> Result<Assignment, StoreError> {
    to_domain(conn, vec![row])?.pop().ok_or(StoreError::NotFound)
}

pub(super) fn group_exists(conn: &mut DbConnection, group: Uuid) -> Result<(), StoreError> {
    let count: i64 = working_groups::table.find(group.to_string()).count().get_result(conn)?;
    if count == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// The rows of a group in force on `date`.
fn in_force_rows(conn: &mut DbConnection, group: Uuid, date: NaiveDate) -> Result<Vec<AssignmentRow>, StoreError> {
    Ok(assignments::table
        .filter(assignments::working_group_id.eq(group.to_string()))
        .filter(assignments::superseded_at.is_null())
        .filter(assignments::valid_from.le(date))
        .filter(assignments::valid_to.is_null().or(assignments::valid_to.ge(date)))
        .order((assignments::valid_from, assignments::id))
        .load(conn)?)
}

/// A group's whole matrix on `date`: the rows in force that day, by first day. Not
/// limited to a caller's reach: for the coverage report and the demo seed; callers read
/// [`list`].
pub fn in_force(conn: &mut DbConnection, group: Uuid, date: NaiveDate) -> Result<Vec<Assignment>, StoreError> {
    group_exists(conn, group)?;
    let rows = in_force_rows(conn, group, date)?;
    to_domain(conn, rows)
}

/// A group's matrix on `date` as `viewer` may read it: the rows in force that day within
/// their reach, by first day.
pub fn list(
    conn: &mut DbConnection,
    viewer: &Viewer,
    group: Uuid,
    date: NaiveDate,
) -> Result<Vec<Assignment>, StoreError> {
    let rows = in_force(conn, group, date)?;
    seen_by(conn, viewer, rows)
}

/// The rows among `rows` within `viewer`'s reach (`danvan_domain::policy::work_reach`):
/// all of them; those covering a province of their scope and their own; or their own
/// only. A row is their own when it is theirs or, for a unit officer, a person's of their
/// unit or its sub-units.
fn seen_by(conn: &mut DbConnection, viewer: &Viewer, rows: Vec<Assignment>) -> Result<Vec<Assignment>, StoreError> {
    let reach = viewer.reach();
    if reach == Reach::Everything {
        return Ok(rows);
    }
    let mut people = HashSet::from([viewer.user_id.to_string()]);
    if policy::reaches_unit_scope(viewer.role) {
        let units: Vec<String> = viewer.scope.org_units.iter().flatten().map(Uuid::to_string).collect();
        let in_units: Vec<String> =
            users::table.filter(users::org_unit_id.eq_any(units)).select(users::id).load(conn)?;
        people.extend(in_units);
    }
    let provinces: HashSet<String> = match reach {
        Reach::ProvincesAndOwn => viewer.scope.province_ids.iter().map(Uuid::to_string).collect(),
        _ => HashSet::new(),
    };
    let mut seen = Vec::with_capacity(rows.len());
    for row in rows {
        let own = people.contains(&row.user_id.to_string());
        if own || (!provinces.is_empty() && provinces_named(conn, &row)?.iter().any(|p| provinces.contains(p))) {
            seen.push(row);
        }
    }
    Ok(seen)
}

pub(super) fn find(conn: &mut DbConnection, id: Uuid) -> Result<AssignmentRow, StoreError> {
    assignments::table.find(id.to_string()).first_row(conn).found()
}

/// One row, if `viewer` reaches it; else not found.
pub fn get(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<Assignment, StoreError> {
    let row = find(conn, id)?;
    let row = one(conn, row)?;
    seen_by(conn, viewer, vec![row])?.pop().ok_or(StoreError::NotFound)
}

/// The chain the row belongs to, oldest first, as far as `viewer` reaches it; not found
/// when they do not reach the row asked for.
pub fn history(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<Vec<Assignment>, StoreError> {
    get(conn, viewer, id)?;
    let chain = chain(conn, id)?;
    seen_by(conn, viewer, chain)
}

/// The whole chain the row belongs to, oldest first.
fn chain(conn: &mut DbConnection, id: Uuid) -> Result<Vec<Assignment>, StoreError> {
    let mut first = find(conn, id)?;
    let mut seen = HashSet::from([first.id.clone()]);
    while let Some(previous) = first.replaces_id.clone() {
        if !seen.insert(previous.clone()) {
            return Err(StoreError::Corrupt(format!("assignment chain of {id} loops")));
        }
        first = assignments::table.find(&previous).first_row(conn).found()?;
    }
    let mut chain = vec![first];
    while let Some(next) = chain.last().and_then(|row| row.replaced_by_id.clone()) {
        if chain.iter().any(|row| row.id == next) {
            return Err(StoreError::Corrupt(format!("assignment chain of {id} loops")));
        }
        chain.push(assignments::table.find(&next).first_row(conn).found()?);
    }
    to_domain(conn, chain)
}

/// The group a row belongs to, for the caller's right to change it.
pub fn group_of(conn: &mut DbConnection, id: Uuid) -> Result<Uuid, StoreError> {
    parse_id(&find(conn, id)?.working_group_id)
}

/// The provinces (of either layout) an assignment covers through its areas and area groups.
pub(super) fn provinces_named(conn: &mut DbConnection, assignment: &Assignment) -> Result<Vec<String>, StoreError> {
    let area_ids: Vec<String> = assignment.area_ids.iter().map(Uuid::to_string).collect();
    let group_ids: Vec<String> = assignment.area_group_ids.iter().map(Uuid::to_string).collect();
    let mut found = areas::provinces_of(conn, &area_ids)?;
    found.extend(areas::provinces_of_groups(conn, &group_ids)?);
    Ok(found)
}
