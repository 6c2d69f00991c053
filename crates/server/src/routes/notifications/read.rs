//! Marking the caller's notifications read, one or all.

use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{post, web, HttpResponse};
use danvan_domain::permission::Action;
use danvan_store::notifications;
use uuid::Uuid;

/// Marks one of the caller's notifications read; anyone else's is not found.
#[utoipa::path(
    tag = "notifications",
    params(("id" = Uuid, Path, description = "Notification id")),
    responses((status = 204, description = "Marked read"), ReadProblems),
    security(("bearer" = []))
)]
#[post("/notifications/{id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::NotificationsRead)?;
    let (user, id) = (caller.user.id, id.into_inner());
    http::write(&state.db, move |conn| Ok(notifications::mark_read(conn, user, id)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Marks all the caller's notifications read.
#[utoipa::path(
    tag = "notifications",
    responses((status = 204, description = "All marked read"), ReadProblems),
    security(("bearer" = []))
)]
#[post("/notifications/read-all")]
pub async fn mark_all_read(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require(Action::NotificationsRead)?;
    let user = caller.user.id;
    http::write(&state.db, move |conn| Ok(notifications::mark_all_read(conn, user)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}
