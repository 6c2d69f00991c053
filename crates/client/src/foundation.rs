//! The foundation: sessions, users, org units, both area layouts, area groups and the
//! audit log.

use crate::{Api, Call, Result, Tagged, Transport};
use danvan_domain::{
    area::{Area, AreaCount, AreaGroup, AreaNode, CreateAreaGroup, Layout, UpdateAreaGroup},
    audit::AuditEntry,
    auth::{ChangePassword, LoginRequest, Me, RefreshRequest, TokenPair, WebSession, WEB_HEADER},
    org_unit::{CreateOrgUnit, OrgUnit, UpdateOrgUnit},
    page::Page,
    user::{CreateUser, ResetPassword, UpdateUser, User},
};
use uuid::Uuid;

const USERS: &str = "/api/v1/users";
const ORG_UNITS: &str = "/api/v1/org-units";
const AREAS: &str = "/api/v1/areas";
const AREA_GROUPS: &str = "/api/v1/area-groups";
const AUDIT: &str = "/api/v1/audit";

impl<T: Transport> Api<T> {
    // --- auth ---

    pub async fn login(&self, username: &str, password: &str) -> Result<TokenPair> {
        let body = LoginRequest { username: username.into(), password: password.into() };
        self.json(Call::post("/api/v1/auth/login").json(&body).anonymous()).await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenPair> {
        let body = RefreshRequest { refresh_token: refresh_token.into() };
        self.json(Call::post("/api/v1/auth/refresh").json(&body).anonymous()).await
    }

    pub async fn logout(&self, refresh_token: &str) -> Result<()> {
        let body = RefreshRequest { refresh_token: refresh_token.into() };
        self.empty(Call::post("/api/v1/auth/logout").json(&body)).await
    }

    // The web app's session: the browser keeps the refresh token in an HttpOnly cookie
    // and sends it itself; these calls carry the header that marks them as the app's own.

    pub async fn web_login(&self, username: &str, password: &str) -> Result<WebSession> {
        let body = LoginRequest { username: username.into(), password: password.into() };
        self.json(Call::post("/api/v1/auth/web/login").json(&body).header(WEB_HEADER.0, WEB_HEADER.1).anonymous()).await
    }

    pub async fn web_refresh(&self) -> Result<WebSession> {
        self.json(Call::post("/api/v1/auth/web/refresh").header(WEB_HEADER.0, WEB_HEADER.1).anonymous()).await
    }

    pub async fn web_logout(&self) -> Result<()> {
        self.empty(Call::post("/api/v1/auth/web/logout").header(WEB_HEADER.0, WEB_HEADER.1).anonymous()).await
    }

    pub async fn me(&self) -> Result<Me> {
        self.json(Call::get("/api/v1/me")).await
    }

    pub async fn change_password(&self, body: &ChangePassword) -> Result<()> {
        self.empty(Call::post("/api/v1/me/password").json(body)).await
    }

    // --- users ---

    /// `query`: q, role, org_unit_id, active, limit, cursor, updated_since.
    pub async fn list_users(&self, query: &[(&str, &str)]) -> Result<Page<User>> {
        self.json(Call::get(USERS).query(query)).await
    }

    /// Every user matching `query` (its filters of [`Api::list_users`]), page after page.
    pub async fn all_users(&self, query: &[(&str, &str)]) -> Result<Vec<User>> {
        self.every(USERS, query).await
    }

    pub async fn get_user(&self, id: Uuid) -> Result<Tagged<User>> {
        self.tagged(Call::get(format!("{USERS}/{id}"))).await
    }

    pub async fn create_user(&self, body: &CreateUser, idempotency_key: Option<&str>) -> Result<User> {
        self.json(Call::create(USERS, body, idempotency_key)).await
    }

    pub async fn update_user(&self, id: Uuid, etag: &str, body: &UpdateUser) -> Result<User> {
        self.json(Call::patch(format!("{USERS}/{id}"), etag, body)).await
    }

    pub async fn reset_password(&self, id: Uuid, body: &ResetPassword) -> Result<()> {
        self.empty(Call::post(format!("{USERS}/{id}/password")).json(body)).await
    }

    // --- org units ---

    /// `query`: parent_id, limit, cursor, updated_since.
    pub async fn list_org_units(&self, query: &[(&str, &str)]) -> Result<Page<OrgUnit>> {
        self.json(Call::get(ORG_UNITS).query(query)).await
    }

    pub async fn all_org_units(&self, query: &[(&str, &str)]) -> Result<Vec<OrgUnit>> {
        self.every(ORG_UNITS, query).await
    }

    pub async fn get_org_unit(&self, id: Uuid) -> Result<Tagged<OrgUnit>> {
        self.tagged(Call::get(format!("{ORG_UNITS}/{id}"))).await
    }

    pub async fn create_org_unit(&self, body: &CreateOrgUnit, idempotency_key: Option<&str>) -> Result<OrgUnit> {
        self.json(Call::create(ORG_UNITS, body, idempotency_key)).await
    }

    pub async fn update_org_unit(&self, id: Uuid, etag: &str, body: &UpdateOrgUnit) -> Result<OrgUnit> {
        self.json(Call::patch(format!("{ORG_UNITS}/{id}"), etag, body)).await
    }

    pub async fn delete_org_unit(&self, id: Uuid, etag: &str) -> Result<()> {
        self.empty(Call::delete(format!("{ORG_UNITS}/{id}"), etag)).await
    }

    // --- areas ---

    /// `query`: layout, level, parent_id, q, code, in_scope, limit, cursor.
    pub async fn list_areas(&self, query: &[(&str, &str)]) -> Result<Page<Area>> {
        self.json(Call::get(AREAS).query(query)).await
    }

    pub async fn all_areas(&self, query: &[(&str, &str)]) -> Result<Vec<Area>> {
        self.every(AREAS, query).await
    }

    pub async fn get_area(&self, id: Uuid) -> Result<Area> {
        self.json(Call::get(format!("{AREAS}/{id}"))).await
    }

    pub async fn area_by_code(&self, layout: Layout, code: &str) -> Result<Area> {
        self.json(Call::get(format!("{AREAS}/by-code/{}/{code}", layout.as_str()))).await
    }

    pub async fn area_children(&self, id: Uuid) -> Result<Vec<Area>> {
        self.json(Call::get(format!("{AREAS}/{id}/children"))).await
    }

    pub async fn area_tree(&self, layout: Layout, depth: u8) -> Result<Vec<AreaNode>> {
        let depth = depth.to_string();
        self.json(Call::get(format!("{AREAS}/tree")).query(&[("layout", layout.as_str()), ("depth", &depth)])).await
    }

    pub async fn area_counts(&self) -> Result<Vec<AreaCount>> {
        self.json(Call::get(format!("{AREAS}/counts"))).await
    }

    // --- area groups ---

    /// `query`: layout, kind, limit, cursor, updated_since.
    pub async fn list_area_groups(&self, query: &[(&str, &str)]) -> Result<Page<AreaGroup>> {
        self.json(Call::get(AREA_GROUPS).query(query)).await
    }

    pub async fn all_area_groups(&self, query: &[(&str, &str)]) -> Result<Vec<AreaGroup>> {
        self.every(AREA_GROUPS, query).await
    }

    pub async fn get_area_group(&self, id: Uuid) -> Result<Tagged<AreaGroup>> {
        self.tagged(Call::get(format!("{AREA_GROUPS}/{id}"))).await
    }

    pub async fn create_area_group(&self, body: &CreateAreaGroup, idempotency_key: Option<&str>) -> Result<AreaGroup> {
        self.json(Call::create(AREA_GROUPS, body, idempotency_key)).await
    }

    pub async fn update_area_group(&self, id: Uuid, etag: &str, body: &UpdateAreaGroup) -> Result<AreaGroup> {
        self.json(Call::patch(format!("{AREA_GROUPS}/{id}"), etag, body)).await
    }

    pub async fn delete_area_group(&self, id: Uuid, etag: &str) -> Result<()> {
        self.empty(Call::delete(format!("{AREA_GROUPS}/{id}"), etag)).await
    }

    // --- audit ---

    /// `query`: actor_id, entity, entity_id, action, from, to, limit, cursor.
    pub async fn list_audit(&self, query: &[(&str, &str)]) -> Result<Page<AuditEntry>> {
        self.json(Call::get(AUDIT).query(query)).await
    }

    /// Every audit row matching `query` (the filters of [`Api::list_audit`]), newest first.
    pub async fn all_audit(&self, query: &[(&str, &str)]) -> Result<Vec<AuditEntry>> {
        self.every(AUDIT, query).await
    }
}
