//! Aid (Cứu trợ, plan section II.3), part one: donors in [`donors`] (the list, the form,
//! a donor's page with their statement), campaigns in [`campaigns`] (the list, the form, a
//! campaign's page with its report and cash ledger), the desk where donations are entered
//! with the keyboard in [`desk`], one donation in [`donation`], and the stock of each
//! location in [`stock`]; what these pages share in [`widgets`], their pure logic in
//! [`model`].

pub mod beneficiaries;
pub mod campaigns;
pub mod desk;
pub mod distributions;
pub mod donation;
pub mod donors;
pub mod i18n;
pub mod model;
pub mod stock;
pub mod widgets;
