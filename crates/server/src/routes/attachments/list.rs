//! `GET /attachments?owner_kind=&owner_id=`: the files of one record.

use super::OwnerQuery;
use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web, HttpResponse};
use danvan_domain::attachment::Attachment;

/// The files attached to one record, oldest first; the whole list (a record has few).
#[utoipa::path(
    tag = "attachments",
    params(OwnerQuery),
    responses((status = 200, description = "Success", body = Vec<Attachment>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/attachments")]
pub async fn list_attachments(
    state: web::Data<AppState>,
    caller: Caller,
    owner: web::Query<OwnerQuery>,
) -> Result<HttpResponse, ApiError> {
    let (viewer, owner) = (caller.viewer(), owner.into_inner());
    let attachments = http::read(&state.db, move |conn| {
        Ok(danvan_store::attachments::list(conn, &viewer, owner.owner_kind, owner.owner_id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(attachments))
}
