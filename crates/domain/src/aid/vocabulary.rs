//! Items (a managed list) and the locations that keep goods.

use crate::{
    named::NamedRef,
    validation::{self, Errors, FieldError},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::text_enum! {
    /// The unit an item is counted in.
    pub enum ItemUnit {
        Kg = "kg",
        Bag = "bag",
        Box = "box",
        Bottle = "bottle",
        Piece = "piece",
        Package = "package",
    }
}

impl ItemUnit {
    /// How the unit is written after a number.
    pub fn symbol(self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::Lang::*;
        match (self, lang) {
            (ItemUnit::Kg, _) => "kg",
            (ItemUnit::Bag, Vi) => "bao",
            (ItemUnit::Bag, En) => "bags",
            (ItemUnit::Box, Vi) => "hộp",
            (ItemUnit::Box, En) => "boxes",
            (ItemUnit::Bottle, Vi) => "chai",
            (ItemUnit::Bottle, En) => "bottles",
            (ItemUnit::Piece, Vi) => "cái",
            (ItemUnit::Piece, En) => "pieces",
            (ItemUnit::Package, Vi) => "gói",
            (ItemUnit::Package, En) => "packages",
        }
    }
}

crate::text_enum! {
    /// What an item is for.
    pub enum ItemCategory {
        Food = "food",
        Medical = "medical",
        Hygiene = "hygiene",
        /// Vouchers, cards and the like, counted as goods but worth money.
        CashEquivalent = "cash_equivalent",
    }
}

/// One kind of goods, e.g. rice in kilograms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Item {
    pub id: Uuid,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub unit: ItemUnit,
    pub category: ItemCategory,
    /// Retired items stay on old records but are not offered for new ones.
    pub active: bool,
    pub position: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/aid-items`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateItem {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,32}$"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_vi: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_en: String,
    pub unit: ItemUnit,
    pub category: ItemCategory,
    /// After the last item when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub position: Option<i64>,
}

impl CreateItem {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.check(
            "code",
            validation::is_valid_code(&self.code),
            "invalid_format",
            "must be 1-32 letters, digits, _ or -",
        );
        errors.text("name_vi", &self.name_vi, 1, validation::NAME_MAX);
        errors.text("name_en", &self.name_en, 1, validation::NAME_MAX);
        validation::position(&mut errors, self.position);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/aid-items/{id}`. The unit cannot change: the ledger counts in it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<ItemCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub position: Option<i64>,
}

impl UpdateItem {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name_vi", self.name_vi.as_deref(), validation::NAME_MAX);
        errors.optional_text("name_en", self.name_en.as_deref(), validation::NAME_MAX);
        validation::position(&mut errors, self.position);
        errors.finish()
    }
}

crate::text_enum! {
    /// What a location is.
    pub enum LocationKind {
        Warehouse = "warehouse",
        CollectionPoint = "collection_point",
    }
}

/// A place where goods are kept or collected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    pub id: Uuid,
    pub name: String,
    pub kind: LocationKind,
    /// The org unit that runs it.
    pub org_unit: NamedRef,
    /// Its commune or ward (either layout).
    pub area: NamedRef,
    /// The area's province, which decides which regional office keeps it.
    pub province: NamedRef,
    pub address: String,
    pub active: bool,
    /// Whether the caller may move goods in and out of it.
    pub can_manage_stock: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/aid-locations`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateLocation {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    pub kind: LocationKind,
    pub org_unit_id: Uuid,
    /// A commune or ward (either layout).
    pub area_id: Uuid,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub address: String,
}

/// Longest address.
pub const ADDRESS_MAX: usize = 500;

impl CreateLocation {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("name", &self.name, 1, validation::NAME_MAX);
        errors.text("address", &self.address, 0, ADDRESS_MAX);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/aid-locations/{id}`; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateLocation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<LocationKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_unit_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

impl UpdateLocation {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name", self.name.as_deref(), validation::NAME_MAX);
        if let Some(address) = &self.address {
            errors.text("address", address, 0, ADDRESS_MAX);
        }
        errors.finish()
    }
}
