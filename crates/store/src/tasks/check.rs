//! Refusing what a new or changed task refers to when it does not exist, is retired or
//! deleted, or is of the wrong kind.

use crate::limit::LimitInText;
use crate::{
    schema::{areas, catalog_entries, org_units, plan_items, users, working_groups},
    DbConnection, StoreError,
};
use danvan_domain::validation::FieldError;
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// References of a new or changed task; `None` leaves a field unchecked.
#[derive(Default)]
pub(super) struct References<'a> {
    pub(super) plan_item_id: Option<Uuid>,
    pub(super) working_group_id: Option<Uuid>,
    pub(super) target_group_id: Option<Uuid>,
    pub(super) users: Option<&'a [Uuid]>,
    pub(super) units: Option<&'a [Uuid]>,
    pub(super) areas: Option<&'a [Uuid]>,
}

pub(super) fn strings(ids: &[Uuid]) -> Vec<String> {
    ids.iter().map(Uuid::to_string).collect()
}

/// Refuses references to things that do not exist (or are retired, deleted, of the
/// wrong kind); returns each area with its province.
pub(super) fn check(conn: &mut DbConnection, refs: &References) -> Result<Vec<(String, String)>, StoreError> {
    let mut errors = Vec::new();
    let unknown = |field: String, what: &str| FieldError::new(&field, "unknown", format!("no such {what}"));
    if let Some(id) = refs.plan_item_id {
        let found: i64 = plan_items::table.filter(plan_items::id.eq(id.to_string())).count().get_result(conn)?;
        if found == 0 {
            errors.push(unknown("plan_item_id".into(), "plan item"));
        }
    }
    if let Some(id) = refs.working_group_id {
        let found: i64 =
            working_groups::table.filter(working_groups::id.eq(id.to_string())).count().get_result(conn)?;
        if found == 0 {
            errors.push(unknown("working_group_id".into(), "working group"));
        }
    }
    if let Some(id) = refs.target_group_id {
        let active: Option<bool> = catalog_entries::table
            .filter(catalog_entries::id.eq(id.to_string()))
            .filter(catalog_entries::kind.eq("target_group"))
            .select(catalog_entries::active)
            .first_row(conn)
            .optional()?;
        match active {
            None => errors.push(unknown("target_group_id".into(), "target group")),
            Some(false) => errors.push(FieldError::new("target_group_id", "retired", "this target group is retired")),
            Some(true) => {}
        }
    }
    if let Some(ids) = refs.users {
        let found: Vec<String> = users::table
            .filter(users::id.eq_any(strings(ids)))
            .filter(users::active.eq(true))
            .select(users::id)
            .load(conn)?;
        for (index, id) in ids.iter().enumerate() {
            if !found.contains(&id.to_string()) {
                errors.push(unknown(format!("assignee_user_ids[{index}]"), "active user"));
            }
        }
    }
    if let Some(ids) = refs.units {
        let found: Vec<String> = org_units::table
            .filter(org_units::id.eq_any(strings(ids)))
            .filter(org_units::deleted_at.is_null())
            .select(org_units::id)
            .load(conn)?;
        for (index, id) in ids.iter().enumerate() {
            if !found.contains(&id.to_string()) {
                errors.push(unknown(format!("assignee_org_unit_ids[{index}]"), "org unit"));
            }
        }
    }
    let mut area_rows = Vec::new();
    if let Some(ids) = refs.areas {
        let found: HashMap<String, String> = areas::table
            .filter(areas::id.eq_any(strings(ids)))
            .select((areas::id, areas::province_id))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect();
        for (index, id) in ids.iter().enumerate() {
            match found.get(&id.to_string()) {
                Some(province) => area_rows.push((id.to_string(), province.clone())),
                None => errors.push(unknown(format!("area_ids[{index}]"), "area")),
            }
        }
    }
    if errors.is_empty() {
        Ok(area_rows)
    } else {
        Err(StoreError::Invalid(errors))
    }
}
