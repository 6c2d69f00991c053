//! Beneficiaries (aid, part two): the registry in [`registry`] (masked, filtered, paged,
//! exported), entering people and households with the duplicate prompt in [`form`], one
//! person (reveal with a reason, consent, merge, deliveries) in [`person`], and one
//! household in [`household`]; their pure logic in [`model`], their texts in [`i18n`].

pub mod form;
pub mod household;
pub mod i18n;
pub mod model;
pub mod person;
pub mod registry;
