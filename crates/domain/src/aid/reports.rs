//! What a campaign raised and what a donor gave.

use super::{ItemUnit, Quantity};
use crate::named::NamedRef;
use serde::{Deserialize, Serialize};

/// One item of a campaign: asked for, promised, received, handed out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignGoods {
    pub item: NamedRef,
    pub unit: ItemUnit,
    pub target: Quantity,
    pub pledged: Quantity,
    pub received: Quantity,
    pub received_value: i64,
    pub distributed: Quantity,
}

/// What one donor gave a campaign (`donor` absent for anonymous gifts together).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DonorTotal {
    pub donor: Option<NamedRef>,
    pub donations: i64,
    pub cash: i64,
    pub goods_value: i64,
}

/// Goods a campaign received at one location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationTotal {
    pub location: NamedRef,
    pub item: NamedRef,
    pub unit: ItemUnit,
    pub quantity: Quantity,
    pub value: i64,
}

/// A month of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthTotal {
    /// `2021-08`.
    pub month: String,
    pub donations: i64,
    pub cash: i64,
    pub goods_value: i64,
}

/// `GET /api/v1/campaigns/{id}/report`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignReport {
    pub campaign: NamedRef,
    pub target_cash: i64,
    pub pledged_cash: i64,
    pub received_cash: i64,
    pub disbursed_cash: i64,
    pub cash_balance: i64,
    pub received_goods_value: i64,
    pub donations: i64,
    pub goods: Vec<CampaignGoods>,
    /// The largest donors first (at most 50).
    pub by_donor: Vec<DonorTotal>,
    pub by_location: Vec<LocationTotal>,
    /// Oldest month first.
    pub by_month: Vec<MonthTotal>,
}

/// One campaign in a donor's statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignGiven {
    pub campaign: NamedRef,
    pub donations: i64,
    pub cash: i64,
    pub goods_value: i64,
}

/// `GET /api/v1/donors/{id}/statement`: everything a donor gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DonorStatement {
    pub donor: NamedRef,
    pub donations: i64,
    pub cash: i64,
    pub goods_value: i64,
    pub by_campaign: Vec<CampaignGiven>,
}
