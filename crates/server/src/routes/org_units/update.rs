//! `PATCH /org-units/{id}`: renames, recodes or moves an org unit (administrators).

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IfMatch},
    openapi::UpdateProblems,
    state::AppState,
};
use actix_web::{patch, web, HttpResponse};
use danvan_domain::{
    org_unit::{OrgUnit, UpdateOrgUnit},
    permission::Action,
};
use uuid::Uuid;

/// Renames, recodes or moves an org unit (a new `parent_id`; cycles are refused). Needs `If-Match`.
#[utoipa::path(
    tag = "org-units",
    request_body = UpdateOrgUnit,
    params(("id" = Uuid, Path, description = "Org unit id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = OrgUnit, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/org-units/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateOrgUnit>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::OrgUnitsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor) = (id.into_inner(), caller.actor());
    let unit = http::write(&state.db, move |conn| {
        Ok(danvan_store::org_units::update(conn, &actor, id, if_match.0, &request)?)
    })
    .await?;
    Ok(http::ok_with_etag(unit.version, &unit))
}
