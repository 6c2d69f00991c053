//! Org units: the Commission, its departments, the Office, the agency's Trade Union and
//! Veterans' Association, and the standing offices T78 and T26, as a tree.

use crate::{
    user::nullable,
    validation::{self, Errors, FieldError},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What kind of body an org unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrgUnitKind {
    /// The Commission itself (Ban).
    Commission,
    /// A department (Vụ).
    Department,
    /// The Commission's Office (Văn phòng).
    Office,
    /// A mass organisation inside the agency: Trade Union, Veterans' Association.
    Association,
    /// A regional standing office (T78, T26).
    StandingOffice,
    /// Any other unit.
    Other,
}

impl OrgUnitKind {
    pub const ALL: [OrgUnitKind; 6] = [
        OrgUnitKind::Commission,
        OrgUnitKind::Department,
        OrgUnitKind::Office,
        OrgUnitKind::Association,
        OrgUnitKind::StandingOffice,
        OrgUnitKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgUnitKind::Commission => "commission",
            OrgUnitKind::Department => "department",
            OrgUnitKind::Office => "office",
            OrgUnitKind::Association => "association",
            OrgUnitKind::StandingOffice => "standing_office",
            OrgUnitKind::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// An org unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgUnit {
    pub id: Uuid,
    /// The unit above this one; absent at the root.
    pub parent_id: Option<Uuid>,
    /// Short unique code, e.g. `VDTND`, `T78`.
    pub code: String,
    pub name: String,
    pub kind: OrgUnitKind,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set on a deleted unit; only lists asked for `updated_since` return such tombstones.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// Body of `POST /api/v1/org-units`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateOrgUnit {
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,32}$"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    pub kind: OrgUnitKind,
}

impl CreateOrgUnit {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        code(&mut errors, &self.code);
        errors.text("name", &self.name, 1, validation::NAME_MAX);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/org-units/{id}`; a new `parent_id` moves the unit.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOrgUnit {
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub parent_id: Option<Option<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,32}$"))]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OrgUnitKind>,
}

impl UpdateOrgUnit {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        if let Some(value) = &self.code {
            code(&mut errors, value);
        }
        errors.optional_text("name", self.name.as_deref(), validation::NAME_MAX);
        errors.finish()
    }
}

pub(crate) fn code(errors: &mut Errors, value: &str) {
    errors.check(
        "code",
        validation::is_valid_code(value),
        "invalid_format",
        "must be 1–32 of A-Z, a-z, 0-9, '_' or '-'",
    );
}
