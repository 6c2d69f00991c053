//! Reports: "My reports" (what I owe now, my reports, an urgent report) in [`mine`]; one
//! report's form, autosaved, with its review in [`submission`]; the standing unit's review
//! queue and a period's obligations, and the timeliness table in [`review`]; the
//! consolidated reports, their editor, revisions and downloads in [`consolidated`]; the
//! pure logic in [`model`], the texts in [`i18n`].

pub mod consolidated;
pub mod i18n;
pub mod mine;
pub mod model;
pub mod review;
pub mod submission;
