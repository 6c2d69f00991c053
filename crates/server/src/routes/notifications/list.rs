//! The caller's notifications, and how many are unread.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, PageParams},
    openapi::ReadProblems,
    state::AppState,
};
use actix_web::{get, web};
use danvan_domain::{
    notification::{Notification, UnreadCount},
    page::Page,
    permission::Action,
};
use danvan_store::{notifications, tasks::today};
use serde::Deserialize;
use uuid::Uuid;

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
    remind(&state, user, unit).await?;
    let page =
        http::read(&state.db, move |conn| Ok(notifications::list(conn, user, unread, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
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
    remind(&state, user, unit).await?;
    let unread = http::read(&state.db, move |conn| Ok(notifications::unread_count(conn, user)?)).await?;
    Ok(web::Json(UnreadCount { unread }))
}

/// Writes the user's due reminders, taking the write lock only when one is missing: the
/// bell asks every minute from every open tab, and most times there is nothing to add.
async fn remind(state: &AppState, user: Uuid, unit: Option<Uuid>) -> Result<(), ApiError> {
    let pending =
        http::read(&state.db, move |conn| Ok(notifications::reminders_pending(conn, user, unit, today())?)).await?;
    if pending {
        http::write(&state.db, move |conn| Ok(notifications::materialise(conn, user, unit, today())?)).await?;
    }
    Ok(())
}
