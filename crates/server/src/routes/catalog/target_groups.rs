//! The target groups (đối tượng): listed, added and changed.

use super::{create, list, update, CatalogQuery};
use crate::{
    auth::Caller,
    error::ApiError,
    http::{IdempotencyKey, IfMatch},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::catalog::{CatalogEntry, CatalogKind, CreateCatalogEntry, UpdateCatalogEntry};
use uuid::Uuid;

/// Lists the target groups (đối tượng) by position and code.
#[utoipa::path(
    tag = "catalog",
    params(CatalogQuery),
    responses((status = 200, description = "Success", body = Vec<CatalogEntry>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/target-groups")]
pub async fn list_target_groups(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CatalogQuery>,
) -> Result<web::Json<Vec<CatalogEntry>>, ApiError> {
    list(state, caller, CatalogKind::TargetGroup, query.into_inner()).await
}

/// Adds a target group; its code must be unused among target groups.
#[utoipa::path(
    tag = "catalog",
    request_body = CreateCatalogEntry,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = CatalogEntry, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/target-groups")]
pub async fn create_target_group(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateCatalogEntry>,
) -> Result<HttpResponse, ApiError> {
    create(state, caller, CatalogKind::TargetGroup, "/api/v1/target-groups", key, body.into_inner()).await
}

/// Renames, recodes, reorders or retires (`active: false`) a target group. Needs `If-Match`
/// (the ETag is the entry's `version` in quotes).
#[utoipa::path(
    tag = "catalog",
    request_body = UpdateCatalogEntry,
    params(("id" = Uuid, Path, description = "Target group id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = CatalogEntry, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/target-groups/{id}")]
pub async fn update_target_group(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateCatalogEntry>,
) -> Result<HttpResponse, ApiError> {
    update(state, caller, CatalogKind::TargetGroup, id.into_inner(), if_match, body.into_inner()).await
}
