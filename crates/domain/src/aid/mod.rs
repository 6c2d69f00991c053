//! Aid (Cứu trợ, plan section II.3), part one: what comes in and where it is kept.
//! Donors and the campaigns they give to, their pledges, donations in cash and in kind
//! with a receipt each, items and the locations that keep them, and two append-only
//! ledgers: stock per location × item and cash per campaign.

mod amounts;
mod beneficiaries;
mod campaigns;
mod distributions;
mod donations;
mod donors;
mod ledger;
pub mod matching;
mod pledges;
mod reports;
pub mod transparency;
mod vocabulary;

pub use amounts::*;
pub use beneficiaries::*;
pub use campaigns::*;
pub use distributions::*;
pub use donations::*;
pub use donors::*;
pub use ledger::*;
pub use pledges::*;
pub use reports::*;
pub use vocabulary::*;
