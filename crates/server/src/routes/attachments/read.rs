//! `GET /attachments/{id}`: one file's description.

use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web, HttpResponse};
use danvan_domain::attachment::Attachment;
use uuid::Uuid;

/// One file's description, with the `ETag` a delete names.
#[utoipa::path(
    tag = "attachments",
    params(("id" = Uuid, Path, description = "Attachment id")),
    responses((status = 200, description = "Success", body = Attachment, headers(("ETag" = String))), ReadProblems),
    security(("bearer" = []))
)]
#[get("/attachments/{id}")]
pub async fn get_attachment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (viewer, id) = (caller.viewer(), id.into_inner());
    let attachment = http::read(&state.db, move |conn| Ok(danvan_store::attachments::get(conn, &viewer, id)?)).await?;
    Ok(http::ok_with_etag(attachment.version, &attachment))
}
