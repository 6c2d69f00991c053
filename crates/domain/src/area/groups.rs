//! Area groups: named sets of provinces of one layout, and the bodies that create and
//! change them.

use super::Layout;
use crate::validation::{self, Errors, FieldError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What an area group stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AreaGroupKind {
    /// A region of the country.
    Region,
    /// The provinces a standing office covers.
    Coverage,
    /// Any other grouping.
    Custom,
}

impl AreaGroupKind {
    pub const ALL: [AreaGroupKind; 3] = [AreaGroupKind::Region, AreaGroupKind::Coverage, AreaGroupKind::Custom];

    pub fn as_str(self) -> &'static str {
        match self {
            AreaGroupKind::Region => "region",
            AreaGroupKind::Coverage => "coverage",
            AreaGroupKind::Custom => "custom",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// A named set of provinces of one layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaGroup {
    pub id: Uuid,
    /// Short unique code, e.g. `T78-2025`.
    pub code: String,
    pub name: String,
    pub kind: AreaGroupKind,
    pub layout: Layout,
    /// The provinces in the group, by id.
    pub province_ids: Vec<Uuid>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set on a deleted group; only lists asked for `updated_since` return such tombstones.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// Body of `POST /api/v1/area-groups`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAreaGroup {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,32}$"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    pub kind: AreaGroupKind,
    pub layout: Layout,
    /// Provinces of `layout`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub province_ids: Vec<Uuid>,
}

impl CreateAreaGroup {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        crate::org_unit::code(&mut errors, &self.code);
        errors.text("name", &self.name, 1, validation::NAME_MAX);
        errors.check("province_ids", self.province_ids.len() <= 100, "too_many", "at most 100 provinces");
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/area-groups/{id}`; `province_ids` replaces the whole set.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateAreaGroup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<AreaGroupKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub province_ids: Option<Vec<Uuid>>,
}

impl UpdateAreaGroup {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name", self.name.as_deref(), validation::NAME_MAX);
        if let Some(ids) = &self.province_ids {
            errors.check("province_ids", ids.len() <= 100, "too_many", "at most 100 provinces");
        }
        errors.finish()
    }
}
