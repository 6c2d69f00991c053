//! Aid, part one: donors, campaigns, pledges, donations with receipts, items and
//! locations, and the two append-only ledgers (stock per location × item, cash per
//! campaign). Aid records are read by every role (personal data of donors only by those
//! who handle donors); writes check the caller's reach over the location they touch.
//! Every write is audited in its transaction.

mod beneficiaries;
mod campaigns;
mod categories;
mod dedup;
mod deliveries;
mod distributions;
mod donations;
mod donors;
mod households;
mod ledger;
mod pledges;
mod reports;
mod rows;
mod stock;
mod synthetic;
mod totals;
mod transparency;
mod vocabulary;

pub use beneficiaries::{
    create_beneficiary, explain_beneficiaries, export_beneficiaries, get_beneficiary, list_beneficiaries,
    merge_beneficiaries, record_consent, reveal_beneficiary, update_beneficiary, BeneficiaryFilter,
};
pub use campaigns::{create_campaign, get_campaign, list_campaigns, update_campaign, CampaignFilter};
pub use categories::{
    create_support_category, default_category_id, ensure_support_categories, list_support_categories,
    update_support_category,
};
pub use deliveries::{deliver, mark_not_delivered};
pub use distributions::{
    create_round, exclude_line, explain_lines, explain_rounds, get_line, get_round, list_lines, list_rounds,
    move_round, preview_round, LineFilter, RoundFilter,
};
pub use donations::{
    create_donation, explain_donations, export_donations, get_donation, list_donations, receipt_data, reverse_donation,
    DonationFilter, ReceiptFacts,
};
pub use donors::{
    create_donor, export_donors, get_donor, list_donors, reveal_donor_contact, update_donor, DonorFilter,
};
pub use households::{create_household, get_household, list_households, update_household, HouseholdFilter};
pub use ledger::{balance_sum_matches, create_disbursement, list_cash, reverse_cash_entry};
pub use pledges::{create_pledge, get_pledge, list_pledges, update_pledge, PledgeFilter};
pub use reports::{campaign_report, donor_statement};
pub use stock::{
    approve_adjustment, create_adjustment, create_transfer, explain_movements, export_balances, list_adjustments,
    list_balances, list_movements, list_transfers, reject_adjustment, reverse_transfer, AdjustmentFilter,
    BalanceFilter,
};
pub use synthetic::{load_synthetic, SyntheticAid, SyntheticAidLoaded, SYNTHETIC_OPEN_CAMPAIGN};
pub use transparency::{public_campaign_report, public_summary};
pub use vocabulary::{
    create_item, create_location, ensure_items, get_location, list_items, list_locations, update_item, update_location,
    LocationFilter,
};

use crate::StoreError;

/// Reads a stored enum text, or reports the row as corrupt.
fn parse<T>(text: &str, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
    parse(text).ok_or_else(|| StoreError::Corrupt(format!("unknown value {text:?}")))
}

/// A `LIKE` pattern matching `words` anywhere, with `\` escaping.
fn contains(words: &str) -> String {
    format!("%{}%", words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// `id → name` of the rows of `$table` whose ids are in `$ids`, as a `HashMap` (`?` inside).
macro_rules! names {
    ($conn:expr, $table:ident, $name:ident, $ids:expr) => {{
        use crate::schema::$table;
        crate::lookup($table::table.filter($table::id.eq_any($ids)).select(($table::id, $table::$name)).load($conn)?)
    }};
}
use names;
