//! A team's activity log, newest first.

use super::rows::{parse, ActivityRow};
use super::teams::{actor_id, find};
use crate::limit::LimitInText;
use crate::named;
use crate::{
    audit, new_id, now, paging, schema::team_activities, scope::Viewer, tasks::user_names, utc, Actor, DbConnection,
    OptionalRow, StoreError,
};
use danvan_domain::{
    audit::{AuditAction, AuditEntity},
    community_team::{ActivityKind, CreateTeamActivity, TeamActivity, UpdateTeamActivity},
};
use diesel::prelude::*;
use uuid::Uuid;

fn assemble(conn: &mut DbConnection, rows: Vec<ActivityRow>) -> Result<Vec<TeamActivity>, StoreError> {
    let user_ids: Vec<String> = rows.iter().map(|row| row.created_by.clone()).collect();
    let users = user_names(conn, &user_ids)?;
    rows.into_iter()
        .map(|row| {
            Ok(TeamActivity {
                id: crate::parse_id(&row.id)?,
                team_id: crate::parse_id(&row.team_id)?,
                kind: parse(&row.kind, ActivityKind::parse)?,
                created_by: named(&row.created_by, &users)?,
                occurred_on: row.occurred_on,
                households_reached: row.households_reached,
                people_supported: row.people_supported,
                note: row.note,
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

/// The log of a team the viewer sees, newest day first, `limit` at a time.
pub fn list_activities(
    conn: &mut DbConnection,
    viewer: &Viewer,
    team_id: Uuid,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<TeamActivity>, StoreError> {
    find(conn, viewer, team_id)?;
    let after = after
        .map(|cursor| {
            let [day, id] = paging::decode(cursor)?;
            Ok::<_, StoreError>((paging::parse_date(&day)?, id))
        })
        .transpose()?;
    let query = team_activities::table.filter(team_activities::team_id.eq(team_id.to_string())).into_boxed();
    let rows: Vec<ActivityRow> = paging::seek!(query, team_activities::occurred_on, team_activities::id, after, desc)
        .select(ActivityRow::as_select())
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(rows, limit, |row| vec![row.occurred_on.to_string(), row.id.clone()], |rows| assemble(conn, rows))
}

pub fn create_activity(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    team_id: Uuid,
    request: &CreateTeamActivity,
) -> Result<TeamActivity, StoreError> {
    find(conn, viewer, team_id)?;
    let at = now();
    let row = ActivityRow {
        id: new_id(),
        team_id: team_id.to_string(),
        occurred_on: request.occurred_on,
        kind: request.kind.as_str().to_owned(),
        households_reached: request.households_reached,
        people_supported: request.people_supported,
        note: request.note.clone(),
        created_by: actor_id(actor)?,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(team_activities::table).values(&row).execute(conn)?;
    let activity = assemble(conn, vec![row])?.remove(0);
    let id = activity.id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::TeamActivity,
        Some(&id),
        None::<&()>,
        Some(&activity),
    )?;
    Ok(activity)
}

/// An activity of a team the viewer sees.
pub(crate) fn find_activity(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<ActivityRow, StoreError> {
    let row: ActivityRow =
        team_activities::table.find(id.to_string()).select(ActivityRow::as_select()).first_row(conn).found()?;
    find(conn, viewer, crate::parse_id(&row.team_id)?)?;
    Ok(row)
}

pub fn update_activity(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
    request: &UpdateTeamActivity,
) -> Result<TeamActivity, StoreError> {
    let current = find_activity(conn, viewer, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = assemble(conn, vec![current.clone()])?.remove(0);
    let mut row = current;
    row.occurred_on = request.occurred_on.unwrap_or(row.occurred_on);
    if let Some(kind) = request.kind {
        row.kind = kind.as_str().to_owned();
    }
    row.households_reached = request.households_reached.unwrap_or(row.households_reached);
    row.people_supported = request.people_supported.unwrap_or(row.people_supported);
    if let Some(note) = &request.note {
        row.note = note.clone();
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, team_activities, &row, expected_version)?;
    let after = assemble(conn, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::TeamActivity,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}
