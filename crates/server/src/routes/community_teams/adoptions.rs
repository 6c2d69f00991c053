//! Adoptions of a recommended model, and the adopting team's before/after comparison.

use super::viewer;
use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey},
    openapi::{CreateProblems, ReadProblems},
    state::AppState,
};
use actix_web::{get, post, web, HttpResponse};
use danvan_domain::{
    community_team::{AdoptionComparison, ModelAdoption, RecordAdoption},
    permission::Action,
};
use danvan_store::community_teams as store;
use uuid::Uuid;

/// The adoptions of a model, by date.
#[utoipa::path(
    tag = "community-teams",
    params(("id" = Uuid, Path, description = "Model id")),
    responses((status = 200, description = "Success", body = Vec<ModelAdoption>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/team-models/{id}/adoptions")]
pub async fn list_model_adoptions(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<ModelAdoption>>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::list_adoptions(conn, &viewer, id)?)).await?))
}

/// Records that another locality adopted a recommended model: an existing team
/// (`team_id`) or one registered with the adoption (`new_team`).
#[utoipa::path(
    tag = "community-teams",
    request_body = RecordAdoption,
    params(("id" = Uuid, Path, description = "Model id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = ModelAdoption, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/team-models/{id}/adoptions")]
pub async fn record_model_adoption(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    key: IdempotencyKey,
    body: web::Json<RecordAdoption>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::TeamModelsEvaluate)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let model = id.into_inner();
    let mut fingerprint = serde_json::to_value(&request).unwrap_or_default();
    fingerprint["model_id"] = serde_json::json!(model);
    let viewer = viewer(&caller);
    http::create_once(&state.db, caller.actor(), key, "/api/v1/model-adoptions", &fingerprint, move |conn, actor| {
        Ok(store::record_adoption(conn, actor, &viewer, model, &request)?)
    })
    .await
}

/// The adopting team's indicators over the six months before the adoption month and the
/// six from it: each indicator's monthly values, means before and after, and whether it
/// moved the indicator's good way.
#[utoipa::path(
    tag = "community-teams",
    params(("id" = Uuid, Path, description = "Adoption id")),
    responses((status = 200, description = "Success", body = AdoptionComparison), ReadProblems),
    security(("bearer" = []))
)]
#[get("/model-adoptions/{id}/comparison")]
pub async fn model_adoption_comparison(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<AdoptionComparison>, ApiError> {
    caller.require(Action::CommunityTeamsRead)?;
    let (id, viewer) = (id.into_inner(), viewer(&caller));
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::adoption_comparison(conn, &viewer, id)?)).await?))
}
