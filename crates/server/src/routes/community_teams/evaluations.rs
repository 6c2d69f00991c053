//! Evaluations of a model against the rubric, by the Office while it evaluates.

use super::viewer;
use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    community_team::{EvaluateModel, ModelEvaluation, ModelEvaluations},
    permission::Action,
};
use danvan_store::community_teams as store;
use uuid::Uuid;

/// A model's evaluations, with each criterion's average, range and spread across evaluators.
#[utoipa::path(
    tag = "community-teams",
    params(("id" = Uuid, Path, description = "Model id")),
    responses((status = 200, description = "Success", body = ModelEvaluations), ReadProblems),
    security(("bearer" = []))
)]
#[get("/team-models/{id}/evaluations")]
pub async fn list_model_evaluations(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<ModelEvaluations>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::list_evaluations(conn, &viewer, id)?)).await?))
}

/// The caller's evaluation of a model the Office is evaluating: a score of 1–5 and a
/// comment for every criterion of the rubric. One per evaluator (409 `already_evaluated`).
#[utoipa::path(
    tag = "community-teams",
    request_body = EvaluateModel,
    params(("id" = Uuid, Path, description = "Model id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = ModelEvaluation, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/team-models/{id}/evaluations")]
pub async fn evaluate_team_model(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: web::Json<EvaluateModel>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TeamModelsEvaluate)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let model = id.into_inner();
    let mut fingerprint = serde_json::to_value(&request).unwrap_or_default();
    fingerprint["model_id"] = serde_json::json!(model);
    let viewer = viewer(&caller);
    http::create_once(&state.db, caller.actor(), key, "/api/v1/model-evaluations", &fingerprint, move |conn, actor| {
        Ok(store::evaluate_model(conn, actor, &viewer, model, &request)?)
    })
    .await
}

/// Changes one's own evaluation while the model is being evaluated. Needs `If-Match`.
#[utoipa::path(
    tag = "community-teams",
    request_body = EvaluateModel,
    params(("id" = Uuid, Path, description = "Evaluation id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = ModelEvaluation, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/model-evaluations/{id}")]
pub async fn update_model_evaluation(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<EvaluateModel>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TeamModelsEvaluate)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), viewer(&caller));
    let evaluation = http::write(&state.db, move |conn| {
        Ok(store::update_evaluation(conn, &actor, &viewer, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(evaluation.version, &evaluation))
}
