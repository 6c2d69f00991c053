//! Evaluations of a model against the rubric: one per evaluator, changed while the
//! model is being evaluated, summarised with their average and spread.

use super::models::{find_model, log_event};
use super::rows::{parse, EvaluationRow};
use super::teams::actor_id;
use crate::limit::LimitInText;
use crate::named;
use crate::{
    audit, new_id, now, schema::model_evaluations, scope::Viewer, tasks::user_names, utc, Actor, DbConnection,
    OptionalRow, StoreError,
};
use danvan_domain::{
    audit::{AuditAction, AuditEntity},
    community_team::{CriterionScore, EvaluateModel, ModelEvaluation, ModelEvaluations, ModelEventKind, ModelStatus},
};
use diesel::prelude::*;
use uuid::Uuid;

fn assemble(conn: &mut DbConnection, rows: Vec<EvaluationRow>) -> Result<Vec<ModelEvaluation>, StoreError> {
    let user_ids: Vec<String> = rows.iter().map(|row| row.evaluator_id.clone()).collect();
    let users = user_names(conn, &user_ids)?;
    rows.into_iter()
        .map(|row| {
            let scores: Vec<CriterionScore> = serde_json::from_str(&row.scores_json)
                .map_err(|error| StoreError::Corrupt(format!("evaluation scores: {error}")))?;
            Ok(ModelEvaluation {
                id: crate::parse_id(&row.id)?,
                model_id: crate::parse_id(&row.model_id)?,
                evaluator: named(&row.evaluator_id, &users)?,
                scores,
                average: row.average,
                comment: row.comment,
                version: row.version,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
            })
        })
        .collect()
}

/// A model's evaluations, oldest first, with their summary.
pub fn list_evaluations(
    conn: &mut DbConnection,
    viewer: &Viewer,
    model_id: Uuid,
) -> Result<ModelEvaluations, StoreError> {
    find_model(conn, viewer, model_id)?;
    let rows: Vec<EvaluationRow> = model_evaluations::table
        .filter(model_evaluations::model_id.eq(model_id.to_string()))
        .order((model_evaluations::created_at, model_evaluations::id))
        .select(EvaluationRow::as_select())
        .load(conn)?;
    Ok(ModelEvaluations::summarise(assemble(conn, rows)?))
}

fn require_evaluating(status: &str) -> Result<(), StoreError> {
    if parse(status, ModelStatus::parse)? == ModelStatus::Evaluating {
        Ok(())
    } else {
        Err(StoreError::conflict("not_evaluating", "a model is scored only while the Office evaluates it"))
    }
}

/// The caller's evaluation of a model being evaluated; one per evaluator (a second is a
/// 409 conflict: change the first).
pub fn evaluate_model(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    model_id: Uuid,
    request: &EvaluateModel,
) -> Result<ModelEvaluation, StoreError> {
    let model = find_model(conn, viewer, model_id)?;
    require_evaluating(&model.status)?;
    let me = actor_id(actor)?;
    let already: i64 = model_evaluations::table
        .filter(model_evaluations::model_id.eq(&model.id))
        .filter(model_evaluations::evaluator_id.eq(&me))
        .count()
        .get_result(conn)?;
    let twice =
        || StoreError::conflict("already_evaluated", "you have evaluated this model; change your evaluation instead");
    if already > 0 {
        return Err(twice());
    }
    let at = now();
    let row = EvaluationRow {
        id: new_id(),
        model_id: model.id.clone(),
        evaluator_id: me.clone(),
        scores_json: serde_json::to_string(&request.ordered()).unwrap_or_default(),
        average: request.average(),
        comment: request.comment.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(model_evaluations::table).values(&row).execute(conn).map_err(|error| match error {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => twice(),
        other => other.into(),
    })?;
    log_event(conn, &model.id, &me, ModelEventKind::Evaluated, None, &format!("{:.2}", row.average))?;
    let evaluation = assemble(conn, vec![row])?.remove(0);
    let id = evaluation.id.to_string();
    audit::record(
        conn,
        actor,
        AuditAction::Create,
        AuditEntity::ModelEvaluation,
        Some(&id),
        None::<&()>,
        Some(&evaluation),
    )?;
    Ok(evaluation)
}

/// An evaluation of a model the viewer sees.
pub(crate) fn find_evaluation(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<EvaluationRow, StoreError> {
    let row: EvaluationRow =
        model_evaluations::table.find(id.to_string()).select(EvaluationRow::as_select()).first_row(conn).found()?;
    find_model(conn, viewer, crate::parse_id(&row.model_id)?)?;
    Ok(row)
}

/// Changes one's own evaluation while the model is being evaluated.
pub fn update_evaluation(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: Uuid,
    expected_version: i64,
    request: &EvaluateModel,
) -> Result<ModelEvaluation, StoreError> {
    let current = find_evaluation(conn, viewer, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let me = actor_id(actor)?;
    if current.evaluator_id != me {
        return Err(StoreError::conflict("not_yours", "only its evaluator changes an evaluation"));
    }
    let model = find_model(conn, viewer, crate::parse_id(&current.model_id)?)?;
    require_evaluating(&model.status)?;
    let before = assemble(conn, vec![current.clone()])?.remove(0);
    let mut row = current;
    row.scores_json = serde_json::to_string(&request.ordered()).unwrap_or_default();
    row.average = request.average();
    row.comment = request.comment.clone();
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, model_evaluations, &row, expected_version)?;
    log_event(conn, &model.id, &me, ModelEventKind::Evaluated, None, &format!("{:.2}", row.average))?;
    let after = assemble(conn, vec![row])?.remove(0);
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::ModelEvaluation,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}
