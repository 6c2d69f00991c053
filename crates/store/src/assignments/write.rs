//! Changing the matrix: a new row, a change that closes or supersedes a row and links a
//! successor, and the end of a row; each checks what the row names first.

use super::{
    read::{find, group_exists, one},
    rows::{AssignmentRow, Lists, LINK_KINDS, LIST_FIELDS},
};
use crate::{
    audit, catalog, new_id, now,
    schema::{area_groups, areas, assignment_links, assignments},
    working_groups as groups, Actor, DbConnection, StoreError,
};
use chrono::NaiveDate;
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::{
    assignment::{Assignment, ChangeAssignment, CreateAssignment, EndAssignment},
    catalog::CatalogKind,
    validation::FieldError,
};
use diesel::prelude::*;
use uuid::Uuid;

fn set_links(conn: &mut DbConnection, assignment: &str, lists: &Lists) -> Result<(), StoreError> {
    for (kind, ids) in LINK_KINDS.iter().zip(&lists.0) {
        for id in ids {
            diesel::insert_into(assignment_links::table)
                .values((
                    assignment_links::assignment_id.eq(assignment),
                    assignment_links::kind.eq(*kind),
                    assignment_links::ref_id.eq(id),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Refuses ids that name nothing of the right kind: `unknown` on each such entry.
fn check_references(conn: &mut DbConnection, lists: &Lists) -> Result<(), StoreError> {
    let mut found: [Vec<String>; 4] = Default::default();
    found[0] = catalog::existing(conn, CatalogKind::TargetGroup, &lists.0[0])?;
    found[1] = catalog::existing(conn, CatalogKind::Field, &lists.0[1])?;
    found[2] = areas::table.filter(areas::id.eq_any(&lists.0[2])).select(areas::id).load(conn)?;
    found[3] = area_groups::table
        .filter(area_groups::id.eq_any(&lists.0[3]))
        .filter(area_groups::deleted_at.is_null())
        .select(area_groups::id)
        .load(conn)?;
    let errors: Vec<FieldError> = (0..4)
        .flat_map(|index| {
            let found = &found[index];
            lists.0[index]
                .iter()
                .filter(|id| !found.contains(id))
                .map(move |id| FieldError::new(LIST_FIELDS[index], "unknown", format!("{id} does not exist")))
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

/// Refuses a retired target group or field, unless the row being changed already named
/// it: `retired` on each such entry.
fn check_active(conn: &mut DbConnection, lists: &Lists, kept: [&[Uuid]; 2]) -> Result<(), StoreError> {
    let mut errors = Vec::new();
    for (index, kind) in [(0, CatalogKind::TargetGroup), (1, CatalogKind::Field)] {
        let active = catalog::active_ids(conn, kind)?;
        let kept: Vec<String> = kept[index].iter().map(Uuid::to_string).collect();
        for id in lists.0[index].iter().filter(|id| !active.contains(id) && !kept.contains(id)) {
            errors.push(FieldError::new(LIST_FIELDS[index], "retired", format!("{id} is retired")));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

/// Refuses a set of lists that names no target group or field, or no area or area group.
fn check_not_empty(lists: &Lists) -> Result<(), StoreError> {
    let mut errors = Vec::new();
    if lists.0[0].is_empty() && lists.0[1].is_empty() {
        errors.push(FieldError::new("target_group_ids", "required", "name at least one target group or field"));
    }
    if lists.0[2].is_empty() && lists.0[3].is_empty() {
        errors.push(FieldError::new("area_ids", "required", "name at least one area or area group"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(errors))
    }
}

/// Refuses the values of a new row of a chain: lists that name nothing, or name what
/// does not exist or is retired (unless the row before named it, `kept`), and a last day
/// before the first.
fn check_values(
    conn: &mut DbConnection,
    lists: &Lists,
    kept: [&[Uuid]; 2],
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
) -> Result<(), StoreError> {
    check_not_empty(lists)?;
    check_references(conn, lists)?;
    check_active(conn, lists, kept)?;
    if valid_to.is_some_and(|to| to < valid_from) {
        return Err(StoreError::invalid("valid_to", "before_start", "must not be before the first day"));
    }
    Ok(())
}

fn insert(conn: &mut DbConnection, row: &AssignmentRow, lists: &Lists) -> Result<(), StoreError> {
    diesel::insert_into(assignments::table).values(row).execute(conn)?;
    set_links(conn, &row.id, lists)
}

/// Adds an assignment for a member of the group; `today` fills in an absent first day.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    group: Uuid,
    request: &CreateAssignment,
    today: NaiveDate,
) -> Result<Assignment, StoreError> {
    group_exists(conn, group)?;
    let valid_from = request.valid_from.unwrap_or(today);
    if !groups::is_member_on(conn, group, request.user_id, valid_from)? {
        return Err(StoreError::invalid("user_id", "not_member", "is not on the group's roster on the first day"));
    }
    let lists =
        Lists::from_ids([&request.target_group_ids, &request.field_ids, &request.area_ids, &request.area_group_ids]);
    check_values(conn, &lists, [&[], &[]], valid_from, request.valid_to)?;
    let at = now();
    let row = AssignmentRow {
        id: new_id(),
        working_group_id: group.to_string(),
        user_id: request.user_id.to_string(),
        valid_from,
        valid_to: request.valid_to,
        note: request.note.trim().to_owned(),
        replaces_id: None,
        replaced_by_id: None,
        superseded_at: None,
        created_by: actor.user_id.map(|id| id.to_string()),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    insert(conn, &row, &lists)?;
    let assignment = one(conn, row)?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::Assignment,
        Some(&assignment.id.to_string()),
        None::<&()>,
        Some(&assignment),
    )?;
    Ok(assignment)
}

/// The row a change starts from: the last of its chain, still at the version the caller read.
fn find_head(conn: &mut DbConnection, id: Uuid, expected_version: i64) -> Result<AssignmentRow, StoreError> {
    let current = find(conn, id)?;
    if !current.is_head() {
        return Err(StoreError::conflict(
            "superseded",
            "this row was already replaced; change the latest row of its history",
        ));
    }
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    Ok(current)
}

/// Stores the changed `row` and audits `action` from `before` to `after`, the row that
/// now holds the assignment's values, which it answers.
fn finish(
    conn: &mut DbConnection,
    actor: &Actor,
    action: AuditAction,
    row: &AssignmentRow,
    expected_version: i64,
    before: &Assignment,
    after: AssignmentRow,
) -> Result<Assignment, StoreError> {
    crate::save_versioned!(conn, assignments, row, expected_version)?;
    let after = one(conn, after)?;
    audit::record(conn, actor, action, AuditEntity::Assignment, Some(&row.id), Some(before), Some(&after))?;
    Ok(after)
}

/// Replaces a row with a successor carrying the new values from `effective_from` (today
/// when absent). Returns the successor.
pub fn change(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &ChangeAssignment,
    today: NaiveDate,
) -> Result<Assignment, StoreError> {
    let current = find_head(conn, id, expected_version)?;
    let before = one(conn, current.clone())?;
    let effective_from = request.effective_from.unwrap_or(today);
    if current.valid_to.and_then(|to| to.succ_opt()).is_some_and(|next| effective_from > next) {
        return Err(StoreError::invalid(
            "effective_from",
            "after_end",
            "must not be later than the day after the last day",
        ));
    }
    let pick = |new: &Option<Vec<Uuid>>, old: &[Uuid]| new.clone().unwrap_or_else(|| old.to_vec());
    let target_groups = pick(&request.target_group_ids, &before.target_group_ids);
    let fields = pick(&request.field_ids, &before.field_ids);
    let area_list = pick(&request.area_ids, &before.area_ids);
    let area_group_list = pick(&request.area_group_ids, &before.area_group_ids);
    let lists = Lists::from_ids([&target_groups, &fields, &area_list, &area_group_list]);
    let valid_to = request.valid_to.unwrap_or(current.valid_to);
    check_values(conn, &lists, [&before.target_group_ids, &before.field_ids], effective_from, valid_to)?;
    let at = now();
    let successor = AssignmentRow {
        id: new_id(),
        working_group_id: current.working_group_id.clone(),
        user_id: current.user_id.clone(),
        valid_from: effective_from,
        valid_to,
        note: request.note.as_deref().map_or_else(|| current.note.clone(), |note| note.trim().to_owned()),
        replaces_id: Some(current.id.clone()),
        replaced_by_id: None,
        superseded_at: None,
        created_by: actor.user_id.map(|id| id.to_string()),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    insert(conn, &successor, &lists)?;
    let mut old = current;
    if effective_from > old.valid_from {
        // `effective_from` is after the row's first day, so it has a day before it.
        old.valid_to = Some(effective_from.pred_opt().unwrap_or(effective_from));
    } else {
        old.superseded_at = Some(at);
    }
    old.replaced_by_id = Some(successor.id.clone());
    old.version += 1;
    old.updated_at = at;
    finish(conn, actor, AuditAction::Change, &old, expected_version, &before, successor)
}

/// Sets the last day of a row in place (today when absent).
pub fn end(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &EndAssignment,
    today: NaiveDate,
) -> Result<Assignment, StoreError> {
    let current = find_head(conn, id, expected_version)?;
    let on = request.on.unwrap_or(today);
    if on < current.valid_from {
        return Err(StoreError::invalid("on", "before_start", "must not be before the assignment's first day"));
    }
    let before = one(conn, current.clone())?;
    let mut row = current;
    row.valid_to = Some(on);
    row.version += 1;
    row.updated_at = now();
    finish(conn, actor, AuditAction::End, &row, expected_version, &before, row.clone())
}
