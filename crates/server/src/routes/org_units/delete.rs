//! `DELETE /org-units/{id}`: deletes an empty org unit (administrators).

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IfMatch},
    openapi::UpdateProblems,
    state::AppState,
};
use actix_web::{delete, web, HttpResponse};
use danvan_domain::permission::Action;
use uuid::Uuid;

/// Deletes an org unit with no sub-units and no users. Sync clients see a tombstone. Needs `If-Match`.
#[utoipa::path(
    tag = "org-units",
    params(("id" = Uuid, Path, description = "Org unit id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 204, description = "Deleted"), UpdateProblems),
    security(("bearer" = []))
)]
#[delete("/org-units/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::OrgUnitsManage)?;
    let (id, actor) = (id.into_inner(), caller.actor());
    http::write(&state.db, move |conn| Ok(danvan_store::org_units::delete(conn, &actor, id, if_match.0)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}
