//! Reading working groups and rosters: groups with today's head and member count, a
//! roster as the caller may read it, and who is head or member on a day.

use super::rows::{GroupRow, MembershipRow, UserColumns};
use crate::limit::LimitInText;
use crate::{
    paging, parse_id,
    schema::{memberships, users, working_groups},
    scope::Viewer,
    utc, DbConnection, OptionalRow, StoreError,
};
use chrono::{NaiveDate, Utc};
use danvan_domain::{
    calendar, policy,
    working_group::{MemberPosition, Membership, WorkingGroup},
};
use diesel::prelude::*;
use uuid::Uuid;

pub(super) fn today() -> NaiveDate {
    calendar::today(Utc::now())
}

/// Memberships of `group` (all of them, or those of one user), oldest first.
pub(super) fn roster_rows(
    conn: &mut DbConnection,
    group: &str,
    user: Option<&str>,
) -> Result<Vec<MembershipRow>, StoreError> {
    let mut query = memberships::table.filter(memberships::working_group_id.eq(group)).into_boxed();
    if let Some(user) = user {
        query = query.filter(memberships::user_id.eq(user.to_owned()));
    }
    Ok(query.order((memberships::joined_on, memberships::id)).load(conn)?)
}

pub(super) fn with_counts(conn: &mut DbConnection, row: GroupRow, date: NaiveDate) -> Result<WorkingGroup, StoreError> {
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
            .limit_in_text(paging::fetch(limit))
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

pub(super) fn find(conn: &mut DbConnection, id: Uuid) -> Result<GroupRow, StoreError> {
    working_groups::table.find(id.to_string()).first_row(conn).found()
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
        .first_row::<GroupRow>(conn)
        .optional()?;
    row.map(|row| with_counts(conn, row, today())).transpose()
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

pub(super) fn user_columns(conn: &mut DbConnection, user: &str) -> Result<UserColumns, StoreError> {
    users::table.find(user).select((users::display_name, users::username, users::org_unit_id)).first_row(conn).found()
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

/// One membership; a missing one is not found.
pub fn membership(conn: &mut DbConnection, id: Uuid) -> Result<Membership, StoreError> {
    let row: MembershipRow = memberships::table.find(id.to_string()).first_row(conn).found()?;
    let user = user_columns(conn, &row.user_id)?;
    row.into_domain(user)
}
