//! Public transparency (`/api/v1/public/aid/...`, no login): what each open or closed
//! campaign received and handed out, by province, commune and category of people, the
//! donors who agreed to be named, and where the aid went as a flow donor → campaign →
//! province → category. Built only from the sums kept with every posting, never from a
//! person's record.
//!
//! Two rules live here as pure functions so that the server applies them and the tests
//! prove them: [`by_province`] folds every commune × category cell with fewer than
//! [`K_ANONYMITY`] beneficiaries into its province's "other communes" row, and [`flow`]
//! keeps the largest named donors and provinces and folds the rest into one "other" node
//! each. Dates travel as `YYYY-MM-DD` text, so the small public web app needs no date
//! library.

use super::{CampaignStatus, ItemUnit, Quantity};
use crate::named::NamedRef;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// A commune × category cell with fewer beneficiaries than this is not shown on its own:
/// it is added to its province's "other communes" row.
pub const K_ANONYMITY: i64 = 5;
/// Named donors drawn as their own node of the flow; the others are one "other donors" node.
pub const FLOW_DONORS: usize = 8;
/// Provinces drawn as their own node of the flow; the others are one "other provinces" node.
pub const FLOW_PROVINCES: usize = 10;
/// Named donors a public report lists, the largest first.
pub const PUBLIC_DONORS: usize = 50;
/// Campaigns the public list shows, the latest to start first.
pub const PUBLIC_CAMPAIGNS: usize = 200;

/// A campaign on the public list, with its totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCampaign {
    pub id: Uuid,
    pub name: String,
    pub purpose: String,
    /// `open` or `closed`: planned campaigns are not public.
    pub status: CampaignStatus,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub starts_on: String,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub ends_on: Option<String>,
    /// Cash received, in đồng.
    pub received_cash: i64,
    /// The value of the goods received, in đồng.
    pub received_goods_value: i64,
    /// Cash handed to beneficiaries, in đồng.
    pub distributed_cash: i64,
    /// The value of the goods handed to beneficiaries, in đồng.
    pub distributed_goods_value: i64,
    /// People who received something from this campaign.
    pub beneficiaries: i64,
}

/// `GET /api/v1/public/aid/campaigns`: the public campaigns and their sum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSummary {
    /// Open and closed campaigns, the latest to start first (at most 200).
    pub campaigns: Vec<PublicCampaign>,
    pub received_cash: i64,
    pub received_goods_value: i64,
    pub distributed_cash: i64,
    pub distributed_goods_value: i64,
    pub beneficiaries: i64,
}

impl PublicSummary {
    /// The list with its sums.
    pub fn of(campaigns: Vec<PublicCampaign>) -> PublicSummary {
        let sum = |field: fn(&PublicCampaign) -> i64| campaigns.iter().map(field).sum();
        PublicSummary {
            received_cash: sum(|c| c.received_cash),
            received_goods_value: sum(|c| c.received_goods_value),
            distributed_cash: sum(|c| c.distributed_cash),
            distributed_goods_value: sum(|c| c.distributed_goods_value),
            beneficiaries: sum(|c| c.beneficiaries),
            campaigns,
        }
    }
}

/// A category of people supported, with its names in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCategory {
    pub id: Uuid,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

/// An item received and handed out, in its unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicItem {
    pub id: Uuid,
    pub name_vi: String,
    pub name_en: String,
    pub unit: ItemUnit,
    pub received: Quantity,
    /// The value of what was received, in đồng.
    pub received_value: i64,
    pub distributed: Quantity,
    /// The value of what was handed out, at the average value received, in đồng.
    pub distributed_value: i64,
}

impl PublicItem {
    /// `distributed` valued at the average value of what was received, in whole đồng.
    pub fn value_of_distributed(received: Quantity, received_value: i64, distributed: Quantity) -> i64 {
        if received.0 <= 0 {
            return 0;
        }
        let value = i128::from(distributed.0) * i128::from(received_value) / i128::from(received.0);
        i64::try_from(value).unwrap_or(i64::MAX)
    }
}

/// What went to one category of people in an area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCategoryFigures {
    pub category_id: Uuid,
    pub beneficiaries: i64,
    pub cash: i64,
    pub goods_value: i64,
}

/// A commune's figures; `commune` is absent on the row of the other communes, where the
/// cells with fewer than five beneficiaries are added.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCommune {
    pub commune: Option<NamedRef>,
    pub beneficiaries: i64,
    pub cash: i64,
    pub goods_value: i64,
    pub by_category: Vec<PublicCategoryFigures>,
}

/// A quantity of an item handed out in a province.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicItemQuantity {
    pub item_id: Uuid,
    pub quantity: Quantity,
}

/// What was handed out in one province.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicProvince {
    pub province: NamedRef,
    pub beneficiaries: i64,
    pub cash: i64,
    pub goods_value: i64,
    /// In the order of the report's `categories`.
    pub by_category: Vec<PublicCategoryFigures>,
    /// The largest first; the "other communes" row (no `commune`) last.
    pub communes: Vec<PublicCommune>,
    /// Goods handed out here, in the order of the report's `items`.
    pub goods: Vec<PublicItemQuantity>,
}

/// A donor who agreed to be named, and what they gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicDonor {
    pub donor: NamedRef,
    pub cash: i64,
    pub goods_value: i64,
}

/// Everyone else: donors who did not agree to be named, anonymous gifts, and named donors
/// beyond the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicOtherDonors {
    pub cash: i64,
    pub goods_value: i64,
}

crate::text_enum! {
    /// The column of the flow a node stands in.
    pub enum FlowNodeKind {
        Donor = "donor",
        Campaign = "campaign",
        Province = "province",
        Category = "category",
    }
}

/// A node of the flow. `id` is `{kind}:{uuid}`, or `{kind}:other` for a folded node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlowNode {
    pub id: String,
    pub kind: FlowNodeKind,
    /// The name in Vietnamese (a category's English name is in the report's `categories`).
    pub label: String,
    /// The donor, campaign, province or category; absent on an "other" node.
    pub ref_id: Option<Uuid>,
}

/// Money (cash and the value of goods) from one node to the next, in đồng.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlowLink {
    pub source: String,
    pub target: String,
    pub value_vnd: i64,
}

/// Where the aid went: donor → campaign → province → category.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Flow {
    pub nodes: Vec<FlowNode>,
    pub links: Vec<FlowLink>,
}

/// `GET /api/v1/public/aid/campaigns/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCampaignReport {
    pub campaign: PublicCampaign,
    /// Cash paid out of the campaign for any purpose (handed to beneficiaries or not), in đồng.
    pub disbursed_cash: i64,
    /// Items in the item list's order.
    pub items: Vec<PublicItem>,
    /// The categories the figures name, in the category list's order.
    pub categories: Vec<PublicCategory>,
    pub by_category: Vec<PublicCategoryFigures>,
    /// The largest first.
    pub by_province: Vec<PublicProvince>,
    /// A commune × category cell with fewer beneficiaries than this is folded into its
    /// province's "other communes" row.
    pub min_beneficiaries_shown: i64,
    /// The largest first (at most 50).
    pub donors: Vec<PublicDonor>,
    pub other_donors: PublicOtherDonors,
    pub flow: Flow,
}

/// One stored sum: what a campaign handed to one category of people in one commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DistributionCell {
    pub province_id: Uuid,
    pub commune_id: Uuid,
    pub category_id: Uuid,
    pub beneficiaries: i64,
    pub cash: i64,
    pub goods_value: i64,
}

/// One stored sum: a quantity of an item handed out in a province.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemCell {
    pub province_id: Uuid,
    pub item_id: Uuid,
    pub quantity: Quantity,
}

#[derive(Default, Clone, Copy)]
struct Sum {
    beneficiaries: i64,
    cash: i64,
    goods_value: i64,
}

impl Sum {
    fn add(&mut self, beneficiaries: i64, cash: i64, goods_value: i64) {
        self.beneficiaries += beneficiaries;
        self.cash += cash;
        self.goods_value += goods_value;
    }
}

/// Figures per category in `order` (categories not in it last, by id), empty ones left out.
fn in_order(sums: &HashMap<Uuid, Sum>, order: &[Uuid]) -> Vec<PublicCategoryFigures> {
    let mut rest: Vec<Uuid> = sums.keys().filter(|id| !order.contains(id)).copied().collect();
    rest.sort();
    order
        .iter()
        .chain(&rest)
        .filter_map(|id| {
            let sum = sums.get(id)?;
            (sum.beneficiaries != 0 || sum.cash != 0 || sum.goods_value != 0).then_some(PublicCategoryFigures {
                category_id: *id,
                beneficiaries: sum.beneficiaries,
                cash: sum.cash,
                goods_value: sum.goods_value,
            })
        })
        .collect()
}

/// The figures by province and, within each, by commune, applying the k-anonymity rule:
/// a commune × category cell with fewer than `k` beneficiaries is not shown as the
/// commune's but added to the province's "other communes" row (last, without a commune).
/// A commune left with no cell is not listed. Province totals count every cell.
/// `names` gives the names of provinces and communes; `categories` and `items` the order.
pub fn by_province(
    cells: &[DistributionCell],
    item_cells: &[ItemCell],
    names: &HashMap<Uuid, String>,
    categories: &[Uuid],
    items: &[Uuid],
    k: i64,
) -> Vec<PublicProvince> {
    #[derive(Default)]
    struct Province {
        total: Sum,
        by_category: HashMap<Uuid, Sum>,
        communes: BTreeMap<Uuid, HashMap<Uuid, Sum>>,
        other: HashMap<Uuid, Sum>,
        goods: HashMap<Uuid, i64>,
    }
    let mut provinces: BTreeMap<Uuid, Province> = BTreeMap::new();
    for cell in cells {
        let province = provinces.entry(cell.province_id).or_default();
        province.total.add(cell.beneficiaries, cell.cash, cell.goods_value);
        province.by_category.entry(cell.category_id).or_default().add(cell.beneficiaries, cell.cash, cell.goods_value);
        let target = if cell.beneficiaries < k {
            &mut province.other
        } else {
            province.communes.entry(cell.commune_id).or_default()
        };
        target.entry(cell.category_id).or_default().add(cell.beneficiaries, cell.cash, cell.goods_value);
    }
    for cell in item_cells {
        *provinces.entry(cell.province_id).or_default().goods.entry(cell.item_id).or_default() += cell.quantity.0;
    }
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    let row = |commune: Option<NamedRef>, sums: &HashMap<Uuid, Sum>| {
        let mut total = Sum::default();
        for sum in sums.values() {
            total.add(sum.beneficiaries, sum.cash, sum.goods_value);
        }
        PublicCommune {
            commune,
            beneficiaries: total.beneficiaries,
            cash: total.cash,
            goods_value: total.goods_value,
            by_category: in_order(sums, categories),
        }
    };
    let mut out: Vec<PublicProvince> = provinces
        .into_iter()
        .map(|(id, province)| {
            let mut communes: Vec<PublicCommune> = province
                .communes
                .iter()
                .map(|(commune, sums)| row(Some(NamedRef { id: *commune, name: name(commune) }), sums))
                .collect();
            communes.sort_by(|a, b| {
                (b.cash + b.goods_value, b.beneficiaries)
                    .cmp(&(a.cash + a.goods_value, a.beneficiaries))
                    .then_with(|| a.commune.as_ref().map(|c| &c.name).cmp(&b.commune.as_ref().map(|c| &c.name)))
            });
            if !province.other.is_empty() {
                communes.push(row(None, &province.other));
            }
            let mut goods: Vec<PublicItemQuantity> = items
                .iter()
                .filter_map(|item| {
                    let quantity = *province.goods.get(item)?;
                    (quantity != 0).then_some(PublicItemQuantity { item_id: *item, quantity: Quantity(quantity) })
                })
                .collect();
            let mut unlisted: Vec<(&Uuid, &i64)> =
                province.goods.iter().filter(|(item, quantity)| !items.contains(item) && **quantity != 0).collect();
            unlisted.sort();
            goods.extend(
                unlisted.into_iter().map(|(item, q)| PublicItemQuantity { item_id: *item, quantity: Quantity(*q) }),
            );
            PublicProvince {
                province: NamedRef { id, name: name(&id) },
                beneficiaries: province.total.beneficiaries,
                cash: province.total.cash,
                goods_value: province.total.goods_value,
                by_category: in_order(&province.by_category, categories),
                communes,
                goods,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (b.cash + b.goods_value, b.beneficiaries)
            .cmp(&(a.cash + a.goods_value, a.beneficiaries))
            .then_with(|| a.province.name.cmp(&b.province.name))
    });
    out
}

/// The totals per category over every province, in `categories`' order.
pub fn by_category(provinces: &[PublicProvince], categories: &[Uuid]) -> Vec<PublicCategoryFigures> {
    let mut sums: HashMap<Uuid, Sum> = HashMap::new();
    for figures in provinces.iter().flat_map(|province| &province.by_category) {
        sums.entry(figures.category_id).or_default().add(figures.beneficiaries, figures.cash, figures.goods_value);
    }
    in_order(&sums, categories)
}

/// The id of a flow node: `{kind}:{uuid}`, or `{kind}:other` for a folded node.
pub fn flow_node_id(kind: FlowNodeKind, id: Option<Uuid>) -> String {
    match id {
        Some(id) => format!("{}:{id}", kind.as_str()),
        None => format!("{}:other", kind.as_str()),
    }
}

/// Where the aid went, donor → campaign → province → category, in đồng (cash plus the
/// value of goods). The `max_donors` largest named donors and `max_provinces` largest
/// provinces are nodes of their own; the other donors (with `other`, those not named) and
/// the other provinces are one node each. Links of no value are left out; a category
/// appears once, fed by every province that gave to it.
pub fn flow(
    campaign: &NamedRef,
    donors: &[PublicDonor],
    other: &PublicOtherDonors,
    provinces: &[PublicProvince],
    categories: &[PublicCategory],
    max_donors: usize,
    max_provinces: usize,
) -> Flow {
    let mut out = Flow::default();
    let campaign_id = flow_node_id(FlowNodeKind::Campaign, Some(campaign.id));
    out.nodes.push(FlowNode {
        id: campaign_id.clone(),
        kind: FlowNodeKind::Campaign,
        label: campaign.name.clone(),
        ref_id: Some(campaign.id),
    });

    let mut donors: Vec<&PublicDonor> = donors.iter().collect();
    donors
        .sort_by(|a, b| (b.cash + b.goods_value).cmp(&(a.cash + a.goods_value)).then(a.donor.name.cmp(&b.donor.name)));
    let mut other_value = other.cash + other.goods_value;
    for (index, donor) in donors.iter().enumerate() {
        let value = donor.cash + donor.goods_value;
        if index >= max_donors {
            other_value += value;
            continue;
        }
        if value <= 0 {
            continue;
        }
        let id = flow_node_id(FlowNodeKind::Donor, Some(donor.donor.id));
        out.nodes.push(FlowNode {
            id: id.clone(),
            kind: FlowNodeKind::Donor,
            label: donor.donor.name.clone(),
            ref_id: Some(donor.donor.id),
        });
        out.links.push(FlowLink { source: id, target: campaign_id.clone(), value_vnd: value });
    }
    if other_value > 0 {
        let id = flow_node_id(FlowNodeKind::Donor, None);
        out.nodes.push(FlowNode {
            id: id.clone(),
            kind: FlowNodeKind::Donor,
            label: "Nhà hảo tâm khác".into(),
            ref_id: None,
        });
        out.links.push(FlowLink { source: id, target: campaign_id.clone(), value_vnd: other_value });
    }

    // Provinces, the largest first; the rest together.
    let mut ranked: Vec<&PublicProvince> = provinces.iter().filter(|p| p.cash + p.goods_value > 0).collect();
    ranked.sort_by(|a, b| {
        (b.cash + b.goods_value).cmp(&(a.cash + a.goods_value)).then(a.province.name.cmp(&b.province.name))
    });
    let mut to_category: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    let mut category_index: HashMap<Uuid, usize> = categories.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut extra_categories: Vec<Uuid> = Vec::new();
    let mut province_nodes: Vec<(String, i64)> = Vec::new();
    let mut other_provinces = 0i64;
    for (index, province) in ranked.iter().enumerate() {
        let slot = if index < max_provinces {
            province_nodes.push((
                flow_node_id(FlowNodeKind::Province, Some(province.province.id)),
                province.cash + province.goods_value,
            ));
            out.nodes.push(FlowNode {
                id: province_nodes[province_nodes.len() - 1].0.clone(),
                kind: FlowNodeKind::Province,
                label: province.province.name.clone(),
                ref_id: Some(province.province.id),
            });
            province_nodes.len() - 1
        } else {
            other_provinces += province.cash + province.goods_value;
            usize::MAX
        };
        for figures in &province.by_category {
            let value = figures.cash + figures.goods_value;
            if value <= 0 {
                continue;
            }
            let category = *category_index.entry(figures.category_id).or_insert_with(|| {
                extra_categories.push(figures.category_id);
                categories.len() + extra_categories.len() - 1
            });
            *to_category.entry((slot, category)).or_default() += value;
        }
    }
    if other_provinces > 0 {
        let id = flow_node_id(FlowNodeKind::Province, None);
        out.nodes.push(FlowNode {
            id: id.clone(),
            kind: FlowNodeKind::Province,
            label: "Tỉnh, thành khác".into(),
            ref_id: None,
        });
        province_nodes.push((id, other_provinces));
    }
    let province_node = |slot: usize| if slot == usize::MAX { province_nodes.len() - 1 } else { slot };
    for (id, value) in &province_nodes {
        out.links.push(FlowLink { source: campaign_id.clone(), target: id.clone(), value_vnd: *value });
    }

    // Categories in the list's order, each once.
    let mut used: Vec<usize> = to_category.keys().map(|(_, category)| *category).collect();
    used.sort_unstable();
    used.dedup();
    for category in &used {
        let (id, label) = match categories.get(*category) {
            Some(known) => (known.id, known.name_vi.clone()),
            None => (extra_categories[category - categories.len()], String::new()),
        };
        out.nodes.push(FlowNode {
            id: flow_node_id(FlowNodeKind::Category, Some(id)),
            kind: FlowNodeKind::Category,
            label,
            ref_id: Some(id),
        });
    }
    let mut links: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    for ((slot, category), value) in to_category {
        *links.entry((province_node(slot), category)).or_default() += value;
    }
    for ((province, category), value) in links {
        let target = match categories.get(category) {
            Some(known) => known.id,
            None => extra_categories[category - categories.len()],
        };
        out.links.push(FlowLink {
            source: province_nodes[province].0.clone(),
            target: flow_node_id(FlowNodeKind::Category, Some(target)),
            value_vnd: value,
        });
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn cell(province: u128, commune: u128, category: u128, beneficiaries: i64) -> DistributionCell {
        DistributionCell {
            province_id: id(province),
            commune_id: id(commune),
            category_id: id(category),
            beneficiaries,
            cash: beneficiaries * 500_000,
            goods_value: beneficiaries * 100_000,
        }
    }

    fn names() -> HashMap<Uuid, String> {
        [(1, "Tỉnh A"), (2, "Tỉnh B"), (11, "Xã A1"), (12, "Xã A2"), (21, "Xã B1")]
            .into_iter()
            .map(|(n, name)| (id(n), name.to_owned()))
            .collect()
    }

    #[test]
    fn a_cell_of_four_is_folded_into_its_province_and_a_cell_of_five_is_shown() {
        let cells = [cell(1, 11, 100, 5), cell(1, 12, 100, 4), cell(1, 12, 101, 7)];
        let provinces = by_province(&cells, &[], &names(), &[id(100), id(101)], &[], K_ANONYMITY);
        assert_eq!(provinces.len(), 1);
        let province = &provinces[0];
        assert_eq!((province.beneficiaries, province.cash), (16, 16 * 500_000), "the province counts every cell");
        let a1 = province.communes.iter().find(|c| c.commune.as_ref().is_some_and(|c| c.id == id(11))).unwrap();
        assert_eq!(
            a1.by_category,
            vec![PublicCategoryFigures {
                category_id: id(100),
                beneficiaries: 5,
                cash: 2_500_000,
                goods_value: 500_000
            }]
        );
        let a2 = province.communes.iter().find(|c| c.commune.as_ref().is_some_and(|c| c.id == id(12))).unwrap();
        assert_eq!(a2.by_category.len(), 1, "A2's cell of four is not shown as A2's");
        assert_eq!((a2.by_category[0].category_id, a2.beneficiaries), (id(101), 7));
        let other = province.communes.last().unwrap();
        assert!(other.commune.is_none(), "the other communes come last");
        assert_eq!(
            other.by_category,
            vec![PublicCategoryFigures {
                category_id: id(100),
                beneficiaries: 4,
                cash: 2_000_000,
                goods_value: 400_000
            }]
        );
        // No commune row shows a cell under the threshold.
        for commune in province.communes.iter().filter(|c| c.commune.is_some()) {
            assert!(commune.by_category.iter().all(|f| f.beneficiaries >= K_ANONYMITY));
        }
        // Commune rows add up to the province.
        let listed: i64 = province.communes.iter().map(|c| c.beneficiaries).sum();
        assert_eq!(listed, province.beneficiaries);
    }

    #[test]
    fn a_commune_with_only_small_cells_disappears_into_other_communes() {
        let cells = [cell(2, 21, 100, 2), cell(2, 21, 101, 3)];
        let provinces = by_province(&cells, &[], &names(), &[id(100), id(101)], &[], K_ANONYMITY);
        let province = &provinces[0];
        assert_eq!(province.communes.len(), 1);
        assert!(province.communes[0].commune.is_none());
        assert_eq!(province.communes[0].beneficiaries, 5);
        assert_eq!(province.by_category.iter().map(|f| f.beneficiaries).collect::<Vec<_>>(), vec![2, 3]);
    }

    #[test]
    fn provinces_are_ordered_by_value_and_categories_by_the_list() {
        let cells = [cell(1, 11, 101, 5), cell(2, 21, 100, 9), cell(2, 21, 101, 6)];
        let items = [ItemCell { province_id: id(2), item_id: id(500), quantity: Quantity(2500) }];
        let provinces = by_province(&cells, &items, &names(), &[id(101), id(100)], &[id(500)], K_ANONYMITY);
        assert_eq!(provinces.iter().map(|p| p.province.name.as_str()).collect::<Vec<_>>(), vec!["Tỉnh B", "Tỉnh A"]);
        assert_eq!(provinces[0].by_category.iter().map(|f| f.category_id).collect::<Vec<_>>(), vec![id(101), id(100)]);
        assert_eq!(provinces[0].goods, vec![PublicItemQuantity { item_id: id(500), quantity: Quantity(2500) }]);
        let totals = by_category(&provinces, &[id(100), id(101)]);
        assert_eq!(
            totals.iter().map(|f| (f.category_id, f.beneficiaries)).collect::<Vec<_>>(),
            vec![(id(100), 9), (id(101), 11)]
        );
    }

    fn donor(n: u128, cash: i64) -> PublicDonor {
        PublicDonor { donor: NamedRef { id: id(n), name: format!("Donor {n}") }, cash, goods_value: 0 }
    }

    fn category(n: u128) -> PublicCategory {
        PublicCategory {
            id: id(n), code: format!("c{n}"), name_vi: format!("Nhóm {n}"), name_en: format!("Group {n}")
        }
    }

    #[test]
    fn the_flow_keeps_the_largest_donors_and_folds_the_rest_into_other_donors() {
        let campaign = NamedRef { id: id(9), name: "Chiến dịch".into() };
        let donors: Vec<PublicDonor> = (1..=5).map(|n| donor(n, n as i64 * 1000)).collect();
        let other = PublicOtherDonors { cash: 700, goods_value: 300 };
        let cells = [cell(1, 11, 100, 5), cell(1, 12, 101, 2), cell(2, 21, 100, 6)];
        let provinces = by_province(&cells, &[], &names(), &[id(100), id(101)], &[], K_ANONYMITY);
        let categories = [category(100), category(101)];
        let flow = flow(&campaign, &donors, &other, &provinces, &categories, 3, 10);

        let donor_nodes: Vec<&FlowNode> = flow.nodes.iter().filter(|n| n.kind == FlowNodeKind::Donor).collect();
        assert_eq!(donor_nodes.len(), 4, "three named donors and the others");
        assert_eq!(donor_nodes[0].ref_id, Some(id(5)), "the largest first");
        let into_campaign = |source: &str| {
            flow.links
                .iter()
                .find(|l| l.source == source && l.target == "campaign:00000000-0000-0000-0000-000000000009")
                .unwrap()
                .value_vnd
        };
        // Donors 1 and 2 (1,000 + 2,000) join the unnamed 1,000.
        assert_eq!(into_campaign("donor:other"), 4000);
        let total_in: i64 = flow.links.iter().filter(|l| l.source.starts_with("donor:")).map(|l| l.value_vnd).sum();
        assert_eq!(total_in, 15_000 + 1000);

        // Every province's value leaves the campaign, and reaches its categories.
        for province in &provinces {
            let node = flow_node_id(FlowNodeKind::Province, Some(province.province.id));
            let inflow: i64 = flow.links.iter().filter(|l| l.target == node).map(|l| l.value_vnd).sum();
            let outflow: i64 = flow.links.iter().filter(|l| l.source == node).map(|l| l.value_vnd).sum();
            assert_eq!(inflow, province.cash + province.goods_value);
            assert_eq!(outflow, inflow);
        }
        let category_nodes: Vec<&FlowNode> = flow.nodes.iter().filter(|n| n.kind == FlowNodeKind::Category).collect();
        assert_eq!(category_nodes.iter().map(|n| n.label.as_str()).collect::<Vec<_>>(), vec!["Nhóm 100", "Nhóm 101"]);
        // Every link joins two nodes that exist, and no id repeats.
        let ids: Vec<&str> = flow.nodes.iter().map(|n| n.id.as_str()).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        assert!(flow
            .links
            .iter()
            .all(|l| ids.contains(&l.source.as_str()) && ids.contains(&l.target.as_str()) && l.value_vnd > 0));
    }

    #[test]
    fn provinces_beyond_the_limit_become_one_node_with_their_categories() {
        let campaign = NamedRef { id: id(9), name: "C".into() };
        let cells = [cell(1, 11, 100, 9), cell(2, 21, 100, 6), cell(3, 31, 101, 5)];
        let provinces = by_province(&cells, &[], &HashMap::new(), &[id(100), id(101)], &[], K_ANONYMITY);
        let flow = flow(
            &campaign,
            &[],
            &PublicOtherDonors { cash: 0, goods_value: 0 },
            &provinces,
            &[category(100), category(101)],
            8,
            1,
        );
        let province_ids: Vec<&str> =
            flow.nodes.iter().filter(|n| n.kind == FlowNodeKind::Province).map(|n| n.id.as_str()).collect();
        assert_eq!(province_ids, vec![flow_node_id(FlowNodeKind::Province, Some(id(1))).as_str(), "province:other"]);
        let from_other: Vec<(&str, i64)> = flow
            .links
            .iter()
            .filter(|l| l.source == "province:other")
            .map(|l| (l.target.as_str(), l.value_vnd))
            .collect();
        assert_eq!(from_other.len(), 2, "the folded provinces keep their two categories");
        assert_eq!(from_other.iter().map(|(_, v)| v).sum::<i64>(), 11 * 600_000);
        assert!(flow.nodes.iter().all(|n| n.kind != FlowNodeKind::Donor), "no gifts, no donor node");
    }

    #[test]
    fn distributed_goods_are_valued_at_the_average_received() {
        assert_eq!(PublicItem::value_of_distributed(Quantity(10_000), 250_000, Quantity(4_000)), 100_000);
        assert_eq!(PublicItem::value_of_distributed(Quantity(0), 0, Quantity(4_000)), 0);
        assert_eq!(PublicItem::value_of_distributed(Quantity(3_000), 100, Quantity(1_000)), 33);
    }

    #[test]
    fn the_summary_adds_up_its_campaigns() {
        let campaign = |n: i64| PublicCampaign {
            id: id(n as u128),
            name: format!("C{n}"),
            purpose: String::new(),
            status: CampaignStatus::Open,
            starts_on: "2021-08-01".into(),
            ends_on: None,
            received_cash: n * 10,
            received_goods_value: n,
            distributed_cash: n * 5,
            distributed_goods_value: n,
            beneficiaries: n,
        };
        let summary = PublicSummary::of(vec![campaign(1), campaign(2)]);
        assert_eq!((summary.received_cash, summary.distributed_cash, summary.beneficiaries), (30, 15, 3));
    }
}
