//! The managed lists: target groups and fields. Both paths share one set of functions
//! that take the list's kind (here); an entry of one list is a 404 under the other's path.

mod fields;
mod target_groups;

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch},
    state::AppState,
};
use actix_web::{web, HttpResponse};
use danvan_domain::{
    catalog::{CatalogEntry, CatalogKind, CreateCatalogEntry, UpdateCatalogEntry},
    permission::Action,
};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(target_groups::list_target_groups)
        .service(target_groups::create_target_group)
        .service(target_groups::update_target_group)
        .service(fields::list_fields)
        .service(fields::create_field)
        .service(fields::update_field);
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
    let entries = http::read(&state.db, move |conn| Ok(danvan_store::catalog::list(conn, kind, query.active)?)).await?;
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
    http::create_once(&state.db, caller.actor(), key, location, &fingerprint, move |conn, actor| {
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
    let entry = http::write(&state.db, move |conn| {
        Ok(danvan_store::catalog::update(conn, &actor, kind, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(entry.version, &entry))
}
