//! A campaign's report and a donor's statement, read from the sums kept with every
//! posting: a few rows per campaign, whatever the length of the ledgers.

use super::rows::ItemRow;
use super::{campaigns, donors, names, vocabulary};
use crate::limit::LimitInText;
use crate::{
    parse_id,
    schema::{
        campaign_donor_totals, campaign_item_totals, campaign_location_totals, campaign_month_totals, campaign_targets,
        campaign_totals,
    },
    DbConnection, StoreError,
};
use danvan_domain::{
    aid::{
        CampaignGiven, CampaignGoods, CampaignReport, DonorStatement, DonorTotal, ItemUnit, LocationTotal, MonthTotal,
        Quantity,
    },
    named::NamedRef,
};
use diesel::prelude::*;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Donors a report lists, the largest first.
const REPORT_DONORS: usize = 50;

fn item_of(items: &HashMap<String, ItemRow>, id: &str) -> Result<(NamedRef, ItemUnit), StoreError> {
    let item = items.get(id).ok_or_else(|| StoreError::Corrupt(format!("unknown item {id}")))?;
    Ok((NamedRef { id: parse_id(id)?, name: item.name_vi.clone() }, item.unit()?))
}

pub fn campaign_report(conn: &mut DbConnection, id: Uuid) -> Result<CampaignReport, StoreError> {
    let campaign = campaigns::find_campaign(conn, id)?;
    let key = campaign.id.clone();
    let (pledged_cash, received_cash, disbursed_cash, received_goods_value, donations): (i64, i64, i64, i64, i64) =
        campaign_totals::table
            .find(&key)
            .select((
                campaign_totals::pledged_cash,
                campaign_totals::received_cash,
                campaign_totals::disbursed_cash,
                campaign_totals::received_goods_value,
                campaign_totals::donations,
            ))
            .first_row(conn)?;
    let targets: Vec<(String, i64)> = campaign_targets::table
        .filter(campaign_targets::campaign_id.eq(&key))
        .select((campaign_targets::item_id, campaign_targets::quantity_milli))
        .load(conn)?;
    let sums: Vec<(String, i64, i64, i64, i64)> = campaign_item_totals::table
        .filter(campaign_item_totals::campaign_id.eq(&key))
        .select((
            campaign_item_totals::item_id,
            campaign_item_totals::pledged_milli,
            campaign_item_totals::received_milli,
            campaign_item_totals::received_value,
            campaign_item_totals::distributed_milli,
        ))
        .load(conn)?;
    let by_location: Vec<(String, String, i64, i64)> = campaign_location_totals::table
        .filter(campaign_location_totals::campaign_id.eq(&key))
        .filter(campaign_location_totals::quantity_milli.ne(0))
        .select((
            campaign_location_totals::location_id,
            campaign_location_totals::item_id,
            campaign_location_totals::quantity_milli,
            campaign_location_totals::value,
        ))
        .load(conn)?;
    let mut item_ids: Vec<String> = targets.iter().map(|(item, _)| item.clone()).collect();
    item_ids.extend(sums.iter().map(|row| row.0.clone()));
    item_ids.extend(by_location.iter().map(|row| row.1.clone()));
    let items = vocabulary::items_by_id(conn, &item_ids)?;
    // Items in the list's order: targets and what came, together.
    let mut goods: BTreeMap<(i64, String), CampaignGoods> = BTreeMap::new();
    let mut entry = |item_id: &str| -> Result<(i64, String), StoreError> {
        let position = items.get(item_id).map_or(i64::MAX, |item| item.position);
        let key = (position, item_id.to_owned());
        if !goods.contains_key(&key) {
            let (item, unit) = item_of(&items, item_id)?;
            goods.insert(
                key.clone(),
                CampaignGoods {
                    item,
                    unit,
                    target: Quantity::ZERO,
                    pledged: Quantity::ZERO,
                    received: Quantity::ZERO,
                    received_value: 0,
                    distributed: Quantity::ZERO,
                },
            );
        }
        Ok(key)
    };
    let mut keyed = Vec::new();
    for (item, quantity) in &targets {
        keyed.push((entry(item)?, Some(*quantity), None));
    }
    for row in &sums {
        keyed.push((entry(&row.0)?, None, Some(row.clone())));
    }
    for (key, target, sum) in keyed {
        if let Some(line) = goods.get_mut(&key) {
            if let Some(target) = target {
                line.target = Quantity(target);
            }
            if let Some((_, pledged, received, value, distributed)) = sum {
                line.pledged = Quantity(pledged);
                line.received = Quantity(received);
                line.received_value = value;
                line.distributed = Quantity(distributed);
            }
        }
    }
    let largest: Vec<(String, i64, i64, i64)> = campaign_donor_totals::table
        .filter(campaign_donor_totals::campaign_id.eq(&key))
        .filter(campaign_donor_totals::donations.gt(0))
        .order((campaign_donor_totals::total_value.desc(), campaign_donor_totals::donor_key))
        .select((
            campaign_donor_totals::donor_key,
            campaign_donor_totals::donations,
            campaign_donor_totals::cash,
            campaign_donor_totals::goods_value,
        ))
        .limit_in_text(REPORT_DONORS)
        .load(conn)?;
    let donor_ids: Vec<String> = largest.iter().map(|row| row.0.clone()).collect();
    let donor_names: HashMap<String, String> = names!(conn, donors, name, &donor_ids);
    let location_ids: Vec<String> = by_location.iter().map(|row| row.0.clone()).collect();
    let location_names: HashMap<String, String> = names!(conn, aid_locations, name, &location_ids);
    let months: Vec<(String, i64, i64, i64)> = campaign_month_totals::table
        .filter(campaign_month_totals::campaign_id.eq(&key))
        .order(campaign_month_totals::month)
        .select((
            campaign_month_totals::month,
            campaign_month_totals::donations,
            campaign_month_totals::cash,
            campaign_month_totals::goods_value,
        ))
        .load(conn)?;
    Ok(CampaignReport {
        campaign: NamedRef { id, name: campaign.name },
        target_cash: campaign.target_cash,
        pledged_cash,
        received_cash,
        disbursed_cash,
        cash_balance: received_cash - disbursed_cash,
        received_goods_value,
        donations,
        goods: goods.into_values().collect(),
        by_donor: largest
            .into_iter()
            .map(|(donor, donations, cash, goods_value)| {
                Ok(DonorTotal {
                    donor: (!donor.is_empty()).then(|| crate::named(&donor, &donor_names)).transpose()?,
                    donations,
                    cash,
                    goods_value,
                })
            })
            .collect::<Result<_, StoreError>>()?,
        by_location: by_location
            .into_iter()
            .map(|(location, item, quantity, value)| {
                let (item, unit) = item_of(&items, &item)?;
                Ok(LocationTotal {
                    location: crate::named(&location, &location_names)?,
                    item,
                    unit,
                    quantity: Quantity(quantity),
                    value,
                })
            })
            .collect::<Result<_, StoreError>>()?,
        by_month: months
            .into_iter()
            .map(|(month, donations, cash, goods_value)| MonthTotal { month, donations, cash, goods_value })
            .collect(),
    })
}

pub fn donor_statement(conn: &mut DbConnection, id: Uuid) -> Result<DonorStatement, StoreError> {
    let donor = donors::find_donor(conn, id)?;
    let rows: Vec<(String, i64, i64, i64)> = campaign_donor_totals::table
        .filter(campaign_donor_totals::donor_key.eq(&donor.id))
        .filter(campaign_donor_totals::donations.gt(0))
        .select((
            campaign_donor_totals::campaign_id,
            campaign_donor_totals::donations,
            campaign_donor_totals::cash,
            campaign_donor_totals::goods_value,
        ))
        .load(conn)?;
    let campaign_ids: Vec<String> = rows.iter().map(|row| row.0.clone()).collect();
    let campaign_names: HashMap<String, String> = names!(conn, campaigns, name, &campaign_ids);
    let by_campaign = rows
        .into_iter()
        .map(|(campaign, donations, cash, goods_value)| {
            Ok(CampaignGiven { campaign: crate::named(&campaign, &campaign_names)?, donations, cash, goods_value })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(DonorStatement {
        donor: NamedRef { id, name: donor.name },
        donations: by_campaign.iter().map(|given| given.donations).sum(),
        cash: by_campaign.iter().map(|given| given.cash).sum(),
        goods_value: by_campaign.iter().map(|given| given.goods_value).sum(),
        by_campaign,
    })
}
