//! `GET /org-units/{id}`: one org unit.

use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web, HttpResponse};
use danvan_domain::{org_unit::OrgUnit, permission::Action};
use uuid::Uuid;

/// One org unit, with its `ETag`.
#[utoipa::path(
    tag = "org-units",
    params(("id" = Uuid, Path, description = "Org unit id")),
    responses((status = 200, description = "Success", body = OrgUnit, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/org-units/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    caller.require(Action::OrgUnitsRead)?;
    let id = id.into_inner();
    let unit = http::read(&state.db, move |conn| Ok(danvan_store::org_units::get(conn, id)?)).await?;
    Ok(http::ok_with_etag(unit.version, &unit))
}
