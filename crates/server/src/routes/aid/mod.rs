//! Aid, part one: items and locations, donors, campaigns with their report and cash
//! ledger, pledges, donations with their receipts, and stock. One file per endpoint
//! group; fixed paths (`/export`) are mounted before `/{id}`.

mod beneficiaries;
mod campaigns;
mod categories;
mod distributions;
mod donations;
mod donors;
mod households;
mod pledges;
mod receipt;
mod stock;
mod transparency;
mod vocabulary;

use utoipa_actix_web::service_config::ServiceConfig;

pub(crate) use super::community_teams::viewer;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(transparency::public_aid_campaigns)
        .service(transparency::public_aid_campaign)
        .service(vocabulary::list_aid_items)
        .service(vocabulary::create_aid_item)
        .service(vocabulary::update_aid_item)
        .service(vocabulary::list_aid_locations)
        .service(vocabulary::create_aid_location)
        .service(vocabulary::get_aid_location)
        .service(vocabulary::update_aid_location)
        .service(donors::list_donors)
        .service(donors::export_donors)
        .service(donors::create_donor)
        .service(donors::get_donor)
        .service(donors::update_donor)
        .service(donors::reveal_donor_contact)
        .service(donors::donor_statement)
        .service(campaigns::list_campaigns)
        .service(campaigns::create_campaign)
        .service(campaigns::get_campaign)
        .service(campaigns::update_campaign)
        .service(campaigns::campaign_report)
        .service(campaigns::export_campaign_report)
        .service(campaigns::list_campaign_cash)
        .service(campaigns::create_disbursement)
        .service(campaigns::reverse_cash_entry)
        .service(pledges::list_pledges)
        .service(pledges::create_pledge)
        .service(pledges::get_pledge)
        .service(pledges::update_pledge)
        .service(donations::list_donations)
        .service(donations::export_donations)
        .service(donations::create_donation)
        .service(donations::get_donation)
        .service(donations::reverse_donation)
        .service(receipt::donation_receipt)
        .service(stock::list_stock_balances)
        .service(stock::export_stock_balances)
        .service(stock::list_stock_movements)
        .service(stock::list_stock_transfers)
        .service(stock::create_stock_transfer)
        .service(stock::reverse_stock_transfer)
        .service(stock::list_stock_adjustments)
        .service(stock::create_stock_adjustment)
        .service(stock::approve_stock_adjustment)
        .service(stock::reject_stock_adjustment)
        .service(categories::list_support_categories)
        .service(categories::create_support_category)
        .service(categories::update_support_category)
        .service(households::list_households)
        .service(households::create_household)
        .service(households::get_household)
        .service(households::update_household)
        .service(beneficiaries::list_beneficiaries)
        .service(beneficiaries::export_beneficiaries)
        .service(beneficiaries::create_beneficiary)
        .service(beneficiaries::get_beneficiary)
        .service(beneficiaries::update_beneficiary)
        .service(beneficiaries::reveal_beneficiary)
        .service(beneficiaries::record_beneficiary_consent)
        .service(beneficiaries::merge_beneficiaries)
        .service(distributions::list_distribution_rounds)
        .service(distributions::preview_distribution_round)
        .service(distributions::create_distribution_round)
        .service(distributions::get_distribution_round)
        .service(distributions::list_distribution_lines)
        .service(distributions::approve_distribution_round)
        .service(distributions::start_distribution_round)
        .service(distributions::complete_distribution_round)
        .service(distributions::cancel_distribution_round)
        .service(distributions::exclude_distribution_line)
        .service(distributions::deliver_distribution_line)
        .service(distributions::not_delivered_distribution_line)
        .service(distributions::get_distribution_line);
}

/// A `q` of a list, at most 200 characters.
fn words(q: &Option<String>) -> Result<Option<String>, crate::error::ApiError> {
    if q.as_ref().is_some_and(|q| q.chars().count() > 200) {
        return Err(crate::error::ApiError::invalid("q", "too_long", "must have at most 200 characters"));
    }
    Ok(q.clone())
}
