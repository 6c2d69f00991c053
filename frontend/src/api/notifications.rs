//! The caller's notifications: `/notifications`.

use super::{get, query, request, ApiError, Req};
use danvan_domain::{
    notification::{Notification, UnreadCount},
    page::Page,
};
use gloo::net::http::Method;
use uuid::Uuid;

/// One page of notifications, newest first; only unread ones with `unread`.
pub async fn list(unread: bool, cursor: Option<&str>, limit: u32) -> Result<Page<Notification>, ApiError> {
    let limit = limit.to_string();
    let unread = if unread { "true" } else { "" };
    get(format!(
        "/notifications{}",
        query(&[("unread", unread), ("limit", &limit), ("cursor", cursor.unwrap_or_default())])
    ))
    .await
}

/// How many are unread.
pub async fn unread_count() -> Result<i64, ApiError> {
    get::<UnreadCount>("/notifications/unread-count").await.map(|count| count.unread)
}

pub async fn mark_read(id: Uuid) -> Result<(), ApiError> {
    request(Req::new(Method::POST, format!("/notifications/{id}/read"))).await.map(|f| f.value)
}

pub async fn mark_all_read() -> Result<(), ApiError> {
    request(Req::new(Method::POST, "/notifications/read-all")).await.map(|f| f.value)
}
