//! Administrative areas: the two layouts, the levels and regions, an area and the tree
//! and counts of a layout.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Which administrative layout an area belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Layout {
    /// Province → district → commune, as in force in 2021 (the plan's time).
    #[serde(rename = "2021")]
    L2021,
    /// Province → commune, in force since 1 July 2025.
    #[serde(rename = "2025")]
    L2025,
}

impl Layout {
    pub const ALL: [Layout; 2] = [Layout::L2021, Layout::L2025];

    pub fn as_str(self) -> &'static str {
        match self {
            Layout::L2021 => "2021",
            Layout::L2025 => "2025",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|layout| layout.as_str() == value)
    }
}

/// The level of an area in its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AreaLevel {
    Province,
    /// Only in the 2021 layout.
    District,
    Commune,
}

impl AreaLevel {
    pub const ALL: [AreaLevel; 3] = [AreaLevel::Province, AreaLevel::District, AreaLevel::Commune];

    pub fn as_str(self) -> &'static str {
        match self {
            AreaLevel::Province => "province",
            AreaLevel::District => "district",
            AreaLevel::Commune => "commune",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|level| level.as_str() == value)
    }
}

/// A region of the country, the basis of the default area groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Region {
    North,
    Central,
    Highlands,
    South,
}

impl Region {
    pub const ALL: [Region; 4] = [Region::North, Region::Central, Region::Highlands, Region::South];

    pub fn as_str(self) -> &'static str {
        match self {
            Region::North => "north",
            Region::Central => "central",
            Region::Highlands => "highlands",
            Region::South => "south",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|region| region.as_str() == value)
    }
}

/// An administrative area. Ids are stable: derived from layout and official code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Area {
    pub id: Uuid,
    pub layout: Layout,
    pub level: AreaLevel,
    /// The official code (2 digits for provinces, 3 for districts, 5 for communes).
    pub code: String,
    /// The full name with its type, e.g. "Thành phố Hà Nội".
    pub name: String,
    /// The unit type, e.g. "Tỉnh", "Phường".
    pub kind: Option<String>,
    pub parent_id: Option<Uuid>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Region of a province; absent below province level.
    pub region: Option<Region>,
    /// How many areas sit directly below this one.
    pub child_count: i64,
}

/// An area with the areas below it, for tree views.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaNode {
    pub area: Area,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<AreaNode>,
}

/// Count of areas per layout and level, for dashboards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaCount {
    pub layout: Layout,
    pub level: AreaLevel,
    pub count: i64,
}
