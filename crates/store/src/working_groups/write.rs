//! Creating and changing working groups and their rosters; a user is on a roster once
//! at a time, and no two head memberships of a group overlap.

use super::{
    read::{find, roster_rows, today, user_columns, with_counts},
    rows::{GroupRow, MembershipRow},
};
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, org_units, plans,
    schema::{memberships, working_groups},
    Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::NaiveDate;
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::working_group::{
    AddMember, CreateWorkingGroup, MemberPosition, Membership, UpdateMembership, UpdateWorkingGroup, WorkingGroup,
};
use diesel::prelude::*;
use uuid::Uuid;

// --- groups ---

fn check_standing_unit(conn: &mut DbConnection, unit: Option<Uuid>) -> Result<(), StoreError> {
    match unit {
        Some(unit) if !org_units::exists(conn, unit)? => {
            Err(StoreError::invalid("standing_unit_id", "unknown", "no such org unit"))
        }
        _ => Ok(()),
    }
}

pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    request: &CreateWorkingGroup,
) -> Result<WorkingGroup, StoreError> {
    if !plans::exists(conn, request.plan_id)? {
        return Err(StoreError::invalid("plan_id", "unknown", "no such plan"));
    }
    check_standing_unit(conn, request.standing_unit_id)?;
    let at = now();
    let row = GroupRow {
        id: new_id(),
        name: request.name.trim().to_owned(),
        plan_id: request.plan_id.to_string(),
        standing_unit_id: request.standing_unit_id.map(|id| id.to_string()),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(working_groups::table).values(&row).execute(conn)?;
    let group = with_counts(conn, row, today())?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::WorkingGroup,
        Some(&group.id.to_string()),
        None::<&()>,
        Some(&group),
    )?;
    Ok(group)
}

pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &UpdateWorkingGroup,
) -> Result<WorkingGroup, StoreError> {
    let mut row = find(conn, id)?;
    crate::expect_version(expected_version, crate::Found::Version(row.version))?;
    let date = today();
    let before = with_counts(conn, row.clone(), date)?;
    if let Some(name) = &request.name {
        row.name = name.trim().to_owned();
    }
    if let Some(unit) = request.standing_unit_id {
        check_standing_unit(conn, unit)?;
        row.standing_unit_id = unit.map(|id| id.to_string());
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, working_groups, &row, expected_version)?;
    let after = with_counts(conn, row, date)?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::WorkingGroup,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

// --- rosters ---

/// Whether two periods (last days inclusive, open-ended when absent) share a day.
fn overlaps(a: (NaiveDate, Option<NaiveDate>), b: (NaiveDate, Option<NaiveDate>)) -> bool {
    a.1.is_none_or(|end| b.0 <= end) && b.1.is_none_or(|end| a.0 <= end)
}

/// Refuses a head membership over `period` when another head membership overlaps it.
fn check_head_free(
    conn: &mut DbConnection,
    group: &str,
    period: (NaiveDate, Option<NaiveDate>),
    except: Option<&str>,
) -> Result<(), StoreError> {
    let taken = roster_rows(conn, group, None)?.iter().any(|row| {
        row.position == MemberPosition::Head.as_str()
            && Some(row.id.as_str()) != except
            && overlaps((row.joined_on, row.left_on), period)
    });
    if taken {
        Err(head_taken())
    } else {
        Ok(())
    }
}

fn head_taken() -> StoreError {
    StoreError::conflict("head_taken", "the group already has a head for that time; change their position first")
}

fn already_member() -> StoreError {
    StoreError::conflict("already_member", "the user is already on this group's roster")
}

/// The roster's unique indexes (one open head, one open membership per user) back the
/// checks above, should two writes ever pass them together.
fn roster_clash(error: diesel::result::Error) -> StoreError {
    match &error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, info) => {
            let said = format!("{} {}", info.message(), info.constraint_name().unwrap_or_default());
            if said.contains("user_id") || said.contains("per_user") {
                already_member()
            } else {
                head_taken()
            }
        }
        _ => error.into(),
    }
}

/// Puts a user on a group's roster from `joined_on` (today when absent), open-ended.
pub fn add_member(
    conn: &mut DbConnection,
    actor: &Actor,
    group: Uuid,
    request: &AddMember,
) -> Result<Membership, StoreError> {
    let group = find(conn, group)?.id;
    let user_id = request.user_id.to_string();
    let user = user_columns(conn, &user_id).map_err(|error| match error {
        StoreError::NotFound => StoreError::invalid("user_id", "unknown", "no such user"),
        other => other,
    })?;
    let joined_on = request.joined_on.unwrap_or_else(today);
    let period = (joined_on, None);
    if roster_rows(conn, &group, Some(&user_id))?.iter().any(|row| overlaps((row.joined_on, row.left_on), period)) {
        return Err(already_member());
    }
    if request.position == MemberPosition::Head {
        check_head_free(conn, &group, period, None)?;
    }
    let at = now();
    let row = MembershipRow {
        id: new_id(),
        working_group_id: group,
        user_id,
        position: request.position.as_str().to_owned(),
        joined_on,
        left_on: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(memberships::table).values(&row).execute(conn).map_err(roster_clash)?;
    let member = row.into_domain(user)?;
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::Membership,
        Some(&member.id.to_string()),
        None::<&()>,
        Some(&member),
    )?;
    Ok(member)
}

/// Changes a member's position or sets (or clears) the day they left.
pub fn update_membership(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Uuid,
    expected_version: i64,
    request: &UpdateMembership,
) -> Result<Membership, StoreError> {
    let current: MembershipRow = memberships::table.find(id.to_string()).first_row(conn).found()?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let user = user_columns(conn, &current.user_id)?;
    let before = current.clone().into_domain(user.clone())?;
    let mut row = current;
    if let Some(left_on) = request.left_on {
        if left_on.is_some_and(|left| left < row.joined_on) {
            return Err(StoreError::invalid("left_on", "before_start", "must not be before the day the member joined"));
        }
        if left_on.is_none() {
            // Reopening a membership must not make it overlap a later one of the same user.
            let clash = roster_rows(conn, &row.working_group_id, Some(&row.user_id))?
                .iter()
                .any(|other| other.id != row.id && overlaps((other.joined_on, other.left_on), (row.joined_on, None)));
            if clash {
                return Err(StoreError::conflict("already_member", "the user has a later membership of this group"));
            }
        }
        row.left_on = left_on;
    }
    if let Some(position) = request.position {
        row.position = position.as_str().to_owned();
    }
    if row.position == MemberPosition::Head.as_str() {
        check_head_free(conn, &row.working_group_id, (row.joined_on, row.left_on), Some(&row.id))?;
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, memberships, &row, expected_version, roster_clash)?;
    let after = row.into_domain(user)?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::Membership,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}
