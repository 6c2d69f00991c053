//! `POST /org-units`: creates an org unit (administrators).

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IdempotencyKey},
    openapi::CreateProblems,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use danvan_domain::{
    org_unit::{CreateOrgUnit, OrgUnit},
    permission::Action,
};

/// Creates an org unit (administrators).
#[utoipa::path(
    tag = "org-units",
    request_body = CreateOrgUnit,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this create safe")),
    responses((status = 201, description = "Created", body = OrgUnit, headers(("ETag" = String), ("Location" = String))), CreateProblems),
    security(("bearer" = []))
)]
#[post("/org-units")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: web::Json<CreateOrgUnit>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::OrgUnitsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let fingerprint = serde_json::to_value(&request).unwrap_or_default();
    http::create_once(&state.db, caller.actor(), key, "/api/v1/org-units", &fingerprint, move |conn, actor| {
        Ok(danvan_store::org_units::create(conn, actor, &request)?)
    })
    .await
}
