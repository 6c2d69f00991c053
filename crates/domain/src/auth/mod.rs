//! Logging in and out, refreshing tokens, and who the caller is.

use crate::{permission::Action, user::User};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Credentials for `POST /api/v1/auth/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub password: String,
}

/// A short-lived access token and the refresh token that renews it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenPair {
    /// Send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Single use: each refresh returns a new one; reusing an old one revokes the session.
    pub refresh_token: String,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: i64,
}

/// The header, and its value, that the web app sends to `/api/v1/auth/web/…`: a page of
/// another origin cannot send it without a CORS preflight, which the server refuses.
pub const WEB_HEADER: (&str, &str) = ("X-Requested-With", "danvan-web");

/// The web app's session: the access token in the body, while the refresh token travels
/// only in an `HttpOnly` cookie that the page's scripts cannot read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebSession {
    /// Send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Seconds until the refresh cookie expires.
    pub refresh_expires_in: i64,
}

/// Body of `POST /api/v1/auth/refresh` and `POST /api/v1/auth/logout`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 512))]
    pub refresh_token: String,
}

/// The caller: their account, what they may do and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user: User,
    /// Every action the caller's role allows.
    pub permissions: Vec<Action>,
    /// Where the caller works.
    pub scope: ScopeSummary,
}

/// The areas a caller's data is limited to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScopeSummary {
    /// True when the caller sees every area (admin, leadership, working group, or no scope set).
    pub all_areas: bool,
    /// Provinces of the caller's scope (both layouts), expanded from areas and area groups.
    pub province_ids: Vec<Uuid>,
}

/// Body of `POST /api/v1/me/password`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 256))]
    pub new_password: String,
}

impl ChangePassword {
    pub fn validate(&self) -> Result<(), Vec<crate::validation::FieldError>> {
        let mut errors = crate::validation::Errors::default();
        crate::validation::password(&mut errors, "new_password", &self.new_password);
        errors.finish()
    }
}
