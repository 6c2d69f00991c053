//! The categories of people to support: read by those who read beneficiaries, managed by
//! those who merge records (Admin, Office).

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey, IfMatch},
    openapi::{CreateProblems, ReadProblems, UpdateProblems},
    state::AppState,
};
use actix_web::{get, patch, post, web, HttpResponse};
use danvan_domain::{
    aid::{CreateSupportCategory, SupportCategory, UpdateSupportCategory},
    permission::Action,
};
use danvan_store::aid as store;
use serde::Deserialize;
use uuid::Uuid;

/// Filter of the category list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CategoryQuery {
    /// Only live (`true`) or only retired (`false`) categories.
    pub active: Option<bool>,
}

/// The categories of people to support, in their order.
#[utoipa::path(
    tag = "aid",
    params(CategoryQuery),
    responses((status = 200, description = "Success", body = Vec<SupportCategory>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/support-categories")]
pub async fn list_support_categories(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CategoryQuery>,
) -> Result<web::Json<Vec<SupportCategory>>, ApiError> {
    caller.require(Action::BeneficiariesRead)?;
    let active = query.active;
    Ok(web::Json(http::read(&state.db, move |conn| Ok(store::list_support_categories(conn, active)?)).await?))
}

/// Adds a category to the list.
#[utoipa::path(
    tag = "aid",
    request_body = CreateSupportCategory,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = SupportCategory, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/support-categories")]
pub async fn create_support_category(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateSupportCategory>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesMerge)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    http::create_once(&state.db, caller.actor(), key, "/api/v1/support-categories", &fingerprint, move |conn, actor| {
        Ok(store::create_support_category(conn, actor, &request)?)
    })
    .await
}

/// Renames, retires or moves a category. Needs `If-Match`.
#[utoipa::path(
    tag = "aid",
    request_body = UpdateSupportCategory,
    params(("id" = Uuid, Path, description = "Category id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = SupportCategory, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/support-categories/{id}")]
pub async fn update_support_category(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateSupportCategory>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::BeneficiariesMerge)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let category =
        http::write(&state.db, move |conn| Ok(store::update_support_category(conn, &actor, id, if_match.0, &request)?))
            .await?;
    Ok(http::ok_with_etag(category.version, &category))
}
