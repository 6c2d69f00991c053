//! A typed client for the Dân vận REST API, over reqwest.
//!
//! Errors from the server arrive as [`ClientError::Problem`] with the RFC 9457 body, so
//! callers match on `problem.code` rather than on message text.
//!
//! ```no_run
//! # async fn demo() -> Result<(), danvan_client::ClientError> {
//! let client = danvan_client::Client::new("http://127.0.0.1:8080");
//! let tokens = client.login("admin", "the admin password").await?;
//! let admin = client.with_token(&tokens.access_token);
//! let me = admin.me().await?;
//! println!("logged in as {}", me.user.username);
//! # Ok(()) }
//! ```

mod tasks;
mod work;

use danvan_domain::{
    area::{Area, AreaCount, AreaGroup, AreaNode, CreateAreaGroup, Layout, UpdateAreaGroup},
    audit::AuditEntry,
    auth::{ChangePassword, LoginRequest, Me, RefreshRequest, TokenPair},
    org_unit::{CreateOrgUnit, OrgUnit, UpdateOrgUnit},
    page::Page,
    problem::Problem,
    user::{CreateUser, ResetPassword, UpdateUser, User},
};
use reqwest::{header, Method, RequestBuilder, Response, StatusCode};
use serde::{de::DeserializeOwned, Serialize};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with a problem.
    #[error("{status}: {} ({})", problem.title, problem.detail.as_deref().unwrap_or_default())]
    Problem { status: StatusCode, problem: Box<Problem> },
    /// The request did not reach the server, or its answer could not be read.
    #[error("transport: {0}")]
    Transport(#[from] reqwest::Error),
    /// The answer was not what the API documents.
    #[error("unexpected answer: {0}")]
    Unexpected(String),
}

impl ClientError {
    /// The problem's HTTP status, if the server answered with one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ClientError::Problem { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The problem's stable code, e.g. `validation`, `precondition_failed`.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Problem { problem, .. } => Some(&problem.code),
            _ => None,
        }
    }

    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Problem { problem, .. } => Some(problem),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// A record with the `ETag` it was read with, to send back as `If-Match`.
#[derive(Debug, Clone)]
pub struct Tagged<T> {
    pub value: T,
    pub etag: String,
}

/// The API at one base URL, optionally with an access token.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl Client {
    pub fn new(base_url: &str) -> Client {
        Client { http: reqwest::Client::new(), base: base_url.trim_end_matches('/').to_owned(), token: None }
    }

    /// The same client, sending `Authorization: Bearer <token>`.
    pub fn with_token(&self, token: &str) -> Client {
        Client { token: Some(token.to_owned()), ..self.clone() }
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// A request to `path` (starting with `/`), with the token if any; for calls this
    /// client does not wrap.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let request = self.http.request(method, format!("{}{path}", self.base));
        match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    async fn send(&self, request: RequestBuilder) -> Result<Response> {
        let response = request.send().await?;
        if response.status().is_success() {
            return Ok(response);
        }
        let status = response.status();
        let text = response.text().await?;
        match serde_json::from_str::<Problem>(&text) {
            Ok(problem) => Err(ClientError::Problem { status, problem: Box::new(problem) }),
            Err(_) => Err(ClientError::Unexpected(format!("{status} without a problem body: {text}"))),
        }
    }

    async fn json<T: DeserializeOwned>(&self, request: RequestBuilder) -> Result<T> {
        Ok(self.send(request).await?.json().await?)
    }

    async fn tagged<T: DeserializeOwned>(&self, request: RequestBuilder) -> Result<Tagged<T>> {
        let response = self.send(request).await?;
        let etag = response
            .headers()
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .ok_or_else(|| ClientError::Unexpected("no ETag".into()))?;
        Ok(Tagged { value: response.json().await?, etag })
    }

    async fn empty(&self, request: RequestBuilder) -> Result<()> {
        self.send(request).await.map(drop)
    }

    fn get(&self, path: &str, query: &[(&str, &str)]) -> RequestBuilder {
        self.request(Method::GET, path).query(query)
    }

    fn create<B: Serialize>(&self, path: &str, body: &B, idempotency_key: Option<&str>) -> RequestBuilder {
        let request = self.request(Method::POST, path).json(body);
        match idempotency_key {
            Some(key) => request.header("Idempotency-Key", key),
            None => request,
        }
    }

    fn change<B: Serialize>(&self, method: Method, path: &str, etag: &str, body: Option<&B>) -> RequestBuilder {
        let request = self.request(method, path).header(header::IF_MATCH, etag);
        match body {
            Some(body) => request.json(body),
            None => request,
        }
    }

    // --- auth ---

    pub async fn login(&self, username: &str, password: &str) -> Result<TokenPair> {
        let body = LoginRequest { username: username.into(), password: password.into() };
        self.json(self.request(Method::POST, "/api/v1/auth/login").json(&body)).await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenPair> {
        let body = RefreshRequest { refresh_token: refresh_token.into() };
        self.json(self.request(Method::POST, "/api/v1/auth/refresh").json(&body)).await
    }

    pub async fn logout(&self, refresh_token: &str) -> Result<()> {
        let body = RefreshRequest { refresh_token: refresh_token.into() };
        self.empty(self.request(Method::POST, "/api/v1/auth/logout").json(&body)).await
    }

    pub async fn me(&self) -> Result<Me> {
        self.json(self.get("/api/v1/me", &[])).await
    }

    pub async fn change_password(&self, body: &ChangePassword) -> Result<()> {
        self.empty(self.request(Method::POST, "/api/v1/me/password").json(body)).await
    }

    // --- users ---

    /// `query`: q, role, org_unit_id, active, limit, cursor, updated_since.
    pub async fn list_users(&self, query: &[(&str, &str)]) -> Result<Page<User>> {
        self.json(self.get("/api/v1/users", query)).await
    }

    pub async fn get_user(&self, id: Uuid) -> Result<Tagged<User>> {
        self.tagged(self.get(&format!("/api/v1/users/{id}"), &[])).await
    }

    pub async fn create_user(&self, body: &CreateUser, idempotency_key: Option<&str>) -> Result<User> {
        self.json(self.create("/api/v1/users", body, idempotency_key)).await
    }

    pub async fn update_user(&self, id: Uuid, etag: &str, body: &UpdateUser) -> Result<User> {
        self.json(self.change(Method::PATCH, &format!("/api/v1/users/{id}"), etag, Some(body))).await
    }

    pub async fn reset_password(&self, id: Uuid, body: &ResetPassword) -> Result<()> {
        self.empty(self.request(Method::POST, &format!("/api/v1/users/{id}/password")).json(body)).await
    }

    // --- org units ---

    /// `query`: parent_id, limit, cursor, updated_since.
    pub async fn list_org_units(&self, query: &[(&str, &str)]) -> Result<Page<OrgUnit>> {
        self.json(self.get("/api/v1/org-units", query)).await
    }

    pub async fn get_org_unit(&self, id: Uuid) -> Result<Tagged<OrgUnit>> {
        self.tagged(self.get(&format!("/api/v1/org-units/{id}"), &[])).await
    }

    pub async fn create_org_unit(&self, body: &CreateOrgUnit, idempotency_key: Option<&str>) -> Result<OrgUnit> {
        self.json(self.create("/api/v1/org-units", body, idempotency_key)).await
    }

    pub async fn update_org_unit(&self, id: Uuid, etag: &str, body: &UpdateOrgUnit) -> Result<OrgUnit> {
        self.json(self.change(Method::PATCH, &format!("/api/v1/org-units/{id}"), etag, Some(body))).await
    }

    pub async fn delete_org_unit(&self, id: Uuid, etag: &str) -> Result<()> {
        self.empty(self.change::<()>(Method::DELETE, &format!("/api/v1/org-units/{id}"), etag, None)).await
    }

    // --- areas ---

    /// `query`: layout, level, parent_id, q, code, in_scope, limit, cursor.
    pub async fn list_areas(&self, query: &[(&str, &str)]) -> Result<Page<Area>> {
        self.json(self.get("/api/v1/areas", query)).await
    }

    pub async fn get_area(&self, id: Uuid) -> Result<Area> {
        self.json(self.get(&format!("/api/v1/areas/{id}"), &[])).await
    }

    pub async fn area_by_code(&self, layout: Layout, code: &str) -> Result<Area> {
        self.json(self.get(&format!("/api/v1/areas/by-code/{}/{code}", layout.as_str()), &[])).await
    }

    pub async fn area_children(&self, id: Uuid) -> Result<Vec<Area>> {
        self.json(self.get(&format!("/api/v1/areas/{id}/children"), &[])).await
    }

    pub async fn area_tree(&self, layout: Layout, depth: u8) -> Result<Vec<AreaNode>> {
        self.json(self.get("/api/v1/areas/tree", &[("layout", layout.as_str()), ("depth", &depth.to_string())])).await
    }

    pub async fn area_counts(&self) -> Result<Vec<AreaCount>> {
        self.json(self.get("/api/v1/areas/counts", &[])).await
    }

    // --- area groups ---

    /// `query`: layout, kind, limit, cursor, updated_since.
    pub async fn list_area_groups(&self, query: &[(&str, &str)]) -> Result<Page<AreaGroup>> {
        self.json(self.get("/api/v1/area-groups", query)).await
    }

    pub async fn get_area_group(&self, id: Uuid) -> Result<Tagged<AreaGroup>> {
        self.tagged(self.get(&format!("/api/v1/area-groups/{id}"), &[])).await
    }

    pub async fn create_area_group(&self, body: &CreateAreaGroup, idempotency_key: Option<&str>) -> Result<AreaGroup> {
        self.json(self.create("/api/v1/area-groups", body, idempotency_key)).await
    }

    pub async fn update_area_group(&self, id: Uuid, etag: &str, body: &UpdateAreaGroup) -> Result<AreaGroup> {
        self.json(self.change(Method::PATCH, &format!("/api/v1/area-groups/{id}"), etag, Some(body))).await
    }

    pub async fn delete_area_group(&self, id: Uuid, etag: &str) -> Result<()> {
        self.empty(self.change::<()>(Method::DELETE, &format!("/api/v1/area-groups/{id}"), etag, None)).await
    }

    // --- audit ---

    /// `query`: actor_id, entity, entity_id, action, from, to, limit, cursor.
    pub async fn list_audit(&self, query: &[(&str, &str)]) -> Result<Page<AuditEntry>> {
        self.json(self.get("/api/v1/audit", query)).await
    }
}
