//! User accounts.

use crate::{
    role::Role,
    validation::{self, Errors, FieldError},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use uuid::Uuid;

/// A user account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: Uuid,
    /// Login name: 3–64 of `a-z 0-9 . _ -`.
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
    /// The org unit the user belongs to.
    pub org_unit_id: Option<Uuid>,
    /// Areas (any level, either layout) the user's work is limited to.
    pub scope_area_ids: Vec<Uuid>,
    /// Area groups the user's work is limited to.
    pub scope_area_group_ids: Vec<Uuid>,
    /// A deactivated user cannot log in and their tokens stop working.
    pub active: bool,
    /// Changes with every update; send it back as `If-Match`.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/users`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9._-]{3,64}$"))]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub display_name: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 3, max_length = 254))]
    #[serde(default)]
    pub email: Option<String>,
    pub role: Role,
    #[serde(default)]
    pub org_unit_id: Option<Uuid>,
    /// The first password, at least 10 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 256))]
    pub password: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub scope_area_ids: Vec<Uuid>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub scope_area_group_ids: Vec<Uuid>,
}

impl CreateUser {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.check(
            "username",
            validation::is_valid_username(&self.username),
            "invalid_format",
            "must be 3–64 of a-z, 0-9, '.', '_' or '-'",
        );
        errors.text("display_name", &self.display_name, 1, validation::NAME_MAX);
        if let Some(email) = &self.email {
            validation::email(&mut errors, "email", email);
        }
        validation::password(&mut errors, "password", &self.password);
        scope_sizes(&mut errors, &self.scope_area_ids, &self.scope_area_group_ids);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/users/{id}`: absent fields stay as they are, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, min_length = 3, max_length = 254))]
    pub email: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub org_unit_id: Option<Option<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub scope_area_ids: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub scope_area_group_ids: Option<Vec<Uuid>>,
    /// `false` deactivates the account and ends its sessions; `true` reactivates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

impl UpdateUser {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("display_name", self.display_name.as_deref(), validation::NAME_MAX);
        if let Some(Some(email)) = &self.email {
            validation::email(&mut errors, "email", email);
        }
        scope_sizes(
            &mut errors,
            self.scope_area_ids.as_deref().unwrap_or_default(),
            self.scope_area_group_ids.as_deref().unwrap_or_default(),
        );
        errors.finish()
    }
}

fn scope_sizes(errors: &mut Errors, areas: &[Uuid], groups: &[Uuid]) {
    errors.check("scope_area_ids", areas.len() <= 500, "too_many", "at most 500 areas");
    errors.check("scope_area_group_ids", groups.len() <= 100, "too_many", "at most 100 area groups");
}

/// Body of `POST /api/v1/users/{id}/password`: an administrator sets a new password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetPassword {
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 256))]
    pub new_password: String,
}

impl ResetPassword {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        validation::password(&mut errors, "new_password", &self.new_password);
        errors.finish()
    }
}

/// Tells a field sent as `null` (clear it) from a field left out (keep it).
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_tells_null_from_absent() {
        let cleared: UpdateUser = serde_json::from_str(r#"{"email": null}"#).unwrap_or_default();
        assert_eq!(cleared.email, Some(None));
        let kept: UpdateUser = serde_json::from_str("{}").unwrap_or_default();
        assert_eq!(kept.email, None);
    }

    #[test]
    fn create_user_lists_every_failing_field() {
        let request = CreateUser {
            username: "X".into(),
            display_name: " ".into(),
            email: Some("nope".into()),
            role: Role::Member,
            org_unit_id: None,
            password: "short".into(),
            scope_area_ids: vec![],
            scope_area_group_ids: vec![],
        };
        let fields: Vec<String> = request.validate().err().unwrap_or_default().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["username", "display_name", "email", "password"]);
    }
}
