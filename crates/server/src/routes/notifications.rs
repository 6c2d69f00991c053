//! The caller's own notifications behind the bell. Reading them first writes the
//! reminders due today (due tomorrow, overdue), once per task and day.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, PageParams},
    openapi::ReadProblems,
    state::AppState,
};
use actix_web::{get, post, web, HttpResponse};
use danvan_domain::{
    notification::{Notification, UnreadCount},
    page::Page,
    permission::Action,
};
use danvan_store::{notifications, tasks::today};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config.service(list).service(unread_count).service(read_all).service(read);
}

/// Filters of the notification list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only unread notifications.
    pub unread: Option<bool>,
}

/// The caller's notifications, newest first.
#[utoipa::path(
    tag = "notifications",
    params(NotificationQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<Notification>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/notifications")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<NotificationQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<Notification>>, ApiError> {
    caller.require(Action::NotificationsRead)?;
    let (limit, cursor) = (paging.limit()?, paging.cursor()?);
    let (user, unit, unread) = (caller.user.id, caller.user.org_unit_id, query.unread == Some(true));
    let page = http::write(&state.pool, move |conn| {
        notifications::materialise(conn, user, unit, today())?;
        Ok(notifications::list(conn, user, unread, limit, cursor.as_deref())?)
    })
    .await?;
    Ok(web::Json(http::page(page)))
}

/// How many of the caller's notifications are unread.
#[utoipa::path(
    tag = "notifications",
    responses((status = 200, description = "Success", body = UnreadCount), ReadProblems),
    security(("bearer" = []))
)]
#[get("/notifications/unread-count")]
pub async fn unread_count(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<UnreadCount>, ApiError> {
    caller.require(Action::NotificationsRead)?;
    let (user, unit) = (caller.user.id, caller.user.org_unit_id);
    let unread = http::write(&state.pool, move |conn| {
        notifications::materialise(conn, user, unit, today())?;
        Ok(notifications::unread_count(conn, user)?)
    })
    .await?;
    Ok(web::Json(UnreadCount { unread }))
}

/// Marks one of the caller's notifications read; anyone else's is not found.
#[utoipa::path(
    tag = "notifications",
    params(("id" = Uuid, Path, description = "Notification id")),
    responses((status = 204, description = "Marked read"), ReadProblems),
    security(("bearer" = []))
)]
#[post("/notifications/{id}/read")]
pub async fn read(state: web::Data<AppState>, caller: Caller, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    caller.require(Action::NotificationsRead)?;
    let (user, id) = (caller.user.id, id.into_inner());
    http::write(&state.pool, move |conn| Ok(notifications::mark_read(conn, user, id)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Marks all the caller's notifications read.
#[utoipa::path(
    tag = "notifications",
    responses((status = 204, description = "All marked read"), ReadProblems),
    security(("bearer" = []))
)]
#[post("/notifications/read-all")]
pub async fn read_all(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require(Action::NotificationsRead)?;
    let user = caller.user.id;
    http::write(&state.pool, move |conn| Ok(notifications::mark_all_read(conn, user)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}
