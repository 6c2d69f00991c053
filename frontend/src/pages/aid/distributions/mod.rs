//! Distribution rounds (aid, part two): the round list and a round's page in [`list`], the
//! round builder with its eligibility preview in [`builder`], the delivery checklist for a
//! phone in [`checklist`]; their pure logic in [`model`], their texts in [`i18n`].

pub mod builder;
pub mod checklist;
pub mod i18n;
pub mod list;
pub mod model;
