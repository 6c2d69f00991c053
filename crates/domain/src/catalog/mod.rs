//! Managed lists of the working group's vocabulary: target groups (đối tượng) and fields
//! (lĩnh vực). Each entry has a stable code and a name in both UI languages; entries are
//! retired (`active = false`), never deleted, because assignments and tasks keep pointing
//! at them.

use crate::{
    lang::Lang,
    org_unit::code,
    validation::{self, Errors, FieldError},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// Which managed list an entry belongs to.
    pub enum CatalogKind {
        /// Đối tượng: people the work is aimed at.
        TargetGroup = "target_group",
        /// Lĩnh vực: a field of work.
        Field = "field",
    }
}

/// One entry of a managed list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogEntry {
    pub id: Uuid,
    pub kind: CatalogKind,
    /// Unique within its list, e.g. `religious_dignitaries`.
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// Retired entries stay on old records but are not offered for new ones.
    pub active: bool,
    /// Order in pickers and grids.
    pub position: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CatalogEntry {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.name_vi,
            Lang::En => &self.name_en,
        }
    }
}

/// Body of `POST /api/v1/target-groups` and `POST /api/v1/fields`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateCatalogEntry {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,32}$"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_vi: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_en: String,
    /// After the last entry when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub position: Option<i64>,
}

impl CreateCatalogEntry {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        code(&mut errors, &self.code);
        errors.text("name_vi", &self.name_vi, 1, validation::NAME_MAX);
        errors.text("name_en", &self.name_en, 1, validation::NAME_MAX);
        validation::position(&mut errors, self.position);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/target-groups/{id}` and `PATCH /api/v1/fields/{id}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateCatalogEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,32}$"))]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub position: Option<i64>,
}

impl UpdateCatalogEntry {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        if let Some(value) = &self.code {
            code(&mut errors, value);
        }
        errors.optional_text("name_vi", self.name_vi.as_deref(), validation::NAME_MAX);
        errors.optional_text("name_en", self.name_en.as_deref(), validation::NAME_MAX);
        validation::position(&mut errors, self.position);
        errors.finish()
    }
}
