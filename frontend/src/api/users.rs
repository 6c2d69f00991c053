//! User accounts: `/users`.

use super::{get, query, request, ApiError, Fetched, Req};
use danvan_domain::{
    page::Page,
    user::{CreateUser, ResetPassword, UpdateUser, User},
};
use gloo::net::http::Method;
use uuid::Uuid;

/// One page of accounts matching `q` (username or display name, diacritics ignored).
pub async fn list(q: &str, cursor: Option<&str>, limit: u32) -> Result<Page<User>, ApiError> {
    let limit = limit.to_string();
    get(format!("/users{}", query(&[("q", q.trim()), ("limit", &limit), ("cursor", cursor.unwrap_or_default())]))).await
}

/// Every account the caller may see (bounded by the API's paging).
pub async fn all() -> Result<Vec<User>, ApiError> {
    super::all("/users").await
}

pub async fn get_one(id: Uuid) -> Result<Fetched<User>, ApiError> {
    request(Req::get(format!("/users/{id}"))).await
}

pub async fn create(body: &CreateUser, idempotency_key: &str) -> Result<User, ApiError> {
    request(Req::post("/users", body).header("Idempotency-Key", idempotency_key)).await.map(|f| f.value)
}

pub async fn update(id: Uuid, body: &UpdateUser, etag: &str) -> Result<Fetched<User>, ApiError> {
    request(Req::patch(format!("/users/{id}"), body, etag)).await
}

pub async fn reset_password(id: Uuid, body: &ResetPassword) -> Result<(), ApiError> {
    request(Req::new(Method::POST, format!("/users/{id}/password")).json(body)).await.map(|f| f.value)
}
