//! `PATCH /working-groups/{id}`: renames a working group (administrators).

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IfMatch},
    openapi::UpdateProblems,
    state::AppState,
};
use actix_web::{patch, web, HttpResponse};
use danvan_domain::{
    permission::Action,
    working_group::{UpdateWorkingGroup, WorkingGroup},
};
use uuid::Uuid;

/// Renames a working group or changes its standing unit (administrators). Needs `If-Match`.
#[utoipa::path(
    tag = "working-groups",
    request_body = UpdateWorkingGroup,
    params(("id" = Uuid, Path, description = "Working group id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 200, description = "Success", body = WorkingGroup, headers(("ETag" = String))), UpdateProblems),
    security(("bearer" = []))
)]
#[patch("/working-groups/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateWorkingGroup>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WorkingGroupsManage)?;
    let request = body.into_inner();
    http::validated(request.validate())?;
    let (id, actor, viewer) = (id.into_inner(), caller.actor(), caller.viewer());
    let group = http::write(&state.db, move |conn| {
        let group = danvan_store::working_groups::update(conn, &actor, id, if_match.0, &request)?;
        Ok(danvan_store::working_groups::for_viewer(group, &viewer))
    })
    .await?;
    Ok(http::ok_with_etag(group.version, &group))
}
