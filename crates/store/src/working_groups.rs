//! Working groups and their rosters. A membership runs from `joined_on` to `left_on`
//! (its last day, inclusive); the head is whoever holds a membership with position
//! `head` on the day asked, and no two head memberships of a group overlap.

use crate::{
    audit, new_id, now, org_units, paging, parse_id, plans,
    schema::{memberships, users, working_groups},
    scope::Viewer,
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use chrono::{NaiveDate, NaiveDateTime, Utc};
use danvan_domain::audit::{AuditAction, AuditEntity};
use danvan_domain::{
    calendar, policy,
    working_group::{
        AddMember, CreateWorkingGroup, MemberPosition, Membership, UpdateMembership, UpdateWorkingGroup, WorkingGroup,
    },
};
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = working_groups, treat_none_as_null = true)]
struct GroupRow {
    id: String,
    name: String,
    plan_id: String,
    standing_unit_id: Option<String>,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = memberships, treat_none_as_null = true)]
struct MembershipRow {
    id: String,
    working_group_id: String,
    user_id: String,
    position: String,
    joined_on: NaiveDate,
    left_on: Option<NaiveDate>,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// The member's name, username and org unit, joined from `users`.
type UserColumns = (String, String, Option<String>);

impl MembershipRow {
    fn into_domain(self, (display_name, username, org_unit_id): UserColumns) -> Result<Membership, StoreError> {
        Ok(Membership {
            id: parse_id(&self.id)?,
            working_group_id: parse_id(&self.working_group_id)?,
            user_id: parse_id(&self.user_id)?,
            display_name,
            username: Some(username),
            org_unit_id: org_unit_id.as_deref().map(parse_id).transpose()?,
            position: MemberPosition::parse(&self.position)
                .ok_or_else(|| StoreError::Corrupt(format!("member position {:?}", self.position)))?,
            joined_on: self.joined_on,
            left_on: self.left_on,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }

    fn on_roster(&self, date: NaiveDate) -> bool {
        self.joined_on <= date && self.left_on.is_none_or(|left| date <= left)
    }
}

fn today() -> NaiveDate {
    calendar::today(Utc::now())
}

/// Memberships of `group` (all of them, or those of one user), oldest first.
fn roster_rows(conn: &mut DbConnection, group: &str, user: Option<&str>) -> Result<Vec<MembershipRow>, StoreError> {
    let mut query = memberships::table.filter(memberships::working_group_id.eq(group)).into_boxed();
    if let Some(user) = user {
        query = query.filter(memberships::user_id.eq(user.to_owned()));
    }
    Ok(query.order((memberships::joined_on, memberships::id)).load(conn)?)
}

fn with_counts(conn: &mut DbConnection, row: GroupRow, date: NaiveDate) -> Result<WorkingGroup, StoreError> {
    let roster: Vec<MembershipRow> =
        roster_rows(conn, &row.id, None)?.into_iter().filter(|member| member.on_roster(date)).collect();
    let head = roster.iter().find(|member| member.position == MemberPosition::Head.as_str());
    Ok(WorkingGroup {
        id: parse_id(&row.id)?,
        plan_id: parse_id(&row.plan_id)?,
        standing_unit_id: row.standing_unit_id.as_deref().map(parse_id).transpose()?,
        head_user_id: head.map(|member| parse_id(&member.user_id)).transpose()?,
        member_count: roster.len() as i64,
        // The caller's flags are set where the caller is known (`WorkingGroup::for_caller`).
        can_manage_roster: false,
        can_manage_assignments: false,
        sees_whole_matrix: false,
        name: row.name,
        version: row.version,
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
    })
}

// --- groups ---

/// Working groups by name (then id), `limit` at a time, with today's head and member
/// count, and what `viewer` may do to each.
pub fn list(
    conn: &mut DbConnection,
    viewer: &Viewer,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<WorkingGroup>, StoreError> {
    let after = after.map(paging::decode).transpose()?.map(|[name, id]| (name, id));
    let rows: Vec<GroupRow> =
        paging::seek!(working_groups::table.into_boxed(), working_groups::name, working_groups::id, after, asc)
            .limit(paging::fetch(limit))
            .load(conn)?;
    let date = today();
    paging::paginate(
        rows,
        limit,
        |row| vec![row.name.clone(), row.id.clone()],
        |rows| rows.into_iter().map(|row| Ok(for_viewer(with_counts(conn, row, date)?, viewer))).collect(),
    )
}

/// The group with the capability flags of `viewer`.
pub fn for_viewer(group: WorkingGroup, viewer: &Viewer) -> WorkingGroup {
    group.for_caller(viewer.role, viewer.user_id, viewer.scope.all_areas)
}

fn find(conn: &mut DbConnection, id: Uuid) -> Result<GroupRow, StoreError> {
    working_groups::table.find(id.to_string()).first(conn).found()
}

/// One group, with what `viewer` may do to it.
pub fn get(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<WorkingGroup, StoreError> {
    let row = find(conn, id)?;
    Ok(for_viewer(with_counts(conn, row, today())?, viewer))
}

/// The group of `plan_id` with this name, if any.
pub fn by_name(conn: &mut DbConnection, plan_id: Uuid, name: &str) -> Result<Option<WorkingGroup>, StoreError> {
    let row = working_groups::table
        .filter(working_groups::plan_id.eq(plan_id.to_string()))
        .filter(working_groups::name.eq(name))
        .first::<GroupRow>(conn)
        .optional()?;
    row.map(|row| with_counts(conn, row, today())).transpose()
}

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

/// Which part of a roster to list.
#[derive(Debug, Clone, Copy)]
pub enum RosterView {
    /// The members on the roster that day.
    AsOf(NaiveDate),
    /// Every membership the group ever had.
    All,
}

fn user_columns(conn: &mut DbConnection, user: &str) -> Result<UserColumns, StoreError> {
    users::table.find(user).select((users::display_name, users::username, users::org_unit_id)).first(conn).found()
}

/// The roster of a group as `viewer` may read it, oldest membership first: usernames
/// only for those `danvan_domain::policy::sees_roster_usernames` allows.
pub fn list_members(
    conn: &mut DbConnection,
    viewer: &Viewer,
    group: Uuid,
    view: RosterView,
) -> Result<Vec<Membership>, StoreError> {
    let members = roster(conn, group, view)?;
    let heads = is_current_head(conn, group, viewer.user_id, today())?;
    if policy::sees_roster_usernames(viewer.role, heads) {
        return Ok(members);
    }
    Ok(members.into_iter().map(|member| Membership { username: None, ..member }).collect())
}

/// The whole record of a group's roster, usernames included, oldest membership first; a
/// missing group is not found. For the system (the demo seed); callers read [`list_members`].
pub fn roster(conn: &mut DbConnection, group: Uuid, view: RosterView) -> Result<Vec<Membership>, StoreError> {
    find(conn, group)?;
    let rows: Vec<(MembershipRow, UserColumns)> = memberships::table
        .inner_join(users::table)
        .filter(memberships::working_group_id.eq(group.to_string()))
        .order((memberships::joined_on, memberships::id))
        .select((memberships::all_columns, (users::display_name, users::username, users::org_unit_id)))
        .load(conn)?;
    rows.into_iter()
        .filter(|(row, _)| match view {
            RosterView::AsOf(date) => row.on_roster(date),
            RosterView::All => true,
        })
        .map(|(row, user)| row.into_domain(user))
        .collect()
}

/// Whether `user` holds the head position of `group` on `date`.
pub fn is_current_head(conn: &mut DbConnection, group: Uuid, user: Uuid, date: NaiveDate) -> Result<bool, StoreError> {
    Ok(roster_rows(conn, &group.to_string(), Some(&user.to_string()))?
        .iter()
        .any(|row| row.on_roster(date) && row.position == MemberPosition::Head.as_str()))
}

/// Whether `user` is on the roster of `group` on `date`.
pub fn is_member_on(conn: &mut DbConnection, group: Uuid, user: Uuid, date: NaiveDate) -> Result<bool, StoreError> {
    Ok(roster_rows(conn, &group.to_string(), Some(&user.to_string()))?.iter().any(|row| row.on_roster(date)))
}

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
        Err(StoreError::conflict(
            "head_taken",
            "the group already has a head for that time; change their position first",
        ))
    } else {
        Ok(())
    }
}

/// One membership; a missing one is not found.
pub fn membership(conn: &mut DbConnection, id: Uuid) -> Result<Membership, StoreError> {
    let row: MembershipRow = memberships::table.find(id.to_string()).first(conn).found()?;
    let user = user_columns(conn, &row.user_id)?;
    row.into_domain(user)
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
        return Err(StoreError::conflict("already_member", "the user is already on this group's roster"));
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
    diesel::insert_into(memberships::table).values(&row).execute(conn)?;
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
    let current: MembershipRow = memberships::table.find(id.to_string()).first(conn).found()?;
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
    crate::save_versioned!(conn, memberships, &row, expected_version)?;
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
