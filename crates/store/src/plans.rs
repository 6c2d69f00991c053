//! Plans and their numbered items. A plan's basis documents are kept as a JSON list; its
//! items form a tree inside the plan, with numbers unique per plan.

use crate::{
    audit, new_id, now, paging, parse_id,
    schema::{plan_items, plans, tasks},
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::{NaiveDate, NaiveDateTime};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::plan::{CreatePlan, CreatePlanItem, Plan, PlanItem, PlanStatus, UpdatePlan, UpdatePlanItem};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = plans, treat_none_as_null = true)]
struct PlanRow {
    id: String,
    number: String,
    title: String,
    issuing_body: String,
    issued_on: NaiveDate,
    basis_json: String,
    status: String,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl PlanRow {
    fn into_domain(self) -> Result<Plan, StoreError> {
        Ok(Plan {
            id: parse_id(&self.id)?,
            basis: serde_json::from_str(&self.basis_json)
                .map_err(|_| StoreError::Corrupt(format!("plan basis {:?}", self.basis_json)))?,
            status: PlanStatus::parse(&self.status)
                .ok_or_else(|| StoreError::Corrupt(format!("plan status {:?}", self.status)))?,
            number: self.number,
            title: self.title,
            issuing_body: self.issuing_body,
            issued_on: self.issued_on,
            // The caller's flags are set where the caller is known (`Plan::for_caller`).
            can_edit: false,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = plan_items, treat_none_as_null = true)]
struct ItemRow {
    id: String,
    plan_id: String,
    parent_id: Option<String>,
    number: String,
    title: String,
    body: String,
    position: i64,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl ItemRow {
    fn into_domain(self) -> Result<PlanItem, StoreError> {
        Ok(PlanItem {
            id: parse_id(&self.id)?,
            plan_id: parse_id(&self.plan_id)?,
            parent_id: self.parent_id.as_deref().map(parse_id).transpose()?,
            number: self.number,
            title: self.title,
            body: self.body,
            position: self.position,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

const NUMBER_TAKEN: &str = "another plan has this number";
const ITEM_NUMBER_TAKEN: &str = "another item of this plan has this number";

fn basis_json(basis: &[String]) -> String {
    let trimmed: Vec<&str> = basis.iter().map(|entry| entry.trim()).collect();
    serde_json::to_string(&trimmed).unwrap_or_else(|_| "[]".to_owned())
}

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
        query.order((plans::issued_on.desc(), plans::id)).limit(paging::fetch(limit)).load(conn)?;
    paging::paginate(
        rows,
        limit,
        |row| vec![row.issued_on.to_string(), row.id.clone()],
        |rows| rows.into_iter().map(PlanRow::into_domain).collect(),
    )
}

fn find(conn: &mut DbConnection, id: Uuid) -> Result<PlanRow, StoreError> {
    plans::table.find(id.to_string()).first(conn).found()
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
        .first::<PlanRow>(conn)
        .optional()?
        .map(PlanRow::into_domain)
        .transpose()
}

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

fn find_item(conn: &mut DbConnection, id: Uuid) -> Result<ItemRow, StoreError> {
    plan_items::table.find(id.to_string()).first(conn).found()
}

pub fn get_item(conn: &mut DbConnection, id: Uuid) -> Result<PlanItem, StoreError> {
    find_item(conn, id)?.into_domain()
}

/// The item of `plan_id` with this number, if any.
pub fn item_by_number(conn: &mut DbConnection, plan_id: Uuid, number: &str) -> Result<Option<PlanItem>, StoreError> {
    plan_items::table
        .filter(plan_items::plan_id.eq(plan_id.to_string()))
        .filter(plan_items::number.eq(number))
        .first::<ItemRow>(conn)
        .optional()?
        .map(ItemRow::into_domain)
        .transpose()
}

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
            let last: Option<i64> = siblings.select(diesel::dsl::max(plan_items::position)).first(conn)?;
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
