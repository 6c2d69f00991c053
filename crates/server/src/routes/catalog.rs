//! The managed lists: target groups and fields. Both paths share one set of functions
//! that take the list's kind; an entry of one list is a 404 under the other's path.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch, Versioned},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    catalog::{CatalogEntry, CatalogKind, CreateCatalogEntry, UpdateCatalogEntry},
    permission::Action,
};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

impl Versioned for CatalogEntry {
    fn id(&self) -> Uuid {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
}

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(list_target_groups)
        .service(create_target_group)
        .service(update_target_group)
        .service(list_fields)
        .service(create_field)
        .service(update_field);
}

/// Filters of a managed list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogQuery {
    /// Only live entries (`true`) or only retired ones (`false`); all when absent.
    pub active: Option<bool>,
}

async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    kind: CatalogKind,
    query: CatalogQuery,
) -> Result<web::Json<Vec<CatalogEntry>>, ApiError> {
    caller.require(Action::PlansRead)?;
    let entries =
        http::read(&state.pool, move |conn| Ok(danvan_store::catalog::list(conn, kind, query.active)?)).await?;
    Ok(web::Json(entries))
}

async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    kind: CatalogKind,
    location: &'static str,
    key: IdempotencyKey,
    request: CreateCatalogEntry,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CatalogManage)?;
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    http::create_once(&state.pool, caller.actor(), key, location, &fingerprint, move |conn, actor| {
        Ok(danvan_store::catalog::create(conn, actor, kind, &request)?)
    })
    .await
}

async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    kind: CatalogKind,
    id: Uuid,
    if_match: IfMatch,
    request: UpdateCatalogEntry,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::CatalogManage)?;
    http::validated(request.validate())?;
    let actor = caller.actor();
    let entry = http::write(&state.pool, move |conn| {
        Ok(danvan_store::catalog::update(conn, &actor, kind, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(entry.version, &entry))
}

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

/// Lists the fields (lĩnh vực) by position and code.
#[utoipa::path(
    tag = "catalog",
    params(CatalogQuery),
    responses((status = 200, description = "Success", body = Vec<CatalogEntry>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/fields")]
pub async fn list_fields(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CatalogQuery>,
) -> Result<web::Json<Vec<CatalogEntry>>, ApiError> {
    list(state, caller, CatalogKind::Field, query.into_inner()).await
}

/// Adds a field; its code must be unused among fields.
#[utoipa::path(
    tag = "catalog",
    request_body = CreateCatalogEntry,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = CatalogEntry, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/fields")]
pub async fn create_field(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateCatalogEntry>,
) -> Result<HttpResponse, ApiError> {
    create(state, caller, CatalogKind::Field, "/api/v1/fields", key, body.into_inner()).await
}

/// Renames, recodes, reorders or retires (`active: false`) a field. Needs `If-Match`
/// (the ETag is the entry's `version` in quotes).
#[utoipa::path(
    tag = "catalog",
    request_body = UpdateCatalogEntry,
    params(("id" = Uuid, Path, description = "Field id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = CatalogEntry, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/fields/{id}")]
pub async fn update_field(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateCatalogEntry>,
) -> Result<HttpResponse, ApiError> {
    update(state, caller, CatalogKind::Field, id.into_inner(), if_match, body.into_inner()).await
}
