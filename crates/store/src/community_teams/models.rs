//! The model pipeline: nominating a team, reading and listing models, moving them along
//! the transition table, their timeline, and telling whoever a model waits for.

use super::rows::{parse, ModelEventRow, ModelRow};
use super::teams::{actor_id, find};
use super::visible::{sees_province, team_names, visible_provinces};
use crate::limit::LimitInText;
use crate::named;
use crate::{
    audit, new_id, now, paging,
    schema::{model_adoptions, model_evaluations, notifications, team_model_events, team_models, users},
    scope::Viewer,
    tasks::user_names,
    utc, Actor, DbConnection, OptionalRow, StoreError,
};
use danvan_domain::{
    audit::{AuditAction, AuditEntity},
    calendar,
    community_team::{
        may_move_model, model_moves_from, ModelActor, ModelEvent, ModelEventKind, ModelStatus, ModelTransition,
        NominateTeam, TeamModel, UpdateTeamModel,
    },
    notification::NotificationKind,
    policy,
    role::Role,
};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

impl ModelRow {
    fn actors(&self, viewer: &Viewer) -> Vec<ModelActor> {
        ModelActor::of(viewer.role, self.nominated_by == viewer.user_id.to_string())
    }
}

/// Turns rows into models as the viewer sees them: names, evaluation and adoption counts
/// in one query each.
fn assemble(conn: &mut DbConnection, viewer: &Viewer, rows: Vec<ModelRow>) -> Result<Vec<TeamModel>, StoreError> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let team_ids: Vec<String> = rows.iter().map(|row| row.team_id.clone()).collect();
    let teams = team_names(conn, &team_ids)?;
    let province_ids: Vec<String> = rows.iter().map(|row| row.province_id.clone()).collect();
    let provinces = super::visible::area_names(conn, &province_ids)?;
    let user_ids: Vec<String> =
        rows.iter().flat_map(|row| std::iter::once(row.nominated_by.clone()).chain(row.decided_by.clone())).collect();
    let users = user_names(conn, &user_ids)?;
    let evaluations: HashMap<String, (i64, Option<f64>)> = model_evaluations::table
        .filter(model_evaluations::model_id.eq_any(&ids))
        .group_by(model_evaluations::model_id)
        .select((model_evaluations::model_id, diesel::dsl::count_star(), diesel::dsl::avg(model_evaluations::average)))
        .load::<(String, i64, Option<f64>)>(conn)?
        .into_iter()
        .map(|(id, count, average)| (id, (count, average)))
        .collect();
    let adoptions: HashMap<String, i64> = model_adoptions::table
        .filter(model_adoptions::model_id.eq_any(&ids))
        .group_by(model_adoptions::model_id)
        .select((model_adoptions::model_id, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|row| {
            let status = parse(&row.status, ModelStatus::parse)?;
            let actors = row.actors(viewer);
            let (evaluation_count, evaluation_average) = evaluations.get(&row.id).copied().unwrap_or((0, None));
            let office = actors.contains(&ModelActor::Office);
            Ok(TeamModel {
                id: crate::parse_id(&row.id)?,
                team: named(&row.team_id, &teams)?,
                province: named(&row.province_id, &provinces)?,
                allowed_transitions: model_moves_from(status, &actors),
                can_evaluate: office && status == ModelStatus::Evaluating,
                can_record_adoption: office && status == ModelStatus::Recommended,
                caller_stands_as: actors,
                status,
                nominated_by: named(&row.nominated_by, &users)?,
                decided_by: row.decided_by.as_deref().map(|id| named(id, &users)).transpose()?,
                evaluation_count,
                evaluation_average: evaluation_average.map(|average| (average * 100.0).round() / 100.0),
                adoption_count: adoptions.get(&row.id).copied().unwrap_or_default(),
                rationale: row.rationale,
                evidence: row.evidence,
                decision_note: row.decision_note,
                decided_on: row.decided_on,
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

/// The stored model, when the viewer sees its team's province.
pub(crate) fn find_model(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<ModelRow, StoreError> {
    let row: ModelRow =
        team_models::table.find(id.to_string()).select(ModelRow::as_select()).first_row(conn).found()?;
    if sees_province(viewer, &row.province_id) {
        Ok(row)
    } else {
        Err(StoreError::NotFound)
    }
}

pub fn get_model(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<TeamModel, StoreError> {
    let row = find_model(conn, viewer, id)?;
    Ok(assemble(conn, viewer, vec![row])?.remove(0))
}

/// Filters of the model list.
#[derive(Debug, Clone, Default)]
pub struct ModelFilter {
    pub status: Option<ModelStatus>,
    pub team_id: Option<Uuid>,
    pub province_id: Option<Uuid>,
}

/// Models the viewer sees, most recently changed first, `limit` at a time.
pub fn list_models(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &ModelFilter,
    limit: usize,
    after: Option<&str>,
) -> Result<paging::Page<TeamModel>, StoreError> {
    let mut query = team_models::table.into_boxed();
    if let Some(provinces) = visible_provinces(viewer) {
        query = query.filter(team_models::province_id.eq_any(provinces));
    }
    if let Some(status) = filter.status {
        query = query.filter(team_models::status.eq(status.as_str()));
    }
    if let Some(team) = filter.team_id {
        query = query.filter(team_models::team_id.eq(team.to_string()));
    }
    if let Some(province) = filter.province_id {
        query = query.filter(team_models::province_id.eq(province.to_string()));
    }
    let after = paging::after_stamp(after)?;
    let rows: Vec<ModelRow> = paging::seek!(query, team_models::updated_at, team_models::id, after, desc)
        .select(ModelRow::as_select())
        .limit_in_text(paging::fetch(limit))
        .load(conn)?;
    paging::paginate(rows, limit, |row| paging::stamp_key(row.updated_at, &row.id), |rows| assemble(conn, viewer, rows))
}

/// Adds a step to a model's timeline.
pub(super) fn log_event(
    conn: &mut DbConnection,
    model_id: &str,
    actor: &str,
    kind: ModelEventKind,
    moved: Option<(ModelStatus, ModelStatus)>,
    note: &str,
) -> Result<(), StoreError> {
    let row = ModelEventRow {
        id: new_id(),
        model_id: model_id.to_owned(),
        at: now(),
        actor_id: actor.to_owned(),
        kind: kind.as_str().to_owned(),
        from_status: moved.map(|(from, _)| from.as_str().to_owned()),
        to_status: moved.map(|(_, to)| to.as_str().to_owned()),
        note: note.to_owned(),
    };
    diesel::insert_into(team_model_events::table).values(&row).execute(conn)?;
    Ok(())
}

/// Tells whoever a model in `status` now waits for: the Office to evaluate a nomination,
/// the leadership to decide, the nominator to add evidence.
fn notify_waiting(conn: &mut DbConnection, row: &ModelRow, status: ModelStatus, actor: &str) -> Result<(), StoreError> {
    let recipients: Vec<String> = match status {
        ModelStatus::Nominated => active_users_in(conn, Role::Office)?,
        ModelStatus::AwaitingDecision => active_users_in(conn, Role::Leader)?,
        ModelStatus::NeedsEvidence => vec![row.nominated_by.clone()],
        _ => Vec::new(),
    };
    let at = now();
    for user in recipients.into_iter().filter(|user| user != actor) {
        diesel::insert_into(notifications::table)
            .values((
                notifications::id.eq(new_id()),
                notifications::user_id.eq(user),
                notifications::kind.eq(NotificationKind::ModelWaiting.as_str()),
                notifications::model_id.eq(Some(row.id.clone())),
                notifications::actor_id.eq(Some(actor.to_owned())),
                notifications::status.eq(Some(status.as_str())),
                notifications::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn active_users_in(conn: &mut DbConnection, role: Role) -> Result<Vec<String>, StoreError> {
    Ok(users::table
        .filter(users::role.eq(role.as_str()))
        .filter(users::active.eq(true))
        .select(users::id)
        .load(conn)?)
}

/// Nominates a team the caller sees; a team is in the pipeline once at a time.
pub fn nominate(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    request: &NominateTeam,
) -> Result<TeamModel, StoreError> {
    let team = find(conn, viewer, request.team_id).map_err(|error| match error {
        StoreError::NotFound => StoreError::invalid("team_id", "unknown", "is not a team you see"),
        other => other,
    })?;
    let live: i64 = team_models::table
        .filter(team_models::team_id.eq(&team.id))
        .filter(team_models::status.ne_all([ModelStatus::NotRecommended.as_str(), ModelStatus::Withdrawn.as_str()]))
        .count()
        .get_result(conn)?;
    if live > 0 {
        return Err(StoreError::conflict("already_nominated", "this team is already in the pipeline"));
    }
    let (at, me) = (now(), actor_id(actor)?);
    let row = ModelRow {
        id: new_id(),
        team_id: team.id.clone(),
        province_id: team.province_id.clone(),
        status: ModelStatus::Nominated.as_str().to_owned(),
        rationale: request.rationale.trim().to_owned(),
        evidence: request.evidence.clone(),
        nominated_by: me.clone(),
        decision_note: String::new(),
        decided_by: None,
        decided_on: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(team_models::table).values(&row).execute(conn).map_err(|error| match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            StoreError::conflict("already_nominated", "this team is already in the pipeline")
        }
        other => other.into(),
    })?;
    log_event(conn, &row.id, &me, ModelEventKind::Nominated, None, &row.rationale)?;
    notify_waiting(conn, &row, ModelStatus::Nominated, &me)?;
    let model = assemble(conn, viewer, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::TeamModel,
        Some(&model.id.to_string()),
        None::<&()>,
        Some(&model),
    )?;
    Ok(model)
}

/// Adds rationale or evidence, while the model is not yet decided; by its nominator or
/// the Office.
pub fn update_model(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
    request: &UpdateTeamModel,
) -> Result<TeamModel, StoreError> {
    let current = find_model(conn, viewer, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let actors = current.actors(viewer);
    if !actors.iter().any(|actor| matches!(actor, ModelActor::Nominator | ModelActor::Office)) {
        return Err(StoreError::conflict("forbidden_edit", "only the nominator or the Office changes a nomination"));
    }
    let status = parse(&current.status, ModelStatus::parse)?;
    if !matches!(status, ModelStatus::Nominated | ModelStatus::Evaluating | ModelStatus::NeedsEvidence) {
        return Err(StoreError::conflict("decided", "a model is changed only before it goes to the leadership"));
    }
    let before = assemble(conn, viewer, vec![current.clone()])?.remove(0);
    let mut row = current;
    if let Some(rationale) = &request.rationale {
        row.rationale = rationale.trim().to_owned();
    }
    if let Some(evidence) = &request.evidence {
        row.evidence = evidence.clone();
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, team_models, &row, expected_version)?;
    log_event(conn, &row.id, &actor_id(actor)?, ModelEventKind::Edited, None, "")?;
    let after = assemble(conn, viewer, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::TeamModel,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// Moves a model along the transition table; any other move is a 409 conflict.
pub fn transition_model(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
    request: &ModelTransition,
) -> Result<TeamModel, StoreError> {
    let current = find_model(conn, viewer, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let from = parse(&current.status, ModelStatus::parse)?;
    let to = request.to;
    if !may_move_model(from, to, &current.actors(viewer)) {
        return Err(StoreError::conflict(
            "transition_not_allowed",
            format!("a model {from} cannot be moved to {to} by you"),
        ));
    }
    if to == ModelStatus::AwaitingDecision {
        let evaluated: i64 =
            model_evaluations::table.filter(model_evaluations::model_id.eq(&current.id)).count().get_result(conn)?;
        if evaluated == 0 {
            return Err(StoreError::conflict(
                "not_evaluated",
                "evaluate the model before sending it to the leadership",
            ));
        }
    }
    if to == ModelStatus::Nominated {
        let live: i64 = team_models::table
            .filter(team_models::team_id.eq(&current.team_id))
            .filter(team_models::id.ne(&current.id))
            .filter(team_models::status.ne_all([ModelStatus::NotRecommended.as_str(), ModelStatus::Withdrawn.as_str()]))
            .count()
            .get_result(conn)?;
        if live > 0 {
            return Err(StoreError::conflict("already_nominated", "this team is already in the pipeline"));
        }
    }
    let before = assemble(conn, viewer, vec![current.clone()])?.remove(0);
    let me = actor_id(actor)?;
    let mut row = current;
    row.status = to.as_str().to_owned();
    if matches!(to, ModelStatus::Recommended | ModelStatus::NotRecommended | ModelStatus::NeedsEvidence)
        && viewer.role == Role::Leader
    {
        row.decided_by = Some(me.clone());
        row.decided_on = Some(calendar::today(chrono::Utc::now()));
        row.decision_note = request.note.trim().to_owned();
    }
    if to == ModelStatus::Nominated {
        (row.decided_by, row.decided_on) = (None, None);
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, team_models, &row, expected_version)?;
    log_event(conn, &row.id, &me, ModelEventKind::Moved, Some((from, to)), request.note.trim())?;
    notify_waiting(conn, &row, to, &me)?;
    let after = assemble(conn, viewer, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Transition,
        AuditEntity::TeamModel,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// Every step of a model's timeline, oldest first.
pub fn model_timeline(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<Vec<ModelEvent>, StoreError> {
    find_model(conn, viewer, id)?;
    let rows: Vec<ModelEventRow> = team_model_events::table
        .filter(team_model_events::model_id.eq(id.to_string()))
        .order((team_model_events::at, team_model_events::id))
        .select(ModelEventRow::as_select())
        .load(conn)?;
    let user_ids: Vec<String> = rows.iter().map(|row| row.actor_id.clone()).collect();
    let users = user_names(conn, &user_ids)?;
    rows.into_iter()
        .map(|row| {
            let status = |text: Option<String>| text.map(|text| parse(&text, ModelStatus::parse)).transpose();
            Ok(ModelEvent {
                id: crate::parse_id(&row.id)?,
                kind: parse(&row.kind, ModelEventKind::parse)?,
                at: utc(row.at),
                actor: named(&row.actor_id, &users)?,
                from_status: status(row.from_status)?,
                to_status: status(row.to_status)?,
                note: row.note,
            })
        })
        .collect()
}

/// Display names of models (their teams' names), for the bell.
pub fn model_names(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
    let pairs: Vec<(String, String)> = team_models::table
        .filter(team_models::id.eq_any(ids))
        .select((team_models::id, team_models::team_id))
        .load(conn)?;
    let team_ids: Vec<String> = pairs.iter().map(|(_, team)| team.clone()).collect();
    let teams = team_names(conn, &team_ids)?;
    Ok(pairs.into_iter().map(|(model, team)| (model, teams.get(&team).cloned().unwrap_or_default())).collect())
}

/// Whether the viewer may change the model's evidence: its nominator or the Office.
pub(crate) fn may_attach_to_model(viewer: &Viewer, row: &ModelRow) -> bool {
    policy::manages_community_teams(viewer.role) || row.nominated_by == viewer.user_id.to_string()
}
