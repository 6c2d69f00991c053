//! Working groups: the list of groups, one group's roster, and its assignment matrix (who
//! covers which area and target group). Pure logic lives in [`model`], tested natively; the
//! pages are thin components over it and the catalogue is [`i18n`].

pub mod assignments;
pub mod i18n;
pub mod list;
pub mod model;
pub mod roster;
