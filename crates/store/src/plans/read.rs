//! Reading plans and their items: the list of plans, one plan, and a plan's items in tree
//! order.

use super::rows::{ItemRow, PlanRow};
use crate::limit::LimitInText;
use crate::{
    paging,
    schema::{plan_items, plans},
    DbConnection, OptionalRow, StoreError,
};
use danvan_domain::plan::{Plan, PlanItem};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

// --- plans ---

/// Plans, newest issue first (then by id), `limit` at a time.
pub fn list(conn: &mut DbConnection, limit: usize, after: Option<&str>) -> Result<paging::Page<Plan>, StoreError> {
    let mut query = plans::table.into_boxed();
    if let Some(cursor) = after {
        let [issued, id] = paging::decode(cursor)?;
        let issued = paging::parse_date(&issued)?;
        query = query.filter(plans::issued_on.lt(issued).or(plans::issued_on.eq(issued).and(plans::id.gt(id))));
    }
    let rows: Vec<PlanRow> =
        query.order((plans::issued_on.desc(), plans::id)).limit_in_text(paging::fetch(limit)).load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.issued_on.to_string(), row.id.clone()],
        |rows| rows.into_iter().map(PlanRow::into_domain).collect(),
    )
}

pub(super) fn find(conn: &mut DbConnection, id: Uuid) -> Result<PlanRow, StoreError> {
    plans::table.find(id.to_string()).first_row(conn).found()
}

pub fn get(conn: &mut DbConnection, id: Uuid) -> Result<Plan, StoreError> {
    find(conn, id)?.into_domain()
}

/// Whether a plan with this id exists.
pub fn exists(conn: &mut DbConnection, id: Uuid) -> Result<bool, StoreError> {
    Ok(plans::table.find(id.to_string()).count().get_result::<i64>(conn)? > 0)
}

/// The plan with this number, if any.
pub fn by_number(conn: &mut DbConnection, number: &str) -> Result<Option<Plan>, StoreError> {
    plans::table
        .filter(plans::number.eq(number))
        .first_row::<PlanRow>(conn)
        .optional()?
        .map(PlanRow::into_domain)
        .transpose()
}

// --- plan items ---

/// Every item of a plan in tree order: each item followed by its sub-items, siblings by
/// position then number. A missing plan is not found.
pub fn list_items(conn: &mut DbConnection, plan_id: Uuid) -> Result<Vec<PlanItem>, StoreError> {
    if !exists(conn, plan_id)? {
        return Err(StoreError::NotFound);
    }
    let rows: Vec<ItemRow> = plan_items::table
        .filter(plan_items::plan_id.eq(plan_id.to_string()))
        .order((plan_items::position, plan_items::number))
        .load(conn)?;
    let mut by_parent: HashMap<Option<String>, Vec<ItemRow>> = HashMap::new();
    for row in rows {
        by_parent.entry(row.parent_id.clone()).or_default().push(row);
    }
    let mut ordered = Vec::new();
    let mut stack: Vec<ItemRow> = by_parent.remove(&None).unwrap_or_default().into_iter().rev().collect();
    while let Some(row) = stack.pop() {
        stack.extend(by_parent.remove(&Some(row.id.clone())).unwrap_or_default().into_iter().rev());
        ordered.push(row.into_domain()?);
    }
    Ok(ordered)
}

pub(super) fn find_item(conn: &mut DbConnection, id: Uuid) -> Result<ItemRow, StoreError> {
    plan_items::table.find(id.to_string()).first_row(conn).found()
}

pub fn get_item(conn: &mut DbConnection, id: Uuid) -> Result<PlanItem, StoreError> {
    find_item(conn, id)?.into_domain()
}

/// The item of `plan_id` with this number, if any.
pub fn item_by_number(conn: &mut DbConnection, plan_id: Uuid, number: &str) -> Result<Option<PlanItem>, StoreError> {
    plan_items::table
        .filter(plan_items::plan_id.eq(plan_id.to_string()))
        .filter(plan_items::number.eq(number))
        .first_row::<ItemRow>(conn)
        .optional()?
        .map(ItemRow::into_domain)
        .transpose()
}
