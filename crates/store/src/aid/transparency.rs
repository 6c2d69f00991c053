//! The public figures of aid (no login): read only from the sums kept with every posting
//! and delivery (`campaign_totals`, `campaign_item_totals`, `campaign_donor_totals`,
//! `distribution_totals`, `distribution_item_totals`) and from the names of campaigns,
//! items, categories, areas and of the donors who agreed to be named. Never a
//! beneficiary's row. Only `open` and `closed` campaigns are public; a planned one is
//! not found. A list is three queries and a report about ten, whatever the ledgers hold.

use super::{names, vocabulary};
use crate::limit::LimitInText;
use crate::{
    parse_id,
    schema::{
        campaign_donor_totals, campaign_item_totals, campaign_totals, campaigns, distribution_item_totals,
        distribution_totals, donors, support_categories,
    },
    DbConnection, OptionalRow, StoreError,
};
use chrono::NaiveDate;
use danvan_domain::{
    aid::{
        transparency::{
            self as public, DistributionCell, ItemCell, PublicCampaign, PublicCampaignReport, PublicCategory,
            PublicDonor, PublicItem, PublicOtherDonors, PublicSummary,
        },
        CampaignStatus, Quantity,
    },
    named::NamedRef,
};
use diesel::{dsl::sql, prelude::*, sql_types::BigInt};
use std::collections::HashMap;
use uuid::Uuid;

/// The statuses the public sees.
const PUBLIC_STATUSES: [&str; 2] = ["open", "closed"];

type CampaignHead = (String, String, String, String, NaiveDate, Option<NaiveDate>);

fn campaign_of(
    head: CampaignHead,
    totals: &HashMap<String, (i64, i64)>,
    handed: &HashMap<String, [i64; 3]>,
) -> Result<PublicCampaign, StoreError> {
    let (id, name, purpose, status, starts_on, ends_on) = head;
    let (received_cash, received_goods_value) = totals.get(&id).copied().unwrap_or_default();
    let [beneficiaries, distributed_cash, distributed_goods_value] = handed.get(&id).copied().unwrap_or_default();
    Ok(PublicCampaign {
        id: parse_id(&id)?,
        name,
        purpose,
        status: super::parse(&status, CampaignStatus::parse)?,
        starts_on: starts_on.format("%Y-%m-%d").to_string(),
        ends_on: ends_on.map(|day| day.format("%Y-%m-%d").to_string()),
        received_cash,
        received_goods_value,
        distributed_cash,
        distributed_goods_value,
        beneficiaries,
    })
}

fn heads() -> campaigns::BoxedQuery<'static, crate::db::MultiBackend> {
    campaigns::table.filter(campaigns::status.eq_any(PUBLIC_STATUSES)).into_boxed()
}

/// `campaign id → (received cash, received goods value)`.
fn received(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, (i64, i64)>, StoreError> {
    let rows: Vec<(String, i64, i64)> = campaign_totals::table
        .filter(campaign_totals::campaign_id.eq_any(ids))
        .select((campaign_totals::campaign_id, campaign_totals::received_cash, campaign_totals::received_goods_value))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, cash, goods)| (id, (cash, goods))).collect())
}

/// `campaign id → [beneficiaries, cash, goods value]` handed out, summed in the database.
fn handed_out(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, [i64; 3]>, StoreError> {
    // SUM of a BIGINT is NUMERIC on PostgreSQL: cast back so both backends read an i64.
    let rows: Vec<(String, i64, i64, i64)> = distribution_totals::table
        .filter(distribution_totals::campaign_id.eq_any(ids))
        .group_by(distribution_totals::campaign_id)
        .select((
            distribution_totals::campaign_id,
            sql::<BigInt>("CAST(SUM(beneficiaries) AS BIGINT)"),
            sql::<BigInt>("CAST(SUM(cash) AS BIGINT)"),
            sql::<BigInt>("CAST(SUM(goods_value) AS BIGINT)"),
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, people, cash, goods)| (id, [people, cash, goods])).collect())
}

/// The open and closed campaigns, the latest to start first, with their totals.
pub fn public_summary(conn: &mut DbConnection) -> Result<PublicSummary, StoreError> {
    let heads: Vec<CampaignHead> = heads()
        .order((campaigns::starts_on.desc(), campaigns::id.desc()))
        .select((
            campaigns::id,
            campaigns::name,
            campaigns::purpose,
            campaigns::status,
            campaigns::starts_on,
            campaigns::ends_on,
        ))
        .limit_in_text(public::PUBLIC_CAMPAIGNS)
        .load(conn)?;
    let ids: Vec<String> = heads.iter().map(|head| head.0.clone()).collect();
    let totals = received(conn, &ids)?;
    let handed = handed_out(conn, &ids)?;
    let campaigns = heads.into_iter().map(|head| campaign_of(head, &totals, &handed)).collect::<Result<_, _>>()?;
    Ok(PublicSummary::of(campaigns))
}

/// One public campaign's figures; `NotFound` for a planned or unknown one.
pub fn public_campaign_report(conn: &mut DbConnection, id: Uuid) -> Result<PublicCampaignReport, StoreError> {
    let key = id.to_string();
    let head: CampaignHead = heads()
        .filter(campaigns::id.eq(&key))
        .select((
            campaigns::id,
            campaigns::name,
            campaigns::purpose,
            campaigns::status,
            campaigns::starts_on,
            campaigns::ends_on,
        ))
        .first_row(conn)
        .found()?;
    let keys = [key.clone()];
    let disbursed_cash: i64 = campaign_totals::table
        .find(&key)
        .select(campaign_totals::disbursed_cash)
        .first_row(conn)
        .optional()?
        .unwrap_or_default();
    let totals = received(conn, &keys)?;

    // What was handed out, per commune × category and per province × category × item.
    let cells: Vec<(String, String, String, i64, i64, i64)> = distribution_totals::table
        .filter(distribution_totals::campaign_id.eq(&key))
        .select((
            distribution_totals::province_id,
            distribution_totals::area_id,
            distribution_totals::category_id,
            distribution_totals::beneficiaries,
            distribution_totals::cash,
            distribution_totals::goods_value,
        ))
        .load(conn)?;
    let item_cells: Vec<(String, String, i64)> = distribution_item_totals::table
        .filter(distribution_item_totals::campaign_id.eq(&key))
        .select((
            distribution_item_totals::province_id,
            distribution_item_totals::item_id,
            distribution_item_totals::quantity_milli,
        ))
        .load(conn)?;
    let mut handed = [0i64; 3];
    for (_, _, _, people, cash, goods) in &cells {
        handed[0] += people;
        handed[1] += cash;
        handed[2] += goods;
    }
    let campaign = campaign_of(head, &totals, &HashMap::from([(key.clone(), handed)]))?;

    // Items received and handed out, in the item list's order.
    let sums: Vec<(String, i64, i64, i64)> = campaign_item_totals::table
        .filter(campaign_item_totals::campaign_id.eq(&key))
        .select((
            campaign_item_totals::item_id,
            campaign_item_totals::received_milli,
            campaign_item_totals::received_value,
            campaign_item_totals::distributed_milli,
        ))
        .load(conn)?;
    let mut item_ids: Vec<String> = sums.iter().map(|row| row.0.clone()).collect();
    item_ids.extend(item_cells.iter().map(|row| row.1.clone()));
    let item_rows = vocabulary::items_by_id(conn, &item_ids)?;
    let mut items: Vec<(i64, PublicItem)> = sums
        .into_iter()
        .filter(|(_, received, _, distributed)| *received != 0 || *distributed != 0)
        .map(|(item, received, received_value, distributed)| {
            let row = item_rows.get(&item).ok_or_else(|| StoreError::Corrupt(format!("unknown item {item}")))?;
            let (received, distributed) = (Quantity(received), Quantity(distributed));
            Ok((
                row.position,
                PublicItem {
                    id: parse_id(&item)?,
                    name_vi: row.name_vi.clone(),
                    name_en: row.name_en.clone(),
                    unit: row.unit()?,
                    received,
                    received_value,
                    distributed,
                    distributed_value: PublicItem::value_of_distributed(received, received_value, distributed),
                },
            ))
        })
        .collect::<Result<_, StoreError>>()?;
    items.sort_by(|a, b| (a.0, &a.1.name_vi).cmp(&(b.0, &b.1.name_vi)));
    let items: Vec<PublicItem> = items.into_iter().map(|(_, item)| item).collect();
    let mut item_order: Vec<Uuid> = items.iter().map(|item| item.id).collect();
    let mut other_items: Vec<(i64, Uuid)> = item_cells
        .iter()
        .filter_map(|(_, item, _)| Some((item_rows.get(item)?.position, parse_id(item).ok()?)))
        .filter(|(_, id)| !item_order.contains(id))
        .collect();
    other_items.sort();
    other_items.dedup();
    item_order.extend(other_items.into_iter().map(|(_, id)| id));

    // The categories named, in the list's order.
    let mut category_ids: Vec<String> = cells.iter().map(|row| row.2.clone()).collect();
    category_ids.sort();
    category_ids.dedup();
    let categories: Vec<(String, String, String, String)> = support_categories::table
        .filter(support_categories::id.eq_any(&category_ids))
        .order((support_categories::position, support_categories::code))
        .select((
            support_categories::id,
            support_categories::code,
            support_categories::name_vi,
            support_categories::name_en,
        ))
        .load(conn)?;
    let categories: Vec<PublicCategory> = categories
        .into_iter()
        .map(|(id, code, name_vi, name_en)| Ok(PublicCategory { id: parse_id(&id)?, code, name_vi, name_en }))
        .collect::<Result<_, StoreError>>()?;
    let category_order: Vec<Uuid> = categories.iter().map(|category| category.id).collect();

    // Provinces and communes by name.
    let mut area_ids: Vec<String> = cells.iter().flat_map(|row| [row.0.clone(), row.1.clone()]).collect();
    area_ids.extend(item_cells.iter().map(|row| row.0.clone()));
    area_ids.sort();
    area_ids.dedup();
    let area_names: HashMap<String, String> = names!(conn, areas, name, &area_ids);
    let area_names: HashMap<Uuid, String> =
        area_names.into_iter().filter_map(|(id, name)| Some((Uuid::parse_str(&id).ok()?, name))).collect();
    let cells: Vec<DistributionCell> = cells
        .into_iter()
        .map(|(province, commune, category, beneficiaries, cash, goods_value)| {
            Ok(DistributionCell {
                province_id: parse_id(&province)?,
                commune_id: parse_id(&commune)?,
                category_id: parse_id(&category)?,
                beneficiaries,
                cash,
                goods_value,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let item_cells: Vec<ItemCell> = item_cells
        .into_iter()
        .map(|(province, item, quantity)| {
            Ok(ItemCell { province_id: parse_id(&province)?, item_id: parse_id(&item)?, quantity: Quantity(quantity) })
        })
        .collect::<Result<_, StoreError>>()?;
    let by_province =
        public::by_province(&cells, &item_cells, &area_names, &category_order, &item_order, public::K_ANONYMITY);
    let by_category = public::by_category(&by_province, &category_order);

    // The largest donors who agreed to be named; everyone else together.
    let named_donors =
        donors::table.filter(donors::public_consent.eq(true)).filter(donors::kind.ne("anonymous")).select(donors::id);
    let largest: Vec<(String, i64, i64)> = campaign_donor_totals::table
        .filter(campaign_donor_totals::campaign_id.eq(&key))
        .filter(campaign_donor_totals::donations.gt(0))
        .filter(campaign_donor_totals::donor_key.eq_any(named_donors))
        .order((campaign_donor_totals::total_value.desc(), campaign_donor_totals::donor_key))
        .select((campaign_donor_totals::donor_key, campaign_donor_totals::cash, campaign_donor_totals::goods_value))
        .limit_in_text(public::PUBLIC_DONORS)
        .load(conn)?;
    let donor_ids: Vec<String> = largest.iter().map(|row| row.0.clone()).collect();
    let donor_names: HashMap<String, String> = names!(conn, donors, name, &donor_ids);
    let donors: Vec<PublicDonor> = largest
        .into_iter()
        .map(|(donor, cash, goods_value)| {
            Ok(PublicDonor { donor: crate::named(&donor, &donor_names)?, cash, goods_value })
        })
        .collect::<Result<_, StoreError>>()?;
    let other_donors = PublicOtherDonors {
        cash: (campaign.received_cash - donors.iter().map(|d| d.cash).sum::<i64>()).max(0),
        goods_value: (campaign.received_goods_value - donors.iter().map(|d| d.goods_value).sum::<i64>()).max(0),
    };
    let flow = public::flow(
        &NamedRef { id, name: campaign.name.clone() },
        &donors,
        &other_donors,
        &by_province,
        &categories,
        public::FLOW_DONORS,
        public::FLOW_PROVINCES,
    );
    Ok(PublicCampaignReport {
        campaign,
        disbursed_cash,
        items,
        categories,
        by_category,
        by_province,
        min_beneficiaries_shown: public::K_ANONYMITY,
        donors,
        other_donors,
        flow,
    })
}
