//! Creating and changing plans, and adding, changing and deleting their items; numbers
//! are unique (a plan's among plans, an item's within its plan).

use super::{
    read::{exists, find, find_item},
    rows::{basis_json, ItemRow, PlanRow},
};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now,
    schema::{plan_items, plans, tasks},
    Actor, DbConnection, StoreError,
};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::plan::{CreatePlan, CreatePlanItem, Plan, PlanItem, PlanStatus, UpdatePlan, UpdatePlanItem};
use diesel::prelude::*;
use uuid::Uuid;

const NUMBER_TAKEN: &str = "another plan has this number";
const ITEM_NUMBER_TAKEN: &str = "another item of this plan has this number";

// --- plans ---

/// Refuses a number another plan has.
fn check_number(conn: &mut DbConnection, number: &str, except: Option<&str>) -> Result<(), StoreError> {
    let holders = plans::table.filter(plans::number.eq(number)).into_boxed();
    crate::refuse_taken!(conn, holders, plans::id, except, "number", NUMBER_TAKEN)
}

pub fn create(conn: &mut DbConnection, actor: &Actor, request: &CreatePlan) -> Result<Plan, StoreError> {
    let number = request.number.trim();
    check_number(conn, number, None)?;
    let at = now();
    let row = PlanRow {
        id: new_id(),
        number: number.to_owned(),
        title: request.title.trim().to_owned(),
        issuing_body: request.issuing_body.trim().to_owned(),
        issued_on: request.issued_on,
        basis_json: basis_json(&request.basis),
        status: request.status.unwrap_or(PlanStatus::Draft).as_str().to_owned(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(plans::table).values(&row).execute(conn).map_err(crate::taken("number", NUMBER_TAKEN))?;
    let plan = row.into_domain()?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::Plan,
        Some(&plan.id.to_string()),
        None::<&()>,
        Some(&plan),
    )?;
    Ok(plan)
}

pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &UpdatePlan,
) -> Result<Plan, StoreError> {
    let current = find(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = current.clone().into_domain()?;
    let mut row = current;
    if let Some(number) = &request.number {
        let number = number.trim();
        check_number(conn, number, Some(&row.id))?;
        row.number = number.to_owned();
    }
    if let Some(title) = &request.title {
        row.title = title.trim().to_owned();
    }
    if let Some(body) = &request.issuing_body {
        row.issuing_body = body.trim().to_owned();
    }
    if let Some(issued_on) = request.issued_on {
        row.issued_on = issued_on;
    }
    if let Some(basis) = &request.basis {
        row.basis_json = basis_json(basis);
    }
    if let Some(status) = request.status {
        row.status = status.as_str().to_owned();
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, plans, &row, expected_version, crate::taken("number", NUMBER_TAKEN))?;
    let after = row.into_domain()?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::Plan,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

// --- plan items ---

/// Refuses a number another item of the plan has.
fn check_item_number(
    conn: &mut DbConnection,
    plan: &str,
    number: &str,
    except: Option<&str>,
) -> Result<(), StoreError> {
    let holders = plan_items::table.filter(plan_items::plan_id.eq(plan)).filter(plan_items::number.eq(number));
    crate::refuse_taken!(conn, holders.into_boxed(), plan_items::id, except, "number", ITEM_NUMBER_TAKEN)
}

/// Adds an item to a plan, under `parent_id` (an item of the same plan) if given.
pub fn create_item(
    conn: &mut DbConnection,
    actor: &Actor,
    plan_id: Uuid,
    request: &CreatePlanItem,
) -> Result<PlanItem, StoreError> {
    if !exists(conn, plan_id)? {
        return Err(StoreError::NotFound);
    }
    let plan = plan_id.to_string();
    let parent = request.parent_id.map(|id| id.to_string());
    if let Some(parent) = &parent {
        let in_plan: i64 =
            plan_items::table.find(parent).filter(plan_items::plan_id.eq(&plan)).count().get_result(conn)?;
        if in_plan == 0 {
            return Err(StoreError::invalid("parent_id", "not_in_plan", "is not an item of this plan"));
        }
    }
    check_item_number(conn, &plan, &request.number, None)?;
    let position = match request.position {
        Some(position) => position,
        None => {
            let siblings = plan_items::table.filter(plan_items::plan_id.eq(&plan)).into_boxed();
            let siblings = match &parent {
                Some(parent) => siblings.filter(plan_items::parent_id.eq(parent.clone())),
                None => siblings.filter(plan_items::parent_id.is_null()),
            };
            let last: Option<i64> = siblings.select(diesel::dsl::max(plan_items::position)).first_row(conn)?;
            last.map_or(1, |last| last + 1)
        }
    };
    let at = now();
    let row = ItemRow {
        id: new_id(),
        plan_id: plan,
        parent_id: parent,
        number: request.number.clone(),
        title: request.title.trim().to_owned(),
        body: request.body.clone(),
        position,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(plan_items::table)
        .values(&row)
        .execute(conn)
        .map_err(crate::taken("number", ITEM_NUMBER_TAKEN))?;
    let item = row.into_domain()?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::PlanItem,
        Some(&item.id.to_string()),
        None::<&()>,
        Some(&item),
    )?;
    Ok(item)
}

pub fn update_item(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &UpdatePlanItem,
) -> Result<PlanItem, StoreError> {
    let current = find_item(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = current.clone().into_domain()?;
    let mut row = current;
    if let Some(number) = &request.number {
        check_item_number(conn, &row.plan_id, number, Some(&row.id))?;
        row.number = number.clone();
    }
    if let Some(title) = &request.title {
        row.title = title.trim().to_owned();
    }
    if let Some(body) = &request.body {
        row.body = body.clone();
    }
    if let Some(position) = request.position {
        row.position = position;
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, plan_items, &row, expected_version, crate::taken("number", ITEM_NUMBER_TAKEN))?;
    let after = row.into_domain()?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::PlanItem,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// Deletes an item that has no sub-items and no tasks linked to it.
pub fn delete_item(conn: &mut DbConnection, actor: &Actor, id: Uuid, expected_version: i64) -> Result<(), StoreError> {
    let current = find_item(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let children: i64 = plan_items::table.filter(plan_items::parent_id.eq(&current.id)).count().get_result(conn)?;
    let linked: i64 = tasks::table.filter(tasks::plan_item_id.eq(&current.id)).count().get_result(conn)?;
    if children > 0 || linked > 0 {
        return Err(StoreError::conflict(
            "in_use",
            format!("the item still has {children} sub-items and {linked} tasks; move or delete them first"),
        ));
    }
    let before = current.clone().into_domain()?;
    let deleted = diesel::delete(plan_items::table.find(&current.id).filter(plan_items::version.eq(expected_version)))
        .execute(conn)?;
    crate::expect_version(expected_version, crate::Found::Rows(deleted))?;
    audit::record(
        conn,
        actor,
        AuditAction::Delete,
        AuditEntity::PlanItem,
        Some(&id.to_string()),
        Some(&before),
        None::<&()>,
    )?;
    Ok(())
}
