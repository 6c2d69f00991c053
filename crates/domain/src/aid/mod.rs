//! Aid (Cứu trợ, plan section II.3), part one: what comes in and where it is kept.
//! Donors and the campaigns they give to, their pledges, donations in cash and in kind
//! with a receipt each, items and the locations that keep them, and two append-only
//! ledgers: stock per location × item and cash per campaign.

mod amounts;
mod campaigns;
mod donations;
mod donors;
mod ledger;
mod pledges;
mod reports;
mod vocabulary;

pub use amounts::*;
pub use campaigns::*;
pub use donations::*;
pub use donors::*;
pub use ledger::*;
pub use pledges::*;
pub use reports::*;
pub use vocabulary::*;
