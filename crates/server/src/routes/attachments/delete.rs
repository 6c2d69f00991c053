//! `DELETE /attachments/{id}`: deletes a file (those who may attach to its record).

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, IfMatch},
    openapi::UpdateProblems,
    state::AppState,
};
use actix_web::{delete, web, HttpResponse};
use uuid::Uuid;

/// Deletes a file; its bytes go too unless another attachment has the same content.
/// Needs `If-Match`.
#[utoipa::path(
    tag = "attachments",
    params(("id" = Uuid, Path, description = "Attachment id"), ("If-Match" = String, Header, description = "The ETag last read")),
    responses((status = 204, description = "Deleted"), UpdateProblems),
    security(("bearer" = []))
)]
#[delete("/attachments/{id}")]
pub async fn delete_attachment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let (viewer, actor, id) = (caller.viewer(), caller.actor(), id.into_inner());
    http::write(&state.db, move |conn| Ok(danvan_store::attachments::delete(conn, &actor, &viewer, id, if_match.0)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
